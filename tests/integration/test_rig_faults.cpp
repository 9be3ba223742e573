// Faults over real pseudo-terminals: a modem unplugged and back, a GNSS outage (tunnel), garbage bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "rig_harness.hpp"
#include "shikan/core/store.hpp"

using namespace shikan;
using namespace shikan::test;

TEST_CASE("an unplugged modem is reopened with a gap event while the other modem and GNSS carry on",
          "[integration][faults]") {
  const fs::path dir = fresh_dir("faults");
  // 12 simulated minutes at 20x: unplug cmcc for 60 s, a 200 s tunnel (10 wall s: fix age is wall time,
  // and the probe calls a fix stale after 3 s), the GNSS receiver silent for 100 s (5 wall s), garbage on
  // ctcc and the GNSS port.
  SimRig sim(dir, fixtures() / "city2",
             {"--duration", "12m", "--accel", "20", "--seed", "3", "--fault", "unplug:cmcc@180+60", "--fault",
              "tunnel@360+200", "--fault", "mute@600+100", "--fault", "garbage:ctcc@120", "--fault",
              "garbage:gnss@200"});
  REQUIRE(sim.wait_ready(200));
  auto probe = start_probe(sim.config(), dir);
  // An inspector's note typed in a second terminal while the probe writes the same log.
  REQUIRE(wait_until([&] { return fs::exists(dir / "probe.commits") && fs::file_size(dir / "probe.commits") > 0; },
                     std::chrono::seconds(20)));
  ChildProcess note({SHIKAN_PROBE_BIN, "note", "--config", sim.config().string(), "到达第一人民医院"}, dir / "note.out",
                    dir / "note.err");
  INFO("note stderr: " << note.stderr_text());
  CHECK(exited_ok(note.wait_for(std::chrono::seconds(20))));
  REQUIRE(exited_ok(sim.process().wait_for(std::chrono::seconds(90))));
  // When the simulator ends it closes every port; what the probe logs after that is not a fault.
  const std::int64_t sim_end_ms = SystemClock().utc_now().ms - 300;
  probe->signal(SIGTERM);
  INFO("probe stderr: " << probe->stderr_text());
  REQUIRE(exited_ok(probe->wait_for(std::chrono::seconds(20))));

  LogStore store(sim.database(), read_only());
  REQUIRE(store.integrity_ok());
  const SessionId session = store.sessions().at(0).id;
  const auto events = store.events(session);
  auto count = [&](EventKind k, const std::string& source) {
    return std::count_if(events.begin(), events.end(), [&](const Event& e) {
      return e.kind == k && e.source == source && e.utc.ms < sim_end_ms;
    });
  };
  CHECK(count(EventKind::ModemLost, "cmcc") >= 1);
  CHECK(count(EventKind::ModemBack, "cmcc") >= 1);
  CHECK(count(EventKind::ModemLost, "ctcc") == 0);
  CHECK(count(EventKind::FixLost, "gnss") >= 2);  // the tunnel and the silence
  CHECK(count(EventKind::FixBack, "gnss") >= 2);
  CHECK(std::any_of(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::ParseError; }));
  CHECK(std::any_of(events.begin(), events.end(),
                    [](const Event& e) { return e.kind == EventKind::Note && e.detail == "到达第一人民医院"; }));

  // Sampling cadence: ctcc never stops (no wall gap over 2 s); cmcc has exactly one long gap (the unplug,
  // 60 simulated s = 3 wall s) and samples on both sides of it.
  std::map<std::string, std::vector<std::int64_t>> times;
  std::map<std::string, int> no_fix;
  for (const Sample& s : store.samples(session)) {
    times[s.modem].push_back(s.utc.ms);
    if (!s.fix || s.fix_age_ms > 3000) ++no_fix[s.modem];
  }
  auto gaps_over = [&](const std::string& m, std::int64_t ms) {
    int n = 0;
    for (std::size_t i = 1; i < times[m].size(); ++i) n += times[m][i] - times[m][i - 1] > ms;
    return n;
  };
  CHECK(times["ctcc"].size() >= 100);
  CHECK(gaps_over("ctcc", 2000) == 0);
  CHECK(gaps_over("cmcc", 2000) == 1);
  // Samples in the tunnel and the silence are kept and flagged (stale or no fix), for both modems:
  // at 5 samples a wall second, at least 7 s of the 15 s are past the 3 s staleness limit.
  CHECK(no_fix["ctcc"] >= 30);
  CHECK(no_fix["cmcc"] >= 30);
  // The raw garbage bytes were kept as evidence.
  const auto raw = store.raw_lines(session);
  CHECK(std::any_of(raw.begin(), raw.end(), [](const RawLine& r) {
    return std::any_of(r.text.begin(), r.text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  }));
}
