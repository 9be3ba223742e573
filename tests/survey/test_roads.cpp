// Road distances (issue 4, --roads): small OSM towns drawn in the test, where the right answer is obvious — a
// river with one bridge, a one-way street, footways and closed roads, a stop far from any road, an island —
// plus bad files, the same town as PBF (written here with libosmium's writer), and the CLI on the demo grid.
// Positions are laid out in metres east/north of 30.25N 120.16E; expected road lengths are sums of GeographicLib
// geodesics along the fixture's edges (the graph uses a local formula; they agree to well below 1 cm).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/io/any_output.hpp>
#include <pugixml.hpp>

#include "child_process.hpp"
#include "shikan/survey/plan.hpp"
#include "shikan/survey/roads.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::survey;

namespace {

// Metres east/north of 30.25N 120.16E -> WGS-84, with the ellipsoid's radii at the origin.
GeoPoint at(double east_m, double north_m) {
  constexpr double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), lat0 = 30.25, lon0 = 120.16;
  constexpr double rad = std::numbers::pi / 180;
  const double s = std::sin(lat0 * rad), w = 1 - e2 * s * s;
  const double m_per_deg = a * (1 - e2) / (w * std::sqrt(w)) * rad, n_per_deg = a / std::sqrt(w) * std::cos(lat0 * rad) * rad;
  return GeoPoint{Latitude(lat0 + north_m / m_per_deg), Longitude(lon0 + east_m / n_per_deg)};
}

double geodesic(const GeoPoint& p, const GeoPoint& q) {
  const std::vector<GeoPoint> pts{p, q};
  return DistanceMatrix::geodesic(pts).at(0, 1);
}

// Length of a polyline given as metre positions.
double along(std::initializer_list<std::pair<double, double>> pts) {
  double sum = 0;
  const std::pair<double, double>* prev = nullptr;
  for (const auto& p : pts) {
    if (prev) sum += geodesic(at(prev->first, prev->second), at(p.first, p.second));
    prev = &p;
  }
  return sum;
}

using Tags = std::vector<std::pair<std::string, std::string>>;

// An OSM XML file written by hand.
class Osm {
 public:
  Osm& node(long id, double east_m, double north_m) {
    const GeoPoint p = at(east_m, north_m);
    char buf[160];
    std::snprintf(buf, sizeof buf, "  <node id=\"%ld\" version=\"1\" lat=\"%.9f\" lon=\"%.9f\"/>\n", id, p.lat.degrees(),
                  p.lon.degrees());
    body_ += buf;
    return *this;
  }
  Osm& way(long id, const std::vector<long>& refs, const Tags& tags) {
    body_ += "  <way id=\"" + std::to_string(id) + "\" version=\"1\">\n";
    for (long r : refs) body_ += "    <nd ref=\"" + std::to_string(r) + "\"/>\n";
    for (const auto& [k, v] : tags) body_ += "    <tag k=\"" + k + "\" v=\"" + v + "\"/>\n";
    body_ += "  </way>\n";
    return *this;
  }
  std::string text() const {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"shikan test\">\n")
        .append(body_)
        .append("</osm>\n");
  }

 private:
  std::string body_;
};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shikan-roads-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Two banks 200 m apart, joined only by a bridge at 1 km east; a footbridge and a private service road cross too,
// but a car may not use them.
Osm river() {
  Osm o;
  o.node(1, 0, -100).node(2, 500, -100).node(3, 1000, -100);   // south bank
  o.node(11, 0, 100).node(12, 500, 100).node(13, 1000, 100);   // north bank
  o.node(20, 1000, 0).node(30, 0, 0).node(40, 500, 0);
  o.way(100, {1, 2, 3}, {{"highway", "residential"}, {"name", "South Bank"}});
  o.way(101, {11, 12, 13}, {{"highway", "residential"}, {"name", "North Bank"}});
  o.way(102, {3, 20, 13}, {{"highway", "secondary"}, {"bridge", "yes"}});
  o.way(103, {1, 30, 11}, {{"highway", "footway"}, {"bridge", "yes"}});
  o.way(104, {2, 40, 12}, {{"highway", "service"}, {"access", "private"}, {"bridge", "yes"}});
  return o;
}

// A 500 m x 300 m block; the south side (way 100, tagged by the test) from P1 (0,0) to P2 (500,0), the other three
// sides two-way.
Osm block(const Tags& south_side) {
  Osm o;
  o.node(1, 0, 0).node(2, 500, 0).node(3, 500, 300).node(4, 0, 300);
  o.way(100, {1, 2}, south_side);
  o.way(101, {2, 3, 4, 1}, {{"highway", "residential"}});
  return o;
}

std::vector<ReportedSite> sites_at(const std::vector<std::pair<std::string, GeoPoint>>& list) {
  std::vector<ReportedSite> out;
  std::size_t line = 2;
  for (const auto& [id, pos] : list) {
    ReportedSite s;
    s.site_id = id;
    s.op = parse_site_operator("cmcc").value();
    s.operator_text = "cmcc";
    s.pos = pos;
    s.line = line++;
    out.push_back(s);
  }
  return out;
}

bool near(const GeoPoint& p, const GeoPoint& q, double metres = 0.01) { return geodesic(p, q) <= metres; }

}  // namespace

TEST_CASE("roads: only drivable ways a car may use become segments", "[roads]") {
  TempDir dir;
  Osm o;
  long id = 1;
  const auto add = [&](const Tags& tags) {
    o.node(id, 0, 10.0 * static_cast<double>(id)).node(id + 1, 100, 10.0 * static_cast<double>(id));
    o.way(id, {id, id + 1}, tags);
    id += 2;
  };
  for (const char* hw : {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
                         "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
                         "service", "road"})
    add({{"highway", hw}});
  const long drivable = (id - 1) / 2;
  for (const char* hw : {"footway", "cycleway", "path", "steps", "pedestrian", "track", "bridleway", "construction",
                         "proposed", "bus_guideway", "platform"})
    add({{"highway", hw}});
  add({{"building", "yes"}});
  add({{"highway", "residential"}, {"access", "no"}});
  add({{"highway", "residential"}, {"access", "private"}});
  add({{"highway", "residential"}, {"motor_vehicle", "no"}});
  add({{"highway", "residential"}, {"vehicle", "no"}});
  add({{"highway", "residential"}, {"access", "no"}, {"motor_vehicle", "yes"}});  // the more specific tag wins
  add({{"highway", "residential"}, {"access", "destination"}});
  const RoadGraph g = load_road_graph(dir.write("classes.osm", o.text()));
  CHECK(g.segment_count() == static_cast<std::size_t>(drivable + 2));
  CHECK(g.node_count() == 2 * g.segment_count());
  CHECK(g.source() == "classes.osm");
  // Two-way unless tagged: every segment gives two arcs, but the motorway gives one (implied oneway).
  CHECK(g.arc_count() == 2 * g.segment_count() - 1);
}

TEST_CASE("roads: across the river only by the bridge; the plan's track crosses it", "[roads]") {
  TempDir dir;
  const auto file = dir.write("river.osm", river().text());
  const auto g = std::make_shared<const RoadGraph>(load_road_graph(file));
  CHECK(g->node_count() == 7);  // the footbridge's and the private road's middle nodes are not road nodes
  CHECK(g->segment_count() == 6);

  const GeoPoint a = at(100, -120), b = at(100, 120);  // 240 m apart, on either bank
  const std::vector<GeoPoint> pts{a, b};
  const RoadMatrix m = road_matrix(*g, pts);
  REQUIRE(m.road(0));
  REQUIRE(m.road(1));
  CHECK(m.snaps[0]->offset_m == Approx(20).margin(0.01));
  CHECK(near(m.snaps[0]->pos, at(100, -100)));
  const double by_road = along({{100, -100}, {500, -100}, {1000, -100}, {1000, 0}, {1000, 100}, {500, 100}, {100, 100}});
  CHECK(by_road == Approx(2000).margin(1));
  CHECK(m.at(0, 1) == Approx(by_road).margin(0.01));
  CHECK(m.at(1, 0) == Approx(by_road).margin(0.01));
  CHECK(geodesic(a, b) < 250);

  PlanOptions o;
  o.roads = g;
  o.start = at(700, -100);  // on the south bank: A (600 m west), then over the bridge to B
  const Plan plan = make_plan(sites_at({{"XL-A", a}, {"XL-B", b}}), {}, o);
  CHECK(plan.warnings.empty());
  REQUIRE(plan.days.size() == 1);
  REQUIRE(plan.days[0].stops.size() == 2);
  CHECK(plan.days[0].stops[0].id == "XL-A");
  // Road metres, not stretched by the detour factor: 600 + 2000.
  CHECK(plan.route_km == Approx((along({{700, -100}, {100, -100}}) + by_road) / 1000).margin(1e-5));

  write_plan(plan, o, {{"roads", file, "0", {}}}, dir.path() / "plan", "test");
  pugi::xml_document doc;
  REQUIRE(doc.load_file((dir.path() / "plan" / "route.gpx").c_str()));
  std::vector<GeoPoint> track;
  for (auto p = doc.child("gpx").child("trk").child("trkseg").child("trkpt"); p; p = p.next_sibling("trkpt"))
    track.push_back({Latitude(p.attribute("lat").as_double()), Longitude(p.attribute("lon").as_double())});
  // start, S1, A's road point, A; A's road point, S1, S2, the bridge, N2, N1, B's road point, B
  REQUIRE(track.size() == 12);
  CHECK(near(track.front(), at(700, -100)));
  CHECK(near(track[3], a));
  CHECK(near(track[6], at(1000, -100)));
  CHECK(near(track[7], at(1000, 0)));  // the bridge's middle node
  CHECK(near(track[8], at(1000, 100)));
  CHECK(near(track.back(), b));
  for (const GeoPoint& p : track) {
    CHECK_FALSE(near(p, at(0, 0), 1));    // never over the footbridge
    CHECK_FALSE(near(p, at(500, 0), 1));  // nor the private road
  }
  std::ifstream in(dir.path() / "plan" / "plan.json");
  const auto j = nlohmann::json::parse(in);
  CHECK(j["distances"] == "road");
  CHECK(j["start"]["road"] == true);
  CHECK(j["stops"][0]["road"] == true);
  CHECK(j["inputs"][0]["role"] == "roads");
  // KML and GeoJSON draw the same path.
  const auto gj = nlohmann::json::parse(std::ifstream(dir.path() / "plan" / "route.geojson"));
  CHECK(gj["features"][0]["geometry"]["coordinates"].size() == 12);
}

TEST_CASE("roads: one-way streets, implied and overridden", "[roads]") {
  TempDir dir;
  const double along_side = along({{100, 0}, {400, 0}});  // X to Y on the south side
  const double around = along({{400, 0}, {500, 0}, {500, 300}, {0, 300}, {0, 0}, {100, 0}});
  CHECK(around == Approx(1300).margin(1));
  struct Case {
    Tags tags;
    bool forward, backward;
  };
  const std::vector<Case> cases{
      {{{"highway", "residential"}}, true, true},
      {{{"highway", "residential"}, {"oneway", "yes"}}, true, false},
      {{{"highway", "residential"}, {"oneway", "true"}}, true, false},
      {{{"highway", "residential"}, {"oneway", "1"}}, true, false},
      {{{"highway", "residential"}, {"oneway", "-1"}}, false, true},
      {{{"highway", "residential"}, {"oneway", "reverse"}}, false, true},
      {{{"highway", "residential"}, {"junction", "roundabout"}}, true, false},
      {{{"highway", "motorway"}}, true, false},
      {{{"highway", "motorway"}, {"oneway", "no"}}, true, true},
      {{{"highway", "residential"}, {"junction", "roundabout"}, {"oneway", "no"}}, true, true},
  };
  const GeoPoint x = at(100, -10), y = at(400, -10);
  for (const Case& c : cases) {
    std::string label;
    for (const auto& [k, v] : c.tags) label += k + "=" + v + " ";
    INFO(label);
    const auto g = std::make_shared<const RoadGraph>(load_road_graph(dir.write("block.osm", block(c.tags).text())));
    const std::vector<GeoPoint> pts{x, y};
    const RoadMatrix m = road_matrix(*g, pts);
    CHECK(m.at(0, 1) == Approx(c.forward ? along_side : around).margin(0.01));
    CHECK(m.at(1, 0) == Approx(c.backward ? along_side : around).margin(0.01));
    CHECK(m.symmetric().at(0, 1) == Approx((m.at(0, 1) + m.at(1, 0)) / 2));
    // The plan drives the directed length from the start X to the site Y.
    PlanOptions o;
    o.roads = g;
    o.start = x;
    const Plan plan = make_plan(sites_at({{"XL-Y", y}}), {}, o);
    CHECK(plan.route_km * 1000 == Approx(m.at(0, 1)).margin(0.01));
    const std::vector<std::size_t> back{1, 0};
    const auto legs = road_legs(*g, m, pts, back);
    REQUIRE(legs.size() == 1);
    CHECK(legs[0].metres == m.at(1, 0));
    // Against the one-way direction the path goes round the block through its far corners.
    const bool round = !c.backward;
    CHECK(legs[0].path.size() == (round ? 8u : 4u));
    if (round) CHECK(near(legs[0].path[3], at(500, 300)));
  }
}

TEST_CASE("roads: a stop far from any road and one on an island keep straight legs and get warnings", "[roads]") {
  TempDir dir;
  Osm o;
  o.node(1, 0, 0).node(2, 1000, 0).node(3, 3000, 3000).node(4, 3300, 3000);
  o.way(100, {1, 2}, {{"highway", "residential"}});
  o.way(101, {3, 4}, {{"highway", "residential"}});  // an island: no road to the mainland
  const auto g = std::make_shared<const RoadGraph>(load_road_graph(dir.write("island.osm", o.text())));
  const GeoPoint start = at(0, -5), road = at(200, 10), off = at(500, 2000), island_stop = at(3100, 3010);
  const std::vector<GeoPoint> pts{start, road, off, island_stop};
  const RoadMatrix m = road_matrix(*g, pts);
  CHECK(m.access[0] == RoadAccess::Road);
  CHECK(m.access[1] == RoadAccess::Road);
  CHECK(m.access[2] == RoadAccess::OffRoad);
  CHECK(m.access[3] == RoadAccess::Unreachable);
  CHECK(m.nearest_road_m[2] == Approx(2000).margin(1));
  CHECK(m.at(0, 1) == Approx(along({{0, 0}, {200, 0}})).margin(0.01));
  CHECK(m.at(1, 2) == Approx(geodesic(road, off) * 1.3).margin(0.01));
  CHECK(m.at(3, 0) == Approx(geodesic(island_stop, start) * 1.3).margin(0.01));
  const std::vector<std::size_t> order{0, 1, 2, 3};
  const auto legs = road_legs(*g, m, pts, order);
  CHECK(legs[0].path.size() == 4);  // start, its road point, the site's road point, the site
  CHECK(legs[1].path.size() == 2);  // straight
  CHECK(legs[2].path.size() == 2);

  PlanOptions po;
  po.roads = g;
  po.start = start;
  const Plan plan = make_plan(sites_at({{"XL-R01", road}, {"XL-OFF", off}, {"XL-ISL", island_stop}}), {}, po);
  REQUIRE(plan.days.size() == 1);
  REQUIRE(plan.days[0].stops.size() == 3);
  REQUIRE(plan.warnings.size() == 2);
  std::string all;
  for (const auto& w : plan.warnings) all += w + "\n";
  CHECK_THAT(all, Catch::Contains("stop XL-OFF is 2000 m from the nearest road in island.osm; its legs are straight lines"));
  CHECK_THAT(all, Catch::Contains("stop XL-ISL cannot be reached on the road graph of island.osm from the start"));
  // Route length: the directed legs in the visiting order.
  double expect = 0;
  GeoPoint prev = start;
  bool prev_road = true;
  for (const Stop& s : plan.days[0].stops) {
    const bool on_road = s.id == "XL-R01";
    expect += prev_road && on_road ? m.at(0, 1) : geodesic(prev, s.pos) * 1.3;
    prev = s.pos, prev_road = on_road;
  }
  CHECK(plan.route_km * 1000 == Approx(expect).margin(0.01));
  const auto j = plan_json(plan, po, {});
  for (const auto& s : j["stops"]) CHECK(s["road"] == (s["id"] == "XL-R01"));
}

TEST_CASE("roads: a start off the road graph is a straight first leg", "[roads]") {
  TempDir dir;
  Osm o;
  o.node(1, 0, 0).node(2, 1000, 0);
  o.way(100, {1, 2}, {{"highway", "residential"}});
  const auto g = std::make_shared<const RoadGraph>(load_road_graph(dir.write("line.osm", o.text())));
  PlanOptions po;
  po.roads = g;
  po.start = at(0, -900);
  const Plan plan = make_plan(sites_at({{"XL-1", at(100, 5)}, {"XL-2", at(900, 5)}}), {}, po);
  REQUIRE(plan.warnings.size() == 1);
  CHECK_THAT(plan.warnings[0], Catch::Contains("the start is 900 m from the nearest road in line.osm"));
  CHECK(plan.on_road == std::vector<bool>{false, true, true});
}

TEST_CASE("roads: files that are missing, not OSM or without roads are errors naming the file", "[roads]") {
  TempDir dir;
  const auto message = [](const std::filesystem::path& p) {
    try {
      load_road_graph(p);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message(dir.path() / "missing.osm"), Catch::Contains("missing.osm:0: cannot open"));
  CHECK_THAT(message(dir.write("bad.osm", "this is not OpenStreetMap\n")), Catch::Contains("bad.osm:0: not a readable"));
  CHECK_THAT(message(dir.write("html.osm", "<html><body>404</body></html>")), Catch::Contains("html.osm:0:"));
  CHECK_THAT(message(dir.write("cut.osm", river().text().substr(0, 300))), Catch::Contains("cut.osm:0:"));
  CHECK_THAT(message(dir.write("bad.osm.pbf", "not a protocol buffer at all")), Catch::Contains("bad.osm.pbf:0:"));
  Osm paths;
  paths.node(1, 0, 0).node(2, 100, 0);
  paths.way(1, {1, 2}, {{"highway", "footway"}});
  CHECK_THAT(message(dir.write("paths.osm", paths.text())), Catch::Contains("paths.osm:0: no drivable roads"));
  CHECK_THAT(message(dir.write("empty.osm", Osm().text())), Catch::Contains("empty.osm:0: no drivable roads"));
}

TEST_CASE("roads: a way's node missing from the file (a cut extract) splits the way and is counted", "[roads]") {
  TempDir dir;
  Osm o;
  o.node(1, 0, 0).node(2, 100, 0).node(4, 300, 0).node(5, 400, 0);  // node 3 (200, 0) is outside the extract
  o.way(100, {1, 2, 3, 4, 5}, {{"highway", "residential"}});
  const RoadGraph g = load_road_graph(dir.write("cut-extract.osm", o.text()));
  CHECK(g.missing_nodes() == 1);
  CHECK(g.segment_count() == 2);  // 1-2 and 4-5
  const std::vector<GeoPoint> pts{at(50, 0), at(350, 0)};
  const RoadMatrix m = road_matrix(g, pts);
  CHECK(m.access[1] == RoadAccess::Unreachable);
}

TEST_CASE("roads: the same town read from PBF (zlib, lz4, uncompressed blobs)", "[roads]") {
  TempDir dir;
  const auto xml = dir.write("river.osm", river().text());
  const RoadGraph from_xml = load_road_graph(xml);
  const std::vector<GeoPoint> pts{at(100, -120), at(100, 120)};
  const double expect = road_matrix(from_xml, pts).at(0, 1);
  for (const char* compression : {"zlib", "lz4", "none"}) {
    INFO(compression);
    const auto pbf = dir.path() / (std::string("river-").append(compression).append(".osm.pbf"));
    {
      osmium::io::Reader reader{xml.string()};
      osmium::io::File out{pbf.string()};
      out.set("pbf_compression", compression);
      osmium::io::Writer writer{out, reader.header(), osmium::io::overwrite::allow};
      while (osmium::memory::Buffer buffer = reader.read()) writer(std::move(buffer));
      writer.close();
      reader.close();
    }
    const RoadGraph g = load_road_graph(pbf);
    CHECK(g.node_count() == from_xml.node_count());
    CHECK(g.segment_count() == from_xml.segment_count());
    CHECK(road_matrix(g, pts).at(0, 1) == Approx(expect).margin(1e-6));
  }
}

TEST_CASE("roads: the demo grid's intersections and lengths", "[roads]") {
  const RoadGraph g = load_road_graph(test::source_dir() / "data/demo/roads.osm");
  CHECK(g.node_count() == 21 * 21);
  CHECK(g.segment_count() == 2 * 21 * 20);
  CHECK(g.arc_count() == 2 * g.segment_count() - 20);  // one one-way street of 20 blocks
  // 250 m blocks (the simulator's tangent plane, so along a street within a few cm of 250 m).
  const auto snap = g.nearest(GeoPoint{Latitude(30.25), Longitude(120.16)}, 10);
  REQUIRE(snap);
  CHECK(snap->offset_m < 0.01);
  for (std::uint32_t s = 0; s < g.segment_count(); ++s) CHECK(g.segment_m(s) == Approx(250).margin(0.05));
  // One worker or two, the same matrix to the bit.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-2400, 2400);
  std::vector<GeoPoint> pts;
  for (int i = 0; i < 40; ++i) pts.push_back(at(u(rng), u(rng)));
  RoadMatrixOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const RoadMatrix m1 = road_matrix(g, pts, one), m2 = road_matrix(g, pts, two);
  CHECK(m1.metres == m2.metres);
  for (std::size_t i = 0; i < pts.size(); ++i) CHECK(m1.road(i));
}

TEST_CASE("roads: shikan survey plan --roads on the demo city", "[roads][cli]") {
  TempDir dir;
  const auto demo = test::source_dir() / "data/demo";
  test::ChildProcess p({SHIKAN_BIN, "survey", "plan", "--sites", (demo / "sites.csv").string(), "--roads",
                        (demo / "roads.osm").string(), "--out", (dir.path() / "plan").string()},
                       dir.path() / "out.txt", dir.path() / "err.txt");
  REQUIRE(test::exited_ok(p.wait_for(std::chrono::seconds(120))));
  const std::string err = p.stderr_text();
  INFO(err);
  CHECK_THAT(err, Catch::Contains("roads: 441 nodes, 1660 edges"));
  CHECK_THAT(err, Catch::Contains("road distances"));
  const auto j = nlohmann::json::parse(std::ifstream(dir.path() / "plan" / "plan.json"));
  CHECK(j["distances"] == "road");
  bool has_roads = false;
  for (const auto& i : j["inputs"]) has_roads |= i["role"] == "roads" && i["sha256"].get<std::string>().size() == 64;
  CHECK(has_roads);
  for (const auto& s : j["stops"]) CHECK(s["road"] == true);
}

namespace {

// An n x n street grid `spacing_m` apart centred on the origin, one way per street line, as OSM XML.
std::string grid_osm(int n, double spacing_m) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"shikan test\">\n";
  const double half = (n - 1) * spacing_m / 2;
  char buf[160];
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const GeoPoint p = at(i * spacing_m - half, j * spacing_m - half);
      std::snprintf(buf, sizeof buf, "<node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", 1 + j * n + i,
                    p.lat.degrees(), p.lon.degrees());
      out += buf;
    }
  for (int line = 0; line < 2 * n; ++line) {
    out += "<way id=\"" + std::to_string(line + 1) + "\" version=\"1\">";
    for (int k = 0; k < n; ++k) {
      const int i = line < n ? k : line - n, j = line < n ? line : k;
      out += "<nd ref=\"" + std::to_string(1 + j * n + i) + "\"/>";
    }
    out += line % 10 == 0 ? "<tag k=\"highway\" v=\"primary\"/>" : "<tag k=\"highway\" v=\"residential\"/>";
    if (line % 7 == 3) out += "<tag k=\"oneway\" v=\"yes\"/>";
    out += "</way>\n";
  }
  return out + "</osm>\n";
}

long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void road_figures(int n, double spacing_m, std::size_t stops) {
  using Clock = std::chrono::steady_clock;
  const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  TempDir dir;
  const auto xml = dir.write("grid.osm", grid_osm(n, spacing_m));
  const auto pbf = dir.path() / "grid.osm.pbf";
  {
    osmium::io::Reader reader{xml.string()};
    osmium::io::Writer writer{pbf.string(), reader.header()};
    while (osmium::memory::Buffer buffer = reader.read()) writer(std::move(buffer));
    writer.close();
    reader.close();
  }
  const auto t0 = Clock::now();
  const RoadGraph gx = load_road_graph(xml);
  const auto t1 = Clock::now();
  const auto g = std::make_shared<const RoadGraph>(load_road_graph(pbf));
  const auto t2 = Clock::now();
  std::printf("%dx%d grid, %.0f m: %zu nodes, %zu arcs; XML %.1f MB read in %.0f ms, PBF %.0f kB in %.0f ms\n", n, n,
              spacing_m, g->node_count(), g->arc_count(), double(std::filesystem::file_size(xml)) / 1e6, ms(t0, t1),
              double(std::filesystem::file_size(pbf)) / 1e3, ms(t1, t2));
  std::mt19937_64 rng(2024);
  const double half = (n - 1) * spacing_m / 2;
  std::uniform_real_distribution<double> u(-half, half);
  std::vector<GeoPoint> pts;
  for (std::size_t i = 0; i < stops; ++i) pts.push_back(at(u(rng), u(rng)));
  for (unsigned threads : {1u, 2u}) {
    RoadMatrixOptions o;
    o.threads = threads;
    const auto t3 = Clock::now();
    const RoadMatrix m = road_matrix(*g, pts, o);
    const auto t4 = Clock::now();
    const Tour tour = plan_tour(m.symmetric());
    const auto t5 = Clock::now();
    const auto legs = road_legs(*g, m, pts, tour.order, o);
    const auto t6 = Clock::now();
    std::size_t vertices = 0;
    for (const auto& l : legs) vertices += l.path.size();
    std::printf("  %zu stops, %u thread(s): matrix %.0f ms, tour %.0f ms, %zu leg paths %.0f ms (%zu vertices), "
                "tour %.1f km\n", stops, threads, ms(t3, t4), ms(t4, t5), legs.size(), ms(t5, t6), vertices,
                tour.length_m / 1000);
  }
  std::printf("  peak RSS of the process %.0f MB\n", double(peak_rss_kb()) / 1024);
}

}  // namespace

// Figures for docs/survey.md ("Road distances"), one size per run so the peak RSS is that size's:
//   ./build/bin/survey_tests "roads figures: 300x300"     (and "roads figures: 1000x1000", "roads figures: demo")
TEST_CASE("roads figures: 300x300", "[.roads-figures]") { road_figures(300, 100, 500); }
TEST_CASE("roads figures: 1000x1000", "[.roads-figures]") { road_figures(1000, 50, 500); }
TEST_CASE("roads figures: demo", "[.roads-figures]") {
  using Clock = std::chrono::steady_clock;
  const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const auto t0 = Clock::now();
  const auto g = std::make_shared<const RoadGraph>(load_road_graph(test::source_dir() / "data/demo/roads.osm"));
  const auto t1 = Clock::now();
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> u(-2500, 2500);
  std::vector<GeoPoint> pts;
  for (int i = 0; i < 500; ++i) pts.push_back(at(u(rng), u(rng)));
  const RoadMatrix m = road_matrix(*g, pts);
  const auto t2 = Clock::now();
  std::printf("demo roads.osm: %zu nodes, %zu arcs, read in %.1f ms; 500 stops: matrix %.0f ms\n", g->node_count(),
              g->arc_count(), ms(t0, t1), ms(t1, t2));
}
