// Clopper–Pearson against the commonly quoted values (0/10 -> [0, 0.3085], 5/10 -> [0.1871, 0.8129]), the
// same to 15 digits from mpmath 1.3 at 40 digits (bisection on mp.betainc), and brute-force summation of the
// binomial pmf written out in the test.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

namespace {

const Confidence c95{0.95};

// P(X <= k), X ~ Bin(n, p), as a plain sum of n!/(j!(n-j)!) p^j (1-p)^(n-j): independent of the library.
double brute_cdf(int k, int n, double p) {
  double sum = 0.0;
  double choose = 1.0;  // C(n, j)
  for (int j = 0; j <= k; ++j) {
    sum += choose * std::pow(p, j) * std::pow(1.0 - p, n - j);
    choose = choose * (n - j) / (j + 1);
  }
  return sum;
}

}  // namespace

TEST_CASE("Clopper-Pearson reproduces published intervals", "[stats][binomial]") {
  const Interval a = clopper_pearson(0, 10, c95);
  CHECK(a.lower == 0.0);  // k = 0: exactly 0
  CHECK(a.upper == Approx(0.308497107818761).epsilon(1e-10));
  CHECK(a.upper == Approx(1.0 - std::pow(0.025, 0.1)).epsilon(1e-12));  // k = 0 closed form
  const Interval b = clopper_pearson(5, 10, c95);
  CHECK(b.lower == Approx(0.187086028447399).epsilon(1e-10));
  CHECK(b.upper == Approx(0.812913971552601).epsilon(1e-10));
  const Interval c = clopper_pearson(1, 59, c95);
  CHECK(c.lower == Approx(0.000429023332723595).epsilon(1e-9));
  CHECK(c.upper == Approx(0.0908559328866493).epsilon(1e-10));
  const Interval d = clopper_pearson(17, 1234, c95);
  CHECK(d.lower == Approx(0.00804515401357398).epsilon(1e-10));
  CHECK(d.upper == Approx(0.0219658802533496).epsilon(1e-10));
  const Interval e = clopper_pearson(999, 1000, c95);
  CHECK(e.lower == Approx(0.994441075720173).epsilon(1e-10));
  CHECK(e.upper == Approx(0.999974682512509).epsilon(1e-10));
  const Interval f = clopper_pearson(7, 7, c95);
  CHECK(f.upper == 1.0);  // k = n: exactly 1
  CHECK(f.lower == Approx(std::pow(0.025, 1.0 / 7.0)).epsilon(1e-12));
}

TEST_CASE("Clopper-Pearson bounds solve the binomial tail equations by brute force", "[stats][binomial]") {
  for (int n : {1, 2, 5, 13, 40, 97}) {
    for (int k = 0; k <= n; k += (n > 20 ? 7 : 1)) {
      INFO("k=" << k << " n=" << n);
      const Interval ci = clopper_pearson(k, n, c95);
      if (k < n) CHECK(brute_cdf(k, n, ci.upper) == Approx(0.025).margin(1e-10));
      if (k > 0) CHECK(1.0 - brute_cdf(k - 1, n, ci.lower) == Approx(0.025).margin(1e-10));
      CHECK(ci.lower <= static_cast<double>(k) / n);
      CHECK(ci.upper >= static_cast<double>(k) / n);
    }
  }
}

TEST_CASE("one-sided Clopper-Pearson and the rule of three", "[stats][binomial]") {
  const Interval up = clopper_pearson(1, 59, c95, Sides::Upper);
  CHECK(up.lower == 0.0);
  CHECK(up.upper == Approx(0.0778979215188183).epsilon(1e-10));
  const Interval lo = clopper_pearson(3, 20, c95, Sides::Lower);
  CHECK(lo.upper == 1.0);
  CHECK(1.0 - brute_cdf(2, 20, lo.lower) == Approx(0.05).margin(1e-10));
  // FIELD_GUIDE §6: zero failures in n = 59 bound p below 5 %, n = 29 below 10 %; one fewer does not.
  CHECK(clopper_pearson(0, 59, c95, Sides::Upper).upper < 0.05);
  CHECK(clopper_pearson(0, 58, c95, Sides::Upper).upper > 0.05);
  CHECK(clopper_pearson(0, 29, c95, Sides::Upper).upper < 0.10);
  CHECK(clopper_pearson(0, 28, c95, Sides::Upper).upper > 0.10);
  // Rule of three: the exact bound 1 - 0.05^(1/n) is just under 3/n.
  for (int n : {30, 59, 100, 300}) CHECK(clopper_pearson(0, n, c95, Sides::Upper).upper < 3.0 / n);
}

TEST_CASE("binomial pmf and cdf", "[stats][binomial]") {
  CHECK(binomial_pmf(3, 10, 0.3) == Approx(120 * std::pow(0.3, 3) * std::pow(0.7, 7)).epsilon(1e-13));
  CHECK(binomial_cdf(4, 20, 0.25) == Approx(brute_cdf(4, 20, 0.25)).epsilon(1e-13));
  // cdf through the beta identity P(X <= k) = I_{1-p}(n - k, k + 1), an independent path.
  CHECK(binomial_cdf(12, 300, 0.05) == Approx(incomplete_beta(0.95, 288, 13)).epsilon(1e-11));
  CHECK(binomial_cdf(10, 10, 0.5) == 1.0);
  CHECK(binomial_cdf(-1, 10, 0.5) == 0.0);
  CHECK(binomial_pmf(0, 5, 0.0) == 1.0);
  CHECK(binomial_pmf(5, 5, 1.0) == 1.0);
}

TEST_CASE("Clopper-Pearson rejects bad arguments with the values", "[stats][binomial]") {
  CHECK_THROWS_WITH(clopper_pearson(11, 10, c95), Catch::Contains("k=11") && Catch::Contains("n=10"));
  CHECK_THROWS_WITH(clopper_pearson(0, 0, c95), Catch::Contains("n=0"));
  CHECK_THROWS_AS(clopper_pearson(-1, 10, c95), std::invalid_argument);
  CHECK_THROWS_AS(binomial_pmf(1, 10, 1.2), std::invalid_argument);
  CHECK_THROWS_AS(Confidence(1.0), std::out_of_range);
  CHECK_THROWS_AS(Confidence(0.0), std::out_of_range);
  CHECK_THROWS_AS(Probability(-0.01), std::out_of_range);
  CHECK_FALSE(Confidence::parse(1.5).ok());
  CHECK(Confidence::parse(0.9).ok());
  CHECK(Confidence::parse(0.9)->alpha() == Approx(0.1));
  CHECK_FALSE(Probability::parse(std::nan("")).ok());
  CHECK(Probability::parse(0.05)->value() == 0.05);
}
