// The fixed-position source: a Manual fix per period, UTC from the injected clock.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "shikan/core/time.hpp"
#include "shikan/probe/gnss.hpp"

using namespace std::chrono_literals;

TEST_CASE("fixed source: a Manual fix at start and every period, stamped by the clock", "[gnss]") {
  boost::asio::io_context io;
  shikan::ManualClock clock(shikan::UtcTime{1'773'576'000'000});  // 2026-03-15T12:00:00Z
  const shikan::GeoPoint pos{shikan::Latitude(31.2304), shikan::Longitude(121.4737)};
  std::vector<shikan::Fix> fixes;
  int ups = 0;
  shikan::probe::GnssCallbacks cb;
  cb.on_link_up = [&] { ++ups; };
  cb.on_fix = [&](const shikan::Fix& f) {
    fixes.push_back(f);
    clock.advance_ms(1000);  // the test's clock moves one period per fix
    if (fixes.size() == 3) io.stop();
  };
  auto src = shikan::probe::make_fixed_source(io, pos, shikan::Metres(12.5), 10ms, clock, cb);
  CHECK(src->describe() == "fixed 31.2304000,121.4737000 every 10 ms");
  src->start();
  io.run_for(5s);
  src->stop();

  CHECK(ups == 1);
  REQUIRE(fixes.size() == 3);
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    CHECK(fixes[i].utc.ms == 1'773'576'000'000 + static_cast<std::int64_t>(i) * 1000);
    CHECK(fixes[i].pos == pos);
    CHECK(fixes[i].quality == shikan::FixQuality::Manual);
    CHECK(fixes[i].alt->value == 12.5);
    CHECK_FALSE(fixes[i].hdop);
    CHECK_FALSE(fixes[i].sats);
  }

  // Stopped: no more fixes.
  io.restart();
  io.run_for(50ms);
  CHECK(fixes.size() == 3);
}

TEST_CASE("fixed source: a throwing callback does not escape the io_context", "[gnss]") {
  boost::asio::io_context io;
  shikan::ManualClock clock;
  std::vector<std::string> downs;
  int calls = 0;
  shikan::probe::GnssCallbacks cb;
  cb.on_fix = [&](const shikan::Fix&) {
    if (++calls == 2) io.stop();
    throw std::runtime_error("disk full");
  };
  cb.on_link_down = [&](const std::string& w) { downs.push_back(w); };
  auto src =
      shikan::probe::make_fixed_source(io, {shikan::Latitude(0), shikan::Longitude(0)}, std::nullopt, 5ms, clock, cb);
  src->start();
  CHECK_NOTHROW(io.run_for(5s));
  CHECK(calls == 2);
  REQUIRE_FALSE(downs.empty());
  CHECK(downs[0] == "internal error: disk full");
}

TEST_CASE("fixed source: period must be positive", "[gnss]") {
  boost::asio::io_context io;
  shikan::ManualClock clock;
  CHECK_THROWS_AS(
      shikan::probe::make_fixed_source(io, {shikan::Latitude(0), shikan::Longitude(0)}, std::nullopt, 0ms, clock, {}),
      std::invalid_argument);
}
