// Splitting an ordered tour into working days (issue 4: --hours-per-day, a dwell time per stop). Pure.
// Driving time is distance / speed; geodesic legs are stretched by a detour factor (streets are longer than
// straight lines; 1.0 when the distances are already road distances). A day ends before the stop whose leg and
// dwell would push it past hours_per_day; the next day starts there (the team sleeps near the route), except
// that every day visits at least one stop.
#pragma once

#include <span>
#include <vector>

namespace shikan::survey {

struct ScheduleOptions {
  double speed_kmh = 30;        // average urban driving speed, stops included
  double detour = 1.3;          // road length / geodesic length
  double hours_per_day = 8;
};

struct Leg {
  double metres = 0;     // from the previous stop (or the start) to this stop
  double dwell_min = 10;  // time spent at the stop
};

struct ScheduledStop {
  int day = 1;            // 1-based
  double arrive_min = 0;  // minutes after the day's start
};

struct DayTotal {
  int day = 1;
  double km = 0;     // driven (detour applied)
  double hours = 0;  // driving and dwelling
};

struct Schedule {
  std::vector<ScheduledStop> stops;  // parallel to the legs
  std::vector<DayTotal> days;
  double km = 0;
};

// Throws std::invalid_argument for non-positive speed, detour < 1 or hours_per_day <= 0.
Schedule schedule(std::span<const Leg> legs, const ScheduleOptions& options = {});

}  // namespace shikan::survey
