// A local east-north plane around the city centre (GeographicLib::LocalCartesian, WGS-84), so
// distances and bearings inside a city are plain metre arithmetic.
#pragma once

#include <memory>

#include "shikan/core/units.hpp"

namespace shikan::sim {

// A point on the local plane, metres east and north of the frame's origin.
struct Enu {
  double east_m = 0;
  double north_m = 0;
};

double distance_m(const Enu& a, const Enu& b);
// Bearing from a to b, degrees clockwise from north, [0, 360).
double bearing_deg(const Enu& a, const Enu& b);

class LocalFrame {
 public:
  explicit LocalFrame(const GeoPoint& origin);
  ~LocalFrame();
  LocalFrame(const LocalFrame&);
  LocalFrame& operator=(const LocalFrame&);
  Enu to_enu(const GeoPoint& p) const;
  GeoPoint to_geo(const Enu& e) const;
  const GeoPoint& origin() const { return origin_; }

 private:
  struct Impl;
  GeoPoint origin_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shikan::sim
