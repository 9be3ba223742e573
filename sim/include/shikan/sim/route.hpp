// The drive: a route (GPX 1.1 track or a generated street-grid tour) and the trajectory along it
// (position, speed and course at any simulated time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/result.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/sim/city.hpp"
#include "shikan/sim/geo.hpp"
#include "shikan/sim/random.hpp"

namespace shikan::sim {

struct RoutePoint {
  GeoPoint pos;
  std::optional<UtcTime> time;  // GPX <time>, if given
  bool waypoint = false;        // a track point at one of the file's <wpt> (a survey plan's stop)
};

// Reads the <trkpt lat=".." lon=".."> elements of a GPX 1.1 document in order, with their optional <time>;
// a document without tracks is read by its <rtept> points instead (a file with both, such as a survey
// plan's route.gpx, is driven along its tracks). Points within about a metre of a <wpt> are marked. An error names the line; a document without points is an
// error.
Parsed<std::vector<RoutePoint>> parse_gpx(std::string_view xml);
// GPX 1.1 <trk> of the points (no times), for writing a generated route out.
std::string to_gpx(const std::vector<GeoPoint>& points, std::string_view name);

// A tour on a square street grid (spacing cfg.block, within +-cfg.extent of the origin) that starts
// at the origin and drives to each target in turn (in a seeded order, repeated), along staircase
// paths, until it is at least min_length long. Without targets it drives to random intersections.
std::vector<Enu> generate_grid_route(const RouteConfig& cfg, const std::vector<Enu>& targets, Metres min_length, Rng& rng);

// Speed-profile parameters (docs/simulator.md §1).
struct DriveProfile {
  double min_kmh = 20, max_kmh = 60;  // cruise speed per street, uniform
  double stop_probability = 0.25;     // chance of a stop (traffic light) at an intersection
  double min_stop_s = 5, max_stop_s = 45;
  double turn_kmh = 15;               // speed through a turn of more than 30 degrees
  double accel_mps2 = 1.5, decel_mps2 = 2.0;
  double waypoint_dwell_s = 0;        // standing time at each waypoint (the inspector's visit)
};

class Trajectory {
 public:
  // Drives `points` with the speed profile (seeded: cruise speeds and stops), standing
  // profile.waypoint_dwell_s at each point whose `waypoints` flag is set (the last point included).
  static Trajectory drive(std::vector<Enu> points, const DriveProfile& profile, Rng& rng,
                          const std::vector<bool>& waypoints = {});
  // Follows recorded times (ms after the first point, non-decreasing), interpolating linearly.
  static Trajectory timed(std::vector<Enu> points, const std::vector<std::int64_t>& times_ms);

  std::int64_t duration_ms() const;
  Enu position(std::int64_t t_ms) const;  // clamps to the route's ends
  double distance_m(std::int64_t t_ms) const;  // driven so far
  double speed_mps(std::int64_t t_ms) const;
  double course_deg(std::int64_t t_ms) const;  // of the street being driven, [0, 360)
  double length_m() const { return cum_.empty() ? 0.0 : cum_.back(); }

 private:
  Trajectory(std::vector<Enu> pts, std::vector<double> dist_per_s);
  std::size_t segment_at(double d) const;
  std::vector<Enu> pts_;
  std::vector<double> cum_;         // distance at each vertex
  std::vector<double> dist_per_s_;  // distance driven at each whole second
};

}  // namespace shikan::sim
