// Point-in-polygon, distance and anchor for key places, planar in a local tangent frame (places.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "shikan/core/places.hpp"

namespace shikan {

namespace {

struct Xy {
  double x, y;  // metres east, north of the frame's origin
};

class LocalFrame {
 public:
  explicit LocalFrame(const GeoPoint& origin) : lat0_(origin.lat.degrees()), lon0_(origin.lon.degrees()) {
    constexpr double a = 6378137.0, e2 = 0.00669437999014;  // WGS-84
    const double phi = lat0_ * std::numbers::pi / 180.0;
    const double w = std::sqrt(1.0 - e2 * std::sin(phi) * std::sin(phi));
    const double deg = std::numbers::pi / 180.0;
    ky_ = a * (1.0 - e2) / (w * w * w) * deg;  // metres per degree of latitude (meridian radius)
    kx_ = a / w * std::cos(phi) * deg;         // metres per degree of longitude
  }
  Xy to(const GeoPoint& p) const { return {(p.lon.degrees() - lon0_) * kx_, (p.lat.degrees() - lat0_) * ky_}; }
  GeoPoint from(Xy q) const { return GeoPoint{Latitude(lat0_ + q.y / ky_), Longitude(lon0_ + q.x / kx_)}; }

 private:
  double lat0_, lon0_, kx_ = 1, ky_ = 1;
};

GeoPoint origin_of(const KeyPlace& place) {
  if (place.circle) return place.circle->centre;
  return place.area.front().outer.front();
}

double segment_distance(Xy p, Xy a, Xy b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

double ring_distance(const LocalFrame& f, const std::vector<GeoPoint>& ring, Xy p) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) best = std::min(best, segment_distance(p, f.to(ring[i]), f.to(ring[i + 1])));
  return best;
}

// Even-odd rule (ray towards +x). Boundary points are decided by the caller.
bool ring_contains(const LocalFrame& f, const std::vector<GeoPoint>& ring, Xy p) {
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const Xy a = f.to(ring[i]), b = f.to(ring[i + 1]);
    if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) inside = !inside;
  }
  return inside;
}

constexpr double kOnBoundaryM = 1e-6;

bool polygon_contains(const LocalFrame& f, const PlacePolygon& poly, Xy p) {
  if (ring_distance(f, poly.outer, p) <= kOnBoundaryM) return true;
  if (!ring_contains(f, poly.outer, p)) return false;
  for (const auto& hole : poly.holes) {
    if (ring_distance(f, hole, p) <= kOnBoundaryM) return true;
    if (ring_contains(f, hole, p)) return false;
  }
  return true;
}

}  // namespace

bool contains(const KeyPlace& place, const GeoPoint& p) { return distance_to(place, p).value == 0.0; }

Metres distance_to(const KeyPlace& place, const GeoPoint& p) {
  const LocalFrame f(origin_of(place));
  const Xy q = f.to(p);
  if (place.circle) {
    const Xy c = f.to(place.circle->centre);
    return Metres(std::max(0.0, std::hypot(q.x - c.x, q.y - c.y) - place.circle->radius.value));
  }
  double best = std::numeric_limits<double>::infinity();
  for (const auto& poly : place.area) {
    if (polygon_contains(f, poly, q)) return Metres(0.0);
    best = std::min(best, ring_distance(f, poly.outer, q));
    for (const auto& hole : poly.holes) best = std::min(best, ring_distance(f, hole, q));
  }
  return Metres(best);
}

GeoPoint anchor(const KeyPlace& place) {
  if (place.circle) return place.circle->centre;
  const LocalFrame f(origin_of(place));
  double best_area = -1;
  Xy best{0, 0};
  for (const auto& poly : place.area) {
    double a2 = 0, cx = 0, cy = 0, mx = 0, my = 0;  // shoelace: twice the signed area, centroid sums
    const auto& r = poly.outer;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      const Xy p = f.to(r[i]), q = f.to(r[i + 1]);
      const double cross = p.x * q.y - q.x * p.y;
      a2 += cross;
      cx += (p.x + q.x) * cross;
      cy += (p.y + q.y) * cross;
      mx += p.x;
      my += p.y;
    }
    const double area = std::fabs(a2) / 2;
    if (area <= best_area) continue;
    best_area = area;
    const auto n = static_cast<double>(r.size() > 1 ? r.size() - 1 : 1);
    best = area > 1e-9 ? Xy{cx / (3 * a2), cy / (3 * a2)} : Xy{mx / n, my / n};
  }
  return f.from(best);
}

}  // namespace shikan
