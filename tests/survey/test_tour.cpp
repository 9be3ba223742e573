// Route optimiser (issue 4): the exact DP against brute force, the heuristic against the exact optimum and the
// 1-tree bound, trivial sizes, open vs closed, determinism. Random instances: stops uniform in a 20 km square
// around 30.25N 120.16E (Hangzhou), seeded.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>

#include "shikan/survey/tour.hpp"

using namespace shikan;
using namespace shikan::survey;

namespace {

// ~20 km at 30.25N: 0.18 degrees of latitude, 0.208 degrees of longitude.
std::vector<GeoPoint> random_stops(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> dlat(-0.09, 0.09), dlon(-0.104, 0.104);
  std::vector<GeoPoint> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({Latitude(30.25 + dlat(rng)), Longitude(120.16 + dlon(rng))});
  return out;
}

DistanceMatrix random_matrix(std::size_t n, std::mt19937_64& rng) { return DistanceMatrix::geodesic(random_stops(n, rng)); }

double brute_force(const DistanceMatrix& d, bool closed) {
  std::vector<std::size_t> order(d.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  double best = tour_length(d, order, closed);
  while (std::next_permutation(order.begin() + 1, order.end())) best = std::min(best, tour_length(d, order, closed));
  return best;
}

bool is_permutation_from_zero(const Tour& t, std::size_t n) {
  std::vector<std::size_t> sorted = t.order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != i) return false;
  return sorted.size() == n && (n == 0 || t.order[0] == 0);
}

// Four stops on a line, 1 km apart, start at one end: the open tour walks the line, the closed one returns.
DistanceMatrix line4() {
  std::vector<double> m(16);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) m[i * 4 + j] = 1000.0 * double(i > j ? i - j : j - i);
  return DistanceMatrix(4, m);
}

}  // namespace

TEST_CASE("distance matrix rejects malformed input and matches GeographicLib", "[tour]") {
  CHECK_THROWS_AS(DistanceMatrix(2, {0, 1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(DistanceMatrix(2, {0, 1, 2, 0}), std::invalid_argument);
  CHECK_THROWS_AS(DistanceMatrix(2, {0, -1, -1, 0}), std::invalid_argument);
  CHECK_THROWS_AS(DistanceMatrix(2, {1, 1, 1, 0}), std::invalid_argument);
  // One minute of latitude at the equator: 1842.9 m on WGS-84.
  const std::vector<GeoPoint> pts{{Latitude(0), Longitude(0)}, {Latitude(1.0 / 60), Longitude(0)}};
  const DistanceMatrix d = DistanceMatrix::geodesic(pts);
  CHECK(d.at(0, 1) == Approx(1842.9).margin(0.1));
  CHECK(d.at(1, 0) == d.at(0, 1));
}

TEST_CASE("trivial sizes", "[tour]") {
  for (bool closed : {false, true}) {
    CHECK(plan_tour(DistanceMatrix(), {closed}).order.empty());
    CHECK(plan_tour(DistanceMatrix(1, {0}), {closed}).order == std::vector<std::size_t>{0});
    const Tour two = plan_tour(DistanceMatrix(2, {0, 5, 5, 0}), {closed});
    CHECK(two.order == std::vector<std::size_t>{0, 1});
    CHECK(two.length_m == (closed ? 10 : 5));
  }
  // Triangle 3-4-5 (d01 = 3, d02 = 4, d12 = 5): open from 0, 0-1-2 is 8 m against 9 m for 0-2-1.
  const DistanceMatrix tri(3, {0, 3, 4, 3, 0, 5, 4, 5, 0});
  CHECK(plan_tour(tri, {false}).length_m == 8);
  CHECK(plan_tour(tri, {false}).order == std::vector<std::size_t>{0, 1, 2});
  CHECK(plan_tour(tri, {true}).length_m == 12);
  CHECK(one_tree_bound(tri) == 12);
  CHECK(one_tree_bound(DistanceMatrix()) == 0);
}

TEST_CASE("open and closed tours on a line", "[tour]") {
  const DistanceMatrix d = line4();
  CHECK(plan_tour(d, {false}).order == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(plan_tour(d, {false}).length_m == 3000);
  CHECK(plan_tour(d, {true}).length_m == 6000);
  CHECK(optimal_tour(d, false).length_m == 3000);
  CHECK(optimal_tour(d, true).length_m == 6000);
}

TEST_CASE("Held-Karp equals brute force on random 7-stop instances", "[tour]") {
  std::mt19937_64 rng(7);
  for (int inst = 0; inst < 20; ++inst) {
    const DistanceMatrix d = random_matrix(7, rng);
    for (bool closed : {false, true}) {
      const Tour t = optimal_tour(d, closed);
      CHECK(is_permutation_from_zero(t, 7));
      CHECK(t.length_m == Approx(tour_length(d, t.order, closed)).epsilon(1e-12));
      CHECK(t.length_m == Approx(brute_force(d, closed)).epsilon(1e-12));
    }
  }
  CHECK_THROWS_AS(optimal_tour(random_matrix(kMaxExactStops + 1, rng), true), std::invalid_argument);
}

TEST_CASE("plan_tour is within 2 % of optimal on 10-stop instances", "[tour]") {
  std::mt19937_64 rng(10);
  for (bool closed : {false, true}) {
    double sum_gap = 0, max_gap = 0;
    const int count = 100;
    for (int inst = 0; inst < count; ++inst) {
      const DistanceMatrix d = random_matrix(10, rng);
      const Tour t = plan_tour(d, {closed});
      REQUIRE(is_permutation_from_zero(t, 10));
      CHECK(t.length_m == Approx(tour_length(d, t.order, closed)).epsilon(1e-12));
      const double gap = t.length_m / optimal_tour(d, closed).length_m - 1;
      CHECK(gap > -1e-12);
      sum_gap += gap;
      max_gap = std::max(max_gap, gap);
    }
    INFO("closed " << closed << " mean gap " << sum_gap / count << " max gap " << max_gap);
    CHECK(sum_gap / count < 0.02);
    CHECK(max_gap < 0.10);
  }
}

TEST_CASE("plan_tour finds the optimum on 5- to 8-stop instances", "[tour]") {
  std::mt19937_64 rng(5);
  for (std::size_t n = 5; n <= 8; ++n)
    for (int inst = 0; inst < 25; ++inst) {
      const DistanceMatrix d = random_matrix(n, rng);
      for (bool closed : {false, true}) {
        const Tour t = plan_tour(d, {closed});
        REQUIRE(is_permutation_from_zero(t, n));
        CHECK(t.length_m == Approx(optimal_tour(d, closed).length_m).epsilon(1e-9));
      }
    }
}

TEST_CASE("the 1-tree bound never exceeds the optimum", "[tour]") {
  std::mt19937_64 rng(11);
  for (int inst = 0; inst < 20; ++inst) {
    const DistanceMatrix d = random_matrix(9, rng);
    const double opt = optimal_tour(d, true).length_m;
    const double lb = one_tree_bound(d);
    CHECK(lb <= opt * (1 + 1e-9));
    CHECK(lb > 0.9 * opt);  // the Held–Karp bound is tight on small Euclidean-like instances
  }
}

TEST_CASE("plan_tour on 500 stops is within 10 % of the 1-tree bound", "[tour]") {
  std::mt19937_64 rng(500);
  const DistanceMatrix d = random_matrix(500, rng);
  const Tour t = plan_tour(d, {true});
  REQUIRE(is_permutation_from_zero(t, 500));
  const double lb = one_tree_bound(d);
  INFO("tour " << t.length_m << " bound " << lb);
  CHECK(t.length_m <= 1.10 * lb);
  CHECK(lb <= t.length_m);
  // An open tour is never longer than the closed one.
  CHECK(plan_tour(d, {false}).length_m <= t.length_m);
}

TEST_CASE("same seed, same tour", "[tour]") {
  std::mt19937_64 rng(3);
  const DistanceMatrix d = random_matrix(200, rng);
  for (bool closed : {false, true}) {
    const Tour a = plan_tour(d, {closed, 42});
    const Tour b = plan_tour(d, {closed, 42});
    CHECK(a.order == b.order);
    CHECK(a.length_m == b.length_m);
  }
}

// Figures for docs/survey.md ("Route quality"): ./build-tsp/bin/survey_tests "[.tour-figures]"
TEST_CASE("route quality figures", "[.tour-figures]") {
  using Clock = std::chrono::steady_clock;
  std::mt19937_64 rng(2024);
  // max_rounds 0: the first 2-opt + Or-opt local optimum alone; 2000: the default.
  for (int rounds : {0, 2000})
    for (bool closed : {false, true}) {
      double sum = 0, worst = 0;
      int optimal = 0;
      for (int inst = 0; inst < 1000; ++inst) {
        const DistanceMatrix d = random_matrix(10, rng);
        const double gap = plan_tour(d, {closed, 1, rounds}).length_m / optimal_tour(d, closed).length_m - 1;
        sum += gap;
        worst = std::max(worst, gap);
        optimal += gap < 1e-9;
      }
      std::printf("10 stops, %s, rounds %d, 1000 instances: mean gap %.3f %%, max gap %.3f %%, optimal %d\n",
                  closed ? "closed" : "open", rounds, 100 * sum / 1000, 100 * worst, optimal);
    }
  const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  for (int inst = 0; inst < 3; ++inst) {
    const auto stops = random_stops(500, rng);
    const auto t0 = Clock::now();
    const DistanceMatrix d = DistanceMatrix::geodesic(stops);
    const auto t1 = Clock::now();
    const double lb = one_tree_bound(d);
    const auto t2 = Clock::now();
    for (int rounds : {0, 2000}) {
      const auto t3 = Clock::now();
      const Tour t = plan_tour(d, {true, 1, rounds});
      const auto t4 = Clock::now();
      std::printf("500 stops closed, rounds %d: tour %.0f m, bound %.0f m, gap %.2f %%; matrix %.0f ms, plan %.0f ms, "
                  "bound %.0f ms\n",
                  rounds, t.length_m, lb, 100 * (t.length_m / lb - 1), ms(t0, t1), ms(t3, t4), ms(t1, t2));
    }
  }
}
