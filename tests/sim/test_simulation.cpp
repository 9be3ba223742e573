// The simulation core on the fixture town: determinism, truth content, faults in the ground truth.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shikan/sim/simulation.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::sim;
using nlohmann::json;

namespace {

struct Run {
  std::vector<std::string> truth;
  std::string nmea;
};

Run run(std::uint64_t seed, std::int64_t seconds, std::vector<Fault> faults = {}, int period_ms = 1000) {
  const CityBundle city = load_city(test::fixtures() / "sim" / "town");
  SimOptions o;
  o.seed = seed;
  o.duration_ms = seconds * 1000;
  o.faults = std::move(faults);
  o.nmea_period_ms = period_ms;
  Simulation sim(city, o);
  Run r;
  r.truth.push_back(sim.meta_line());
  for (std::int64_t t = 0; t <= sim.end_ms(); t += period_ms) {
    Tick k = sim.tick(t);
    for (auto& l : k.truth) r.truth.push_back(std::move(l));
    r.nmea += k.nmea;
  }
  return r;
}

}  // namespace

TEST_CASE("simulation: same seed gives identical truth and NMEA, another seed differs", "[sim][determinism]") {
  const Run a = run(42, 120), b = run(42, 120), c = run(43, 120);
  CHECK(a.truth == b.truth);
  CHECK(a.nmea == b.nmea);
  CHECK(a.truth != c.truth);
  CHECK(a.nmea != c.nmea);
  // A shorter run is a prefix of a longer one (routes and fields do not depend on the duration).
  const Run shorter = run(42, 60);
  REQUIRE(shorter.truth.size() > 2);
  for (std::size_t i = 1; i < shorter.truth.size(); ++i) CHECK(shorter.truth[i] == a.truth[i]);
}

TEST_CASE("simulation: truth lines per second with serving cells per operator", "[sim][truth]") {
  const Run r = run(7, 30);
  const json meta = json::parse(r.truth[0]);
  CHECK(meta["kind"] == "meta");
  CHECK(meta["sites"] == 6);
  CHECK(meta["cells"] == 36);  // 6 site rows x 3 sectors x (NR + LTE anchor)
  CHECK(meta["operators"][1]["mode"] == "NSA");
  REQUIRE(r.truth.size() == 1 + 31);
  for (std::size_t i = 1; i < r.truth.size(); ++i) {
    const json j = json::parse(r.truth[i]);
    CHECK(j["kind"] == "state");
    CHECK(j["t_s"] == static_cast<int>(i - 1));
    CHECK(j["utc"] == to_iso8601(UtcTime{parse_iso8601("2026-01-05T02:00:00Z")->ms + static_cast<std::int64_t>(i - 1) * 1000}));
    const json& cm = j["ops"]["cmcc"];
    CHECK(cm["rat"] == "NR-SA");  // the town route stays near its sites
    CHECK(cm["serving"]["nci"].get<std::uint64_t>() >> 12 == cm["serving"]["gnb_id"].get<std::uint64_t>());
    const json& ct = j["ops"]["ctcc"];
    CHECK(ct["serving"]["rat"] == "LTE");
    if (ct["rat"] == "NR-NSA") CHECK(ct["nr_leg"]["band"] == "n78");
    CHECK(j["gnss"]["fix"] == true);
  }
}

TEST_CASE("simulation: faults appear in the truth; tunnel removes the fix; error flags QENG", "[sim][faults]") {
  const Run r = run(7, 40, {parse_fault("tunnel@10+5").value(), parse_fault("error:cmcc@20+3").value(),
                            parse_fault("garbage:gnss@30").value()});
  std::vector<std::string> faults;
  int no_fix = 0, qeng_err = 0;
  for (const auto& l : r.truth) {
    const json j = json::parse(l);
    if (j["kind"] == "fault") faults.push_back(j["fault"].get<std::string>() + "/" + j["phase"].get<std::string>() + "@" + std::to_string(j["t_s"].get<double>()));
    if (j["kind"] != "state") continue;
    if (j["gnss"]["fix"] == false) {
      ++no_fix;
      CHECK(j["t_s"] >= 10);
      CHECK(j["t_s"] < 15);
    }
    if (j["ops"]["cmcc"]["qeng_error"] == true) ++qeng_err;
  }
  CHECK(no_fix == 5);
  CHECK(qeng_err == 3);
  CHECK(faults == std::vector<std::string>{"tunnel/start@10.000000", "tunnel/end@15.000000", "error/start@20.000000", "error/end@23.000000",
                                           "garbage/instant@30.000000"});
  CHECK(r.nmea.find("$GNGGA,020012.000,,,,,0,00,99.99") != std::string::npos);
}

TEST_CASE("simulation: 10 Hz NMEA, truth still once per second", "[sim][nmea]") {
  const Run r = run(7, 5, {}, 100);
  CHECK(r.truth.size() == 1 + 6);
  std::size_t gga = 0;
  for (std::size_t p = 0; (p = r.nmea.find("$GNGGA", p)) != std::string::npos; ++p) ++gga;
  CHECK(gga == 51);
  CHECK(r.nmea.find("$GNGGA,020000.100,") != std::string::npos);
}

TEST_CASE("load_city: errors name the file", "[sim][config]") {
  CHECK_THROWS_WITH(load_city(test::fixtures() / "sim" / "nowhere"), Catch::Contains("nowhere/city.toml: cannot open for reading"));
}

TEST_CASE("simulation: a muted GNSS sends nothing for the fault's span, then talks again", "[sim][faults]") {
  Fault mute;
  mute.kind = FaultKind::Mute;
  mute.device = "gnss";
  mute.at_ms = 10'000;
  mute.duration_ms = 5'000;
  const CityBundle city = load_city(test::fixtures() / "sim" / "town");
  SimOptions o;
  o.seed = 5;
  o.duration_ms = 20'000;
  o.faults = {mute};
  Simulation sim(city, o);
  for (std::int64_t t = 0; t <= 20'000; t += 1000) {
    INFO("t = " << t);
    const Tick k = sim.tick(t);
    CHECK(k.nmea.empty() == (t >= 10'000 && t < 15'000));
  }
}
