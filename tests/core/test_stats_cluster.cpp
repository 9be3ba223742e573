// Spatially correlated proportions: design effect, ANOVA ICC, effective-n interval.
#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>
#include <vector>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

namespace {
const Confidence c95{0.95};
}  // namespace

TEST_CASE("FIELD_GUIDE: 1000 samples in bins of 20 with ICC 0.2 are worth about 208", "[stats][cluster]") {
  CHECK(design_effect(20, 0.2) == Approx(4.8).epsilon(1e-15));
  CHECK(effective_sample_size(1000, 20, 0.2) == Approx(208.333333333).epsilon(1e-9));
  CHECK(effective_sample_size(1000, 20, 0.0) == 1000.0);
  CHECK(effective_sample_size(1000, 20, 1.0) == Approx(50.0));  // every bin one sample's worth
  CHECK_THROWS_WITH(design_effect(20, 1.5), Catch::Contains("icc=1.5"));
  CHECK_THROWS_AS(design_effect(0.5, 0.1), std::invalid_argument);
}

TEST_CASE("ANOVA ICC on hand-computed and extreme data", "[stats][cluster]") {
  // Two bins of 4 with 3 and 1 successes: MSB = 0.5, MSW = 1.5/6 = 0.25, m0 = 4 -> (0.5-0.25)/(0.5+0.75) = 0.2.
  const std::vector<BinCount> hand{{3, 4}, {1, 4}};
  CHECK(icc_anova(hand) == Approx(0.2).epsilon(1e-14));
  // Each bin all-or-nothing: all variance is between bins.
  const std::vector<BinCount> pure{{10, 10}, {0, 10}, {10, 10}, {0, 10}};
  CHECK(icc_anova(pure) == Approx(1.0));
  // Identical bins: negative ANOVA estimate (-1/(m0-1)), clamped to 0.
  const std::vector<BinCount> flat{{5, 10}, {5, 10}, {5, 10}};
  CHECK(icc_anova(flat) == 0.0);
  // No variance at all: conservative 1.
  const std::vector<BinCount> all_covered{{8, 8}, {3, 3}, {5, 5}};
  CHECK(icc_anova(all_covered) == 1.0);
}

TEST_CASE("ANOVA ICC recovers the correlation of a simulated beta-binomial field", "[stats][cluster]") {
  // Bin shares p_i ~ Beta(2.8, 1.2): mean 0.7, ICC 1/(a+b+1) = 0.2; 600 bins of 20. Seeded (mt19937, 20261121).
  std::mt19937 rng(20261121u);
  std::gamma_distribution<double> ga(2.8, 1.0);
  std::gamma_distribution<double> gb(1.2, 1.0);
  std::vector<BinCount> bins;
  for (int i = 0; i < 600; ++i) {
    const double x = ga(rng);
    const double p = x / (x + gb(rng));
    std::binomial_distribution<std::int64_t> draw(20, p);
    bins.push_back({draw(rng), 20});
  }
  const double icc = icc_anova(bins);
  CHECK(icc == Approx(0.2).margin(0.04));
  const ClusteredProportion cp = clustered_proportion(bins, c95);
  CHECK(cp.rate == Approx(0.7).margin(0.02));
  CHECK(cp.mean_cluster_size == 20.0);
  CHECK(cp.design_effect == Approx(1.0 + 19.0 * icc));
  CHECK(cp.effective_n == Approx(12000.0 / cp.design_effect));
  // Wider than the naive interval that treats 12,000 samples as independent.
  const std::int64_t successes = static_cast<std::int64_t>(cp.rate * 12000.0 + 0.5);
  const Interval naive = clopper_pearson(successes, 12000, c95);
  CHECK(cp.interval.upper - cp.interval.lower > 2.0 * (naive.upper - naive.lower));
  CHECK(cp.interval.contains(cp.rate));
}

TEST_CASE("clustered proportion with no clustering is plain Clopper-Pearson", "[stats][cluster]") {
  const std::vector<BinCount> flat{{5, 10}, {5, 10}, {5, 10}, {5, 10}};
  const ClusteredProportion cp = clustered_proportion(flat, c95);
  CHECK(cp.icc == 0.0);
  CHECK(cp.effective_n == 40.0);
  const Interval plain = clopper_pearson(20, 40, c95);
  CHECK(cp.interval.lower == Approx(plain.lower).epsilon(1e-12));
  CHECK(cp.interval.upper == Approx(plain.upper).epsilon(1e-12));
  // Unequal sizes: the size-weighted mean cluster size sum m^2 / sum m.
  const std::vector<BinCount> uneven{{1, 2}, {3, 6}, {5, 10}};
  CHECK(clustered_proportion(uneven, c95).mean_cluster_size == Approx((4.0 + 36.0 + 100.0) / 18.0));
}

TEST_CASE("ICC rejects unusable bins with the values", "[stats][cluster]") {
  const std::vector<BinCount> one{{3, 4}};
  CHECK_THROWS_WITH(icc_anova(one), Catch::Contains("got 1"));
  const std::vector<BinCount> bad{{3, 4}, {5, 4}};
  CHECK_THROWS_WITH(icc_anova(bad), Catch::Contains("bin 1") && Catch::Contains("successes=5"));
  const std::vector<BinCount> singletons{{1, 1}, {0, 1}};
  CHECK_THROWS_AS(icc_anova(singletons), std::invalid_argument);
  const std::vector<BinCount> empty_bin{{1, 3}, {0, 0}};
  CHECK_THROWS_AS(icc_anova(empty_bin), std::invalid_argument);
}
