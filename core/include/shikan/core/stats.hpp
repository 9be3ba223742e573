// Exact statistics of an audit (FIELD_GUIDE §6; methods, formulas and reference values in docs/statistics.md).
// Pure functions on counts: no I/O, no clock, no global state (thread-safe; log-gamma is our own, not ::lgamma,
// which writes the global signgam). Bad arguments (k > n, n > N, ...) throw std::invalid_argument naming the
// values; user input is validated once into Probability / Confidence (throwing constructors, or parse()).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "shikan/core/result.hpp"

namespace shikan::stats {

// A probability or share in [0, 1]. Throws std::out_of_range otherwise (NaN included).
class Probability {
 public:
  explicit Probability(double p);
  static Parsed<Probability> parse(double p);
  double value() const { return p_; }
  auto operator<=>(const Probability&) const = default;

 private:
  double p_;
};

// A confidence level in the open interval (0, 1), e.g. 0.95; alpha() = 1 - level. Throws std::out_of_range.
class Confidence {
 public:
  explicit Confidence(double level);
  static Parsed<Confidence> parse(double level);
  double level() const { return level_; }
  double alpha() const { return 1.0 - level_; }
  auto operator<=>(const Confidence&) const = default;

 private:
  double level_;
};

// Which bounds an interval carries. One-sided intervals put all of alpha on one side; the other end is the
// natural limit (0 or 1 for a share, the feasible K for a count). Two-sided: alpha/2 on each side.
enum class Sides { Two, Upper, Lower };

// A closed interval on a share in [0, 1].
struct Interval {
  double lower = 0;
  double upper = 1;
  bool contains(double x) const { return x >= lower && x <= upper; }
};

// A closed interval on a count (e.g. phantom entries K in a list of N).
struct CountInterval {
  std::int64_t lower = 0;
  std::int64_t upper = 0;
};

// ---- Descriptive (stats_descriptive.cpp) --------------------------------------------------------------
// The middle value; the mean of the two middle values for an even count. Throws std::invalid_argument when empty.
double median(std::vector<double> values);

// ---- Special functions (stats_special.cpp) -----------------------------------------------------------
// ln Γ(x) for x > 0: Stirling series after shifting x >= 15 (relative error ~1e-15).
double log_gamma(double x);
// ln C(n, k) for 0 <= k <= n.
double log_choose(std::int64_t n, std::int64_t k);
// Regularized incomplete beta I_x(a, b), a, b > 0, x in [0, 1]: continued fraction (modified Lentz).
double incomplete_beta(double x, double a, double b);
// The x in [0, 1] with I_x(a, b) = p, p in [0, 1]: bisection on [0, 1], absolute accuracy < 1e-15.
double inverse_incomplete_beta(double p, double a, double b);

// ---- Binomial (stats_binomial.cpp) -------------------------------------------------------------------
double binomial_pmf(std::int64_t k, std::int64_t n, double p);
// P(X <= k), X ~ Bin(n, p), by exact summation in log space.
double binomial_cdf(std::int64_t k, std::int64_t n, double p);
// Clopper & Pearson (1934) exact interval for the share p given k successes in n trials (0 <= k <= n, n >= 1).
// lower = B⁻¹(a; k, n-k+1), upper = B⁻¹(1-a; k+1, n-k), a = alpha/2 (two-sided) or alpha (one-sided);
// k = 0 gives lower 0 and k = n gives upper 1 exactly.
Interval clopper_pearson(std::int64_t k, std::int64_t n, Confidence confidence, Sides sides = Sides::Two);
// The same with real-valued k and n (an effective sample size, Korn & Graubard 1998); 0 <= k <= n, n > 0.
Interval clopper_pearson_effective(double k, double n, Confidence confidence, Sides sides = Sides::Two);

// ---- Hypergeometric: a list of N entries, K of them "bad", n drawn without replacement, X bad found ----
// (stats_hypergeometric.cpp)
double hypergeometric_pmf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n);
// P(X <= k).
double hypergeometric_cdf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n);
// P(X >= k), summed over the upper tail directly (no 1 - cdf cancellation).
double hypergeometric_sf(std::int64_t k, std::int64_t population, std::int64_t bad, std::int64_t n);
// Exact interval on K given k bad in a sample of n from N (Buonaccorsi 1987; Wright 1991):
//   upper = the largest feasible K with P(X <= k | K) >  a,
//   lower = the smallest feasible K with P(X >= k | K) > a,   a = alpha/2 (two-sided) or alpha (one-sided);
// i.e. the K a level-a test does not reject (reject when the p-value <= a). Feasible: k <= K <= N - (n - k).
// FIELD_GUIDE §6: N = 1000, k = 0, 95 % one-sided upper: 93 (n=30), 48 (n=59), 28 (n=100), 13 (n=200).
CountInterval hypergeometric_interval(std::int64_t k, std::int64_t n, std::int64_t population, Confidence confidence,
                                      Sides sides = Sides::Two);

// ---- Survey planning (stats_sample_size.cpp, stats_allocation.cpp) -----------------------------------
// Smallest n such that finding at most `acceptance` bad entries in n draws rules out a bad share >= p0 at the
// confidence, i.e. P(X <= acceptance | share p0) <= alpha. Binomial: an infinite list (draws with replacement).
// Throws std::invalid_argument when p0 = 0 or when no n up to 2^40 suffices.
std::int64_t sample_size_binomial(Probability p0, Confidence confidence, std::int64_t acceptance = 0);
// Finite list of N: K0 = ceil(p0 * N) bad entries (the fewest that make a share >= p0); the smallest n <= N with
// P(X <= acceptance | N, K0, n) <= alpha. Then the hypergeometric upper bound on K is < K0.
// Throws std::invalid_argument when K0 <= acceptance (no sample can rule it out) or p0 = 0.
std::int64_t sample_size_hypergeometric(std::int64_t population, Probability p0, Confidence confidence,
                                        std::int64_t acceptance = 0);

struct Allocation {
  std::vector<std::int64_t> per_stratum;  // same order as the populations given
  std::int64_t total = 0;                 // == n, except when raised_to_strata
  bool raised_to_strata = false;          // n < number of strata: one per stratum, total = number of strata
};
// Proportional allocation of n draws to strata of the given populations (all >= 1), at least one per stratum,
// never more than a stratum holds; the rest by the largest-remainder (Hamilton) method on exact integer
// remainders, ties to the larger stratum, then to the lower index. Sums exactly to n (see raised_to_strata).
// Throws std::invalid_argument for no strata, an empty stratum, or n > total population.
Allocation allocate_proportional(std::span<const std::int64_t> populations, std::int64_t n);

// ---- Spatially correlated proportions (stats_cluster.cpp) --------------------------------------------
// One bin (cluster) of binary samples: `successes` of `trials` met the criterion.
struct BinCount {
  std::int64_t successes = 0;
  std::int64_t trials = 0;
};
// Kish design effect 1 + (m - 1) * icc for clusters of (mean) size m >= 1, icc in [0, 1].
double design_effect(double mean_cluster_size, double icc);
// n / design_effect: FIELD_GUIDE §6, 1000 samples in bins of 20 with ICC 0.2 -> 208.3.
double effective_sample_size(double n, double mean_cluster_size, double icc);
// One-way ANOVA estimator of the intra-cluster correlation of a binary outcome (Fleiss; Ridout et al. 1999),
// clamped to [0, 1]. Needs >= 2 bins with trials >= 1 and more samples than bins. All samples identical (zero
// variance): returns 1, the conservative choice (the bins then count as the independent units).
double icc_anova(std::span<const BinCount> bins);

struct ClusteredProportion {
  double rate = 0;               // pooled sample-level share: sum successes / sum trials
  double icc = 0;                // icc_anova
  double mean_cluster_size = 0;  // size-weighted mean sum m_i^2 / sum m_i (= m for equal bins)
  double design_effect = 1;
  double effective_n = 0;
  Interval interval;  // Clopper–Pearson on the effective sample size (Korn & Graubard 1998)
};
ClusteredProportion clustered_proportion(std::span<const BinCount> bins, Confidence confidence);

// ---- Verdicts (stats_verdict.cpp) --------------------------------------------------------------------
// For an indicator where more is better (coverage, sites, residency), `claimed` against the measured interval
// at its confidence, with a tolerance margin in the same unit (>= 0):
//   Overstated   claimed > upper                       (the data exclude the claim);
//   Consistent   claimed <= upper and lower >= claimed - tolerance
//                                                      (the truth is, with confidence, within tolerance of it);
//   Inconclusive otherwise: claimed inside the interval but the interval reaches further below the claim
//                than the tolerance — the data cannot separate the claim from the tolerance margin.
// A claim below the lower bound (understated) is Consistent: the audit looks for overstatement.
enum class Verdict { Consistent, Overstated, Inconclusive };
std::string_view to_string(Verdict v);  // "consistent", "overstated", "inconclusive" (report.json)
Verdict judge(double claimed, Interval measured, double tolerance);

// Additional units (samples, decidable sites) that would decide a claimed share given k successes in n, if the
// observed share k/n held: the smallest m >= 0 for which judge(claimed, CP(k', n + m), tolerance) is not
// Inconclusive, k' = (k/n)(n + m) real-valued so the bounds move monotonically. 0 when already decided;
// nullopt when no m <= max_extra decides (e.g. k/n = claimed - tolerance exactly). Binomial, hence
// conservative for a finite list.
std::optional<std::int64_t> more_units_to_decide(double claimed_share, std::int64_t k, std::int64_t n,
                                                 Confidence confidence, double tolerance, Sides sides = Sides::Two,
                                                 std::int64_t max_extra = 10'000'000);

// Real sites in a list of N given x phantom found among n decidable sampled sites.
struct SiteCountEstimate {
  double real_sites = 0;                     // N (1 - x/n), unbiased under sampling without replacement
  CountInterval real_interval;               // N - hypergeometric_interval(x, n, N) reversed
  std::optional<double> per_10k;             // real_sites * 10000 / population
  std::optional<Interval> per_10k_interval;  // the interval on the same scale (not a share)
};
// population: residents of the city (> 0) for the per-10,000-people figures (每万人拥有5G基站数).
// sides refers to the real-site count: Sides::Upper gives a one-sided upper bound on real sites.
SiteCountEstimate estimate_real_sites(std::int64_t listed, std::int64_t phantom, std::int64_t decidable,
                                      Confidence confidence, std::optional<double> population = std::nullopt,
                                      Sides sides = Sides::Two);

}  // namespace shikan::stats
