// CRS transforms: an independent transcription of the published formulas, published reference vectors,
// round trips, identity outside China and the size of the shift.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "shikan/core/crs.hpp"

namespace {

using shikan::Crs;
using shikan::GeoPoint;
using shikan::Latitude;
using shikan::Longitude;

GeoPoint pt(double lat, double lon) { return GeoPoint{Latitude(lat), Longitude(lon)}; }

// Written out separately from core/src/crs.cpp, in the factored form of the eviltransform sources
// (shared sin(6πx)+sin(2πx) term), so a slip in one transcription shows up as a mismatch.
struct Ref {
  static constexpr double pi = 3.14159265358979323846;
  static void delta(double lat, double lon, double& dlat, double& dlon) {
    const double x = lon - 105.0, y = lat - 35.0;
    const double common = (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi));
    double la = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    double lo = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    la += (common + 20.0 * std::sin(y * pi) + 40.0 * std::sin(y * pi / 3.0) + 160.0 * std::sin(y * pi / 12.0) +
           320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    lo += (common + 20.0 * std::sin(x * pi) + 40.0 * std::sin(x * pi / 3.0) + 150.0 * std::sin(x * pi / 12.0) +
           300.0 * std::sin(x * pi / 30.0)) * 2.0 / 3.0;
    const double a = 6378245.0, ee = 0.00669342162296594323;
    const double s = std::sin(lat * pi / 180.0);
    const double m = 1.0 - ee * s * s;
    dlat = la * 180.0 / (a * (1.0 - ee) / (m * std::sqrt(m)) * pi);
    dlon = lo * 180.0 / (a / std::sqrt(m) * std::cos(lat * pi / 180.0) * pi);
  }
  static GeoPoint gcj(double lat, double lon) {
    double dlat = 0, dlon = 0;
    delta(lat, lon, dlat, dlon);
    return pt(lat + dlat, lon + dlon);
  }
  static GeoPoint bd(const GeoPoint& g) {
    const double xpi = pi * 3000.0 / 180.0;
    const double x = g.lon.degrees(), y = g.lat.degrees();
    const double z = std::hypot(x, y) + 2e-5 * std::sin(y * xpi);
    const double t = std::atan2(y, x) + 3e-6 * std::cos(x * xpi);
    return pt(z * std::sin(t) + 0.006, z * std::cos(t) + 0.0065);
  }
};

// Metres between two nearby points (equirectangular; fine below a kilometre).
double metres(const GeoPoint& a, const GeoPoint& b) {
  const double k = 111320.0;
  const double dn = (a.lat.degrees() - b.lat.degrees()) * k;
  const double de = (a.lon.degrees() - b.lon.degrees()) * k * std::cos(a.lat.degrees() * Ref::pi / 180.0);
  return std::hypot(dn, de);
}

struct Place {
  const char* name;
  double lat, lon;
};
const std::vector<Place> kChina = {
    {"Beijing Tiananmen", 39.9075, 116.39723}, {"Shanghai Lujiazui", 31.2397, 121.4998},
    {"Hangzhou West Lake", 30.2590, 120.1388}, {"Guangzhou", 23.1291, 113.2644},
    {"Chengdu", 30.5728, 104.0668},            {"Urumqi", 43.8256, 87.6168},
    {"Harbin", 45.8038, 126.5349},             {"Lhasa", 29.6520, 91.1721},
    {"Haikou", 20.0440, 110.1999},             {"Kunming", 25.0389, 102.7183},
};

}  // namespace

TEST_CASE("crs: WGS-84 -> GCJ-02 matches an independent transcription", "[crs]") {
  for (const auto& p : kChina) {
    INFO(p.name);
    const GeoPoint got = shikan::from_wgs84(pt(p.lat, p.lon), Crs::Gcj02);
    const GeoPoint want = Ref::gcj(p.lat, p.lon);
    CHECK(got.lat.degrees() == Approx(want.lat.degrees()).margin(1e-12));
    CHECK(got.lon.degrees() == Approx(want.lon.degrees()).margin(1e-12));
    const GeoPoint bd = shikan::from_wgs84(pt(p.lat, p.lon), Crs::Bd09);
    const GeoPoint want_bd = Ref::bd(want);
    CHECK(bd.lat.degrees() == Approx(want_bd.lat.degrees()).margin(1e-12));
    CHECK(bd.lon.degrees() == Approx(want_bd.lon.degrees()).margin(1e-12));
  }
}

TEST_CASE("crs: published reference vectors (eviltransform test suite) to 1e-6 degrees", "[crs]") {
  // wgs lat, wgs lon, gcj lat, gcj lon, from googollee/eviltransform's tests. That code uses the WGS-84 radius
  // (6378137) where the original uses Krasovsky's (6378245): a 1.7e-5 relative difference, ~1 cm here.
  struct V {
    double wlat, wlon, glat, glon;
  };
  const std::vector<V> vectors = {
      {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},    // Shanghai
      {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},    // Shenzhen
      {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},    // Beijing
  };
  for (const auto& v : vectors) {
    const GeoPoint g = shikan::from_wgs84(pt(v.wlat, v.wlon), Crs::Gcj02);
    CHECK(g.lat.degrees() == Approx(v.glat).margin(1e-6));
    CHECK(g.lon.degrees() == Approx(v.glon).margin(1e-6));
    const GeoPoint w = shikan::to_wgs84(pt(v.glat, v.glon), Crs::Gcj02);
    CHECK(w.lat.degrees() == Approx(v.wlat).margin(1e-6));
    CHECK(w.lon.degrees() == Approx(v.wlon).margin(1e-6));
  }
  // wandergis/coordTransform's README example at (39.915, 116.404), Krasovsky constants as here: WGS-84 ->
  // GCJ-02, GCJ-02 -> BD-09 and the closed-form BD-09 -> GCJ-02, each applied to that same input point.
  // (eviltransform's BD-09 vectors are left out: they disagree with the published forward formulas by 10-40 m.)
  const GeoPoint p = pt(39.915, 116.404);
  const GeoPoint g = shikan::from_wgs84(p, Crs::Gcj02);
  CHECK(g.lat.degrees() == Approx(39.91640428150164).margin(1e-9));
  CHECK(g.lon.degrees() == Approx(116.41024449916938).margin(1e-9));
  const GeoPoint b = shikan::gcj02_to_bd09(p);
  CHECK(b.lat.degrees() == Approx(39.92133699351022).margin(1e-9));
  CHECK(b.lon.degrees() == Approx(116.41036949371029).margin(1e-9));
  const GeoPoint c = shikan::bd09_to_gcj02_closed(p);
  CHECK(c.lat.degrees() == Approx(39.90865673957631).margin(1e-9));
  CHECK(c.lon.degrees() == Approx(116.39762729119315).margin(1e-9));
  // The one-step GCJ-02 -> WGS-84 approximation there gives (39.91359571849836, 116.39775550083061); the
  // iterated inverse is ~8 cm from it here: it maps back to the input within 1e-9 degrees, the one-step does not.
  const GeoPoint w = shikan::to_wgs84(p, Crs::Gcj02);
  CHECK(w.lat.degrees() == Approx(39.91359571849836).margin(1e-4));
  CHECK(w.lon.degrees() == Approx(116.39775550083061).margin(1e-4));
  const GeoPoint back = shikan::from_wgs84(w, Crs::Gcj02);
  CHECK(back.lat.degrees() == Approx(39.915).margin(1e-9));
  CHECK(back.lon.degrees() == Approx(116.404).margin(1e-9));
  const GeoPoint one_step = pt(39.91359571849836, 116.39775550083061);
  const GeoPoint one_step_back = shikan::from_wgs84(one_step, Crs::Gcj02);
  CHECK(std::fabs(one_step_back.lat.degrees() - 39.915) + std::fabs(one_step_back.lon.degrees() - 116.404) > 3e-7);
}

TEST_CASE("crs: round trips through GCJ-02 and BD-09 stay within 1 cm", "[crs]") {
  for (const auto& p : kChina) {
    for (const Crs c : {Crs::Gcj02, Crs::Bd09}) {
      INFO(p.name << " via " << shikan::to_string(c));
      const GeoPoint w = pt(p.lat, p.lon);
      CHECK(metres(shikan::to_wgs84(shikan::from_wgs84(w, c), c), w) < 0.01);
      // And the other way: a point read off a map app, to WGS-84 and back.
      CHECK(metres(shikan::from_wgs84(shikan::to_wgs84(w, c), c), w) < 0.01);
    }
  }
  // The closed-form BD-09 inverse alone is not that exact, which is why to_wgs84 refines it.
  const GeoPoint g = shikan::from_wgs84(pt(30.259, 120.1388), Crs::Gcj02);
  const double closed_err = metres(shikan::bd09_to_gcj02_closed(shikan::gcj02_to_bd09(g)), g);
  CHECK(closed_err > 0.01);  // 3.2 cm here: more than the 1 cm the round trip must meet
  CHECK(closed_err < 0.3);
}

TEST_CASE("crs: no shift outside the China box", "[crs]") {
  const std::vector<Place> outside = {
      {"Dublin", 53.3498, -6.2603}, {"Cork", 51.8985, -8.4756}, {"Tokyo", 35.6762, 139.6503},
      {"Sydney", -33.8688, 151.2093}, {"Jakarta", -6.2088, 106.8456}, {"Moscow", 55.7558, 37.6173}};
  for (const auto& p : outside) {
    INFO(p.name);
    for (const Crs c : {Crs::Wgs84, Crs::Gcj02, Crs::Bd09}) {
      CHECK(shikan::from_wgs84(pt(p.lat, p.lon), c) == pt(p.lat, p.lon));
      CHECK(shikan::to_wgs84(pt(p.lat, p.lon), c) == pt(p.lat, p.lon));
      CHECK(shikan::crs_offset(pt(p.lat, p.lon), c).magnitude().value == 0.0);
    }
  }
  CHECK_FALSE(shikan::in_china_box(pt(53.3498, -6.2603)));
  CHECK(shikan::in_china_box(pt(39.9075, 116.39723)));
  // The box is rough: Singapore and Seoul fall inside it and get shifted, as in every published implementation.
  CHECK(shikan::in_china_box(pt(1.28, 103.85)));
  CHECK(shikan::in_china_box(pt(37.5665, 126.978)));
}

TEST_CASE("crs: GCJ-02 shift is 100-700 m inside China and agrees with the coordinates", "[crs]") {
  for (const auto& p : kChina) {
    INFO(p.name);
    const GeoPoint w = pt(p.lat, p.lon);
    const auto off = shikan::crs_offset(w, Crs::Gcj02);
    CHECK(off.magnitude().value > 100.0);
    CHECK(off.magnitude().value < 700.0);
    CHECK(off.magnitude().value == Approx(metres(w, shikan::from_wgs84(w, Crs::Gcj02))).epsilon(0.01));
    // BD-09 adds roughly another 0.006-0.0065 degrees, so its shift is larger (~1 km).
    CHECK(shikan::crs_offset(w, Crs::Bd09).magnitude().value > off.magnitude().value);
    CHECK(shikan::crs_offset(w, Crs::Wgs84).magnitude().value == 0.0);
  }
  // Beijing: the GCJ-02 point lies north-east of the WGS-84 one (east ~ +530 m, north ~ +150 m).
  const auto bj = shikan::crs_offset(pt(39.911954, 116.377817), Crs::Gcj02);
  CHECK(bj.east.value == Approx(533).margin(15));
  CHECK(bj.north.value == Approx(155).margin(15));
}

TEST_CASE("crs: names", "[crs]") {
  CHECK(shikan::parse_crs("wgs84") == Crs::Wgs84);
  CHECK(shikan::parse_crs("WGS-84") == Crs::Wgs84);
  CHECK(shikan::parse_crs("GCJ-02") == Crs::Gcj02);
  CHECK(shikan::parse_crs("bd09") == Crs::Bd09);
  CHECK(shikan::parse_crs("auto") == std::nullopt);
  CHECK(shikan::parse_crs("") == std::nullopt);
  CHECK(shikan::to_string(Crs::Gcj02) == "gcj02");
}
