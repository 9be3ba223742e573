// Binomial distribution and the Clopper–Pearson exact interval.
// Clopper, C. J. & Pearson, E. S. (1934), "The use of confidence or fiducial limits illustrated in the case of
// the binomial", Biometrika 26(4):404–413. Beta form: Johnson, Kotz & Kemp, Univariate Discrete Distributions.
#include <cmath>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {

double binomial_pmf(std::int64_t k, std::int64_t n, double p) {
  detail::require(n >= 0, "binomial_pmf", detail::kv("n", n) + " (need n >= 0)");
  detail::require(p >= 0.0 && p <= 1.0, "binomial_pmf", detail::kv("p", p) + " (need 0 <= p <= 1)");
  if (k < 0 || k > n) return 0.0;
  if (p == 0.0) return k == 0 ? 1.0 : 0.0;
  if (p == 1.0) return k == n ? 1.0 : 0.0;
  const auto dk = static_cast<double>(k);
  const auto dn = static_cast<double>(n);
  return std::exp(log_choose(n, k) + dk * std::log(p) + (dn - dk) * std::log1p(-p));
}

double binomial_cdf(std::int64_t k, std::int64_t n, double p) {
  detail::require(n >= 0, "binomial_cdf", detail::kv("n", n) + " (need n >= 0)");
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  double sum = 0.0;
  for (std::int64_t j = 0; j <= k; ++j) sum += binomial_pmf(j, n, p);
  return sum < 1.0 ? sum : 1.0;
}

Interval clopper_pearson_effective(double k, double n, Confidence confidence, Sides sides) {
  detail::require(n > 0.0 && std::isfinite(n), "clopper_pearson", detail::kv("n", n) + " (need n > 0)");
  detail::require(k >= 0.0 && k <= n, "clopper_pearson",
                  detail::kv("k", k) + " " + detail::kv("n", n) + " (need 0 <= k <= n)");
  const double a = detail::tail_alpha(confidence.alpha(), sides == Sides::Two);
  Interval out{0.0, 1.0};
  // P(X >= k | p_lower) = a  <=>  I_{p_lower}(k, n - k + 1) = a; k = 0: the lower bound is 0 exactly.
  if (sides != Sides::Upper && k > 0.0) out.lower = inverse_incomplete_beta(a, k, n - k + 1.0);
  // P(X <= k | p_upper) = a  <=>  I_{p_upper}(k + 1, n - k) = 1 - a; k = n: the upper bound is 1 exactly.
  if (sides != Sides::Lower && k < n) out.upper = inverse_incomplete_beta(1.0 - a, k + 1.0, n - k);
  return out;
}

Interval clopper_pearson(std::int64_t k, std::int64_t n, Confidence confidence, Sides sides) {
  detail::require(n >= 1, "clopper_pearson", detail::kv("n", n) + " (need n >= 1)");
  detail::require(k >= 0 && k <= n, "clopper_pearson",
                  detail::kv("k", k) + " " + detail::kv("n", n) + " (need 0 <= k <= n)");
  return clopper_pearson_effective(static_cast<double>(k), static_cast<double>(n), confidence, sides);
}

}  // namespace shikan::stats
