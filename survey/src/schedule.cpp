#include "shikan/survey/schedule.hpp"

#include <stdexcept>

namespace shikan::survey {

Schedule schedule(std::span<const Leg> legs, const ScheduleOptions& o) {
  if (!(o.speed_kmh > 0)) throw std::invalid_argument("speed must be positive");
  if (!(o.detour >= 1)) throw std::invalid_argument("detour factor must be at least 1");
  if (!(o.hours_per_day > 0)) throw std::invalid_argument("hours per day must be positive");
  Schedule s;
  const double day_min = o.hours_per_day * 60;
  DayTotal today{1, 0, 0};
  double now = 0;  // minutes into the current day
  bool visited_today = false;
  for (const Leg& leg : legs) {
    const double km = leg.metres * o.detour / 1000.0;
    const double drive_min = km / o.speed_kmh * 60;
    if (visited_today && now + drive_min + leg.dwell_min > day_min) {  // tomorrow, from where we stopped
      today.hours = now / 60;
      s.days.push_back(today);
      today = DayTotal{today.day + 1, 0, 0};
      now = 0;
      visited_today = false;
    }
    now += drive_min;
    s.stops.push_back({today.day, now});
    now += leg.dwell_min;
    today.km += km;
    s.km += km;
    visited_today = true;
  }
  if (visited_today) {
    today.hours = now / 60;
    s.days.push_back(today);
  }
  return s;
}

}  // namespace shikan::survey
