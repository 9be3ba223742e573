// WGS-84 <-> GCJ-02 <-> BD-09. The GCJ-02 series and constants are those of the widely published
// implementations (e.g. eviltransform, coordtransform); see docs/input-formats.md.
#include "shikan/core/crs.hpp"

#include <cmath>
#include <numbers>

namespace shikan {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kKrasovskyA = 6378245.0;              // semi-major axis of the Krasovsky 1940 ellipsoid, m
constexpr double kKrasovskyEe = 0.00669342162296594323;  // its first eccentricity squared
constexpr double kXPi = kPi * 3000.0 / 180.0;

struct LatLon {
  double lat, lon;
};

double transform_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double transform_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

bool in_box(LatLon p) { return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271; }

LatLon wgs_to_gcj(LatLon w) {
  if (!in_box(w)) return w;
  const double dlat0 = transform_lat(w.lon - 105.0, w.lat - 35.0);
  const double dlon0 = transform_lon(w.lon - 105.0, w.lat - 35.0);
  const double rad = w.lat / 180.0 * kPi;
  const double magic = 1.0 - kKrasovskyEe * std::sin(rad) * std::sin(rad);
  const double sqrt_magic = std::sqrt(magic);
  const double dlat = dlat0 * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
  const double dlon = dlon0 * 180.0 / (kKrasovskyA / sqrt_magic * std::cos(rad) * kPi);
  return {w.lat + dlat, w.lon + dlon};
}

LatLon gcj_to_bd(LatLon g) {
  if (!in_box(g)) return g;
  const double x = g.lon, y = g.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
  return {z * std::sin(theta) + 0.006, z * std::cos(theta) + 0.0065};
}

LatLon bd_to_gcj_closed(LatLon b) {
  if (!in_box(b)) return b;
  const double x = b.lon - 0.0065, y = b.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return {z * std::sin(theta), z * std::cos(theta)};
}

// Solves forward(w) = target for w by w <- w + (target - forward(w)). The forward shifts vary slowly
// (their derivatives are ~1e-3 or less), so this contracts fast: 3-5 steps reach 1e-9 degrees.
template <class Forward>
LatLon invert(LatLon target, LatLon start, Forward forward) {
  LatLon w = start;
  for (int i = 0; i < 50; ++i) {
    const LatLon f = forward(w);
    const double dlat = target.lat - f.lat, dlon = target.lon - f.lon;
    w = {w.lat + dlat, w.lon + dlon};
    if (std::abs(dlat) < 1e-10 && std::abs(dlon) < 1e-10) break;
  }
  return w;
}

LatLon gcj_to_wgs(LatLon g) {
  if (!in_box(g)) return g;
  return invert(g, g, wgs_to_gcj);
}

LatLon bd_to_gcj(LatLon b) {
  if (!in_box(b)) return b;
  return invert(b, bd_to_gcj_closed(b), gcj_to_bd);
}

LatLon of(const GeoPoint& p) { return {p.lat.degrees(), p.lon.degrees()}; }
GeoPoint to_point(LatLon p) { return GeoPoint{Latitude(p.lat), Longitude(p.lon)}; }

}  // namespace

std::string_view to_string(Crs c) {
  switch (c) {
    case Crs::Wgs84: return "wgs84";
    case Crs::Gcj02: return "gcj02";
    case Crs::Bd09: return "bd09";
  }
  return "wgs84";
}

std::optional<Crs> parse_crs(std::string_view s) {
  std::string t;
  for (const char c : s)
    if (c != '-') t.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (t == "wgs84") return Crs::Wgs84;
  if (t == "gcj02") return Crs::Gcj02;
  if (t == "bd09") return Crs::Bd09;
  return std::nullopt;
}

bool in_china_box(const GeoPoint& p) { return in_box(of(p)); }

GeoPoint from_wgs84(const GeoPoint& wgs, Crs to) {
  switch (to) {
    case Crs::Wgs84: return wgs;
    case Crs::Gcj02: return to_point(wgs_to_gcj(of(wgs)));
    case Crs::Bd09: return to_point(gcj_to_bd(wgs_to_gcj(of(wgs))));
  }
  return wgs;
}

GeoPoint to_wgs84(const GeoPoint& p, Crs from) {
  switch (from) {
    case Crs::Wgs84: return p;
    case Crs::Gcj02: return to_point(gcj_to_wgs(of(p)));
    case Crs::Bd09: return to_point(gcj_to_wgs(bd_to_gcj(of(p))));
  }
  return p;
}

GeoPoint gcj02_to_bd09(const GeoPoint& gcj) { return to_point(gcj_to_bd(of(gcj))); }
GeoPoint bd09_to_gcj02_closed(const GeoPoint& bd) { return to_point(bd_to_gcj_closed(of(bd))); }

Metres LocalOffset::magnitude() const { return Metres(std::hypot(east.value, north.value)); }

LocalOffset crs_offset(const GeoPoint& wgs, Crs to) {
  constexpr double a = 6378137.0, e2 = 0.00669437999014;  // WGS-84
  const GeoPoint shifted = from_wgs84(wgs, to);
  const double phi = wgs.lat.degrees() * kPi / 180.0;
  const double s = std::sin(phi);
  const double w = std::sqrt(1.0 - e2 * s * s);
  const double m = a * (1.0 - e2) / (w * w * w);  // meridian radius of curvature
  const double n = a / w;                           // prime-vertical radius of curvature
  const double dlat = (shifted.lat.degrees() - wgs.lat.degrees()) * kPi / 180.0;
  const double dlon = (shifted.lon.degrees() - wgs.lon.degrees()) * kPi / 180.0;
  return LocalOffset{Metres(dlon * n * std::cos(phi)), Metres(dlat * m)};
}

}  // namespace shikan
