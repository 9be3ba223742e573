#include "shikan/analyzer/crs_detect.hpp"

#include <algorithm>
#include <cmath>

#include "shikan/core/stats.hpp"

namespace shikan::analyzer {
namespace {

constexpr double kNoShiftM = 60;       // median offsets below this are an unshifted list
constexpr double kMaxScatterM = 250;   // larger estimate uncertainties do not widen the acceptance further
constexpr std::size_t kMinPairs = 3;

}  // namespace

std::string_view crs_key(Crs c) {
  switch (c) {
    case Crs::Wgs84: return "wgs84";
    case Crs::Gcj02: return "gcj02";
    case Crs::Bd09: return "bd09";
  }
  return "?";
}

CrsFinding detect_crs(const std::vector<ReportedSite>& raw, const Reconciliation& r, const std::vector<Node>& nodes,
                      const LocalFrame& frame) {
  CrsFinding f;
  struct Pair {
    double east, north;
    GeoPoint where;
    double uncertainty;
  };
  std::vector<Pair> pairs;
  for (const SiteFinding& s : r.sites) {
    if (!s.node) continue;
    const Xy listed = frame.exact(raw[s.site].raw);
    const Node& n = nodes[*s.node];
    pairs.push_back({listed.x_m - n.position.x_m, listed.y_m - n.position.y_m, n.where, n.estimate.uncertainty.value});
  }
  f.pairs = static_cast<int>(pairs.size());
  if (pairs.size() < kMinPairs) return f;
  std::vector<double> e, n, u;
  for (const Pair& p : pairs) e.push_back(p.east), n.push_back(p.north), u.push_back(p.uncertainty);
  // Estimates scatter by their own uncertainty: a hypothesis fits when the median residual stays within it.
  const double scatter = std::min(kMaxScatterM, stats::median(u));
  f.detected_offset_m = {stats::median(e), stats::median(n)};
  // Median distance of each pair's offset from what each hypothesis predicts at that place.
  double best = 1e18;
  for (Crs c : {Crs::Wgs84, Crs::Gcj02, Crs::Bd09}) {
    std::vector<double> resid;
    double expected_mag = 0;
    for (const Pair& p : pairs) {
      double ee = 0, en = 0;
      if (c != Crs::Wgs84) {
        const LocalOffset o = crs_offset(p.where, c);
        ee = o.east.value, en = o.north.value;
      }
      expected_mag += std::hypot(ee, en) / static_cast<double>(pairs.size());
      resid.push_back(std::hypot(p.east - ee, p.north - en));
    }
    const double m = stats::median(resid);
    const double allowed = std::max({kNoShiftM, 0.3 * expected_mag, scatter});
    if (m < allowed && m < best) {
      best = m;
      f.likely = std::string(crs_key(c));
      f.median_residual_m = m;
    }
  }
  return f;
}

}  // namespace shikan::analyzer
