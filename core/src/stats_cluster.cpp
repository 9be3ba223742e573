// Proportions from spatially correlated samples: bins are clusters.
// Design effect: Kish, L. (1965), Survey Sampling, §5.4; unequal cluster sizes through the size-weighted mean
// sum m_i^2 / sum m_i (Eldridge, Ashby & Kerry 2006, Int. J. Epidemiol. 35:1292, deff = 1 + ((cv^2+1) m - 1) rho).
// ICC: one-way ANOVA estimator for a binary outcome (Fleiss, Levin & Paik, Statistical Methods for Rates and
// Proportions, 3rd ed. §15; Ridout, Demétrio & Firth 1999, Biometrics 55:137).
// Interval: Clopper–Pearson on the effective sample size (Korn, E. L. & Graubard, B. I. 1998, "Confidence
// intervals for proportions with small expected number of positive counts estimated from survey data",
// Survey Methodology 24:193).
#include <algorithm>
#include <cmath>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {

double design_effect(double mean_cluster_size, double icc) {
  detail::require(mean_cluster_size >= 1.0 && std::isfinite(mean_cluster_size), "design_effect",
                  detail::kv("m", mean_cluster_size) + " (need m >= 1)");
  detail::require(icc >= 0.0 && icc <= 1.0, "design_effect", detail::kv("icc", icc) + " (need 0 <= icc <= 1)");
  return 1.0 + (mean_cluster_size - 1.0) * icc;
}

double effective_sample_size(double n, double mean_cluster_size, double icc) {
  detail::require(n >= 0.0 && std::isfinite(n), "effective_sample_size", detail::kv("n", n) + " (need n >= 0)");
  return n / design_effect(mean_cluster_size, icc);
}

double icc_anova(std::span<const BinCount> bins) {
  detail::require(bins.size() >= 2, "icc_anova", "need at least 2 bins, got " + std::to_string(bins.size()));
  double total = 0.0;      // M = sum m_i
  double successes = 0.0;  // sum y_i
  double sum_sq_size = 0.0;
  double sum_y2_over_m = 0.0;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const BinCount& b = bins[i];
    detail::require(b.trials >= 1 && b.successes >= 0 && b.successes <= b.trials, "icc_anova",
                    "bin " + std::to_string(i) + ": " + detail::kv("successes", b.successes) + " " +
                        detail::kv("trials", b.trials) + " (need 0 <= successes <= trials, trials >= 1)");
    const auto m = static_cast<double>(b.trials);
    const auto y = static_cast<double>(b.successes);
    total += m;
    successes += y;
    sum_sq_size += m * m;
    sum_y2_over_m += y * y / m;
  }
  const auto groups = static_cast<double>(bins.size());
  detail::require(total > groups, "icc_anova", "need more samples than bins (every bin of one sample)");
  const double ssb = sum_y2_over_m - successes * successes / total;  // sum m_i (p_i - p)^2
  const double ssw = successes - sum_y2_over_m;                      // sum m_i p_i (1 - p_i)
  const double msb = std::max(ssb, 0.0) / (groups - 1.0);
  const double msw = std::max(ssw, 0.0) / (total - groups);
  const double m0 = (total - sum_sq_size / total) / (groups - 1.0);
  const double denominator = msb + (m0 - 1.0) * msw;
  if (!(denominator > 0.0)) return 1.0;  // every sample alike: no information; conservative
  return std::clamp((msb - msw) / denominator, 0.0, 1.0);
}

ClusteredProportion clustered_proportion(std::span<const BinCount> bins, Confidence confidence) {
  ClusteredProportion out;
  out.icc = icc_anova(bins);  // validates the bins
  double total = 0.0;
  double successes = 0.0;
  double sum_sq_size = 0.0;
  for (const BinCount& b : bins) {
    const auto m = static_cast<double>(b.trials);
    total += m;
    successes += static_cast<double>(b.successes);
    sum_sq_size += m * m;
  }
  out.rate = successes / total;
  out.mean_cluster_size = sum_sq_size / total;
  out.design_effect = design_effect(out.mean_cluster_size, out.icc);
  out.effective_n = total / out.design_effect;
  out.interval = clopper_pearson_effective(out.rate * out.effective_n, out.effective_n, confidence);
  return out;
}

}  // namespace shikan::stats
