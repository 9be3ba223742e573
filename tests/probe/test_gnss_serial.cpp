// The NMEA serial source over real pseudo-terminals. The source opens a symlink in a temp dir; the test
// plays the receiver on the master side. Scenario: the port is missing at start (link down), appears
// (link up), sends sentences split across writes with a bad line among them, is unplugged (master
// closed: link down) and comes back as another pty behind the same path (link up, fixes again).
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "shikan/core/time.hpp"
#include "shikan/probe/gnss.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A pty pair's master; the slave is left for the source to open by path.
struct PtyMaster {
  int fd = -1;
  std::string slave;
  PtyMaster() {
    fd = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(fd >= 0);
    REQUIRE(::grantpt(fd) == 0);
    REQUIRE(::unlockpt(fd) == 0);
    const char* name = ::ptsname(fd);
    REQUIRE(name != nullptr);
    slave = name;
  }
  ~PtyMaster() { close(); }
  PtyMaster(const PtyMaster&) = delete;
  PtyMaster& operator=(const PtyMaster&) = delete;
  void write(std::string_view bytes) const {
    REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// A private temp dir, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "shikan-gnss-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Points link at target, replacing it atomically (as udev re-creates a by-id link on replug).
void point(const fs::path& link, const std::string& target) {
  const fs::path tmp = link.string() + ".new";
  fs::remove(tmp);
  fs::create_symlink(target, tmp);
  fs::rename(tmp, link);
}

std::string framed(std::string_view body) {
  unsigned x = 0;
  for (char c : body) x ^= static_cast<unsigned char>(c);
  char cs[4];
  std::snprintf(cs, sizeof cs, "%02X", x);
  std::string s;
  s.reserve(body.size() + 6);
  s += '$';
  s += body;
  s += '*';
  s += cs;
  s += "\r\n";
  return s;
}

// Real lines from quectel-eg25-g-2.log (EG25-G, St Petersburg, 2022-09-20).
const std::string kGga1 = "$GPGGA,051347.00,6001.336799,N,03014.169008,E,1,05,0.9,16.5,M,18.0,M,,*59\r\n";
const std::string kRmc1 = "$GPRMC,051347.00,A,6001.336799,N,03014.169008,E,0.0,0.0,200922,8.4,E,A,V*4A\r\n";
const std::string kVtg = "$GPVTG,0.0,T,351.6,M,0.0,N,0.0,K,A*22\r\n";
const std::string kBad = "$GPRMC,051347.00,A,6001.336799,N,03014.169008,E,0.0,0.0,200922,8.4,E,A,V*4B\r\n";
const std::string kGga2 = "$GPGGA,051348.00,6001.336431,N,03014.169236,E,1,05,0.9,15.8,M,18.0,M,,*56\r\n";
const std::string kRmc2 = "$GPRMC,051348.00,A,6001.336431,N,03014.169236,E,0.0,0.0,200922,8.4,E,A,V*4B\r\n";
const std::string kGga3 = "$GPGGA,051349.00,6001.336351,N,03014.169007,E,1,05,0.9,13.9,M,18.0,M,,*51\r\n";
const std::string kRmc3 = "$GPRMC,051349.00,A,6001.336351,N,03014.169007,E,0.0,0.0,200922,8.4,E,A,V*4B\r\n";

std::int64_t utc_ms(std::string_view iso) {
  const auto t = shikan::parse_iso8601(iso);
  REQUIRE(t);
  return t->ms;
}

}  // namespace

TEST_CASE("nmea serial source over a pty: split lines, a bad line, unplug and replug", "[gnss][pty]") {
  boost::asio::io_context io;
  TempDir dir;
  const fs::path link = dir.path / "gps0";
  PtyMaster first;
  std::unique_ptr<PtyMaster> second;
  boost::asio::steady_timer later(io);

  std::vector<std::string> events;  // the order of what the source reported
  std::vector<shikan::Fix> fixes;
  std::vector<std::string> raw;
  int ups = 0;

  shikan::probe::GnssCallbacks cb;
  cb.on_raw = [&](std::string_view l) { raw.emplace_back(l); };
  cb.on_parse_error = [&](std::string_view, const shikan::ParseError& e) { events.push_back("error " + e.reason); };
  cb.on_no_fix = [&] {
    events.push_back("no fix");
    // Receiver unplugged mid-line: the half sentence is never delivered.
    first.write("$GPGGA,0513");
    first.close();
  };
  cb.on_fix = [&](const shikan::Fix& f) {
    events.push_back("fix");
    fixes.push_back(f);
    if (fixes.size() == 3) io.stop();
  };
  cb.on_link_down = [&](const std::string& what) {
    events.push_back("down");
    if (ups == 1) {
      // Replugged as another pty behind the same by-id path.
      INFO(what);
      CHECK(what.find(link.string()) != std::string::npos);
      second = std::make_unique<PtyMaster>();
      point(link, second->slave);
    }
  };
  cb.on_link_up = [&] {
    events.push_back("up");
    ++ups;
    if (ups == 1) {
      // One sentence split inside its checksum, the next arriving in a later read.
      first.write(kGga1.substr(0, 40));
      first.write(kGga1.substr(40, kGga1.size() - 42));
      later.expires_after(20ms);
      later.async_wait([&](boost::system::error_code) {
        first.write(kGga1.substr(kGga1.size() - 2) + kRmc1.substr(0, 10));
        first.write(kRmc1.substr(10) + kVtg + kBad + kGga2 + kRmc2 + framed("GPGGA,051350.00,,,,,0,00,,,M,,M,,") +
                    framed("GPRMC,051350.00,V,,,,,,,200922,,,N"));
      });
    } else {
      second->write(kGga3 + kRmc3);
    }
  };

  auto src = shikan::probe::make_nmea_serial_source(io, link.string(), 9600, cb, {10ms, 40ms});
  CHECK(src->describe() == "nmea " + link.string() + " @9600");
  src->start();  // the link does not exist yet
  boost::asio::steady_timer plug(io);
  plug.expires_after(50ms);
  plug.async_wait([&](boost::system::error_code) { point(link, first.slave); });
  io.run_for(10s);
  src->stop();

  CHECK(events == std::vector<std::string>{"down", "up", "fix", "error bad checksum (expected 4A, got 4B)", "fix",
                                           "no fix", "down", "up", "fix"});
  REQUIRE(fixes.size() == 3);
  CHECK(fixes[0].utc.ms == utc_ms("2022-09-20T05:13:47Z"));
  CHECK(fixes[0].pos.lat.degrees() == Approx(60.0 + 1.336799 / 60).margin(1e-7));
  CHECK(fixes[0].alt->value == Approx(16.5));
  CHECK(fixes[1].utc.ms == utc_ms("2022-09-20T05:13:48Z"));
  CHECK(fixes[2].utc.ms == utc_ms("2022-09-20T05:13:49Z"));
  // Every complete line, the unsupported VTG and the bad one included, reached on_raw verbatim.
  // The half sentence cut by the unplug is not: it never ended.
  REQUIRE(raw.size() == 10);
  CHECK(raw[0] + "\r\n" == kGga1);
  CHECK(raw[2] + "\r\n" == kVtg);
  CHECK(raw[3] + "\r\n" == kBad);
}

TEST_CASE("nmea serial source: stop() silences it and start() resumes", "[gnss][pty]") {
  boost::asio::io_context io;
  PtyMaster pty;
  int fixes = 0, ups = 0;
  std::vector<std::string> downs;
  shikan::probe::GnssCallbacks cb;
  cb.on_link_up = [&] { ++ups; };
  cb.on_link_down = [&](const std::string& w) { downs.push_back(w); };
  cb.on_fix = [&](const shikan::Fix&) { ++fixes; };
  auto src = shikan::probe::make_nmea_serial_source(io, pty.slave, 115200, cb, {10ms, 40ms});
  src->start();
  io.run_for(100ms);
  REQUIRE(ups == 1);
  pty.write(kGga1 + kRmc1);  // readable now, but stopped before the io_context runs its read
  src->stop();
  io.restart();
  io.run_for(100ms);
  CHECK(fixes == 0);
  CHECK(downs.empty());
  // Drop what the stopped source left unread in the tty, so the restart sees only new data.
  const int s = ::open(pty.slave.c_str(), O_RDWR | O_NOCTTY);
  REQUIRE(s >= 0);
  ::tcflush(s, TCIFLUSH);
  ::close(s);
  src->start();
  io.restart();
  io.run_for(100ms);
  CHECK(ups == 2);
  pty.write(kGga2 + kRmc2);
  io.restart();
  io.run_for(200ms);
  CHECK(fixes == 1);
  src.reset();  // destroying a running source stops it
  pty.write(kGga3 + kRmc3);
  io.restart();
  io.run_for(100ms);
  CHECK(fixes == 1);
}

TEST_CASE("nmea serial source: a throwing callback takes the link down and it comes back", "[gnss][pty]") {
  boost::asio::io_context io;
  PtyMaster pty;
  std::vector<std::string> events;
  shikan::probe::GnssCallbacks cb;
  cb.on_link_up = [&] {
    events.push_back("up");
    pty.write(events.size() == 1 ? kGga1 + kRmc1 : kGga2 + kRmc2);
  };
  cb.on_link_down = [&](const std::string& w) { events.push_back("down " + w); };
  cb.on_fix = [&](const shikan::Fix& f) {
    events.push_back("fix " + shikan::to_iso8601(f.utc));
    if (events.size() == 2) throw std::runtime_error("disk full");
    io.stop();
  };
  auto src = shikan::probe::make_nmea_serial_source(io, pty.slave, 9600, cb, {10ms, 40ms});
  src->start();
  CHECK_NOTHROW(io.run_for(10s));
  src->stop();
  CHECK(events == std::vector<std::string>{"up", "fix 2022-09-20T05:13:47.000Z",
                                           "down nmea " + pty.slave + " @9600: internal error: disk full", "up",
                                           "fix 2022-09-20T05:13:48.000Z"});
}
