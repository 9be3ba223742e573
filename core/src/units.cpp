#include "shikan/core/units.hpp"

#include <cmath>
#include <numbers>

namespace shikan {

Metres haversine(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kEarthRadius = 6371008.8;  // IUGG mean radius, metres
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.lat.degrees() - a.lat.degrees()) * kRad;
  const double dlon = (b.lon.degrees() - a.lon.degrees()) * kRad;
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat.degrees() * kRad) * std::cos(b.lat.degrees() * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return Metres{2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(s)))};
}

}  // namespace shikan
