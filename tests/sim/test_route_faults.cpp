// GPX parsing, the generated street-grid route, trajectories, fault specs and durations.
#include <catch2/catch.hpp>

#include <cmath>

#include "shikan/sim/faults.hpp"
#include "shikan/sim/route.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::sim;

TEST_CASE("GPX: track points with and without time, attribute order and quotes", "[sim][gpx]") {
  auto r = parse_gpx(read_text_file(test::fixtures() / "sim" / "timed.gpx"));
  REQUIRE(r.ok());
  REQUIRE(r->size() == 3);
  CHECK(r.value()[1].pos.lat.degrees() == Approx(30.0009));
  CHECK(r.value()[2].pos.lon.degrees() == Approx(120.001));
  REQUIRE(r.value()[2].time.has_value());
  CHECK(to_iso8601(*r.value()[2].time) == "2026-01-05T02:00:20.000Z");

  auto town = parse_gpx(read_text_file(test::fixtures() / "sim" / "town" / "route.gpx"));
  REQUIRE(town.ok());
  CHECK(town->size() == 5);
  CHECK_FALSE(town.value()[0].time.has_value());
}

TEST_CASE("GPX: errors", "[sim][gpx]") {
  CHECK(parse_gpx("<kml></kml>").error().reason == "not a GPX document (no <gpx> element)");
  CHECK(parse_gpx("<gpx><trk></trk></gpx>").error().reason == "GPX has no <trkpt> or <rtept> points");
  CHECK(parse_gpx("<gpx>\n<trk>\n<trkpt lat=\"91\" lon=\"1\"/>\n</trk></gpx>").error().reason == "line 3: point without valid lat/lon");
  CHECK(parse_gpx("<gpx>\n<trkpt lat=\"1\" lon=\"1\"><time>yesterday</time></trkpt></gpx>").error().reason == "line 2: bad <time>");
  // A round trip through our writer.
  auto back = parse_gpx(to_gpx({GeoPoint{Latitude(30.1), Longitude(120.2)}, GeoPoint{Latitude(30.2), Longitude(120.3)}}, "r"));
  REQUIRE(back.ok());
  CHECK(back->size() == 2);
  CHECK(back.value()[1].pos.lon.degrees() == Approx(120.3));
}

TEST_CASE("GPX: a plan's route (waypoints, route points and tracks) is driven along its tracks, stops marked", "[sim][gpx]") {
  const std::string plan = R"(<gpx version="1.1">
<wpt lat="30.1000000" lon="120.1000000"><name>1 S-1</name></wpt>
<wpt lat="30.2000000" lon="120.2000000"><name>2 S-2</name></wpt>
<rte><rtept lat="30.1000000" lon="120.1000000"/><rtept lat="30.2000000" lon="120.2000000"/></rte>
<trk><trkseg><trkpt lat="30.0000000" lon="120.0000000"/><trkpt lat="30.1000000" lon="120.1000000"/>
<trkpt lat="30.1500000" lon="120.1500000"/><trkpt lat="30.2000000" lon="120.2000000"/></trkseg></trk></gpx>)";
  auto r = parse_gpx(plan);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 4);  // the track, not the route points as well
  CHECK_FALSE(r.value()[0].waypoint);
  CHECK(r.value()[1].waypoint);
  CHECK_FALSE(r.value()[2].waypoint);
  CHECK(r.value()[3].waypoint);
  auto rte_only = parse_gpx(R"(<gpx><rte><rtept lat="1" lon="2"/><rtept lat="1.1" lon="2"/></rte></gpx>)");
  REQUIRE(rte_only.ok());
  CHECK(rte_only->size() == 2);
  CHECK(parse_gpx("<gpx>\n<wpt lon=\"1\"/><trk><trkpt lat=\"1\" lon=\"1\"/></trk></gpx>").error().reason ==
        "line 2: waypoint without valid lat/lon");
}

TEST_CASE("trajectory: the visit at each waypoint, the last one included", "[sim][route]") {
  const std::vector<Enu> pts{Enu{0, 0}, Enu{500, 0}, Enu{1000, 0}};
  DriveProfile p;
  p.stop_probability = 0;
  Rng a(5, "route"), b(5, "route");
  const Trajectory plain = Trajectory::drive(pts, p, a);
  p.waypoint_dwell_s = 120;
  const Trajectory visits = Trajectory::drive(pts, p, b, {false, true, true});
  // Two visits of 120 s, plus braking into and pulling away from the middle one.
  CHECK(visits.duration_ms() - plain.duration_ms() >= 240'000);
  CHECK(visits.duration_ms() - plain.duration_ms() <= 270'000);
  const std::int64_t end = visits.duration_ms();
  CHECK(visits.position(end - 100'000).east_m == Approx(1000));  // standing at the last stop
  CHECK(visits.speed_mps(end - 60'000) < 0.3);
  int standing_mid = 0;
  for (std::int64_t t = 0; t < end; t += 1000) standing_mid += std::fabs(visits.position(t).east_m - 500) < 0.5;
  CHECK(standing_mid >= 118);
}

TEST_CASE("grid route: on the grid, within the extent, long enough, visits targets, seeded", "[sim][route]") {
  RouteConfig cfg;
  cfg.block = Metres(200);
  cfg.extent = Metres(1000);
  const std::vector<Enu> targets{{800, 600}, {-600, -1000}};
  Rng a(7, "route"), b(7, "route"), c(8, "route");
  const auto r1 = generate_grid_route(cfg, targets, Metres(20000), a);
  CHECK(r1.size() >= 100);
  double len = 0;
  bool seen800 = false, seen_m600 = false;
  for (std::size_t i = 0; i < r1.size(); ++i) {
    CHECK(std::fmod(std::fabs(r1[i].east_m), 200.0) == Approx(0.0).margin(1e-9));
    CHECK(std::fabs(r1[i].north_m) <= 1000.0);
    if (i) {
      len += distance_m(r1[i - 1], r1[i]);
      CHECK(distance_m(r1[i - 1], r1[i]) == Approx(200.0));  // one block at a time
    }
    seen800 = seen800 || (r1[i].east_m == 800 && r1[i].north_m == 600);
    seen_m600 = seen_m600 || (r1[i].east_m == -600 && r1[i].north_m == -1000);
  }
  CHECK(len >= 20000);
  CHECK(seen800);
  CHECK(seen_m600);
  const auto r2 = generate_grid_route(cfg, targets, Metres(20000), b);
  const auto r3 = generate_grid_route(cfg, targets, Metres(20000), c);
  REQUIRE(r2.size() == r1.size());
  for (std::size_t i = 0; i < r1.size(); ++i) CHECK((r1[i].east_m == r2[i].east_m && r1[i].north_m == r2[i].north_m));
  bool differs = r3.size() != r1.size();
  for (std::size_t i = 0; !differs && i < r1.size(); ++i) differs = r1[i].east_m != r3[i].east_m || r1[i].north_m != r3[i].north_m;
  CHECK(differs);
}

TEST_CASE("trajectory: plausible speed profile with stops; timed track interpolates", "[sim][route]") {
  std::vector<Enu> pts;
  for (int i = 0; i <= 40; ++i) pts.push_back(Enu{(i % 2 == 0 ? 0.0 : 0.0) + 250.0 * i, 0});
  Rng rng(3, "route");
  const Trajectory t = Trajectory::drive(pts, DriveProfile{}, rng);
  CHECK(t.length_m() == Approx(10000));
  int stopped = 0;
  double max_speed = 0;
  for (std::int64_t s = 0; s < t.duration_ms() / 1000; ++s) {
    const double v = t.speed_mps(s * 1000);
    max_speed = std::max(max_speed, v);
    if (v < 0.3) ++stopped;
  }
  CHECK(max_speed <= 60.0 / 3.6 + 1e-6);
  CHECK(max_speed >= 20.0 / 3.6);
  CHECK(stopped > 5);  // traffic lights
  const double avg_kmh = t.length_m() / (static_cast<double>(t.duration_ms()) / 1000.0) * 3.6;
  CHECK(avg_kmh > 10);
  CHECK(avg_kmh < 60);
  CHECK(t.position(t.duration_ms()).east_m == Approx(10000));
  CHECK(t.course_deg(1000) == Approx(90));

  const Trajectory timed = Trajectory::timed({Enu{0, 0}, Enu{0, 100}, Enu{100, 100}}, {0, 10000, 20000});
  CHECK(timed.duration_ms() == 20000);
  CHECK(timed.position(5000).north_m == Approx(50));
  CHECK(timed.position(15000).east_m == Approx(50));
  CHECK(timed.speed_mps(3000) == Approx(10));
}

TEST_CASE("fault specs and durations", "[sim][faults]") {
  CHECK(parse_duration_ms("90") == 90000);
  CHECK(parse_duration_ms("10m") == 600000);
  CHECK(parse_duration_ms("3h") == 10800000);
  CHECK(parse_duration_ms("1h30m") == 5400000);
  CHECK(parse_duration_ms("2.5m") == 150000);
  CHECK_FALSE(parse_duration_ms("").has_value());
  CHECK_FALSE(parse_duration_ms("5d").has_value());
  CHECK_FALSE(parse_duration_ms("-5").has_value());

  auto u = parse_fault("unplug:cmcc@300+60");
  REQUIRE(u.ok());
  CHECK(u->kind == FaultKind::Unplug);
  CHECK(u->device == "cmcc");
  CHECK(u->at_ms == 300000);
  CHECK(u->duration_ms == 60000);
  CHECK(u->active(300000));
  CHECK_FALSE(u->active(360000));
  auto t = parse_fault("tunnel@10m+1m");
  REQUIRE(t.ok());
  CHECK(t->device == "gnss");
  CHECK(t->at_ms == 600000);
  auto g = parse_fault("garbage:gnss@120");
  REQUIRE(g.ok());
  CHECK(g->duration_ms == 0);
  CHECK(parse_fault("unplug:cmcc@300").error().reason == "fault 'unplug:cmcc@300': needs +DURATION");
  CHECK(parse_fault("explode:cmcc@3+1").error().reason == "fault 'explode:cmcc@3+1': unknown kind 'explode' (unplug, garbage, tunnel, error, mute)");
  CHECK(parse_fault("error@3+1").error().reason == "fault 'error@3+1': error needs a modem id");
  CHECK(parse_fault("garbage@3").error().reason == "fault 'garbage@3': garbage needs a device (modem id or gnss)");
  CHECK(parse_fault("tunnel:cmcc@3+1").error().reason == "fault 'tunnel:cmcc@3+1': tunnel applies to gnss only");
  auto m = parse_fault("mute@400+60");
  REQUIRE(m.ok());
  CHECK(m->kind == FaultKind::Mute);
  CHECK(m->device == "gnss");
  CHECK(parse_fault("mute:cucc@3+1").error().reason == "fault 'mute:cucc@3+1': mute applies to gnss only");
  CHECK(parse_fault("mute@3").error().reason == "fault 'mute@3': needs +DURATION");
  CHECK(parse_fault("unplug:cmcc").error().reason == "fault 'unplug:cmcc': expected KIND[:DEVICE]@T[+D]");
}
