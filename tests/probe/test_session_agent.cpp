// The agent end to end without hardware: a fixed GNSS position, a modem that is not there. The run
// ends on --duration with a closed session, the commit log matches the store, and the lost modem is
// an event rather than a failure.
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <sstream>

#include "shikan/core/store.hpp"
#include "shikan/probe/agent.hpp"

using namespace shikan;
using namespace shikan::probe;

TEST_CASE("agent: a scripted run with a missing modem ends cleanly", "[probe][session][agent]") {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("shikan-agent-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "probe.db";
  const std::string toml = "probe_id = \"bench\"\ndatabase = \"" + db.string() +
                           "\"\nsample_interval_ms = 200\nflush_interval_ms = 200\n"
                           "[gnss]\nsource = \"fixed\"\nlat = 31.2304\nlon = 121.4737\nperiod_ms = 200\n"
                           "[[modem]]\nid = \"cmcc\"\nport = \"" +
                           (dir / "no-such-tty").string() + "\"\n";
  std::ostringstream commits, screen;
  AgentOptions opt;
  opt.duration = std::chrono::seconds(1);
  opt.commit_log = &commits;
  opt.screen = &screen;
  opt.lang = Lang::En;
  SystemClock clock;
  {
    Agent agent(parse_config(toml, "bench.toml"), clock, opt);
    CHECK(agent.run() == 0);
  }
  CHECK(screen.str().find("stopping: duration elapsed") != std::string::npos);

  StoreOptions ro;
  ro.read_only = true;
  LogStore store(db, ro);
  const auto sessions = store.sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended.has_value());
  CHECK(sessions[0].info.config_text == toml);
  std::vector<std::string> kinds;
  for (const auto& e : store.events(sessions[0].id)) kinds.emplace_back(to_string(e.kind));
  REQUIRE(kinds.size() >= 3);
  CHECK(kinds.front() == "session_start");
  CHECK(std::find(kinds.begin(), kinds.end(), "modem_lost") != kinds.end());
  CHECK(kinds.back() == "session_end");
  CHECK(store.samples(sessions[0].id).empty());
  // The last commit-log line counts every row committed before the final flush/end.
  std::string last, line;
  std::istringstream in(commits.str());
  while (std::getline(in, line)) last = line;
  REQUIRE_FALSE(last.empty());
  CHECK(last.rfind("committed " + std::to_string(sessions[0].id) + " ", 0) == 0);
  const auto c = store.counts(sessions[0].id);
  CHECK(std::stoll(last.substr(last.rfind(' ') + 1)) <= c.events + c.raw_lines + c.samples);
  std::filesystem::remove_all(dir);
}
