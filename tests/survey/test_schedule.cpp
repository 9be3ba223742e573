// Splitting a tour into days.
#include <catch2/catch.hpp>

#include <vector>

#include "shikan/survey/schedule.hpp"

using namespace shikan::survey;

TEST_CASE("schedule: arrival times, day breaks, totals", "[schedule]") {
  ScheduleOptions o;
  o.speed_kmh = 30;  // 1 km = 2 min
  o.detour = 1.0;
  o.hours_per_day = 1;  // 60 min
  // 10 km (20 min) + 10 dwell = 30; again = 60 (fits exactly); the third would reach 90: next day.
  const std::vector<Leg> legs{{10000, 10}, {10000, 10}, {10000, 10}, {2000, 5}};
  const Schedule s = schedule(legs, o);
  REQUIRE(s.stops.size() == 4);
  CHECK(s.stops[0].day == 1);
  CHECK(s.stops[0].arrive_min == Approx(20));
  CHECK(s.stops[1].arrive_min == Approx(50));
  CHECK(s.stops[2].day == 2);
  CHECK(s.stops[2].arrive_min == Approx(20));
  CHECK(s.stops[3].day == 2);
  CHECK(s.stops[3].arrive_min == Approx(34));
  REQUIRE(s.days.size() == 2);
  CHECK(s.days[0].km == Approx(20));
  CHECK(s.days[0].hours == Approx(1.0));
  CHECK(s.days[1].km == Approx(12));
  CHECK(s.days[1].hours == Approx(39.0 / 60));
  CHECK(s.km == Approx(32));
}

TEST_CASE("schedule: a stop longer than a day still gets its own day; detour stretches legs", "[schedule]") {
  ScheduleOptions o;
  o.hours_per_day = 0.5;
  const std::vector<Leg> legs{{60000, 10}, {1000, 10}};  // 60 km x 1.3 at 30 km/h = 156 min > 30 min
  const Schedule s = schedule(legs, o);
  CHECK(s.stops[0].day == 1);
  CHECK(s.stops[0].arrive_min == Approx(156));
  CHECK(s.stops[1].day == 2);
  CHECK(s.days.size() == 2);
  CHECK(schedule({}, o).days.empty());
  o.speed_kmh = 0;
  CHECK_THROWS_WITH(schedule(legs, o), Catch::Contains("speed"));
}
