// Chinese map coordinate systems (FIELD_GUIDE §5): WGS-84 (GNSS, CGCS2000 to within centimetres), GCJ-02
// (Amap, Tencent; a deterministic published obfuscation of WGS-84) and BD-09 (Baidu, a further shift of
// GCJ-02). Formulas and their accuracy: docs/input-formats.md, "CRS transforms". Pure functions.
//
// units.hpp says a GeoPoint is WGS-84. The functions here are the one sanctioned exception: a GeoPoint
// argument of to_wgs84 and the result of from_wgs84 hold coordinates in the named Crs, and nothing else
// should keep such a point around.
#pragma once

#include <optional>
#include <string_view>

#include "shikan/core/units.hpp"

namespace shikan {

enum class Crs { Wgs84, Gcj02, Bd09 };

std::string_view to_string(Crs c);  // "wgs84", "gcj02", "bd09"
// "wgs84"/"wgs-84", "gcj02"/"gcj-02", "bd09"/"bd-09", ASCII case-insensitive; nullopt otherwise.
std::optional<Crs> parse_crs(std::string_view s);

// The rough China bounding box used by the published implementations (lon 72.004..137.8347,
// lat 0.8293..55.8271). Outside it GCJ-02 and BD-09 coordinates equal WGS-84 (no shift at all).
bool in_china_box(const GeoPoint& p);

// A point written in `from` -> WGS-84. GCJ-02 is inverted by fixed-point iteration of the closed-form
// forward transform to < 1e-9 degrees (about 0.1 mm); BD-09 likewise, seeded with the closed-form inverse.
GeoPoint to_wgs84(const GeoPoint& p, Crs from);
// A WGS-84 point -> its coordinates in `to` (closed form).
GeoPoint from_wgs84(const GeoPoint& wgs, Crs to);

// The published closed forms between GCJ-02 and BD-09 (x_pi = π·3000/180). bd09_to_gcj02_closed is not an
// exact inverse of gcj02_to_bd09 (up to about 0.2 m off); to_wgs84 refines it.
GeoPoint gcj02_to_bd09(const GeoPoint& gcj);
GeoPoint bd09_to_gcj02_closed(const GeoPoint& bd);

// The shift the transform applies at a WGS-84 place, as east/north metres in the local tangent plane
// (WGS-84 ellipsoid radii of curvature at the point's latitude). 100–700 m inside China for GCJ-02.
struct LocalOffset {
  Metres east{0};
  Metres north{0};
  Metres magnitude() const;
};
LocalOffset crs_offset(const GeoPoint& wgs, Crs to);

}  // namespace shikan
