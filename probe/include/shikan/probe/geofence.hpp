// Following a survey campaign (core/campaign.hpp): which stop's geofence the probe is in, enter / exit
// transitions, per-stop progress, and the next stop to drive to. Pure: fixes and their monotonic times are passed
// in (no clock, no I/O), so tests drive it with made-up tracks. Not thread-safe; the agent uses it from its one
// io_context thread.
//
// Inside: core places geometry (planar in a local frame around each stop: a circle by distance from its centre,
// a polygon by the even-odd rule, holes excluded, the boundary inside). A stop is entered when a fix is inside
// its geofence and left only when a fix is more than `exit_margin` outside it, so GNSS jitter of a few metres on
// the boundary does not flap. Geofences may overlap: each stop has its own state.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "shikan/core/campaign.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan::probe {

struct GeofenceOptions {
  Metres exit_margin{20};  // a stop is left only when a fix is this far outside its geofence
  // Time between two fixes inside a stop counts as time inside up to this gap: a GNSS outage is not time spent.
  std::chrono::milliseconds max_gap{10'000};
};

enum class GeofenceTransition : std::uint8_t { Enter, Exit };

struct GeofenceEvent {
  GeofenceTransition transition = GeofenceTransition::Enter;
  std::size_t stop = 0;  // index into stops() (visiting order)
};

struct StopProgress {
  bool inside = false;
  bool visited = false;                     // entered at least once
  std::chrono::milliseconds time_inside{0};  // summed over every visit
  std::uint64_t samples_inside = 0;          // measurement samples counted by on_sample() while inside
};

struct NextStop {
  std::size_t stop = 0;                // index into stops()
  std::optional<Metres> distance;      // from the last fix to the stop's position; none before the first fix
  std::optional<double> bearing_deg;   // initial bearing, degrees clockwise from true north in [0, 360)
};

class GeofenceTracker {
 public:
  explicit GeofenceTracker(std::vector<CampaignStop> stops, GeofenceOptions options = {});

  // One position. Returns the transitions it causes, exits first, each group in visiting order. `at` must not go
  // backwards (an earlier time is taken as no time passing).
  std::vector<GeofenceEvent> on_fix(const GeoPoint& pos, MonoTime at);
  // A measurement sample was taken at the last fix: counted for every stop the probe is inside.
  void on_sample();

  const std::vector<CampaignStop>& stops() const { return stops_; }
  const StopProgress& progress(std::size_t stop) const { return progress_.at(stop); }
  std::size_t visited() const;
  // The lowest-order stop the probe is inside, if any.
  std::optional<std::size_t> inside() const;
  // The lowest-order stop not yet visited, with distance and bearing from the last fix; nullopt when every stop
  // has been visited.
  std::optional<NextStop> next() const;

 private:
  std::vector<CampaignStop> stops_;
  std::vector<KeyPlace> shapes_;  // the geofences, as places.hpp shapes
  std::vector<StopProgress> progress_;
  GeofenceOptions options_;
  std::optional<GeoPoint> last_pos_;
  std::optional<MonoTime> last_at_;
};

// Initial great-circle bearing from `from` to `to` in degrees [0, 360), clockwise from true north (spherical
// Earth: within a few hundredths of a degree of the ellipsoidal value at city distances). 0 for equal points.
double initial_bearing_deg(const GeoPoint& from, const GeoPoint& to);

// The 8-point compass sector of a bearing: 0 = N, 1 = NE, ... 7 = NW (each 45° wide, centred on the point).
int compass_point8(double bearing_deg);

}  // namespace shikan::probe
