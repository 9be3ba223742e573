// GeofenceTracker (geofence.hpp).
#include "shikan/probe/geofence.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace shikan::probe {

GeofenceTracker::GeofenceTracker(std::vector<CampaignStop> stops, GeofenceOptions options)
    : stops_(std::move(stops)), progress_(stops_.size()), options_(options) {
  std::stable_sort(stops_.begin(), stops_.end(),
                   [](const CampaignStop& a, const CampaignStop& b) { return a.order < b.order; });
  shapes_.reserve(stops_.size());
  for (const CampaignStop& s : stops_) shapes_.push_back(as_place(s));
}

std::vector<GeofenceEvent> GeofenceTracker::on_fix(const GeoPoint& pos, MonoTime at) {
  std::chrono::milliseconds since{0};
  if (last_at_ && at.ns > last_at_->ns)
    since = std::min(std::chrono::milliseconds((at.ns - last_at_->ns) / 1'000'000), options_.max_gap);
  last_at_ = at;
  last_pos_ = pos;
  std::vector<GeofenceEvent> exits, enters;
  for (std::size_t i = 0; i < stops_.size(); ++i) {
    StopProgress& p = progress_[i];
    const double outside_m = distance_to(shapes_[i], pos).value;  // 0 inside
    if (p.inside) {
      p.time_inside += since;  // inside at the previous fix: the interval counts (capped at max_gap)
      if (outside_m > options_.exit_margin.value) {
        p.inside = false;
        exits.push_back({GeofenceTransition::Exit, i});
      }
    } else if (outside_m == 0.0) {
      p.inside = true;
      p.visited = true;
      enters.push_back({GeofenceTransition::Enter, i});
    }
  }
  exits.insert(exits.end(), enters.begin(), enters.end());
  return exits;
}

void GeofenceTracker::on_sample() {
  for (StopProgress& p : progress_)
    if (p.inside) ++p.samples_inside;
}

std::size_t GeofenceTracker::visited() const {
  return static_cast<std::size_t>(
      std::count_if(progress_.begin(), progress_.end(), [](const StopProgress& p) { return p.visited; }));
}

std::optional<std::size_t> GeofenceTracker::inside() const {
  for (std::size_t i = 0; i < progress_.size(); ++i)
    if (progress_[i].inside) return i;
  return std::nullopt;
}

std::optional<NextStop> GeofenceTracker::next() const {
  for (std::size_t i = 0; i < progress_.size(); ++i) {
    if (progress_[i].visited) continue;
    NextStop n;
    n.stop = i;
    if (last_pos_) {
      n.distance = haversine(*last_pos_, stops_[i].pos);
      n.bearing_deg = initial_bearing_deg(*last_pos_, stops_[i].pos);
    }
    return n;
  }
  return std::nullopt;
}

double initial_bearing_deg(const GeoPoint& from, const GeoPoint& to) {
  constexpr double rad = std::numbers::pi / 180.0;
  const double p1 = from.lat.degrees() * rad, p2 = to.lat.degrees() * rad;
  const double dl = (to.lon.degrees() - from.lon.degrees()) * rad;
  const double y = std::sin(dl) * std::cos(p2);
  const double x = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
  if (x == 0.0 && y == 0.0) return 0.0;
  const double deg = std::atan2(y, x) / rad;
  return deg < 0 ? deg + 360.0 : (deg >= 360.0 ? deg - 360.0 : deg);
}

int compass_point8(double bearing_deg) {
  if (!std::isfinite(bearing_deg)) return 0;
  double b = std::fmod(bearing_deg, 360.0);
  if (b < 0) b += 360.0;
  return static_cast<int>(std::floor((b + 22.5) / 45.0)) % 8;
}

}  // namespace shikan::probe
