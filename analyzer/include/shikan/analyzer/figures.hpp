// The measured figures behind the indicators, and the verdicts (docs/analyzer.md, "Figures" and "Verdicts";
// methods in docs/statistics.md). Pure functions of the aggregates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shikan/analyzer/observe.hpp"
#include "shikan/analyzer/profile.hpp"
#include "shikan/analyzer/reconcile.hpp"
#include "shikan/core/stats.hpp"

namespace shikan::analyzer {

// Coverage (FIELD_GUIDE §3): a bin is judged when it has an NR level or no NR at all; covered when at least
// min_nr_share of its samples were on NR and its mW-mean NR RSRP and linear-mean SINR (when reported) meet the
// profile. The interval treats cluster_m squares of bins as clusters (design effect, docs/statistics.md).
struct BinVerdict {
  bool judged = false;
  bool covered = false;
  std::optional<double> rsrp_dbm, sinr_db;
};
// presence_only: the operator's logs carry no NR level (G-NetTrack NSA rows give the LTE anchor's only), so a
// bin is covered when at least min_nr_share of its samples were on NR; CoverageFigures::basis says which.
BinVerdict judge_bin(const BinAcc& b, const Profile& p, bool presence_only = false);
// True when fewer than half of the operator's NR samples have an NR level.
bool presence_only(const OperatorObs& op);

struct CoverageFigures {
  std::string op;  // empty: every operator pooled, each operator's bin a unit
  std::string basis = "level";  // "level", "presence" (no NR levels in the data), "mixed" (pooled)
  std::int64_t bins = 0, covered_bins = 0, unjudged_bins = 0;
  std::int64_t samples = 0, good_samples = 0;
  std::optional<double> rate, sample_rate;
  std::optional<stats::Interval> ci;
  double design_effect = 1, effective_n = 0;
};
CoverageFigures coverage_figures(const Observations& obs, const Profile& p, const std::string& op = {});

struct ResidencyFigures {
  std::string op;  // empty: pooled
  RatSeconds time;
  std::optional<double> share;
  std::optional<stats::Interval> ci;
  double design_effect = 1, effective_n = 0;  // effective seconds
};
ResidencyFigures residency_figures(const Observations& obs, const Profile& p, const std::string& op = {});

struct PlaceOperator {
  std::string op;
  std::uint32_t samples = 0;
  std::optional<double> rsrp_dbm, sinr_db;
  bool covered = false;
};
struct PlaceFinding {
  std::size_t place = 0;
  std::uint32_t samples = 0;
  std::optional<bool> reachable;  // none: no operator had place_min_samples there
  std::vector<PlaceOperator> per_operator;
};
std::vector<PlaceFinding> place_findings(const Observations& obs, std::size_t places, const Profile& p);

struct SiteCounts {
  std::int64_t listed = 0;  // 5G entries of the list (entries whose rat says 2G/3G/4G are left out)
  std::int64_t verified = 0, relocated = 0, not_observed = 0, inconclusive = 0, unreported = 0;
  std::int64_t decidable() const { return verified + relocated + not_observed; }
};
bool is_5g_entry(const ReportedSite& s);
SiteCounts count_sites(const std::vector<ReportedSite>& sites, const Reconciliation& r);

struct Indicator {
  std::string name;  // base_stations_5g, base_stations_5g_per_10k, coverage_rate, nr_residency, key_place_reachability
  std::optional<double> reported, estimate;
  std::optional<stats::Interval> ci;  // same scale as estimate
  std::optional<stats::Verdict> verdict;  // none when nothing was claimed
  double n = 0;                           // units the estimate rests on
  std::string unit;                       // sites, bins, hours, places
  std::string method;
  std::optional<std::int64_t> more;  // more units that would decide an inconclusive verdict
  std::string more_unit;             // sites, km, hours, places
};

struct IndicatorInputs {
  SiteCounts sites;
  CoverageFigures coverage;
  ResidencyFigures residency;
  std::optional<std::vector<PlaceFinding>> places;  // when key places were given
  Claims claims;
};
std::vector<Indicator> indicators(const IndicatorInputs& in, const Profile& p);

}  // namespace shikan::analyzer
