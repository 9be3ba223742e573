// Hypergeometric distribution and the exact interval on the number of bad entries K in a finite list.
// Interval by test inversion: Buonaccorsi, J. P. (1987), "A note on confidence intervals for proportions in
// finite populations", The American Statistician 41(3):215–218; Wright, T. (1991), "Exact confidence bounds when
// sampling from small finite universes", Lecture Notes in Statistics 66, Springer.
#include <cmath>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {
namespace {

void check_population(const char* what, std::int64_t population, std::int64_t bad, std::int64_t n) {
  detail::require(population >= 0 && bad >= 0 && bad <= population && n >= 0 && n <= population, what,
                  detail::kv("N", population) + " " + detail::kv("K", bad) + " " + detail::kv("n", n) +
                      " (need 0 <= K <= N and 0 <= n <= N)");
}

// Support of X: max(0, n - (N - K)) .. min(n, K).
std::int64_t support_min(std::int64_t population, std::int64_t bad, std::int64_t n) {
  const std::int64_t m = n - (population - bad);
  return m > 0 ? m : 0;
}
std::int64_t support_max(std::int64_t bad, std::int64_t n) { return n < bad ? n : bad; }

double pmf_unchecked(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n) {
  return std::exp(log_choose(bad, k) + log_choose(population - bad, n - k) - log_choose(population, n));
}

}  // namespace

double hypergeometric_pmf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n) {
  check_population("hypergeometric_pmf", population, bad, n);
  if (k < support_min(population, bad, n) || k > support_max(bad, n)) return 0.0;
  return pmf_unchecked(k, population, bad, n);
}

double hypergeometric_cdf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n) {
  check_population("hypergeometric_cdf", population, bad, n);
  const std::int64_t lo = support_min(population, bad, n);
  const std::int64_t hi = support_max(bad, n);
  if (k < lo) return 0.0;
  if (k >= hi) return 1.0;
  double sum = 0.0;
  for (std::int64_t j = lo; j <= k; ++j) sum += pmf_unchecked(j, population, bad, n);
  return sum < 1.0 ? sum : 1.0;
}

double hypergeometric_sf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n) {
  check_population("hypergeometric_sf", population, bad, n);
  const std::int64_t lo = support_min(population, bad, n);
  const std::int64_t hi = support_max(bad, n);
  if (k <= lo) return 1.0;
  if (k > hi) return 0.0;
  double sum = 0.0;
  for (std::int64_t j = hi; j >= k; --j) sum += pmf_unchecked(j, population, bad, n);
  return sum < 1.0 ? sum : 1.0;
}

CountInterval hypergeometric_interval(std::int64_t k, std::int64_t n, std::int64_t population, Confidence confidence,
                                      Sides sides) {
  detail::require(n >= 1 && n <= population, "hypergeometric_interval",
                  detail::kv("n", n) + " " + detail::kv("N", population) + " (need 1 <= n <= N)");
  detail::require(k >= 0 && k <= n, "hypergeometric_interval",
                  detail::kv("k", k) + " " + detail::kv("n", n) + " (need 0 <= k <= n)");
  const double a = detail::tail_alpha(confidence.alpha(), sides == Sides::Two);
  const std::int64_t k_min = k;                     // the k bad entries seen are certainly bad
  const std::int64_t k_max = population - (n - k);  // the n - k good entries seen are certainly good
  CountInterval out{k_min, k_max};
  if (sides != Sides::Lower) {
    // P(X <= k | K) falls as K grows; it is 1 at K = k_min. Largest K with P > a.
    std::int64_t lo = k_min;  // invariant: P(lo) > a
    std::int64_t hi = k_max + 1;
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (!detail::at_most(hypergeometric_cdf(k, population, mid, n), a))
        lo = mid;
      else
        hi = mid;
    }
    out.upper = lo;
  }
  if (sides != Sides::Upper) {
    // P(X >= k | K) grows with K; it is 1 at K = k_max. Smallest K with P > a.
    std::int64_t lo = k_min - 1;
    std::int64_t hi = k_max;  // invariant: P(hi) > a
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (!detail::at_most(hypergeometric_sf(k, population, mid, n), a))
        hi = mid;
      else
        lo = mid;
    }
    out.lower = hi;
  }
  return out;
}

}  // namespace shikan::stats
