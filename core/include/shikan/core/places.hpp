// Key places (FIELD_GUIDE §1: hospitals, universities, stations, airports, scenic areas, roads) read from
// GeoJSON (RFC 7946), and the geometry the analyzer and survey need on them. Format: docs/input-formats.md.
//
// Geometry is planar in a local tangent frame centred on each place (equirectangular with WGS-84 radii of
// curvature at the centre): within 20 km of a place distances are good to about 0.2%, ample at city scale.
// Not for country-sized shapes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/crs.hpp"
#include "shikan/core/units.hpp"

namespace shikan {

enum class PlaceCategory { Hospital, University, Station, Airport, Scenic, Road };
std::string_view to_string(PlaceCategory c);  // "hospital", "university", "station", "airport", "scenic", "road"
// English names (ASCII case-insensitive) or 医院/高校/大学/火车站/车站/机场/景区/道路.
std::optional<PlaceCategory> parse_place_category(std::string_view s);

// A polygon: an outer ring and holes, each closed (first vertex == last), WGS-84.
struct PlacePolygon {
  std::vector<GeoPoint> outer;
  std::vector<std::vector<GeoPoint>> holes;
};

struct PlaceCircle {
  GeoPoint centre;
  Metres radius;
};

// Exactly one of `area` (non-empty) and `circle` is set.
struct KeyPlace {
  std::string name;
  PlaceCategory category = PlaceCategory::Hospital;
  std::vector<PlacePolygon> area;     // from a Polygon or MultiPolygon
  std::optional<PlaceCircle> circle;  // from a Point with a "radius" property in metres
  std::size_t feature_index = 0;      // 0-based index in the FeatureCollection's "features"
};

// One rejected feature. message is "FILE: feature N: reason".
struct PlaceRejection {
  std::size_t feature_index = 0;
  std::string message;
};

struct PlaceList {
  std::string source;
  std::vector<KeyPlace> places;
  std::vector<PlaceRejection> rejections;
  std::size_t features = 0;  // places + rejections
};

struct PlaceReadOptions {
  // RFC 7946 says WGS-84, but outlines traced on Amap or Baidu are GCJ-02 or BD-09: converted when declared.
  Crs crs = Crs::Wgs84;
};

// Pure: parses GeoJSON text (a FeatureCollection, or a single Feature). A bad feature becomes a rejection;
// text that is not JSON or not a FeatureCollection throws std::runtime_error naming `source`.
PlaceList parse_places(std::string_view geojson, const std::string& source, const PlaceReadOptions& options = {});
// Edge: reads the file (UTF-8) and parses it. Throws std::runtime_error naming the file.
PlaceList read_places_file(const std::filesystem::path& path, const PlaceReadOptions& options = {});

// Inside the place (on the boundary counts as inside; inside a hole does not).
bool contains(const KeyPlace& place, const GeoPoint& p);
// Distance from p to the place: 0 inside, else to the nearest boundary point (planar, see above).
Metres distance_to(const KeyPlace& place, const GeoPoint& p);
// A point to drive to: the circle's centre, or the area-weighted centroid of the largest polygon's outer
// ring (which may lie outside a strongly concave shape).
GeoPoint anchor(const KeyPlace& place);

}  // namespace shikan
