#include "shikan/analyzer/frame.hpp"

#include <GeographicLib/TransverseMercator.hpp>

#include <algorithm>
#include <cmath>

namespace shikan::analyzer {

namespace {
constexpr std::int32_t kTileE7 = 100'000;  // 0.01 degree
const GeographicLib::TransverseMercator& tm() {
  static const GeographicLib::TransverseMercator t(GeographicLib::Constants::WGS84_a(),
                                                   GeographicLib::Constants::WGS84_f(), 1.0);
  return t;
}
std::int32_t floor_div(std::int32_t a, std::int32_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

double distance_m(const Xy& a, const Xy& b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

LocalFrame::LocalFrame(const GeoPoint& origin) : origin_(origin) {}

Xy LocalFrame::exact(const GeoPoint& p) const {
  double x = 0, y = 0, x0 = 0, y0 = 0;
  const double lon0 = origin_.lon.degrees();
  tm().Forward(lon0, origin_.lat.degrees(), lon0, x0, y0);
  tm().Forward(lon0, p.lat.degrees(), p.lon.degrees(), x, y);
  return {x - x0, y - y0};
}

GeoPoint LocalFrame::to_geo(const Xy& xy) const {
  double x0 = 0, y0 = 0, lat = 0, lon = 0;
  const double lon0 = origin_.lon.degrees();
  tm().Forward(lon0, origin_.lat.degrees(), lon0, x0, y0);
  tm().Reverse(lon0, xy.x_m + x0, xy.y_m + y0, lat, lon);
  return GeoPoint{Latitude(lat), Longitude(lon)};
}

const LocalFrame::Tile& LocalFrame::tile(std::int32_t ilat, std::int32_t ilon) {
  const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ilat)) << 32) |
                            static_cast<std::uint32_t>(ilon);
  if (key == last_key_) return *last_;
  auto it = tiles_.find(key);
  if (it == tiles_.end()) {
    const auto corner = [&](std::int32_t a, std::int32_t o) {
      const double lat = std::clamp(static_cast<double>(a) * kTileE7 * 1e-7, -90.0, 90.0);
      return exact(GeoPoint{Latitude(lat), Longitude(static_cast<double>(o) * kTileE7 * 1e-7)});
    };
    it = tiles_.emplace(key, Tile{corner(ilat, ilon), corner(ilat + 1, ilon), corner(ilat, ilon + 1),
                                  corner(ilat + 1, ilon + 1)})
             .first;
  }
  last_key_ = key;
  last_ = &it->second;
  return *last_;
}

Xy LocalFrame::project(std::int32_t lat_e7, std::int32_t lon_e7) {
  const std::int32_t ilat = floor_div(lat_e7, kTileE7), ilon = floor_div(lon_e7, kTileE7);
  const Tile& t = tile(ilat, ilon);
  const double u = static_cast<double>(lat_e7 - ilat * kTileE7) / kTileE7;  // along latitude
  const double v = static_cast<double>(lon_e7 - ilon * kTileE7) / kTileE7;  // along longitude
  const auto mix = [&](double a00, double a10, double a01, double a11) {
    return a00 * (1 - u) * (1 - v) + a10 * u * (1 - v) + a01 * (1 - u) * v + a11 * u * v;
  };
  return {mix(t.c00.x_m, t.c10.x_m, t.c01.x_m, t.c11.x_m), mix(t.c00.y_m, t.c10.y_m, t.c01.y_m, t.c11.y_m)};
}

Xy LocalFrame::project(const GeoPoint& p) {
  return project(static_cast<std::int32_t>(std::lround(p.lat.degrees() * 1e7)),
                 static_cast<std::int32_t>(std::lround(p.lon.degrees() * 1e7)));
}

}  // namespace shikan::analyzer
