// A local metric frame for one analysis: transverse Mercator (GeographicLib, WGS-84, scale 1) centred on an
// origin, so x east and y north are metres with a scale error below 1e-5 within 45 km of the origin.
// project() is on the hot path (once per measurement): the exact projection is computed by GeographicLib at
// the corners of 0.01° tiles and interpolated bilinearly inside a tile: within 1 cm of the exact value
// (the worst term, meridian convergence, bends y by R sinφ cosφ Δλ²/2 — about 1 cm across a 1 km tile). Not thread-safe
// (the tile cache); copy the frame per thread.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "shikan/core/units.hpp"

namespace shikan::analyzer {

struct Xy {
  double x_m = 0;  // east of the origin
  double y_m = 0;  // north of the origin
};
double distance_m(const Xy& a, const Xy& b);

class LocalFrame {
 public:
  explicit LocalFrame(const GeoPoint& origin);
  const GeoPoint& origin() const { return origin_; }
  // Exact (GeographicLib) projection and its inverse.
  Xy exact(const GeoPoint& p) const;
  GeoPoint to_geo(const Xy& xy) const;
  // Fast projection of a position in 1e-7 degrees (Measurement's storage), tile-interpolated.
  Xy project(std::int32_t lat_e7, std::int32_t lon_e7);
  Xy project(const GeoPoint& p);

 private:
  struct Tile {
    Xy c00, c10, c01, c11;  // corners: (lat0, lon0), (lat0 + 1, lon0), (lat0, lon0 + 1), (lat0 + 1, lon0 + 1)
  };
  const Tile& tile(std::int32_t ilat, std::int32_t ilon);

  GeoPoint origin_;
  std::unordered_map<std::uint64_t, Tile> tiles_;
  std::uint64_t last_key_ = ~std::uint64_t{0};
  const Tile* last_ = nullptr;
};

}  // namespace shikan::analyzer
