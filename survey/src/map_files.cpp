// GPX, KML and GeoJSON writers for the survey plan (docs/survey.md, "Map files").
#include "shikan/survey/map_files.hpp"

#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "shikan/core/markup.hpp"

namespace shikan::survey {

namespace {

using markup::fixed;
using markup::json_string;
using markup::xml;

const char* kind_name(StopKind k) { return k == StopKind::Site ? "site" : "place"; }

std::string stop_label(const Stop& s) {
  std::string out = std::to_string(s.order);
  out += ' ';
  out += s.id;
  return out;
}

std::string day_label(int day) {
  std::string out = "Day ";
  out += std::to_string(day);
  return out;
}

// "+1:05" after the day's start; "?" when unknown.
std::string arrival(double minutes) {
  if (!std::isfinite(minutes)) return "?";
  const long m = std::lround(minutes);
  std::string out = m < 0 ? "-" : "+";
  out += std::to_string(std::labs(m) / 60);
  out += std::labs(m) % 60 < 10 ? ":0" : ":";
  out += std::to_string(std::labs(m) % 60);
  return out;
}

std::string day_summary(const DayRoute& d) {
  std::string out = std::to_string(d.stops.size());
  out += " stops, ";
  out += std::isfinite(d.km) ? fixed(d.km, 1) : std::string("?");
  out += " km, ";
  out += std::isfinite(d.hours) ? fixed(d.hours, 2) : std::string("?");
  out += " h";
  return out;
}

// The line to draw for a day: its path, or its stops when it has none.
std::vector<GeoPoint> line_of(const DayRoute& d) {
  if (!d.path.empty()) return d.path;
  std::vector<GeoPoint> pts;
  pts.reserve(d.stops.size());
  for (const Stop& s : d.stops) pts.push_back(s.pos);
  return pts;
}

std::string lat_lon_attrs(const GeoPoint& p) {
  std::string out = "lat=\"";
  out += fixed(p.lat.degrees(), 7);
  out += "\" lon=\"";
  out += fixed(p.lon.degrees(), 7);
  out += '"';
  return out;
}

// KML and GeoJSON order: longitude first.
std::string lon_lat(const GeoPoint& p, const char* sep) {
  std::string out = fixed(p.lon.degrees(), 7);
  out += sep;
  out += fixed(p.lat.degrees(), 7);
  return out;
}

void gpx_point(std::string& out, const char* tag, const Stop& s, const char* indent) {
  out += indent;
  out += '<';
  out += tag;
  out += ' ';
  out += lat_lon_attrs(s.pos);
  out += "><name>" + xml(stop_label(s)) + "</name><cmt>" + xml(s.name) + "</cmt><desc>";
  std::string desc = s.detail;
  desc += "; ";
  desc += day_label(s.day);
  desc += ", arrive ";
  desc += arrival(s.arrive_min);
  out += xml(desc);
  out += "</desc><type>";
  out += kind_name(s.kind);
  out += "</type></";
  out += tag;
  out += ">\n";
}

// KML colours are aabbggrr. Sites get saturated colours, places pastel ones, routes a third set; a style is
// chosen by the rank of its detail among the sorted distinct details, so the same input gives the same ids.
constexpr std::array<const char*, 6> kSiteColours{"ff0000ff", "ff00a5ff", "ff00ff00", "ffff0000", "ffff00ff", "ff00ffff"};
constexpr std::array<const char*, 6> kPlaceColours{"ffb469ff", "ffe6d8ad", "ff90ee90", "ff7fffd4", "ffdda0dd", "ffc0c0c0"};
constexpr std::array<const char*, 6> kRouteColours{"ffff8000", "ff0080ff", "ff00c000", "ff8000ff", "ff808000", "ff004080"};

using StyleKey = std::pair<StopKind, std::string>;

std::string style_id(StopKind k, std::size_t rank) {
  std::string out = kind_name(k);
  out += '-';
  out += std::to_string(rank);
  return out;
}

}  // namespace

std::string to_gpx(const std::vector<DayRoute>& days, const std::string& title) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gpx version=\"1.1\" creator=\"shikan survey\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
      "  <metadata><name>";
  out += xml(title);
  out += "</name></metadata>\n";
  // GPX 1.1 schema order: every wpt, then every rte, then every trk.
  for (const DayRoute& d : days)
    for (const Stop& s : d.stops) gpx_point(out, "wpt", s, "  ");
  for (const DayRoute& d : days) {
    out += "  <rte><name>" + xml(day_label(d.day)) + "</name><desc>" + xml(day_summary(d)) + "</desc><number>";
    out += std::to_string(d.day);
    out += "</number>\n";
    for (const Stop& s : d.stops) gpx_point(out, "rtept", s, "    ");
    out += "  </rte>\n";
  }
  for (const DayRoute& d : days) {
    out += "  <trk><name>" + xml(day_label(d.day)) + "</name><number>";
    out += std::to_string(d.day);
    out += "</number><trkseg>\n";
    for (const GeoPoint& p : line_of(d)) {
      out += "    <trkpt ";
      out += lat_lon_attrs(p);
      out += "/>\n";
    }
    out += "  </trkseg></trk>\n";
  }
  out += "</gpx>\n";
  return out;
}

std::string to_kml(const std::vector<DayRoute>& days, const std::string& title) {
  std::map<StyleKey, std::size_t> styles;  // (kind, detail) → rank within its kind
  for (const DayRoute& d : days)
    for (const Stop& s : d.stops) styles.emplace(StyleKey{s.kind, s.detail}, 0);
  std::map<StopKind, std::size_t> next;
  for (auto& [key, rank] : styles) rank = next[key.first]++;

  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
      "<Document>\n"
      "  <name>";
  out += xml(title);
  out += "</name>\n";
  for (const auto& [key, rank] : styles) {
    const bool site = key.first == StopKind::Site;
    const auto& colours = site ? kSiteColours : kPlaceColours;
    out += "  <Style id=\"" + style_id(key.first, rank) + "\"><IconStyle><color>";
    out += colours[rank % colours.size()];
    out += "</color><scale>";
    out += site ? "1.1" : "0.9";
    out += "</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/";
    out += site ? "placemark_circle.png" : "flag.png";
    out += "</href></Icon></IconStyle></Style>\n";
  }
  for (std::size_t i = 0; i < kRouteColours.size(); ++i) {
    out += "  <Style id=\"route-" + std::to_string(i) + "\"><LineStyle><color>";
    out += kRouteColours[i];
    out += "</color><width>4</width></LineStyle></Style>\n";
  }
  for (const DayRoute& d : days) {
    out += "  <Folder><name>" + xml(day_label(d.day)) + "</name><description>" + xml(day_summary(d)) +
           "</description>\n";
    for (const Stop& s : d.stops) {
      std::string desc = s.name;
      desc += " | ";
      desc += s.detail;
      desc += " | arrive ";
      desc += arrival(s.arrive_min);
      out += "    <Placemark><name>" + xml(stop_label(s)) + "</name><description>" + xml(desc) +
             "</description><styleUrl>#" + style_id(s.kind, styles.at({s.kind, s.detail})) + "</styleUrl>\n";
      out += "      <ExtendedData>";
      const std::array<std::pair<const char*, std::string>, 7> data{{
          {"order", std::to_string(s.order)},
          {"day", std::to_string(s.day)},
          {"kind", kind_name(s.kind)},
          {"id", s.id},
          {"name", s.name},
          {"detail", s.detail},
          {"arrive_min", std::isfinite(s.arrive_min) ? fixed(s.arrive_min, 1) : std::string()},
      }};
      for (const auto& [key, value] : data) {
        out += "<Data name=\"";
        out += key;
        out += "\"><value>" + xml(value) + "</value></Data>";
      }
      out += "</ExtendedData>\n";
      out += "      <Point><coordinates>" + lon_lat(s.pos, ",") + ",0</coordinates></Point></Placemark>\n";
    }
    const std::vector<GeoPoint> line = line_of(d);
    if (line.size() >= 2) {  // a LineString needs two coordinates (KML 2.2 section 10.7)
      const auto colour = static_cast<std::size_t>(d.day > 0 ? d.day - 1 : 0) % kRouteColours.size();
      out += "    <Placemark><name>" + xml(day_label(d.day)) + " route</name><styleUrl>#route-" +
             std::to_string(colour) + "</styleUrl><LineString><tessellate>1</tessellate><coordinates>";
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (i) out += ' ';
        out += lon_lat(line[i], ",") + ",0";
      }
      out += "</coordinates></LineString></Placemark>\n";
    }
    out += "  </Folder>\n";
  }
  out += "</Document>\n</kml>\n";
  return out;
}

std::string to_geojson(const std::vector<DayRoute>& days) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  const auto begin_feature = [&] {
    out += first ? "\n" : ",\n";
    first = false;
  };
  for (const DayRoute& d : days) {
    const std::vector<GeoPoint> line = line_of(d);
    if (line.size() >= 2) {  // RFC 7946 section 3.1.4: two or more positions
      begin_feature();
      out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (i) out += ',';
        out += '[' + lon_lat(line[i], ",") + ']';
      }
      out += "]},\"properties\":{\"day\":" + std::to_string(d.day) +
             ",\"stops\":" + std::to_string(d.stops.size()) +
             ",\"km\":" + (std::isfinite(d.km) ? fixed(d.km, 3) : std::string("null")) +
             ",\"hours\":" + (std::isfinite(d.hours) ? fixed(d.hours, 3) : std::string("null")) + "}}";
    }
    for (const Stop& s : d.stops) {
      begin_feature();
      out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon_lat(s.pos, ",") +
             "]},\"properties\":{\"order\":" + std::to_string(s.order) + ",\"day\":" + std::to_string(s.day) +
             ",\"kind\":\"" + kind_name(s.kind) + "\",\"id\":" + json_string(s.id) +
             ",\"name\":" + json_string(s.name) + ",\"detail\":" + json_string(s.detail) +
             ",\"arrive_min\":" + (std::isfinite(s.arrive_min) ? fixed(s.arrive_min, 1) : std::string("null")) +
             "}}";
    }
  }
  out += "\n]}\n";
  return out;
}

}  // namespace shikan::survey
