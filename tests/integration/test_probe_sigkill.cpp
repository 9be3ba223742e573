// The probe killed with SIGKILL at 20 seeded random moments: the database opens, integrity_check is ok,
// and every batch the probe reported committed before the kill is there.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <thread>

#include "rig_harness.hpp"
#include "shikan/core/store.hpp"

using namespace shikan;
using namespace shikan::test;

namespace {

// Last "committed <session> <total_rows>" line of a commit log.
bool last_commit(const std::string& log, SessionId& session, std::int64_t& rows) {
  std::istringstream in(log);
  std::string word, line;
  bool found = false;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    SessionId s;
    std::int64_t r;
    if (l >> word >> s >> r && word == "committed") {
      session = s;
      rows = r;
      found = true;
    }
  }
  return found;
}

}  // namespace

TEST_CASE("SIGKILL at 20 random moments loses no committed batch", "[integration][crash]") {
  const fs::path dir = fresh_dir("sigkill");
  SimRig sim(dir, fixtures() / "city2", {"--duration", "2h", "--accel", "10", "--seed", "11"});
  REQUIRE(sim.wait_ready(100));
  std::mt19937 rng(20261121);
  std::uniform_int_distribution<int> kill_after_ms(200, 2500);
  int runs_with_commits = 0;
  for (int run = 0; run < 20; ++run) {
    const std::string tag = "run" + std::to_string(run);
    auto probe = start_probe(sim.config(), dir, tag);
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(rng)));
    probe->signal(SIGKILL);
    REQUIRE(probe->wait_for(std::chrono::seconds(10)));
    INFO("run " << run << " stderr: " << probe->stderr_text());

    LogStore store(sim.database(), read_only());
    REQUIRE(store.integrity_ok());
    SessionId session = 0;
    std::int64_t rows = 0;
    if (!last_commit(ChildProcess::slurp(dir / (tag + ".commits")), session, rows)) continue;
    ++runs_with_commits;
    const StoreCounts c = store.counts(session);
    CHECK(c.samples + c.events + c.raw_lines >= rows);
  }
  CHECK(runs_with_commits >= 15);
  CHECK(sim.process().running());
}
