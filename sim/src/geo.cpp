#include "shikan/sim/geo.hpp"

#include <GeographicLib/LocalCartesian.hpp>
#include <cmath>
#include <numbers>

namespace shikan::sim {

double distance_m(const Enu& a, const Enu& b) { return std::hypot(a.east_m - b.east_m, a.north_m - b.north_m); }

double bearing_deg(const Enu& a, const Enu& b) {
  double deg = std::atan2(b.east_m - a.east_m, b.north_m - a.north_m) * 180.0 / std::numbers::pi;
  if (deg < 0) deg += 360.0;
  return deg >= 360.0 ? 0.0 : deg;
}

struct LocalFrame::Impl {
  GeographicLib::LocalCartesian lc;
};

LocalFrame::LocalFrame(const GeoPoint& origin)
    : origin_(origin), impl_(std::make_unique<Impl>(Impl{GeographicLib::LocalCartesian(origin.lat.degrees(), origin.lon.degrees(), 0.0)})) {}
LocalFrame::~LocalFrame() = default;
LocalFrame::LocalFrame(const LocalFrame& o) : origin_(o.origin_), impl_(std::make_unique<Impl>(*o.impl_)) {}
LocalFrame& LocalFrame::operator=(const LocalFrame& o) {
  if (this != &o) {
    origin_ = o.origin_;
    impl_ = std::make_unique<Impl>(*o.impl_);
  }
  return *this;
}

Enu LocalFrame::to_enu(const GeoPoint& p) const {
  double x = 0, y = 0, z = 0;
  impl_->lc.Forward(p.lat.degrees(), p.lon.degrees(), 0.0, x, y, z);
  return Enu{x, y};
}

GeoPoint LocalFrame::to_geo(const Enu& e) const {
  double lat = 0, lon = 0, h = 0;
  // The plane is tangent at height 0; z = 0 keeps points within ~mm of the ellipsoid over a city.
  impl_->lc.Reverse(e.east_m, e.north_m, 0.0, lat, lon, h);
  return GeoPoint{Latitude(lat), Longitude(lon)};
}

}  // namespace shikan::sim
