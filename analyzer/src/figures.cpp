// Coverage, residency, key places and site counts from the aggregates; verdicts in figures_verdicts.cpp.
#include "shikan/analyzer/figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace shikan::analyzer {
namespace {

double to_db(double linear) { return 10.0 * std::log10(linear); }

// Clustered proportion with a fallback: when every cluster holds one unit (no within-cluster variance to
// estimate), the units are independent and Clopper–Pearson applies.
void interval_of(const std::vector<stats::BinCount>& clusters, const Profile& p, std::optional<stats::Interval>& ci,
                 double& deff, double& n_eff) {
  std::int64_t k = 0, n = 0;
  for (const auto& c : clusters) k += c.successes, n += c.trials;
  if (n == 0) return;
  const stats::Confidence conf(p.confidence);
  if (clusters.size() >= 2 && n > static_cast<std::int64_t>(clusters.size())) {
    const stats::ClusteredProportion cp = stats::clustered_proportion(clusters, conf);
    ci = cp.interval;
    deff = cp.design_effect;
    n_eff = cp.effective_n;
    return;
  }
  ci = stats::clopper_pearson(k, n, conf);
  deff = 1;
  n_eff = static_cast<double>(n);
}

bool place_covered(const PlaceAcc& a, const Profile& p, PlaceOperator& out) {
  if (a.level_samples > 0) out.rsrp_dbm = to_db(a.rsrp_mw / a.level_samples);
  if (a.sinr_samples > 0) out.sinr_db = to_db(a.sinr_lin / a.sinr_samples);
  return out.rsrp_dbm && *out.rsrp_dbm >= p.rsrp_dbm && (!out.sinr_db || *out.sinr_db >= p.sinr_db) &&
         a.level_samples >= p.min_nr_share * a.samples;
}

}  // namespace

bool presence_only(const OperatorObs& op) {
  std::uint64_t nr = 0, level = 0;
  for (const auto& [k, b] : op.bins) nr += b.nr_samples, level += b.level_samples;
  return nr > 0 && 2 * level < nr;
}

BinVerdict judge_bin(const BinAcc& b, const Profile& p, bool presence) {
  BinVerdict v;
  if (b.level_samples > 0) v.rsrp_dbm = to_db(b.rsrp_mw / b.level_samples);
  if (b.sinr_samples > 0) v.sinr_db = to_db(b.sinr_lin / b.sinr_samples);
  if (presence) {
    v.judged = b.samples > 0;
    v.covered = v.judged && b.nr_samples >= p.min_nr_share * b.samples;
    return v;
  }
  v.judged = b.samples > 0 && (b.level_samples > 0 || b.nr_samples == 0);
  v.covered = v.judged && b.nr_samples >= p.min_nr_share * b.samples && v.rsrp_dbm && *v.rsrp_dbm >= p.rsrp_dbm &&
              (!v.sinr_db || *v.sinr_db >= p.sinr_db);
  return v;
}

CoverageFigures coverage_figures(const Observations& obs, const Profile& p, const std::string& op) {
  CoverageFigures f;
  f.op = op;
  std::map<std::pair<std::string, std::uint64_t>, stats::BinCount> clusters;
  bool seen_any = false;
  for (const OperatorObs& o : obs.operators) {
    if (!op.empty() && o.key != op) continue;
    const bool presence = presence_only(o);
    const std::string basis = presence ? "presence" : "level";
    f.basis = seen_any && f.basis != basis ? "mixed" : basis;
    seen_any = true;
    for (const auto& [key, bin] : o.bins) {
      const BinVerdict v = judge_bin(bin, p, presence);
      if (!v.judged) {
        ++f.unjudged_bins;
        continue;
      }
      ++f.bins;
      f.samples += bin.samples;
      f.good_samples += presence ? bin.nr_samples : bin.good_samples;  // presence: every NR sample counts
      stats::BinCount& c = clusters[{o.key, grid_key(grid_centre(key, p.bin_m), p.cluster_m)}];
      ++c.trials;
      if (v.covered) ++f.covered_bins, ++c.successes;
    }
  }
  if (f.bins == 0) return f;
  f.rate = static_cast<double>(f.covered_bins) / static_cast<double>(f.bins);
  f.sample_rate = static_cast<double>(f.good_samples) / static_cast<double>(f.samples);
  std::vector<stats::BinCount> units;
  for (const auto& [k, c] : clusters) units.push_back(c);
  interval_of(units, p, f.ci, f.design_effect, f.effective_n);
  return f;
}

ResidencyFigures residency_figures(const Observations& obs, const Profile& p, const std::string& op) {
  ResidencyFigures f;
  f.op = op;
  std::vector<stats::BinCount> units;
  for (const OperatorObs& o : obs.operators) {
    if (!op.empty() && o.key != op) continue;
    f.time.sa += o.time.sa, f.time.nsa += o.time.nsa, f.time.lte += o.time.lte, f.time.other += o.time.other;
    for (const auto& [block, t] : o.blocks) {
      const auto trials = std::llround(t.total());
      if (trials >= 1) units.push_back({std::min(trials, std::llround(t.nr())), trials});
    }
  }
  if (f.time.total() <= 0) return f;
  f.share = f.time.nr() / f.time.total();
  interval_of(units, p, f.ci, f.design_effect, f.effective_n);
  return f;
}

std::vector<PlaceFinding> place_findings(const Observations& obs, std::size_t places, const Profile& p) {
  std::vector<PlaceFinding> out(places);
  for (std::size_t i = 0; i < places; ++i) {
    PlaceFinding& f = out[i];
    f.place = i;
    int decided = 0, covered = 0;
    for (const OperatorObs& o : obs.operators) {
      const PlaceAcc& a = o.places[i];
      f.samples += a.samples;
      if (a.samples == 0) continue;
      PlaceOperator po;
      po.op = o.key;
      po.samples = a.samples;
      po.covered = place_covered(a, p, po);
      if (static_cast<std::int64_t>(a.samples) >= p.place_min_samples) ++decided, covered += po.covered;
      f.per_operator.push_back(po);
    }
    if (decided > 0) f.reachable = p.place_rule == PlaceRule::All ? covered == decided : covered > 0;
  }
  return out;
}

bool is_5g_entry(const ReportedSite& s) {
  std::string r;
  for (char c : s.rat) r += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* other : {"LTE", "4G", "3G", "2G", "GSM", "UMTS", "WCDMA", "TD-LTE", "FDD-LTE", "CDMA"})
    if (r == other) return false;
  return true;
}

SiteCounts count_sites(const std::vector<ReportedSite>& sites, const Reconciliation& r) {
  SiteCounts c;
  for (const SiteFinding& f : r.sites) {
    if (!is_5g_entry(sites[f.site])) continue;
    ++c.listed;
    switch (f.status) {
      case SiteStatus::Verified: ++c.verified; break;
      case SiteStatus::Relocated: ++c.relocated; break;
      case SiteStatus::NotObserved: ++c.not_observed; break;
      case SiteStatus::Inconclusive: ++c.inconclusive; break;
    }
  }
  c.unreported = static_cast<std::int64_t>(r.unreported.size());
  return c;
}

}  // namespace shikan::analyzer
