// Verdicts on reported indicators, the units that would decide an open one, and the real-site estimate.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

namespace {

const Confidence c95{0.95};

bool decided(double claim, double share, std::int64_t total, double tolerance) {
  const auto n = static_cast<double>(total);
  return judge(claim, clopper_pearson_effective(share * n, n, c95), tolerance) != Verdict::Inconclusive;
}

}  // namespace

TEST_CASE("verdict table", "[stats][verdict]") {
  struct Row {
    double claimed;
    Interval measured;
    double tolerance;
    Verdict expected;
  };
  const Row rows[] = {
      {0.99, {0.90, 0.95}, 0.02, Verdict::Overstated},      // claim above the interval
      {0.951, {0.90, 0.95}, 0.10, Verdict::Overstated},     // however generous the tolerance
      {0.93, {0.90, 0.95}, 0.05, Verdict::Consistent},      // lower 0.90 >= 0.93 - 0.05
      {0.93, {0.90, 0.95}, 0.03, Verdict::Consistent},      // boundary: lower == claimed - tolerance
      {0.93, {0.90, 0.95}, 0.02, Verdict::Inconclusive},    // lower 0.90 < 0.91: too wide to tell
      {0.95, {0.90, 0.95}, 0.01, Verdict::Inconclusive},    // claimed == upper is not excluded
      {0.85, {0.90, 0.95}, 0.00, Verdict::Consistent},      // understated: not what the audit looks for
      {0.50, {0.00, 1.00}, 0.10, Verdict::Inconclusive},    // no data
      {1000.0, {862.0, 988.0}, 50.0, Verdict::Overstated},  // counts work the same way
  };
  for (const Row& r : rows) {
    INFO("claimed=" << r.claimed << " [" << r.measured.lower << ", " << r.measured.upper << "] tol=" << r.tolerance);
    CHECK(judge(r.claimed, r.measured, r.tolerance) == r.expected);
  }
  CHECK(to_string(Verdict::Consistent) == "consistent");
  CHECK(to_string(Verdict::Overstated) == "overstated");
  CHECK(to_string(Verdict::Inconclusive) == "inconclusive");
  CHECK_THROWS_WITH(judge(0.5, {0.4, 0.6}, -0.1), Catch::Contains("tolerance=-0.1"));
  CHECK_THROWS_AS(judge(0.5, {0.7, 0.6}, 0.1), std::invalid_argument);
}

TEST_CASE("more units to decide: the smallest that decides, assuming the observed share holds", "[stats][verdict]") {
  // Coverage claimed 99.5 %, 98 of 100 bins covered, tolerance 1 point: CI [0.930, 0.998] is inconclusive.
  CHECK(judge(0.995, clopper_pearson(98, 100, c95), 0.01) == Verdict::Inconclusive);
  const auto m = more_units_to_decide(0.995, 98, 100, c95, 0.01);
  REQUIRE(m.has_value());
  CHECK(*m > 0);
  CHECK(decided(0.995, 0.98, 100 + *m, 0.01));
  CHECK_FALSE(decided(0.995, 0.98, 100 + *m - 1, 0.01));
  // With that many more, a share of 0.98 excludes 0.995: overstated.
  CHECK(judge(0.995, clopper_pearson_effective(0.98 * double(100 + *m), double(100 + *m), c95), 0.01) ==
        Verdict::Overstated);

  // Already decided: 0 more.
  CHECK(more_units_to_decide(0.5, 0, 59, c95, 0.05) == std::optional<std::int64_t>{0});
  // A share sitting exactly on the claim with no tolerance can never be decided.
  CHECK_FALSE(more_units_to_decide(0.5, 1, 2, c95, 0.0, Sides::Two, 100'000).has_value());
  // The search is bounded.
  CHECK_FALSE(more_units_to_decide(0.995, 98, 100, c95, 0.01, Sides::Two, *m - 1).has_value());
  CHECK(more_units_to_decide(0.995, 98, 100, c95, 0.01, Sides::Two, *m) == m);
  CHECK_FALSE(more_units_to_decide(0.995, 98, 100, c95, 0.01, Sides::Two, 0).has_value());
  CHECK_THROWS_WITH(more_units_to_decide(0.5, 3, 2, c95, 0.0), Catch::Contains("k=3"));
}

TEST_CASE("real sites in a list of 1000 with 3 phantom among 59 decidable", "[stats][verdict]") {
  // Phantom interval [12, 138] (two-sided 95 %, exact; see test_stats_hypergeometric) -> real [862, 988].
  const SiteCountEstimate e = estimate_real_sites(1000, 3, 59, c95, 500'000.0);
  CHECK(e.real_sites == Approx(1000.0 * 56.0 / 59.0));
  CHECK(e.real_interval.lower == 862);
  CHECK(e.real_interval.upper == 988);
  REQUIRE(e.per_10k.has_value());
  CHECK(*e.per_10k == Approx(1000.0 * 56.0 / 59.0 / 50.0));
  REQUIRE(e.per_10k_interval.has_value());
  CHECK(e.per_10k_interval->lower == Approx(17.24));
  CHECK(e.per_10k_interval->upper == Approx(19.76));
  // One-sided upper bound on real sites = N - one-sided lower bound on phantom (15).
  CHECK(estimate_real_sites(1000, 3, 59, c95, std::nullopt, Sides::Upper).real_interval.upper == 985);
  // None phantom in 59: real >= 1000 - 48 at 95 % one-sided.
  const SiteCountEstimate clean = estimate_real_sites(1000, 0, 59, c95, std::nullopt, Sides::Lower);
  CHECK(clean.real_interval.lower == 952);
  CHECK(clean.real_interval.upper == 1000);
  CHECK_FALSE(clean.per_10k.has_value());
  CHECK_THROWS_WITH(estimate_real_sites(1000, 60, 59, c95), Catch::Contains("phantom=60"));
  CHECK_THROWS_WITH(estimate_real_sites(50, 0, 59, c95), Catch::Contains("listed=50"));
  CHECK_THROWS_AS(estimate_real_sites(1000, 0, 59, c95, 0.0), std::invalid_argument);
}
