// Hypergeometric pmf/cdf and the exact bound on phantom entries in a finite list. FIELD_GUIDE §6 values must
// come out exactly; the rest is checked against exact integer combinatorics (Pascal's triangle, exact in a
// double up to N = 50 since C(50, 25) < 2^53) written out in the test.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

namespace {

const Confidence c95{0.95};

struct Pascal {
  std::vector<std::vector<double>> c;
  explicit Pascal(int n) : c(static_cast<std::size_t>(n + 1)) {
    for (int i = 0; i <= n; ++i) {
      c[static_cast<std::size_t>(i)].assign(static_cast<std::size_t>(i + 1), 1.0);
      for (int j = 1; j < i; ++j)
        c[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = at(i - 1, j - 1) + at(i - 1, j);
    }
  }
  double at(int n, int k) const {
    if (k < 0 || k > n) return 0.0;
    return c[static_cast<std::size_t>(n)][static_cast<std::size_t>(k)];
  }
  // Tail counts: P(X <= k) = lower_count / C(N, n). Integers below 2^53 here, so exact.
  double lower_count(int k, int big_n, int bad, int n) const {
    double s = 0;
    for (int j = 0; j <= k; ++j) s += at(bad, j) * at(big_n - bad, n - j);
    return s;
  }
  double upper_count(int k, int big_n, int bad, int n) const {
    double s = 0;
    for (int j = k; j <= n; ++j) s += at(bad, j) * at(big_n - bad, n - j);
    return s;
  }
  double cdf(int k, int big_n, int bad, int n) const { return lower_count(k, big_n, bad, n) / at(big_n, n); }
  double sf(int k, int big_n, int bad, int n) const { return upper_count(k, big_n, bad, n) / at(big_n, n); }
};

}  // namespace

TEST_CASE("FIELD_GUIDE: N = 1000, none missing, exact 95 % upper bound on phantom entries", "[stats][hypergeometric]") {
  // Convention: the largest K with P(X <= 0 | K) > 0.05. E.g. n = 59: P(0 | 48) = 0.0502 > 0.05 >= P(0 | 49).
  CHECK(hypergeometric_interval(0, 30, 1000, c95, Sides::Upper).upper == 93);
  CHECK(hypergeometric_interval(0, 59, 1000, c95, Sides::Upper).upper == 48);
  CHECK(hypergeometric_interval(0, 100, 1000, c95, Sides::Upper).upper == 28);
  CHECK(hypergeometric_interval(0, 200, 1000, c95, Sides::Upper).upper == 13);
  CHECK(hypergeometric_interval(0, 59, 1000, c95, Sides::Upper).lower == 0);
  CHECK(hypergeometric_cdf(0, 1000, 48, 59) == Approx(0.05018166114727385).epsilon(1e-11));
  CHECK(hypergeometric_cdf(0, 1000, 49, 59) == Approx(0.047071663240037344).epsilon(1e-11));
}

TEST_CASE("hypergeometric interval against brute-force test inversion", "[stats][hypergeometric]") {
  // Values from exact rational arithmetic (Python math.comb) for N = 1000 and 500.
  const CountInterval a = hypergeometric_interval(3, 59, 1000, c95);
  CHECK(a.lower == 12);
  CHECK(a.upper == 138);
  const CountInterval b = hypergeometric_interval(0, 59, 1000, c95);
  CHECK(b.lower == 0);
  CHECK(b.upper == 58);
  const CountInterval c = hypergeometric_interval(3, 59, 1000, c95, Sides::Lower);
  CHECK(c.lower == 15);
  CHECK(c.upper == 1000 - 56);  // the 56 good entries seen are certainly good
  const CountInterval d = hypergeometric_interval(10, 100, 500, c95);
  CHECK(d.lower == 27);
  CHECK(d.upper == 84);

  // Small lists: every (N, n, k), against the definition evaluated with Pascal's triangle.
  const Pascal pascal(40);
  for (int big_n : {1, 7, 20, 40}) {
    for (int n = 1; n <= big_n; n += (big_n > 10 ? 3 : 1)) {
      for (int k = 0; k <= n; ++k) {
        int upper = k;
        int lower = big_n - (n - k);
        for (int bad = k; bad <= big_n - (n - k); ++bad) {
          // P > 0.025 decided exactly: 40 * count > C(N, n).
          const double all = pascal.at(big_n, n);
          if (40.0 * pascal.lower_count(k, big_n, bad, n) > all) upper = bad;
          if (40.0 * pascal.upper_count(k, big_n, bad, n) > all && bad < lower) lower = bad;
        }
        INFO("N=" << big_n << " n=" << n << " k=" << k);
        const CountInterval ci = hypergeometric_interval(k, n, big_n, c95);
        CHECK(ci.lower == lower);
        CHECK(ci.upper == upper);
      }
    }
  }
}

TEST_CASE("hypergeometric pmf sums to one and agrees with the cdf", "[stats][hypergeometric]") {
  const Pascal pascal(40);
  double total = 0.0;
  for (int k = 0; k <= 12; ++k) total += hypergeometric_pmf(k, 40, 15, 12);
  CHECK(total == Approx(1.0).epsilon(1e-13));
  CHECK(hypergeometric_cdf(4, 40, 15, 12) == Approx(pascal.cdf(4, 40, 15, 12)).epsilon(1e-12));
  CHECK(hypergeometric_sf(4, 40, 15, 12) == Approx(pascal.sf(4, 40, 15, 12)).epsilon(1e-12));
  CHECK(hypergeometric_pmf(5, 40, 3, 12) == 0.0);  // outside the support
  CHECK(hypergeometric_cdf(12, 40, 15, 12) == 1.0);
  // A list of a million: P(X = 0) is the product of (N-K-i)/(N-i), computed directly here.
  double none = 1.0;
  for (int i = 0; i < 59; ++i) none *= (1'000'000.0 - 50'000.0 - i) / (1'000'000.0 - i);
  CHECK(hypergeometric_pmf(0, 1'000'000, 50'000, 59) == Approx(none).epsilon(1e-12));
  // Large N tends to the binomial.
  CHECK(hypergeometric_cdf(3, 1'000'000, 50'000, 60) == Approx(binomial_cdf(3, 60, 0.05)).epsilon(1e-3));
}

TEST_CASE("hypergeometric rejects bad arguments with the values", "[stats][hypergeometric]") {
  CHECK_THROWS_WITH(hypergeometric_interval(0, 1001, 1000, c95),
                    Catch::Contains("n=1001") && Catch::Contains("N=1000"));
  CHECK_THROWS_WITH(hypergeometric_interval(60, 59, 1000, c95), Catch::Contains("k=60"));
  CHECK_THROWS_AS(hypergeometric_pmf(0, 10, 11, 5), std::invalid_argument);
  CHECK_THROWS_AS(hypergeometric_cdf(0, 10, 3, 11), std::invalid_argument);
  CHECK_THROWS_AS(hypergeometric_interval(0, 0, 10, c95), std::invalid_argument);
}
