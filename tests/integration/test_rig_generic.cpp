// The generic 3GPP driver (AT+COPS?, AT+CEREG?, AT+C5GREG?, AT+CESQ) against the simulated modem, beside a
// Quectel-driven one: what it can learn from the standard commands must match the ground truth.
#include <catch2/catch.hpp>

#include <fstream>

#include "rig_harness.hpp"

using namespace shikan;
using namespace shikan::test;
using nlohmann::json;

TEST_CASE("the generic 3GPP driver logs PLMN, RAT and cell identity that match the truth", "[integration][generic]") {
  const fs::path dir = fresh_dir("generic");
  SimRig sim(dir, fixtures() / "city2", {"--duration", "4m", "--accel", "20", "--seed", "5"});
  REQUIRE(sim.wait_ready(200));
  // The first modem (cmcc, SA) is driven with the generic command set instead of the Quectel one.
  std::string text = ChildProcess::slurp(sim.config());
  const auto first = text.find("driver = \"quectel\"");
  REQUIRE(first != std::string::npos);
  text.replace(first, 18, "driver = \"generic\"");
  std::ofstream(sim.config()) << text;

  auto probe = start_probe(sim.config(), dir);
  REQUIRE(exited_ok(sim.process().wait_for(std::chrono::seconds(60))));
  probe->signal(SIGINT);  // Ctrl-C, as an inspector stops it: flushed, session closed, exit 0
  INFO("probe stderr: " << probe->stderr_text());
  REQUIRE(exited_ok(probe->wait_for(std::chrono::seconds(20))));

  LogStore store(sim.database(), read_only());
  CHECK(store.sessions().at(0).ended.has_value());
  const auto truth = sim.truth_states();
  int checked = 0, with_cell = 0, with_rsrp = 0;
  for (const Sample& s : store.samples(store.sessions().at(0).id)) {
    if (s.modem != "cmcc" || !s.fix) continue;
    ++checked;
    REQUIRE(s.serving.plmn.has_value());
    CHECK(s.serving.plmn->str() == "46000");
    CHECK((s.serving.rat == Rat::NrSa || s.serving.rat == Rat::Lte));
    // From +CESQ (SS-RSRP on NR, RSRP on LTE). A cycle that straddles a RAT change can see COPS say LTE
    // while CESQ already carries only the NR fields: that sample honestly has no RSRP.
    with_rsrp += s.serving.rsrp.has_value();
    if (!s.serving.nci) continue;
    ++with_cell;
    // The NCI from +C5GREG is the one the truth had around the fix time.
    bool found = false;
    const std::int64_t t = s.fix->utc.ms / 1000 * 1000;
    for (std::int64_t dt = -2000; dt <= 8000 && !found; dt += 1000) {
      auto it = truth.find(t + dt);
      if (it == truth.end()) continue;
      const json& serving = it->second["ops"]["cmcc"]["serving"];
      found = !serving.is_null() && serving["rat"] == "NR" && serving["nci"].get<std::uint64_t>() == s.serving.nci->value();
    }
    INFO("NCI " << s.serving.nci->value() << " at GNSS " << to_iso8601(s.fix->utc));
    CHECK(found);
  }
  CHECK(checked >= 40);
  CHECK(with_cell >= checked / 2);
  CHECK(with_rsrp >= checked * 9 / 10);
}
