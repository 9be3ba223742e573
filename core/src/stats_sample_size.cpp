// Sample size of an acceptance-sampling audit: the fewest draws after which finding at most c bad entries
// rules out a bad share >= p0 (attribute acceptance sampling; e.g. Schilling & Neubauer, Acceptance Sampling
// in Quality Control, ch. on hypergeometric plans). Both probabilities fall monotonically in n, so the smallest
// n is found by bisection, exactly.
#include <cmath>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {
namespace {

template <class Rejects>
std::int64_t smallest_n(std::int64_t lo_fails, std::int64_t hi_ok, Rejects rejects) {
  // invariant: rejects(hi_ok) and not rejects(lo_fails)
  while (hi_ok - lo_fails > 1) {
    const std::int64_t mid = lo_fails + (hi_ok - lo_fails) / 2;
    if (rejects(mid))
      hi_ok = mid;
    else
      lo_fails = mid;
  }
  return hi_ok;
}

}  // namespace

std::int64_t sample_size_binomial(Probability p0, Confidence confidence, std::int64_t acceptance) {
  detail::require(p0.value() > 0.0, "sample_size_binomial", "p0 must be > 0");
  detail::require(acceptance >= 0, "sample_size_binomial", detail::kv("acceptance", acceptance) + " (need >= 0)");
  const double alpha = confidence.alpha();
  const auto rejects = [&](std::int64_t n) { return detail::at_most(binomial_cdf(acceptance, n, p0.value()), alpha); };
  constexpr std::int64_t limit = std::int64_t{1} << 40;
  std::int64_t lo = acceptance;  // n <= c never rejects: P(X <= c) = 1
  std::int64_t hi = acceptance + 1;
  while (!rejects(hi)) {
    lo = hi;
    hi *= 2;
    detail::require(hi <= limit, "sample_size_binomial",
                    "no n up to 2^40 suffices for p0=" + std::to_string(p0.value()));
  }
  return smallest_n(lo, hi, rejects);
}

std::int64_t sample_size_hypergeometric(std::int64_t population, Probability p0, Confidence confidence,
                                        std::int64_t acceptance) {
  detail::require(population >= 1, "sample_size_hypergeometric", detail::kv("N", population) + " (need N >= 1)");
  detail::require(p0.value() > 0.0, "sample_size_hypergeometric", "p0 must be > 0");
  detail::require(acceptance >= 0, "sample_size_hypergeometric", detail::kv("acceptance", acceptance) + " (need >= 0)");
  // The fewest bad entries that make a share >= p0. The 1e-9 guards against p0 * N landing a hair above an
  // integer in floating point (0.07 * 100 = 7.000000000000001).
  const auto bad0 = static_cast<std::int64_t>(std::ceil(p0.value() * static_cast<double>(population) - 1e-9));
  detail::require(bad0 > acceptance, "sample_size_hypergeometric",
                  "ceil(p0*N)=" + std::to_string(bad0) + " bad entries <= " + detail::kv("acceptance", acceptance) +
                      ": finding that many can never rule the share out");
  const double alpha = confidence.alpha();
  const auto rejects = [&](std::int64_t n) {
    return detail::at_most(hypergeometric_cdf(acceptance, population, bad0, n), alpha);
  };
  // At n = N the sample is the list: X = K0 > c, P(X <= c) = 0, so N always suffices.
  return smallest_n(acceptance, population, rejects);
}

}  // namespace shikan::stats
