// The survey plan as map files: GPX 1.1 (GNSS handhelds, OsmAnd), KML 2.2 (Google Earth, Ovital 奥维) and
// GeoJSON (RFC 7946: QGIS, geojson.io, web maps). Pure: values in, file text out; the caller writes the file.
// Output is deterministic (byte-identical for the same input). All positions are WGS-84, written with 7 decimals
// (~1 cm). Names and ids are untrusted text: escaped, control characters and invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <string>
#include <vector>

#include "shikan/core/units.hpp"

namespace shikan::survey {

enum class StopKind { Site, Place };

// One visit on the plan.
struct Stop {
  int order = 0;               // 1-based visiting order within the plan
  int day = 0;                 // 1-based day
  StopKind kind = StopKind::Site;
  std::string id;              // site id or place id, as listed (untrusted)
  std::string name;            // site address or place name (UTF-8, untrusted)
  std::string detail;          // operator (sites) / category or type (places); one map style per distinct value
  GeoPoint pos;
  double arrive_min = 0;       // minutes after the day's start; NaN when unknown
  std::string op;              // sites: the operator key (cmcc, ...); places: empty
};

struct DayRoute {
  int day = 0;                 // 1-based
  std::vector<Stop> stops;     // in visiting order
  std::vector<GeoPoint> path;  // polyline to draw; may be just the stops; empty → the stops are used
  double km = 0;               // driving distance of the day
  double hours = 0;            // total time of the day, visits included
};

// GPX 1.1: a <wpt> for every stop, one <rte> per day with an <rtept> per stop (name = "<order> <id>"), and one
// <trk> per day following `path`.
std::string to_gpx(const std::vector<DayRoute>& days, const std::string& title);

// KML 2.2: a <Folder> per day holding a Placemark per stop (shared <Style> per kind and detail) and the day's
// LineString (left out when the day has fewer than two points). Plain KML, no gx: extensions.
std::string to_kml(const std::vector<DayRoute>& days, const std::string& title);

// RFC 7946 FeatureCollection: per day a LineString feature (when it has two points or more), then a Point per stop
// with properties order, day, kind ("site"/"place"), id, name, detail, arrive_min (null when unknown).
// Coordinates are [lon, lat].
std::string to_geojson(const std::vector<DayRoute>& days);

}  // namespace shikan::survey
