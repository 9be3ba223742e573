// Map files of the survey plan, read back with real parsers (pugixml for GPX/KML, nlohmann-json for GeoJSON).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "shikan/survey/map_files.hpp"

namespace {

using shikan::GeoPoint;
using shikan::Latitude;
using shikan::Longitude;
using namespace shikan::survey;

const std::string kHostile = "<b>&\"x\"";
const std::string kHospital = "西陵区人民医院";

GeoPoint pt(double lat, double lon) { return GeoPoint{Latitude(lat), Longitude(lon)}; }

// A two-day plan in a small town: day 1 visits two sites and a hospital along a drawn path; day 2 one site
// with no path (the line falls back to the stops: one point, so no LineString).
std::vector<DayRoute> plan() {
  DayRoute d1{1, {}, {}, 12.5, 4.25};
  d1.stops.push_back(Stop{1, 1, StopKind::Site, "S-001", "江北路 1 号", "中国移动", pt(30.7012345, 111.2876543), 15.0, {}});
  d1.stops.push_back(Stop{2, 1, StopKind::Site, kHostile, "a 'quoted' & <tagged> address", "中国联通",
                          pt(30.7100001, 111.3000009), 42.5, {}});
  d1.stops.push_back(Stop{3, 1, StopKind::Place, "P-7", kHospital, "hospital", pt(-0.0000001, -179.9999999), 90.0, {}});
  d1.path = {pt(30.7012345, 111.2876543), pt(30.705, 111.29), pt(30.7100001, 111.3000009),
             pt(-0.0000001, -179.9999999)};
  DayRoute d2{2, {}, {}, 3.0, 1.5};
  d2.stops.push_back(Stop{4, 2, StopKind::Site, "S-009", "南湖", "中国移动", pt(-33.8688197, 151.2092955),
                          std::numeric_limits<double>::quiet_NaN(), {}});
  return {d1, d2};
}

pugi::xml_document parse_xml(const std::string& text) {
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  INFO(r.description() << " at offset " << r.offset);
  REQUIRE(r);
  return doc;
}

std::size_t count(const pugi::xml_node& n, const char* name) {
  std::size_t c = 0;
  for (auto child = n.child(name); child; child = child.next_sibling(name)) ++c;
  return c;
}

void check_lat_lon(const pugi::xml_node& n, const GeoPoint& p) {
  CHECK(n.attribute("lat").as_double() == Approx(p.lat.degrees()).margin(1e-7));
  CHECK(n.attribute("lon").as_double() == Approx(p.lon.degrees()).margin(1e-7));
}

// "lon,lat,0" → (lon, lat)
std::pair<double, double> kml_coord(const std::string& s) {
  std::istringstream in(s);
  double lon = 0, lat = 0, alt = 1;
  char c1 = 0, c2 = 0;
  in >> lon >> c1 >> lat >> c2 >> alt;
  REQUIRE((c1 == ',' && c2 == ',' && alt == 0.0));
  return {lon, lat};
}

// XML 1.0 Char: no raw control bytes but tab/LF/CR (we write none of those raw except LF).
bool only_lf_controls(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  return true;
}

}  // namespace

TEST_CASE("GPX: waypoints, one route and one track per day, values round trip", "[mapfiles]") {
  const auto days = plan();
  const std::string text = to_gpx(days, "Xiling audit 西陵");
  const auto doc = parse_xml(text);
  const auto gpx = doc.child("gpx");
  REQUIRE(gpx);
  CHECK(std::string(gpx.attribute("version").value()) == "1.1");
  CHECK(std::string(gpx.attribute("xmlns").value()) == "http://www.topografix.com/GPX/1/1");
  CHECK(std::string(gpx.child("metadata").child_value("name")) == "Xiling audit 西陵");

  REQUIRE(count(gpx, "wpt") == 4);
  REQUIRE(count(gpx, "rte") == 2);
  REQUIRE(count(gpx, "trk") == 2);

  std::vector<const Stop*> all;
  for (const auto& d : days)
    for (const auto& s : d.stops) all.push_back(&s);
  std::size_t i = 0;
  for (auto w = gpx.child("wpt"); w; w = w.next_sibling("wpt"), ++i) {
    const Stop& s = *all[i];
    CHECK(std::string(w.child_value("name")) == std::to_string(s.order) + " " + s.id);
    CHECK(std::string(w.child_value("cmt")) == s.name);
    CHECK(std::string(w.child_value("type")) == (s.kind == StopKind::Site ? "site" : "place"));
    check_lat_lon(w, s.pos);
  }
  CHECK(std::string(gpx.find_child_by_attribute("wpt", "lat", "30.7100001").child_value("name")) == "2 " + kHostile);
  CHECK(std::string(gpx.find_child_by_attribute("wpt", "lat", "-0.0000001").child_value("cmt")) == kHospital);

  std::size_t day = 0;
  for (auto rte = gpx.child("rte"); rte; rte = rte.next_sibling("rte"), ++day) {
    const DayRoute& d = days[day];
    CHECK(std::string(rte.child_value("name")) == "Day " + std::to_string(d.day));
    CHECK(rte.child("number").text().as_int() == d.day);
    REQUIRE(count(rte, "rtept") == d.stops.size());
    std::size_t k = 0;
    for (auto p = rte.child("rtept"); p; p = p.next_sibling("rtept"), ++k) {
      CHECK(std::string(p.child_value("name")) == std::to_string(d.stops[k].order) + " " + d.stops[k].id);
      check_lat_lon(p, d.stops[k].pos);
    }
  }
  auto trk = gpx.child("trk");
  REQUIRE(count(trk.child("trkseg"), "trkpt") == days[0].path.size());
  std::size_t k = 0;
  for (auto p = trk.child("trkseg").child("trkpt"); p; p = p.next_sibling("trkpt")) check_lat_lon(p, days[0].path[k++]);
  trk = trk.next_sibling("trk");
  REQUIRE(count(trk.child("trkseg"), "trkpt") == 1);  // no path: the stops
  check_lat_lon(trk.child("trkseg").child("trkpt"), days[1].stops[0].pos);

  CHECK(only_lf_controls(text));
  CHECK(text == to_gpx(plan(), "Xiling audit 西陵"));  // deterministic
}

TEST_CASE("KML: a folder per day, placemarks per stop with shared styles, a line per day", "[mapfiles]") {
  const auto days = plan();
  const std::string text = to_kml(days, "plan <1> & \"2\"");
  const auto doc = parse_xml(text);
  const auto kml = doc.child("kml");
  REQUIRE(kml);
  CHECK(std::string(kml.attribute("xmlns").value()) == "http://www.opengis.net/kml/2.2");
  CHECK(text.find("gx:") == std::string::npos);
  const auto document = kml.child("Document");
  CHECK(std::string(document.child_value("name")) == "plan <1> & \"2\"");
  REQUIRE(count(document, "Folder") == 2);

  // Styles: sites 中国移动 and 中国联通, place hospital → three icon styles; every styleUrl resolves.
  std::size_t icon_styles = 0;
  for (auto st = document.child("Style"); st; st = st.next_sibling("Style"))
    if (st.child("IconStyle")) ++icon_styles;
  CHECK(icon_styles == 3);
  const auto style_exists = [&](std::string url) {
    REQUIRE(url.size() > 1);
    REQUIRE(url[0] == '#');
    return static_cast<bool>(document.find_child_by_attribute("Style", "id", url.c_str() + 1));
  };

  auto folder = document.child("Folder");
  CHECK(std::string(folder.child_value("name")) == "Day 1");
  REQUIRE(count(folder, "Placemark") == 4);  // three stops and the route
  std::size_t k = 0;
  std::string mobile_style;
  for (auto pm = folder.child("Placemark"); pm; pm = pm.next_sibling("Placemark")) {
    CHECK(style_exists(pm.child_value("styleUrl")));
    if (k < 3) {
      const Stop& s = days[0].stops[k];
      CHECK(std::string(pm.child_value("name")) == std::to_string(s.order) + " " + s.id);
      const auto [lon, lat] = kml_coord(pm.child("Point").child_value("coordinates"));
      CHECK(lon == Approx(s.pos.lon.degrees()).margin(1e-7));
      CHECK(lat == Approx(s.pos.lat.degrees()).margin(1e-7));
      const auto ext = pm.child("ExtendedData");
      CHECK(std::string(ext.find_child_by_attribute("Data", "name", "id").child_value("value")) == s.id);
      CHECK(std::string(ext.find_child_by_attribute("Data", "name", "name").child_value("value")) == s.name);
      CHECK(std::string(ext.find_child_by_attribute("Data", "name", "detail").child_value("value")) == s.detail);
      if (k == 0) mobile_style = pm.child_value("styleUrl");
    } else {
      std::istringstream coords(pm.child("LineString").child_value("coordinates"));
      std::string tuple;
      std::size_t n = 0;
      while (coords >> tuple) {
        const auto [lon, lat] = kml_coord(tuple);
        CHECK(lon == Approx(days[0].path[n].lon.degrees()).margin(1e-7));
        CHECK(lat == Approx(days[0].path[n].lat.degrees()).margin(1e-7));
        ++n;
      }
      CHECK(n == days[0].path.size());
    }
    ++k;
  }
  folder = folder.next_sibling("Folder");
  REQUIRE(count(folder, "Placemark") == 1);  // one stop, no path: no line of one point
  const auto pm = folder.child("Placemark");
  CHECK(std::string(pm.child_value("styleUrl")) == mobile_style);  // same operator, same shared style
  CHECK(std::string(pm.child("ExtendedData").find_child_by_attribute("Data", "name", "arrive_min").child_value("value")).empty());

  CHECK(only_lf_controls(text));
  CHECK(text == to_kml(plan(), "plan <1> & \"2\""));
}

TEST_CASE("GeoJSON: RFC 7946 points and lines in lon,lat order", "[mapfiles]") {
  const auto days = plan();
  const std::string text = to_geojson(days);
  const auto j = nlohmann::json::parse(text);
  CHECK(j["type"] == "FeatureCollection");
  const auto& f = j["features"];
  REQUIRE(f.size() == 5);  // day 1: line + 3 points; day 2: 1 point
  CHECK(f[0]["geometry"]["type"] == "LineString");
  CHECK(f[0]["geometry"]["coordinates"].size() == days[0].path.size());
  CHECK(f[0]["geometry"]["coordinates"][0][0].get<double>() == Approx(111.2876543).margin(1e-7));
  CHECK(f[0]["geometry"]["coordinates"][0][1].get<double>() == Approx(30.7012345).margin(1e-7));
  CHECK(f[0]["properties"]["day"] == 1);
  CHECK(f[0]["properties"]["km"].get<double>() == Approx(12.5));

  std::vector<const Stop*> all;
  for (const auto& d : days)
    for (const auto& s : d.stops) all.push_back(&s);
  const std::vector<std::size_t> at{1, 2, 3, 4};
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& feat = f[at[i]];
    const Stop& s = *all[i];
    CHECK(feat["geometry"]["type"] == "Point");
    CHECK(feat["geometry"]["coordinates"][0].get<double>() == Approx(s.pos.lon.degrees()).margin(1e-7));
    CHECK(feat["geometry"]["coordinates"][1].get<double>() == Approx(s.pos.lat.degrees()).margin(1e-7));
    const auto& p = feat["properties"];
    CHECK(p["order"] == s.order);
    CHECK(p["day"] == s.day);
    CHECK(p["kind"] == (s.kind == StopKind::Site ? "site" : "place"));
    CHECK(p["id"] == s.id);
    CHECK(p["name"] == s.name);
    CHECK(p["detail"] == s.detail);
    if (std::isfinite(s.arrive_min)) CHECK(p["arrive_min"].get<double>() == Approx(s.arrive_min));
    else CHECK(p["arrive_min"].is_null());
  }
  CHECK(f[2]["properties"]["id"] == kHostile);
  CHECK(f[3]["properties"]["name"] == kHospital);
  CHECK(text == to_geojson(plan()));
}

TEST_CASE("Map files: control characters and invalid UTF-8 in untrusted text stay well-formed", "[mapfiles]") {
  const std::string nasty = std::string("a\x01" "b\x7f" "c\xff" "d\xc0\xaf" "e\xe4\xb8" "\t\r\n") + "]]><!--" + '\0' + "z";
  DayRoute d{1, {}, {}, 1, 1};
  d.stops.push_back(Stop{1, 1, StopKind::Place, nasty, nasty, nasty, GeoPoint{Latitude(10), Longitude(20)}, 5, {}});
  d.stops.push_back(Stop{2, 1, StopKind::Site, "ok", "", "", GeoPoint{Latitude(10.5), Longitude(20.5)}, 9, {}});
  const std::vector<DayRoute> days{d};
  const std::string fffd = "\xEF\xBF\xBD";
  const std::string expected = "a" + fffd + "b" + fffd + "c" + fffd + "d" + fffd + fffd + "e" + fffd + fffd +
                               "\t\r\n]]><!--" + fffd + "z";

  const std::string gpx = to_gpx(days, nasty);
  CHECK(only_lf_controls(gpx));
  const auto g = parse_xml(gpx);
  CHECK(std::string(g.child("gpx").child("wpt").child_value("cmt")) == expected);
  CHECK(std::string(g.child("gpx").child("wpt").child_value("name")) == "1 " + expected);

  const std::string kml = to_kml(days, nasty);
  CHECK(only_lf_controls(kml));
  const auto k = parse_xml(kml);
  CHECK(std::string(k.child("kml").child("Document").child_value("name")) == expected);

  const auto j = nlohmann::json::parse(to_geojson(days));  // throws on invalid UTF-8 or raw controls
  CHECK(j["features"][1]["properties"]["name"] == expected);
}
