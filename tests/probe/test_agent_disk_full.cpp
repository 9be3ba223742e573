// The disk fills during a run: the log is capped just above its empty size (max_db_kib) and a GNSS
// receiver on a real pty floods it with NMEA. Flushes fail like a full disk; the probe keeps running, shows
// the failure, keeps the rows queued and retries; at the end it names the database and exits 1. Whatever it
// reported committed is in the file, and the file is intact.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "nmea_frame.hpp"
#include "shikan/core/store.hpp"
#include "shikan/probe/agent.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {

std::string gga(int i) {
  char body[128];
  std::snprintf(body, sizeof body, "GPGGA,%02d%02d%02d.00,3013.80000,N,12009.60000,E,1,09,0.9,12.0,M,7.0,M,,",
                (i / 3600) % 24, (i / 60) % 60, i % 60);
  return shikan::test::nmea_frame(body) + "\r\n";
}

}  // namespace

TEST_CASE("agent: a full disk keeps rows queued, is shown, retried, and reported at exit", "[probe][agent][disk]") {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("shikan-full-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "probe.db";
  { LogStore create(db); }  // the empty schema; closing checkpoints the WAL into the file
  const auto empty_kib = static_cast<std::int64_t>(std::filesystem::file_size(db) / 1024);

  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  const std::string slave = ::ptsname(master);

  const std::string toml = "probe_id = \"full\"\ndatabase = \"" + db.string() + "\"\nmax_db_kib = " +
                           std::to_string(std::max<std::int64_t>(64, empty_kib + 8)) +
                           "\nflush_interval_ms = 200\nmax_pending_rows = 2000\n[gnss]\nsource = \"nmea\"\nport = \"" + slave +
                           "\"\n[[modem]]\nid = \"cmcc\"\nport = \"" + (dir / "absent").string() + "\"\n";
  std::ostringstream commits, screen;
  AgentOptions opt;
  opt.duration = std::chrono::seconds(3);
  opt.commit_log = &commits;
  opt.screen = &screen;
  opt.lang = Lang::En;

  std::atomic<bool> done{false};
  std::thread receiver([&] {  // ~20 NMEA lines a millisecond for 2.5 s: far more than the cap holds
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
    for (int i = 0; std::chrono::steady_clock::now() < end && !done; ++i) {
      const std::string l = gga(i);
      if (::write(master, l.data(), l.size()) < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  SystemClock clock;
  int rc = -1;
  {
    Agent agent(parse_config(toml, "full.toml"), clock, opt);
    rc = agent.run();
  }
  done = true;
  receiver.join();
  ::close(master);

  CHECK(rc == 1);
  CHECK(screen.str().find("write failed; rows kept, retrying") != std::string::npos);
  // The flood is far beyond max_pending_rows: the queue stayed bounded and said so.
  CHECK(screen.str().find("raw lines dropped") != std::string::npos);
  StoreOptions ro;
  ro.read_only = true;
  LogStore store(db, ro);
  CHECK(store.integrity_ok());
  const auto sessions = store.sessions();
  REQUIRE(sessions.size() == 1);
  CHECK_FALSE(sessions[0].ended.has_value());  // the end could not be written either
  std::string last, line;
  std::istringstream in(commits.str());
  while (std::getline(in, line)) last = line;
  if (!last.empty()) {
    const auto c = store.counts(sessions[0].id);
    CHECK(std::stoll(last.substr(last.rfind(' ') + 1)) <= c.events + c.raw_lines + c.samples);
  }
  std::filesystem::remove_all(dir);
}
