// The indicators and their verdicts (docs/analyzer.md, "Verdicts").
#include <algorithm>
#include <cmath>

#include "shikan/analyzer/figures.hpp"

namespace shikan::analyzer {
namespace {

using stats::Confidence;
using stats::Interval;

std::optional<std::int64_t> more_for_share(double claimed, double share, double n_eff, const Profile& p) {
  if (n_eff < 1) return std::nullopt;
  const auto n = static_cast<std::int64_t>(std::floor(n_eff));
  const auto k = std::clamp<std::int64_t>(std::llround(share * static_cast<double>(n)), 0, n);
  return stats::more_units_to_decide(std::min(claimed, 1.0), k, n, Confidence(p.confidence), p.tolerance);
}

// A share indicator: claimed against the interval; `scale` converts extra effective units into `more_unit`.
Indicator share_indicator(std::string name, std::optional<double> claimed, std::optional<double> share,
                          std::optional<Interval> ci, double n, double n_eff, double per_unit, std::string unit,
                          std::string more_unit, std::string method, const Profile& p) {
  Indicator ind;
  ind.name = std::move(name);
  ind.reported = claimed;
  ind.estimate = share;
  ind.ci = ci;
  ind.n = n;
  ind.unit = std::move(unit);
  ind.method = std::move(method);
  ind.more_unit = std::move(more_unit);
  if (!claimed) return ind;
  if (!share || !ci) {
    ind.verdict = stats::Verdict::Inconclusive;
    return ind;
  }
  ind.verdict = stats::judge(*claimed, *ci, p.tolerance);
  if (*ind.verdict == stats::Verdict::Inconclusive)
    if (auto m = more_for_share(*claimed, *share, n_eff, p))
      ind.more = static_cast<std::int64_t>(std::ceil(static_cast<double>(*m) * per_unit));
  return ind;
}

std::vector<Indicator> site_indicators(const SiteCounts& s, const Claims& claims, const Profile& p) {
  Indicator count;
  count.name = "base_stations_5g";
  count.unit = "sites";
  count.more_unit = "sites";
  count.method = "hypergeometric exact interval on phantom entries among decidable sampled sites";
  count.reported = claims.base_stations_5g ? claims.base_stations_5g : std::optional<double>(static_cast<double>(s.listed));
  count.n = static_cast<double>(s.decidable());
  Indicator per10k = count;
  per10k.name = "base_stations_5g_per_10k";
  per10k.unit = "sites";
  if (claims.population && count.reported) per10k.reported = *count.reported * 10000.0 / *claims.population;
  else per10k.reported.reset();
  if (s.listed == 0) return {count, per10k};
  const double listed = static_cast<double>(s.listed);
  const double claimed_share = *count.reported / listed;
  const double tol = p.tolerance * claimed_share;
  if (s.decidable() == 0) {
    count.verdict = stats::Verdict::Inconclusive;
    if (per10k.reported) per10k.verdict = stats::Verdict::Inconclusive;
    return {count, per10k};
  }
  const stats::SiteCountEstimate e = stats::estimate_real_sites(s.listed, s.not_observed, s.decidable(),
                                                                Confidence(p.confidence), claims.population);
  count.estimate = e.real_sites;
  const Interval share_ci{static_cast<double>(e.real_interval.lower) / listed,
                          static_cast<double>(e.real_interval.upper) / listed};
  count.ci = Interval{static_cast<double>(e.real_interval.lower), static_cast<double>(e.real_interval.upper)};
  count.verdict = stats::judge(claimed_share, share_ci, tol);
  if (*count.verdict == stats::Verdict::Inconclusive)
    count.more = stats::more_units_to_decide(std::min(claimed_share, 1.0), s.decidable() - s.not_observed,
                                             s.decidable(), Confidence(p.confidence), tol);
  per10k.estimate = e.per_10k;
  per10k.ci = e.per_10k_interval;
  if (per10k.reported) {
    per10k.verdict = count.verdict;
    per10k.more = count.more;
  }
  return {count, per10k};
}

}  // namespace

std::vector<Indicator> indicators(const IndicatorInputs& in, const Profile& p) {
  std::vector<Indicator> out = site_indicators(in.sites, in.claims, p);
  const CoverageFigures& c = in.coverage;
  // An extra effective bin is design_effect bins of road, each about bin_m long.
  out.push_back(share_indicator("coverage_rate", in.claims.coverage_rate, c.rate, c.ci, static_cast<double>(c.bins),
                                c.effective_n, c.design_effect * p.bin_m / 1000.0, "bins", "km",
                                "Clopper-Pearson on the effective number of bins (design effect over " +
                                    std::to_string(static_cast<int>(p.cluster_m)) + " m clusters)",
                                p));
  const ResidencyFigures& r = in.residency;
  out.push_back(share_indicator("nr_residency", in.claims.nr_residency, r.share, r.ci, r.time.total() / 3600.0,
                                r.effective_n, r.design_effect / 3600.0, "hours", "hours",
                                "Clopper-Pearson on effective seconds (design effect over " +
                                    std::to_string(static_cast<int>(p.block_s)) + " s blocks)",
                                p));
  if (in.places) {
    std::int64_t k = 0, n = 0;
    for (const PlaceFinding& f : *in.places)
      if (f.reachable) ++n, k += *f.reachable;
    std::optional<double> share;
    std::optional<Interval> ci;
    if (n > 0) {
      share = static_cast<double>(k) / static_cast<double>(n);
      ci = stats::clopper_pearson(k, n, Confidence(p.confidence));
    }
    out.push_back(share_indicator("key_place_reachability", in.claims.key_place_reachability, share, ci,
                                  static_cast<double>(n), static_cast<double>(n), 1.0, "places", "places",
                                  "Clopper-Pearson over measured places", p));
  }
  return out;
}

}  // namespace shikan::analyzer
