// Site location (locate.hpp): a three-point town where the answer is obvious, degenerate inputs, and seeded
// synthetic drives (locate_synth.hpp: exponent 3.5, shadowing 6 dB, a street grid driven on one side of the
// site) where the fit must beat the centroid. Tolerances are metres.
#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>
#include <vector>

#include "locate_synth.hpp"
#include "shikan/analyzer/locate.hpp"

using namespace shikan;
using namespace shikan::analyzer;
using shikan::test::SynthOptions;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

LocObs obs(double east, double north, double rsrp, std::optional<double> ta = std::nullopt, std::uint32_t cell = 0) {
  return {{east, north}, Dbm(rsrp), ta ? std::optional<Metres>(Metres(*ta)) : std::nullopt, 1.0, cell};
}

double distance(const EastNorth& a, const EastNorth& b) {
  return std::hypot(a.east_m - b.east_m, a.north_m - b.north_m);
}

// Exact log-distance RSRP (p0 -10 dBm at 1 m, n 3.5, 25 m mast) at (e, n) from the site, and its range.
double range_m(const EastNorth& site, double e, double n) {
  return std::hypot(std::hypot(e - site.east_m, n - site.north_m), 25.0);
}
double exact_rsrp(const EastNorth& site, double e, double n) { return -10 - 35 * std::log10(range_m(site, e, n)); }

}  // namespace

TEST_CASE("signal weights follow Ichnaea's LTE anchors", "[analyzer][locate]") {
  CHECK(signal_weight(Dbm(-105)) == Approx(1.0));
  CHECK(signal_weight(Dbm(-89)) == Approx(2.0));
  CHECK(signal_weight(Dbm(-124)) == Approx(0.5));
  CHECK(signal_weight(Dbm(-150)) == Approx(signal_weight(Dbm(-140))));  // clamped to the report range
  CHECK(signal_weight(Dbm(-30)) == Approx(signal_weight(Dbm(-44))));
}

TEST_CASE("three points with timing advance around a site: the fit finds it", "[analyzer][locate]") {
  const EastNorth site{100, 200};
  std::vector<LocObs> v;
  for (auto [e, n] : {std::pair{400.0, 200.0}, {100.0, 600.0}, {-200.0, -100.0}})
    v.push_back(obs(e, n, exact_rsrp(site, e, n), range_m(site, e, n)));
  const auto est = locate_node(v);
  CHECK(est.fitted);
  CHECK(est.observations == 3);
  CHECK(est.cells == 1);
  CHECK(distance(est.position, site) < 2);
  CHECK(est.uncertainty.value == Approx(20));  // exact data: the floor
  CHECK_FALSE(est.mirror_ambiguous);
}

TEST_CASE("three points without timing advance: the weighted centroid, not a fit", "[analyzer][locate]") {
  const std::vector<LocObs> v = {obs(0, 0, -89), obs(300, 0, -105), obs(0, 300, -124)};
  const auto est = locate_node(v);
  CHECK_FALSE(est.fitted);
  CHECK(est.exponent == 0);
  CHECK(est.centroid.east_m == Approx(300.0 * 1 / 3.5));  // weights 2, 1, 0.5
  CHECK(est.centroid.north_m == Approx(300.0 * 0.5 / 3.5));
  CHECK(est.position.east_m == est.centroid.east_m);
  CHECK(est.uncertainty.value == Approx(distance(est.centroid, {0, 300})));  // the farthest observation
}

TEST_CASE("degenerate inputs give the centroid (or nothing) and never throw", "[analyzer][locate]") {
  SECTION("empty") {
    const auto est = locate_node({});
    CHECK_FALSE(est.fitted);
    CHECK(est.observations == 0);
  }
  SECTION("one point") {
    const std::vector<LocObs> v = {obs(10, 20, -90)};
    const auto est = locate_node(v);
    CHECK_FALSE(est.fitted);
    CHECK(est.position.east_m == 10);
    CHECK(est.uncertainty.value == Approx(20));
  }
  SECTION("NaN, infinite and out-of-range values are skipped; a bad TA is dropped, the point kept") {
    std::vector<LocObs> v = {obs(kNan, 0, -90), obs(0, kNan, -90),  obs(0, 0, kNan),
                             obs(0, 0, -340),   obs(1e300, 0, -90), obs(0, 0, std::numeric_limits<double>::infinity())};
    v.push_back(obs(50, 50, -80, kNan));
    v.push_back(obs(60, 50, -80, -5.0));
    v.back().weight = kNan;
    v.push_back(obs(70, 50, -80));
    v.back().weight = 0;
    const auto est = locate_node(v);
    CHECK(est.observations == 1);
    CHECK_FALSE(est.fitted);
    CHECK(est.position.east_m == Approx(50));
  }
  SECTION("all points at one place") {
    std::vector<LocObs> v;
    for (int k = 0; k < 30; ++k) v.push_back(obs(500 + 0.1 * k, 500, -80 - k % 5));
    const auto est = locate_node(v);
    CHECK_FALSE(est.fitted);
    CHECK(distance(est.position, {501.45, 500}) < 2);
  }
  SECTION("a flat signal along a grid: a finite answer, whatever it is") {
    auto node = test::synth_node(7, SynthOptions{});
    for (auto& o : node.obs) o.rsrp = Dbm(-95);
    const auto est = locate_node(node.obs);
    CHECK(std::isfinite(est.position.east_m));
    CHECK(std::isfinite(est.uncertainty.value));
  }
}

TEST_CASE("the answer moves with the frame: far origins lose no precision", "[analyzer][locate]") {
  auto node = test::synth_node(11, SynthOptions{});
  const auto here = locate_node(node.obs);
  for (auto& o : node.obs) o.at.east_m += 2e6, o.at.north_m -= 3e6;
  const auto there = locate_node(node.obs);
  CHECK(there.position.east_m - 2e6 == Approx(here.position.east_m).margin(0.5));
  CHECK(there.position.north_m + 3e6 == Approx(here.position.north_m).margin(0.5));
}

TEST_CASE("synthetic drives: the fit beats the centroid and its 95 % radius holds", "[analyzer][locate]") {
  const auto run = test::run_synthetic(SynthOptions{}, 200, 1000);
  CHECK(run.fitted == 200);
  // Measured (docs/analyzer.md, "Locating sites"): centroid mean 415 m; fit mean 100 m, median 78 m.
  CHECK(test::mean(run.fit_error_m) < 0.7 * test::mean(run.centroid_error_m));
  CHECK(test::quantile(run.fit_error_m, 0.5) < 100);
  CHECK(run.covered >= 170);  // >= 85 % (measured: 197 of 200)
}

TEST_CASE("timing advance shrinks the error and the radius", "[analyzer][locate]") {
  SynthOptions with_ta;
  with_ta.with_ta = true;
  const auto rss = test::run_synthetic(SynthOptions{}, 100, 5000);
  const auto ta = test::run_synthetic(with_ta, 100, 5000);
  // Measured over 200 nodes: mean 11 m, median 9 m, 199 of 200 covered.
  CHECK(test::mean(ta.fit_error_m) < 0.3 * test::mean(rss.fit_error_m));
  CHECK(test::quantile(ta.fit_error_m, 0.5) < 20);
  CHECK(test::quantile(ta.uncertainty_m, 0.5) < test::quantile(rss.uncertainty_m, 0.5));
  CHECK(ta.covered >= 85);
}

TEST_CASE("a straight road seen from one side: mirror ambiguity, a radius covering both images", "[analyzer][locate]") {
  for (bool ta : {false, true}) {
    SynthOptions grid_drive, road;
    grid_drive.with_ta = road.with_ta = ta;
    road.straight_road = true;
    const auto straight = test::run_synthetic(road, 40, 300);
    const auto grid = test::run_synthetic(grid_drive, 40, 300);
    INFO("with TA: " << ta);
    // Measured over 200 nodes: ambiguous 75 % (RSRP only) and 93 % (with TA); 99.5 % covered in both.
    CHECK(straight.ambiguous >= 24);
    CHECK(straight.covered >= 36);
    CHECK(test::quantile(straight.uncertainty_m, 0.5) > 1.2 * test::quantile(grid.uncertainty_m, 0.5));
  }
}

TEST_CASE("per-cell offsets absorb sectors of different power", "[analyzer][locate]") {
  SynthOptions sectors;
  sectors.cell_offset_db = 8;
  LocateOptions one_power;
  one_power.min_cell_points = 1000000;  // no cell gets its own offset
  const auto with_offsets = test::run_synthetic(sectors, 100, 9000);
  const auto without = test::run_synthetic(sectors, 100, 9000, one_power);
  CHECK(test::mean(with_offsets.fit_error_m) < test::mean(without.fit_error_m));
}

TEST_CASE("the Huber loss keeps gross outliers from dragging the fit", "[analyzer][locate]") {
  SynthOptions reflections;
  reflections.outlier_share = 0.1;
  LocateOptions least_squares;
  least_squares.huber_db = 1e6;
  const auto robust = test::run_synthetic(reflections, 100, 7000);
  const auto plain = test::run_synthetic(reflections, 100, 7000, least_squares);
  CHECK(test::mean(robust.fit_error_m) < test::mean(plain.fit_error_m));
}

// Prints the table of docs/analyzer.md, "Locating sites" (to stdout, unwrapped):
//   build-locate/bin/analyzer_tests "[.locate-figures]"
TEST_CASE("locate figures", "[.locate-figures]") {
  struct Row {
    const char* name;
    SynthOptions synth;
    LocateOptions locate;
  };
  std::vector<Row> rows(8);
  rows[0].name = "grid drive, RSRP only";
  rows[1].name = "grid drive, RSRP + TA", rows[1].synth.with_ta = true;
  rows[2].name = "grid drive, RSRP only, no exponent prior", rows[2].locate.exponent_prior_sigma = 0;
  rows[3].name = "grid drive, RSRP only, true n = 2.8", rows[3].synth.exponent = 2.8;
  rows[4].name = "grid drive, RSRP only, true n = 4.2", rows[4].synth.exponent = 4.2;
  rows[5].name = "grid drive, RSRP only, 10 % outliers +25 dB", rows[5].synth.outlier_share = 0.1;
  rows[6].name = "straight road, RSRP only", rows[6].synth.straight_road = true;
  rows[7].name = "straight road, RSRP + TA", rows[7].synth.straight_road = true, rows[7].synth.with_ta = true;
  auto triple = [](const std::vector<double>& v) {
    std::ostringstream s;
    s << std::lround(test::mean(v)) << " / " << std::lround(test::quantile(v, 0.5)) << " / "
      << std::lround(test::quantile(v, 0.9));
    return s.str();
  };
  std::cout << "| case (200 nodes each) | centroid error mean / median / p90 (m) | fit error mean / median / p90 (m) "
               "| 95 % radius median (m) | true site within radius | mirror-ambiguous |\n|---|---|---|---|---|---|\n";
  for (const Row& r : rows) {
    const auto run = test::run_synthetic(r.synth, 200, 1000, r.locate);
    std::cout << "| " << r.name << " | " << triple(run.centroid_error_m) << " | " << triple(run.fit_error_m) << " | "
              << std::lround(test::quantile(run.uncertainty_m, 0.5)) << " | " << run.covered / 2.0 << " % | "
              << run.ambiguous / 2.0 << " % |\n";
  }
}
