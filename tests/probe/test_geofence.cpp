// GeofenceTracker with made-up tracks: a drive through a circle and through a polygon with a hole, boundary
// jitter against the exit margin, time and samples inside, the next stop in order with distance and bearing, and
// the 8 compass words.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "shikan/probe/geofence.hpp"
#include "shikan/probe/status.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {

// Metres east / north of 30.25 N 120.15 E in the local frame core's places geometry uses (WGS-84 radii of
// curvature at the origin). Tracks below keep a metre or more off every threshold, so the small difference
// between this frame and one centred elsewhere cannot move an event.
constexpr double kLat0 = 30.25, kLon0 = 120.15;

GeoPoint at(double east_m, double north_m) {
  const double a = 6378137.0, e2 = 0.00669437999014, deg = std::numbers::pi / 180.0;
  const double s = std::sin(kLat0 * deg), w = std::sqrt(1.0 - e2 * s * s);
  const double m_per_deg_lat = a * (1.0 - e2) / (w * w * w) * deg, m_per_deg_lon = a / w * std::cos(kLat0 * deg) * deg;
  return GeoPoint{Latitude(kLat0 + north_m / m_per_deg_lat), Longitude(kLon0 + east_m / m_per_deg_lon)};
}

MonoTime sec(double s) { return MonoTime{static_cast<std::int64_t>(s * 1e9)}; }

CampaignStop circle_stop(int order, std::string id, GeoPoint centre, double radius_m) {
  CampaignStop s;
  s.order = order;
  s.day = 1;
  s.kind = CampaignStopKind::Site;
  s.id = std::move(id);
  s.operator_key = "cmcc";
  s.pos = centre;
  s.geofence.circle = PlaceCircle{centre, Metres(radius_m)};
  return s;
}

std::vector<GeoPoint> square_ring(double half_m) {
  return {at(-half_m, -half_m), at(half_m, -half_m), at(half_m, half_m), at(-half_m, half_m), at(-half_m, -half_m)};
}

}  // namespace

TEST_CASE("geofence: a drive north through a 250 m circle enters once and leaves 20 m past the edge",
          "[probe][geofence]") {
  GeofenceTracker t({circle_stop(1, "XL-1", at(0, 0), 250)});
  std::vector<std::pair<int, GeofenceEvent>> events;  // (north metres, event)
  int second = 0;
  for (int north = -402; north <= 400; north += 5, ++second)
    for (const auto& e : t.on_fix(at(0, north), sec(second))) events.emplace_back(north, e);
  REQUIRE(events.size() == 2);
  CHECK(events[0].second.transition == GeofenceTransition::Enter);
  CHECK(events[0].first == -247);
  CHECK(events[1].second.transition == GeofenceTransition::Exit);
  CHECK(events[1].first == 273);  // the first 5 m step beyond 250 + 20 m
  CHECK(t.progress(0).visited);
  CHECK_FALSE(t.progress(0).inside);
  CHECK(t.progress(0).time_inside == std::chrono::seconds((247 + 273) / 5));  // 1 s per 5 m while inside
  CHECK(t.visited() == 1);
  CHECK_FALSE(t.next());
}

TEST_CASE("geofence: a polygon with a hole is left in the hole and entered again behind it", "[probe][geofence]") {
  CampaignStop place;
  place.order = 1;
  place.day = 1;
  place.kind = CampaignStopKind::Place;
  place.id = "人民医院";
  place.category = "hospital";
  place.pos = at(0, 0);
  place.geofence.area.push_back(PlacePolygon{square_ring(200), {square_ring(50)}});
  GeofenceTracker t({place});
  std::vector<std::pair<int, GeofenceTransition>> events;  // (east metres, transition)
  int second = 0;
  for (int east = -301; east <= 300; east += 2, ++second)
    for (const auto& e : t.on_fix(at(east, 10), sec(second))) events.emplace_back(east, e.transition);
  // In at the west edge; out once 20 m into the hole; in again leaving the hole; out 20 m past the east edge.
  const std::vector<std::pair<int, GeofenceTransition>> expected{{-199, GeofenceTransition::Enter},
                                                                 {-29, GeofenceTransition::Exit},
                                                                 {51, GeofenceTransition::Enter},
                                                                 {221, GeofenceTransition::Exit}};
  CHECK(events == expected);
}

TEST_CASE("geofence: jitter around the edge does not flap; time inside skips GNSS gaps; samples inside",
          "[probe][geofence]") {
  GeofenceTracker t({circle_stop(1, "XL-1", at(0, 0), 100)});
  CHECK(t.on_fix(at(0, 130), sec(0)).empty());
  t.on_sample();
  CHECK(t.progress(0).samples_inside == 0);
  REQUIRE(t.on_fix(at(0, 98), sec(1)).size() == 1);  // in
  for (int k = 0; k < 10; ++k) {  // ±15 m around the edge: never 20 m outside
    CHECK(t.on_fix(at(0, k % 2 ? 115 : 90), sec(2 + k)).empty());
    t.on_sample();
  }
  CHECK(t.progress(0).samples_inside == 10);
  CHECK(t.inside() == std::size_t{0});
  CHECK(t.on_fix(at(0, 60), sec(71)).empty());  // 60 s without a fix count as max_gap (10 s)
  CHECK(t.progress(0).time_inside == std::chrono::seconds(10 + 10));
  const auto out = t.on_fix(at(0, 121), sec(72));
  REQUIRE(out.size() == 1);
  CHECK(out[0].transition == GeofenceTransition::Exit);
  t.on_sample();
  CHECK(t.progress(0).samples_inside == 10);
  CHECK_FALSE(t.inside());
  CHECK(t.on_fix(at(0, 105), sec(73)).empty());  // within the margin but outside: not in again
  CHECK(t.on_fix(at(0, 99.5), sec(74)).size() == 1);
}

TEST_CASE("geofence: the next stop is the lowest order not visited, with distance and compass bearing",
          "[probe][geofence]") {
  // Given out of order; the tracker sorts by order.
  GeofenceTracker t({circle_stop(3, "C", at(-1000, -1000), 100), circle_stop(1, "A", at(1000, 1000), 100),
                     circle_stop(2, "B", at(0, 0), 100)});
  REQUIRE(t.next());
  CHECK(t.stops()[t.next()->stop].id == "A");
  CHECK_FALSE(t.next()->distance);  // no fix yet
  // Arriving at B first: A (north-east, ~1.41 km) is still next.
  const auto in_b = t.on_fix(at(0, 0), sec(0));
  REQUIRE(in_b.size() == 1);
  CHECK(t.stops()[in_b[0].stop].id == "B");
  auto n = t.next();
  REQUIRE(n);
  CHECK(t.stops()[n->stop].id == "A");
  CHECK(n->distance->value == Approx(1414.2).epsilon(0.005));
  CHECK(*n->bearing_deg == Approx(45).margin(0.5));
  CHECK(compass_word(compass_point8(*n->bearing_deg), Lang::Zh) == "东北");
  CHECK(t.on_fix(at(1000, 1000), sec(60)).size() == 2);  // out of B, into A
  n = t.next();
  REQUIRE(n);
  CHECK(t.stops()[n->stop].id == "C");
  CHECK(*n->bearing_deg == Approx(225).margin(0.5));
  CHECK(compass_word(compass_point8(*n->bearing_deg), Lang::En) == "SW");
  CHECK(n->distance->value == Approx(2828.4).epsilon(0.005));
  t.on_fix(at(-1000, -1000), sec(200));
  CHECK(t.visited() == 3);
  CHECK_FALSE(t.next());
}

TEST_CASE("geofence: bearings and the 8 compass points", "[probe][geofence]") {
  const GeoPoint o{Latitude(30), Longitude(120)};
  CHECK(initial_bearing_deg(o, GeoPoint{Latitude(31), Longitude(120)}) == Approx(0).margin(1e-9));
  CHECK(initial_bearing_deg(o, GeoPoint{Latitude(30), Longitude(120.01)}) == Approx(90).margin(0.01));
  CHECK(initial_bearing_deg(o, GeoPoint{Latitude(29.99), Longitude(120)}) == Approx(180).margin(1e-9));
  CHECK(initial_bearing_deg(o, GeoPoint{Latitude(30), Longitude(119.99)}) == Approx(270).margin(0.01));
  CHECK(initial_bearing_deg(o, o) == 0);
  const std::vector<std::pair<double, int>> points{{0, 0},   {22.4, 0}, {22.6, 1}, {90, 2},   {135, 3}, {180, 4},
                                                   {225, 5}, {270, 6},  {315, 7},  {337.4, 7}, {337.6, 0}, {359.9, 0},
                                                   {-45, 7}, {405, 1}};
  for (const auto& [deg, point] : points) {
    INFO(deg);
    CHECK(compass_point8(deg) == point);
  }
  const char* zh[] = {"北", "东北", "东", "东南", "南", "西南", "西", "西北"};
  const char* en[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
  for (int k = 0; k < 8; ++k) {
    CHECK(compass_word(k, Lang::Zh) == zh[k]);
    CHECK(compass_word(k, Lang::En) == en[k]);
  }
}
