// The gpsd source against the real gpsd daemon (Debian's gpsd 3.22) as the peer: gpsd reads NMEA from a
// pseudo-terminal we feed, our source connects over TCP, sends WATCH and must deliver the positions we
// wrote; when gpsd is restarted, the source reconnects by itself.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "child_process.hpp"
#include "nmea_frame.hpp"
#include "shikan/probe/gnss.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace shikan::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kGpsd = "/usr/sbin/gpsd";

std::string sentence(const std::string& body) { return nmea_frame(body) + "\r\n"; }

// Epoch k of a receiver driving north-east from 30.25 N 120.16 E: 1e-4 degree a second.
std::string epoch(int k) {
  const double lat = 30.25 + 1e-4 * k, lon = 120.16 + 1e-4 * k;
  char t[16], la[24], lo[24];
  std::snprintf(t, sizeof t, "01%02d%02d.00", k / 60 % 60, k % 60);
  std::snprintf(la, sizeof la, "%02d%08.5f", static_cast<int>(lat), (lat - static_cast<int>(lat)) * 60);
  std::snprintf(lo, sizeof lo, "%03d%08.5f", static_cast<int>(lon), (lon - static_cast<int>(lon)) * 60);
  return sentence(std::string("GNGGA,") + t + "," + la + ",N," + lo + ",E,1,12,0.8,9.5,M,7.0,M,,") +
         sentence(std::string("GNRMC,") + t + ",A," + la + ",N," + lo + ",E,21.4,45.0,120526,,,A,V");
}

std::unique_ptr<ChildProcess> start_gpsd(const std::string& tty, int port, const fs::path& dir) {
  return std::make_unique<ChildProcess>(
      std::vector<std::string>{kGpsd, "-N", "-n", "-S", std::to_string(port), tty}, dir / "gpsd.out",
      dir / "gpsd.err");
}

}  // namespace

TEST_CASE("the gpsd source against the real gpsd daemon, including a daemon restart", "[integration][gpsd]") {
  if (::access(kGpsd, X_OK) != 0) {
    std::cout << "SKIPPED: gpsd is not installed (apt-get install gpsd)" << std::endl;
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("shikan-gpsd-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  const std::string tty = ::ptsname(master);
  const int port = 29000 + ::getpid() % 900;

  std::atomic<bool> done{false};
  std::thread receiver([&] {  // ten epochs a second of wall time
    for (int k = 0; !done && k < 3000; ++k) {
      const std::string e = epoch(k);
      [[maybe_unused]] const auto n = ::write(master, e.data(), e.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  auto gpsd = start_gpsd(tty, port, dir);
  boost::asio::io_context io;
  std::vector<Fix> fixes;
  int ups = 0, downs = 0;
  GnssCallbacks cb;
  cb.on_raw = [](std::string_view) {};
  cb.on_fix = [&](const Fix& f) { fixes.push_back(f); };
  cb.on_no_fix = [] {};
  cb.on_parse_error = [](std::string_view, const ParseError&) {};
  cb.on_link_down = [&](const std::string&) { ++downs; };
  cb.on_link_up = [&] { ++ups; };
  auto source = make_gpsd_source(io, "127.0.0.1", static_cast<std::uint16_t>(port), cb,
                                 Backoff{std::chrono::milliseconds(100), std::chrono::milliseconds(500)});
  source->start();
  auto run_until = [&](auto pred) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!pred() && std::chrono::steady_clock::now() < end) io.run_for(std::chrono::milliseconds(50));
    return pred();
  };

  INFO("gpsd stderr: " << gpsd->stderr_text());
  REQUIRE(run_until([&] { return fixes.size() >= 5; }));
  CHECK(ups >= 1);
  for (const Fix& f : fixes) {
    // The position we wrote for the epoch at that UTC second.
    const int k = static_cast<int>((f.utc.ms / 1000) % 3600);
    CHECK(f.pos.lat.degrees() == Approx(30.25 + 1e-4 * k).margin(1e-7));
    CHECK(f.pos.lon.degrees() == Approx(120.16 + 1e-4 * k).margin(1e-7));
    CHECK(to_iso8601(f.utc).substr(0, 14) == "2026-05-12T01:");
  }

  // The daemon goes away and comes back: one link-down, then fixes again over a new connection.
  gpsd->signal(SIGTERM);
  REQUIRE(gpsd->wait_for(std::chrono::seconds(10)));
  REQUIRE(run_until([&] { return downs >= 1; }));
  const std::size_t before = fixes.size();
  gpsd = start_gpsd(tty, port, dir);
  CHECK(run_until([&] { return ups >= 2 && fixes.size() >= before + 5; }));

  source->stop();
  io.run_for(std::chrono::milliseconds(100));
  done = true;
  receiver.join();
  ::close(master);
  fs::remove_all(dir);
}
