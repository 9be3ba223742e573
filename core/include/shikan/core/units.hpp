// Strong types for quantities: levels (dBm vs dB), distances and WGS-84 positions.
// Raw numbers are validated once, at the boundary, into these types.
#pragma once

#include <compare>
#include <stdexcept>
#include <string>

namespace shikan {

// An absolute power level in dBm (RSRP, RSSI).
struct Dbm {
  double value = 0;
  constexpr explicit Dbm(double v) : value(v) {}
  auto operator<=>(const Dbm&) const = default;
};

// A ratio in dB (RSRQ, SINR). Not convertible to or from Dbm.
struct Db {
  double value = 0;
  constexpr explicit Db(double v) : value(v) {}
  auto operator<=>(const Db&) const = default;
};

struct Metres {
  double value = 0;
  constexpr explicit Metres(double v) : value(v) {}
  auto operator<=>(const Metres&) const = default;
};

// Latitude in degrees, WGS-84, range [-90, 90]. Throws std::out_of_range otherwise.
class Latitude {
 public:
  explicit Latitude(double deg) : deg_(deg) {
    if (!(deg >= -90.0 && deg <= 90.0)) throw std::out_of_range("latitude out of range: " + std::to_string(deg));
  }
  double degrees() const { return deg_; }
  auto operator<=>(const Latitude&) const = default;

 private:
  double deg_;
};

// Longitude in degrees, WGS-84, range [-180, 180]. Throws std::out_of_range otherwise.
class Longitude {
 public:
  explicit Longitude(double deg) : deg_(deg) {
    if (!(deg >= -180.0 && deg <= 180.0)) throw std::out_of_range("longitude out of range: " + std::to_string(deg));
  }
  double degrees() const { return deg_; }
  auto operator<=>(const Longitude&) const = default;

 private:
  double deg_;
};

// A WGS-84 position. GCJ-02 or BD-09 coordinates never enter this type unconverted.
struct GeoPoint {
  Latitude lat;
  Longitude lon;
  auto operator<=>(const GeoPoint&) const = default;
};

// Great-circle distance (spherical, mean Earth radius); good to ~0.5% — use GeographicLib where it matters.
Metres haversine(const GeoPoint& a, const GeoPoint& b);

}  // namespace shikan
