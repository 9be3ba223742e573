// FixTracker with a ManualClock: the fix and its age on samples, FixLost / FixBack on transitions.
#include <catch2/catch.hpp>

#include "shikan/probe/agent.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

namespace {
Fix fix_at(std::int64_t utc_ms) {
  Fix f{UtcTime{utc_ms}, GeoPoint{Latitude(31.2304), Longitude(121.4737)}, FixQuality::Gps, {}, {}, {}, {}, {}};
  f.sats = 9;
  f.hdop = 0.9;
  return f;
}
}  // namespace

TEST_CASE("fix tracker: samples carry the latest fix and its monotonic age", "[probe][session][fix]") {
  ManualClock clock(UtcTime{1'000'000});
  FixTracker t("gnss", 3000ms, clock);
  Sample s;
  t.attach(s);
  CHECK_FALSE(s.fix.has_value());
  CHECK(s.fix_age_ms == -1);
  CHECK(t.take_events().empty());  // no fix yet is not a loss

  t.on_fix(fix_at(1'000'000));
  clock.advance_ms(400);
  t.attach(s);
  REQUIRE(s.fix);
  CHECK(s.fix_age_ms == 400);
  CHECK(t.status().valid);
  CHECK(t.take_events().empty());  // the first fix is not a "back"
}

TEST_CASE("fix tracker: a fix older than fix_max_age is lost, a new one is back", "[probe][session][fix]") {
  ManualClock clock;
  FixTracker t("gnss", 3000ms, clock);
  t.on_fix(fix_at(0));
  clock.advance_ms(3000);
  t.check();
  CHECK(t.take_events().empty());  // exactly max age is still usable
  clock.advance_ms(1);
  Sample s;
  t.attach(s);
  CHECK(s.fix_age_ms == 3001);  // recorded, flagged by its age
  auto ev = t.take_events();
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == EventKind::FixLost);
  CHECK(ev[0].detail == "latest fix is 3001 ms old (max 3000 ms)");
  t.check();
  CHECK(t.take_events().empty());  // once per outage
  clock.advance_ms(2000);
  t.on_fix(fix_at(5001));
  ev = t.take_events();
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].kind == EventKind::FixBack);
  CHECK(ev[0].detail == "gap_ms=2000");
}

TEST_CASE("fix tracker: the receiver saying 'no fix' is a loss at once", "[probe][session][fix]") {
  ManualClock clock;
  FixTracker t("gnss", 3000ms, clock);
  t.on_fix(fix_at(0));
  clock.advance_ms(1000);
  t.on_no_fix();
  auto ev = t.take_events();
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].detail == "receiver reports no fix");
  CHECK_FALSE(t.status().valid);
  CHECK(t.status().fix.has_value());  // the last position is still shown, as stale
}
