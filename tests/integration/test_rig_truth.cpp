// Probe + simulator over real pseudo-terminals: two modems (SA Qualcomm-style, NSA EN-DC) and GNSS,
// 12 simulated minutes. The log must match the simulator's ground truth.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "rig_harness.hpp"
#include "shikan/core/store.hpp"

using namespace shikan;
using namespace shikan::test;
using nlohmann::json;

namespace {

// The truth state that produced the sample. The modem answers from the world's latest whole-second
// step and the fix comes from the NMEA epoch before the answer, so that step lies a second before to a
// few seconds after the fix second (more when the machine is loaded). Among the steps there with the
// same serving cell, the one with the nearest levels is the answer's step (a cell usually serves for
// many seconds with changing levels).
const json* matching_state(const std::map<std::int64_t, json>& truth, const Sample& s) {
  const std::int64_t t = s.fix->utc.ms / 1000 * 1000;
  const json* best = nullptr;
  double best_diff = 1e9;
  // Up to 8 simulated seconds (333 ms of wall time at 24x) between fix and answer: room for a loaded CI.
  for (std::int64_t dt = -2000; dt <= 8000; dt += 1000) {
    auto it = truth.find(t + dt);
    if (it == truth.end()) continue;
    const json& serving = it->second["ops"][s.modem]["serving"];
    if (serving.is_null()) continue;
    const bool nr = serving["rat"] == "NR";
    const bool same_cell = nr ? s.serving.nci && serving["nci"].get<std::uint64_t>() == s.serving.nci->value()
                              : s.serving.eci && serving["eci"].get<std::uint32_t>() == s.serving.eci->value();
    if (!same_cell || !s.serving.rsrp) continue;
    // The worst level difference at this step.
    double diff = std::abs(serving["rsrp_dbm"].get<double>() - s.serving.rsrp->value);
    if (s.serving.rsrq) diff = std::max(diff, std::abs(serving["rsrq_db"].get<double>() - s.serving.rsrq->value));
    const json& leg = it->second["ops"][s.modem]["nr_leg"];
    if (s.serving.nr && s.serving.nr->rsrp && !leg.is_null())
      diff = std::max(diff, std::abs(leg["rsrp_dbm"].get<double>() - s.serving.nr->rsrp->value));
    if (diff < best_diff) {
      best_diff = diff;
      best = &it->second;
    }
  }
  return best;
}

}  // namespace

TEST_CASE("the probe's log of a simulated drive matches the ground truth", "[integration][rig]") {
  const fs::path dir = fresh_dir("truth");
  SimRig sim(dir, fixtures() / "city2", {"--duration", "12m", "--accel", "24", "--seed", "7"});
  REQUIRE(sim.wait_ready(200));
  auto probe = start_probe(sim.config(), dir);

  REQUIRE(exited_ok(sim.process().wait_for(std::chrono::seconds(90))));
  probe->signal(SIGTERM);
  const auto st = probe->wait_for(std::chrono::seconds(20));
  INFO("probe stderr: " << probe->stderr_text());
  REQUIRE(exited_ok(st));

  LogStore store(sim.database(), read_only());
  REQUIRE(store.integrity_ok());
  const auto sessions = store.sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended.has_value());
  CHECK(store.devices(sessions[0].id).size() == 2);

  const auto truth = sim.truth_states();
  REQUIRE(truth.size() >= 700);
  std::map<std::string, int> samples, with_fix, matched;
  for (const Sample& s : store.samples(sessions[0].id)) {
    ++samples[s.modem];
    if (!s.fix) continue;
    ++with_fix[s.modem];
    const json* state = matching_state(truth, s);
    INFO(s.modem << " sample at GNSS " << to_iso8601(s.fix->utc) << " rat " << to_string(s.serving.rat));
    REQUIRE(state != nullptr);
    ++matched[s.modem];
    const json& op = (*state)["ops"][s.modem];
    CHECK(to_string(s.serving.rat) == op["rat"].get<std::string>());
    CHECK(s.serving.plmn->str() == op["plmn"].get<std::string>());
    const json& serving = op["serving"];
    CHECK(*s.serving.pci == serving["pci"].get<int>());
    CHECK(*s.serving.tac == serving["tac"].get<std::uint32_t>());
    CHECK(*s.serving.arfcn == serving["arfcn"].get<std::uint32_t>());
    // The modem rounds to integer dBm/dB, truth to 0.1: they differ by at most 0.55.
    CHECK(std::abs(s.serving.rsrp->value - serving["rsrp_dbm"].get<double>()) <= 0.55);
    CHECK(std::abs(s.serving.rsrq->value - serving["rsrq_db"].get<double>()) <= 0.55);
    if (s.serving.rat == Rat::NrNsa) {
      REQUIRE(s.serving.nr.has_value());
      const json& leg = op["nr_leg"];
      CHECK(*s.serving.nr->pci == leg["pci"].get<int>());
      CHECK(std::abs(s.serving.nr->rsrp->value - leg["rsrp_dbm"].get<double>()) <= 0.55);
    }
    // Position: the fix against where the vehicle truly was at the fix's own second (GNSS noise of a
    // few metres; the NMEA epoch and the world step share whole seconds).
    const auto at_fix = truth.find(s.fix->utc.ms / 1000 * 1000);
    REQUIRE(at_fix != truth.end());
    const json& tr = at_fix->second["true"];
    const GeoPoint truth_pos{Latitude{tr["lat"].get<double>()}, Longitude{tr["lon"].get<double>()}};
    CHECK(haversine(s.fix->pos, truth_pos).value < 30.0);
  }
  for (const char* op : {"cmcc", "ctcc"}) {
    INFO("operator " << op);
    CHECK(samples[op] >= 100);
    CHECK(with_fix[op] >= samples[op] * 9 / 10);
    CHECK(matched[op] == with_fix[op]);
  }
}
