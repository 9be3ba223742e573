// Verdicts on reported indicators, the units that would decide an open one, and the real-site estimate.
// The verdict is a pair of one-sided tests read off the measured interval: "the truth is below the claim"
// (overstated) and "the truth is no lower than claim - tolerance" (a non-inferiority test, consistent); neither
// rejected -> inconclusive. See docs/statistics.md §Verdicts.
#include <cmath>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Consistent: return "consistent";
    case Verdict::Overstated: return "overstated";
    case Verdict::Inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

Verdict judge(double claimed, Interval measured, double tolerance) {
  detail::require(std::isfinite(claimed), "judge", detail::kv("claimed", claimed) + " (need a finite claim)");
  detail::require(tolerance >= 0.0 && std::isfinite(tolerance), "judge",
                  detail::kv("tolerance", tolerance) + " (need >= 0)");
  detail::require(
      measured.lower <= measured.upper, "judge",
      detail::kv("lower", measured.lower) + " " + detail::kv("upper", measured.upper) + " (need lower <= upper)");
  if (claimed > measured.upper) return Verdict::Overstated;
  if (measured.lower >= claimed - tolerance) return Verdict::Consistent;
  return Verdict::Inconclusive;
}

std::optional<std::int64_t> more_units_to_decide(double claimed_share, std::int64_t k, std::int64_t n,
                                                 Confidence confidence, double tolerance, Sides sides,
                                                 std::int64_t max_extra) {
  detail::require(n >= 1 && k >= 0 && k <= n, "more_units_to_decide",
                  detail::kv("k", k) + " " + detail::kv("n", n) + " (need 0 <= k <= n, n >= 1)");
  detail::require(max_extra >= 0, "more_units_to_decide", detail::kv("max_extra", max_extra) + " (need >= 0)");
  const double share = static_cast<double>(k) / static_cast<double>(n);
  // With the share fixed, the upper bound falls and the lower bound rises as n grows, so "decided" is monotone
  // in m and bisection finds the smallest m exactly.
  const auto decided = [&](std::int64_t m) {
    const auto total = static_cast<double>(n + m);
    const Interval ci = clopper_pearson_effective(share * total, total, confidence, sides);
    return judge(claimed_share, ci, tolerance) != Verdict::Inconclusive;
  };
  if (decided(0)) return std::int64_t{0};
  if (max_extra == 0) return std::nullopt;
  std::int64_t lo = 0;  // invariant: !decided(lo)
  std::int64_t hi = 1;
  while (!decided(hi)) {
    if (hi >= max_extra) return std::nullopt;
    lo = hi;
    hi = hi > max_extra / 2 ? max_extra : hi * 2;
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (decided(mid))
      hi = mid;
    else
      lo = mid;
  }
  return hi;
}

SiteCountEstimate estimate_real_sites(std::int64_t listed, std::int64_t phantom, std::int64_t decidable,
                                      Confidence confidence, std::optional<double> population, Sides sides) {
  detail::require(
      decidable >= 1 && decidable <= listed, "estimate_real_sites",
      detail::kv("decidable", decidable) + " " + detail::kv("listed", listed) + " (need 1 <= decidable <= listed)");
  detail::require(
      phantom >= 0 && phantom <= decidable, "estimate_real_sites",
      detail::kv("phantom", phantom) + " " + detail::kv("decidable", decidable) + " (need 0 <= phantom <= decidable)");
  if (population) {
    detail::require(*population > 0.0 && std::isfinite(*population), "estimate_real_sites",
                    detail::kv("population", *population) + " (need > 0)");
  }
  // A bound on real sites is the opposite bound on phantom entries.
  const Sides phantom_sides = sides == Sides::Upper ? Sides::Lower : sides == Sides::Lower ? Sides::Upper : sides;
  const CountInterval bad = hypergeometric_interval(phantom, decidable, listed, confidence, phantom_sides);
  SiteCountEstimate out;
  out.real_sites = static_cast<double>(listed) * (1.0 - static_cast<double>(phantom) / static_cast<double>(decidable));
  out.real_interval = CountInterval{listed - bad.upper, listed - bad.lower};
  if (population) {
    const double scale = 10'000.0 / *population;
    out.per_10k = out.real_sites * scale;
    out.per_10k_interval = Interval{static_cast<double>(out.real_interval.lower) * scale,
                                    static_cast<double>(out.real_interval.upper) * scale};
  }
  return out;
}

}  // namespace shikan::stats
