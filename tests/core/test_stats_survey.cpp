// Survey planning: sample sizes (checked by brute force) and proportional allocation to strata.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

namespace {

const Confidence c95{0.95};

// C(n, k) for n <= 50 from Pascal's triangle: exact in a double (C(50, 25) < 2^53 / 20).
double choose(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  std::vector<double> row{1.0};
  for (int i = 1; i <= n; ++i) {
    std::vector<double> next(static_cast<std::size_t>(i + 1), 1.0);
    for (int j = 1; j < i; ++j)
      next[static_cast<std::size_t>(j)] = row[static_cast<std::size_t>(j - 1)] + row[static_cast<std::size_t>(j)];
    row.swap(next);
  }
  return row[static_cast<std::size_t>(k)];
}

// P(no bad entry in n draws from N with K bad) = C(N-K, n) / C(N, n) <= 0.05, decided in exact integers:
// 20 C(N-K, n) <= C(N, n). Ties (e.g. N = 6, K = 3, n = 3: exactly 1/20) count as ruled out.
bool none_found_rules_out(int big_n, int bad, int n) { return 20.0 * choose(big_n - bad, n) <= choose(big_n, n); }

std::int64_t sum(const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t{0}); }

}  // namespace

TEST_CASE("binomial sample sizes: rule of three values", "[stats][survey]") {
  CHECK(sample_size_binomial(Probability(0.05), c95) == 59);
  CHECK(sample_size_binomial(Probability(0.10), c95) == 29);
  CHECK(sample_size_binomial(Probability(0.01), c95) == 299);  // ceil(ln 0.05 / ln 0.99) = 298.07 -> 299
  // Acceptance number 1: smallest n with (1-p)^n + n p (1-p)^(n-1) <= 0.05, by brute force.
  int n = 2;
  while (std::pow(0.95, n) + n * 0.05 * std::pow(0.95, n - 1) > 0.05) ++n;
  CHECK(sample_size_binomial(Probability(0.05), c95, 1) == n);
  CHECK(n == 93);
  CHECK_THROWS_AS(sample_size_binomial(Probability(0.0), c95), std::invalid_argument);
}

TEST_CASE("hypergeometric sample sizes for a finite list", "[stats][survey]") {
  // Exact values for N = 1000 (Python math.comb): fewer than the binomial 59 because the list is finite.
  CHECK(sample_size_hypergeometric(1000, Probability(0.05), c95) == 57);
  CHECK(sample_size_hypergeometric(1000, Probability(0.10), c95) == 29);
  CHECK(sample_size_hypergeometric(1000, Probability(0.02), c95) == 138);
  CHECK(sample_size_hypergeometric(1000, Probability(0.05), c95, 1) == 90);
  // 0.07 * 100 is 7.000000000000001 in floating point: K0 must still be 7.
  CHECK(sample_size_hypergeometric(100, Probability(0.07), c95) == 34);  // K0 = 7; with K0 = 8 it would be 31

  // Small lists by brute force: K0 = ceil(p0 N) computed in integers, smallest n with P(none) <= alpha.
  for (int big_n = 1; big_n <= 50; ++big_n) {
    for (int percent : {1, 5, 10, 20, 33, 50}) {
      const int bad0 = (percent * big_n + 99) / 100;
      int n = 1;
      while (!none_found_rules_out(big_n, bad0, n)) ++n;
      INFO("N=" << big_n << " p0=" << percent << "%");
      CHECK(sample_size_hypergeometric(big_n, Probability(percent / 100.0), c95) == n);
    }
  }
  // The sample size makes the upper bound on K fall below K0, and one fewer does not.
  const std::int64_t n = sample_size_hypergeometric(1000, Probability(0.05), c95);
  CHECK(hypergeometric_interval(0, n, 1000, c95, Sides::Upper).upper < 50);
  CHECK(hypergeometric_interval(0, n - 1, 1000, c95, Sides::Upper).upper >= 50);
}

TEST_CASE("sample size rejects what no sample can decide", "[stats][survey]") {
  CHECK_THROWS_WITH(sample_size_hypergeometric(10, Probability(0.05), c95, 1), Catch::Contains("acceptance=1"));
  CHECK_THROWS_AS(sample_size_hypergeometric(0, Probability(0.05), c95), std::invalid_argument);
}

TEST_CASE("proportional allocation sums exactly and gives each stratum one", "[stats][survey]") {
  // Quotas 59 * (500, 300, 150, 50) / 1000 = 29.5, 17.7, 8.85, 2.95: floors 29+17+8+2 = 56, 3 seats by
  // remainder 0.95 (stratum 3), 0.85 (2), 0.7 (1).
  const std::vector<std::int64_t> pops{500, 300, 150, 50};
  const Allocation a = allocate_proportional(pops, 59);
  CHECK(a.per_stratum == std::vector<std::int64_t>{29, 18, 9, 3});
  CHECK(a.total == 59);
  CHECK_FALSE(a.raised_to_strata);

  // Tiny strata get their one and leave the pool: 10 over (990, 5, 5) -> 1, 1 and 8.
  const std::vector<std::int64_t> skew{990, 5, 5};
  CHECK(allocate_proportional(skew, 10).per_stratum == std::vector<std::int64_t>{8, 1, 1});

  // Ties: equal remainders go to the larger stratum, then the lower index.
  const std::vector<std::int64_t> tie{10, 10, 10};
  CHECK(allocate_proportional(tie, 4).per_stratum == std::vector<std::int64_t>{2, 1, 1});
  const std::vector<std::int64_t> tie2{20, 60, 40};  // quotas 1.5, 4.5, 3: the spare seat goes to the 60
  CHECK(allocate_proportional(tie2, 9).per_stratum == std::vector<std::int64_t>{1, 5, 3});

  // The whole list.
  CHECK(allocate_proportional(pops, 1000).per_stratum == pops);

  // Many random-looking strata: the sum is n, every stratum in [1, population].
  std::vector<std::int64_t> many;
  for (int i = 0; i < 37; ++i) many.push_back(1 + (i * 7919) % 113);
  const std::int64_t total = sum(many);
  for (std::int64_t n = 37; n <= total; n += 53) {
    const Allocation m = allocate_proportional(many, n);
    INFO("n=" << n);
    CHECK(sum(m.per_stratum) == n);
    for (std::size_t i = 0; i < many.size(); ++i) {
      CHECK(m.per_stratum[i] >= 1);
      CHECK(m.per_stratum[i] <= many[i]);
    }
  }
}

TEST_CASE("allocation says when n is below the number of strata", "[stats][survey]") {
  const std::vector<std::int64_t> pops{100, 200, 300};
  const Allocation a = allocate_proportional(pops, 2);
  CHECK(a.raised_to_strata);
  CHECK(a.total == 3);
  CHECK(a.per_stratum == std::vector<std::int64_t>{1, 1, 1});
  CHECK_FALSE(allocate_proportional(pops, 3).raised_to_strata);
  const std::vector<std::int64_t> empty_stratum{100, 0, 5};
  CHECK_THROWS_WITH(allocate_proportional(empty_stratum, 10), Catch::Contains("stratum 1"));
  CHECK_THROWS_WITH(allocate_proportional(pops, 601), Catch::Contains("n=601"));
  CHECK_THROWS_AS(allocate_proportional(std::vector<std::int64_t>{}, 1), std::invalid_argument);
}
