// Key places: GeoJSON parsing with per-feature rejections, containment, distance and anchor.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>

#include <string>
#include <vector>

#include "shikan/core/places.hpp"
#include "test_paths.hpp"

namespace {

using shikan::GeoPoint;
using shikan::KeyPlace;
using shikan::PlaceCategory;

GeoPoint pt(double lat, double lon) { return GeoPoint{shikan::Latitude(lat), shikan::Longitude(lon)}; }

// Metres per degree at latitude 30.25 on WGS-84, from the textbook series (independent of the code):
// latitude 111132.92 - 559.82 cos 2φ + 1.175 cos 4φ; longitude 111412.84 cos φ - 93.5 cos 3φ.
constexpr double kLatM = 110856.6;  // at φ = 30.25°
constexpr double kLonM = 96243.6;

std::string collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

// A 0.002° square (about 193 m east-west, 222 m north-south) with a 0.0005° hole in its middle.
const std::string kSquareWithHole = R"({"type":"Feature","properties":{"name":"H","category":"hospital"},
  "geometry":{"type":"Polygon","coordinates":[
    [[120.170,30.250],[120.172,30.250],[120.172,30.252],[120.170,30.252],[120.170,30.250]],
    [[120.17075,30.25075],[120.17125,30.25075],[120.17125,30.25125],[120.17075,30.25125],[120.17075,30.25075]]]}})";

KeyPlace one(const std::string& feature) {
  const auto l = shikan::parse_places(collection(feature), "p.geojson");
  REQUIRE(l.rejections.empty());
  REQUIRE(l.places.size() == 1);
  return l.places[0];
}

}  // namespace

TEST_CASE("places: polygon with a hole — inside, boundary, hole, outside", "[places]") {
  const KeyPlace h = one(kSquareWithHole);
  CHECK(h.name == "H");
  CHECK(h.category == PlaceCategory::Hospital);
  REQUIRE(h.area.size() == 1);
  CHECK(h.area[0].holes.size() == 1);
  CHECK(shikan::contains(h, pt(30.2505, 120.1705)));    // inside, off the hole
  CHECK(shikan::contains(h, pt(30.250, 120.171)));      // on the south edge
  CHECK(shikan::contains(h, pt(30.252, 120.172)));      // a corner
  CHECK_FALSE(shikan::contains(h, pt(30.251, 120.171)));  // in the hole
  CHECK_FALSE(shikan::contains(h, pt(30.253, 120.171)));  // north of it
  // Distances: due north of the north edge, due east of the east edge, from the hole's centre to its edge.
  CHECK(shikan::distance_to(h, pt(30.253, 120.171)).value == Approx(0.001 * kLatM).epsilon(0.002));
  CHECK(shikan::distance_to(h, pt(30.251, 120.174)).value == Approx(0.002 * kLonM).epsilon(0.002));
  CHECK(shikan::distance_to(h, pt(30.251, 120.171)).value == Approx(0.00025 * kLonM).epsilon(0.002));
  CHECK(shikan::distance_to(h, pt(30.2505, 120.1705)).value == 0.0);
  // Diagonal from the north-east corner.
  const double dn = 0.001 * kLatM, de = 0.001 * kLonM;
  CHECK(shikan::distance_to(h, pt(30.253, 120.173)).value == Approx(std::hypot(dn, de)).epsilon(0.002));
  // The anchor of a square is its centre (the hole is ignored).
  const GeoPoint a = shikan::anchor(h);
  CHECK(a.lat.degrees() == Approx(30.251).margin(1e-7));
  CHECK(a.lon.degrees() == Approx(120.171).margin(1e-7));
}

TEST_CASE("places: concave polygon — the notch is outside", "[places]") {
  // A U shape open to the north: the notch (120.101..120.102, lat > 30.201) is outside.
  const KeyPlace u = one(R"({"type":"Feature","properties":{"name":"U","category":"scenic"},"geometry":{"type":"Polygon",
    "coordinates":[[[120.100,30.200],[120.103,30.200],[120.103,30.203],[120.102,30.203],[120.102,30.201],
                    [120.101,30.201],[120.101,30.203],[120.100,30.203],[120.100,30.200]]]}})");
  CHECK(shikan::contains(u, pt(30.2005, 120.1015)));
  CHECK(shikan::contains(u, pt(30.202, 120.1005)));
  CHECK_FALSE(shikan::contains(u, pt(30.202, 120.1015)));
  // The ray from the notch crosses edges at the same latitude as vertices (30.203 excluded, 30.201 is a vertex).
  CHECK_FALSE(shikan::contains(u, pt(30.2025, 120.1015)));
  CHECK(shikan::distance_to(u, pt(30.202, 120.1015)).value == Approx(0.0005 * 96292.3).epsilon(0.005));
}

TEST_CASE("places: circle from a Point with radius", "[places]") {
  const KeyPlace s = one(R"({"type":"Feature","properties":{"name":"S","category":"station","radius":300},
    "geometry":{"type":"Point","coordinates":[120.2127,30.2906]}})");
  REQUIRE(s.circle);
  CHECK(s.area.empty());
  CHECK(s.circle->radius.value == 300.0);
  CHECK(shikan::contains(s, pt(30.2906, 120.2127)));
  CHECK(shikan::contains(s, pt(30.2906 + 250.0 / 110857.0, 120.2127)));
  CHECK_FALSE(shikan::contains(s, pt(30.2906 + 350.0 / 110857.0, 120.2127)));
  CHECK(shikan::distance_to(s, pt(30.2906 + 1300.0 / 110857.0, 120.2127)).value == Approx(1000.0).margin(2.0));
  CHECK(shikan::anchor(s) == pt(30.2906, 120.2127));
}

TEST_CASE("places: categories in English and Chinese", "[places]") {
  CHECK(shikan::parse_place_category("Hospital") == PlaceCategory::Hospital);
  CHECK(shikan::parse_place_category("医院") == PlaceCategory::Hospital);
  CHECK(shikan::parse_place_category("高校") == PlaceCategory::University);
  CHECK(shikan::parse_place_category("火车站") == PlaceCategory::Station);
  CHECK(shikan::parse_place_category("机场") == PlaceCategory::Airport);
  CHECK(shikan::parse_place_category("景区") == PlaceCategory::Scenic);
  CHECK(shikan::parse_place_category("road") == PlaceCategory::Road);
  CHECK(shikan::parse_place_category("mall") == std::nullopt);
}

TEST_CASE("places: bad features rejected with file and index, the rest kept", "[places]") {
  struct Case {
    const char* name;
    std::string feature;
    std::string message_part;
  };
  const std::string sq = R"("geometry":{"type":"Polygon","coordinates":[[[120,30],[120.01,30],[120.01,30.01],[120,30]]]})";
  const std::vector<Case> cases = {
      {"no name", R"({"type":"Feature","properties":{"category":"hospital"},)" + sq + "}", "missing 'name'"},
      {"no category", R"({"type":"Feature","properties":{"name":"A"},)" + sq + "}", "missing 'category'"},
      {"bad category", R"({"type":"Feature","properties":{"name":"A","category":"mall"},)" + sq + "}",
       "category 'mall' is not"},
      {"no properties", R"({"type":"Feature",)" + sq + "}", "no properties"},
      {"no geometry", R"({"type":"Feature","properties":{"name":"A","category":"hospital"}})", "no geometry"},
      {"line", R"({"type":"Feature","properties":{"name":"A","category":"road"},"geometry":{"type":"LineString","coordinates":[[120,30],[120.1,30]]}})",
       "geometry type 'LineString' not supported"},
      {"point without radius", R"({"type":"Feature","properties":{"name":"A","category":"airport"},"geometry":{"type":"Point","coordinates":[120,30]}})",
       "positive numeric 'radius'"},
      {"negative radius", R"({"type":"Feature","properties":{"name":"A","category":"airport","radius":-5},"geometry":{"type":"Point","coordinates":[120,30]}})",
       "positive numeric 'radius'"},
      {"open ring", R"({"type":"Feature","properties":{"name":"A","category":"hospital"},"geometry":{"type":"Polygon","coordinates":[[[120,30],[120.01,30],[120.01,30.01],[120,30.01]]]}})",
       "must be closed"},
      {"short ring", R"({"type":"Feature","properties":{"name":"A","category":"hospital"},"geometry":{"type":"Polygon","coordinates":[[[120,30],[120.01,30],[120,30]]]}})",
       "at least 4 positions"},
      {"lat/lon swapped", R"({"type":"Feature","properties":{"name":"A","category":"airport","radius":5},"geometry":{"type":"Point","coordinates":[30,120]}})",
       "position [30, 120] out of range (GeoJSON order is [lon, lat])"},
      {"text coordinate", R"({"type":"Feature","properties":{"name":"A","category":"airport","radius":5},"geometry":{"type":"Point","coordinates":["120","30"]}})",
       "[lon, lat] numbers"},
      {"not a feature", R"([1,2])", "not a Feature"},
  };
  const std::string good = R"({"type":"Feature","properties":{"name":"G","category":"hospital"},)" + sq + "}";
  for (const auto& c : cases) {
    INFO(c.name);
    const auto l = shikan::parse_places(collection(good + "," + c.feature), "p.geojson");
    CHECK(l.features == 2);
    REQUIRE(l.places.size() == 1);
    CHECK(l.places[0].name == "G");
    REQUIRE(l.rejections.size() == 1);
    CHECK(l.rejections[0].feature_index == 1);
    CHECK_THAT(l.rejections[0].message, Catch::StartsWith("p.geojson: feature 1") && Catch::Contains(c.message_part));
  }
}

TEST_CASE("places: fatal problems name the file", "[places]") {
  CHECK_THROWS_WITH(shikan::parse_places("{\"type\":", "p.geojson"), Catch::StartsWith("p.geojson: not valid JSON"));
  CHECK_THROWS_WITH(shikan::parse_places("", "p.geojson"), Catch::StartsWith("p.geojson: not valid JSON"));
  CHECK_THROWS_WITH(shikan::parse_places(R"({"type":"Polygon","coordinates":[]})", "p.geojson"),
                    "p.geojson: not a GeoJSON FeatureCollection (or Feature)");
  CHECK_THROWS_WITH(shikan::read_places_file("/nonexistent/p.geojson"), "/nonexistent/p.geojson: cannot open");
  // A single Feature is accepted as a collection of one.
  CHECK(shikan::parse_places(kSquareWithHole, "p.geojson").places.size() == 1);
}

TEST_CASE("places: outlines traced in GCJ-02 are converted", "[places]") {
  const GeoPoint wgs = pt(30.2906, 120.2127);
  const GeoPoint gcj = shikan::from_wgs84(wgs, shikan::Crs::Gcj02);
  const std::string f = fmt::format(
      R"({{"type":"Feature","properties":{{"name":"S","category":"station","radius":50}},"geometry":{{"type":"Point","coordinates":[{:.10f},{:.10f}]}}}})",
      gcj.lon.degrees(), gcj.lat.degrees());
  shikan::PlaceReadOptions opt;
  opt.crs = shikan::Crs::Gcj02;
  const auto l = shikan::parse_places(collection(f), "p.geojson", opt);
  REQUIRE(l.places.size() == 1);
  CHECK(shikan::contains(l.places[0], wgs));
  const auto raw = shikan::parse_places(collection(f), "p.geojson");
  CHECK_FALSE(shikan::contains(raw.places[0], wgs));  // read as WGS-84 it is a few hundred metres off
}

TEST_CASE("places: fixture file", "[places][fixtures]") {
  const auto l = shikan::read_places_file(shikan::test::fixtures() / "places" / "hangzhou_places.geojson");
  CHECK(l.features == 5);
  REQUIRE(l.places.size() == 3);
  CHECK(l.places[0].category == PlaceCategory::Hospital);
  CHECK(l.places[1].area.size() == 2);
  CHECK(l.places[1].category == PlaceCategory::University);
  CHECK(l.places[2].circle->radius.value == 400.0);
  CHECK(l.places[2].category == PlaceCategory::Station);
  REQUIRE(l.rejections.size() == 2);
  CHECK_THAT(l.rejections[0].message, Catch::Contains("feature 3 ('中河高架'): geometry type 'LineString'"));
  CHECK_THAT(l.rejections[1].message, Catch::Contains("feature 4 ('某商场'): category 'mall'"));
  // A point in the second part of the university is inside; between the parts is not.
  CHECK(shikan::contains(l.places[1], pt(30.261, 120.121)));
  CHECK_FALSE(shikan::contains(l.places[1], pt(30.28, 120.10)));
}

// Regression (found by fuzz-places): a number too large for a double made nlohmann-json throw
// out_of_range, which escaped parse_places and ended the process.
TEST_CASE("places: an overflowing number is a clear error, not a crash", "[core][places]") {
  CHECK_THROWS_WITH(shikan::parse_places(R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                                         R"("properties":{"radius":11111111111111111111e11111111111111111}}]})",
                                         "big.geojson"),
                    Catch::Contains("big.geojson"));
}
