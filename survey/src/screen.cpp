// screen_sites: the median position, the plausible radius, and the stratum columns that say nothing.
#include "shikan/survey/screen.hpp"

#include <algorithm>
#include <cmath>

#include <GeographicLib/Geodesic.hpp>

#include "shikan/core/markup.hpp"
#include "shikan/core/stats.hpp"

namespace shikan::survey {
namespace {

bool has_value(const ReportedSite& s, StratumKey k) {
  switch (k) {
    case StratumKey::District: return !s.district.empty();
    case StratumKey::Operator: return true;
    case StratumKey::Type: return s.type.has_value();
  }
  return true;
}

}  // namespace

Screened screen_sites(const std::vector<ReportedSite>& sites, const std::vector<StratumKey>& strata,
                      const std::string& source, double min_radius_km) {
  Screened out;
  if (sites.empty()) return out;
  std::vector<double> lats, lons;
  for (const ReportedSite& s : sites) lats.push_back(s.pos.lat.degrees()), lons.push_back(s.pos.lon.degrees());
  const double lat0 = stats::median(lats), lon0 = stats::median(lons);
  const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
  std::vector<double> km;
  for (const ReportedSite& s : sites) {
    double m = 0;
    g.Inverse(lat0, lon0, s.pos.lat.degrees(), s.pos.lon.degrees(), m);
    km.push_back(m / 1000);
  }
  std::vector<double> sorted = km;
  std::sort(sorted.begin(), sorted.end());
  const double p90 = sorted[static_cast<std::size_t>(0.9 * static_cast<double>(sorted.size() - 1))];
  out.plausible_radius_km = std::max(min_radius_km, 3 * p90);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (km[i] <= out.plausible_radius_km) {
      out.kept.push_back(sites[i]);
      continue;
    }
    const ReportedSite& s = sites[i];
    std::string reason = markup::fixed(km[i], 1).append(" km from the list's median position (");
    reason.append(markup::fixed(lat0, 4)).append(", ").append(markup::fixed(lon0, 4)).append("); the plausible area is ");
    reason.append(markup::fixed(out.plausible_radius_km, 0)).append(" km: a typo, another CRS or a placeholder position");
    out.warnings.push_back(source + ":" + std::to_string(s.line) + ": site " + s.site_id +
                           " left out of the sample and the route, " + reason + "; check it at the desk");
    out.excluded.push_back({s, km[i], reason});
  }
  for (StratumKey k : strata) {
    const bool any = std::any_of(out.kept.begin(), out.kept.end(), [k](const ReportedSite& s) { return has_value(s, k); });
    if (any || out.kept.empty()) {
      out.strata.push_back(k);
      continue;
    }
    out.warnings.push_back(source + ": --strata " + std::string(to_string(k)) + ": the column is empty in every row; "
                           "the sample is not stratified by it");
  }
  return out;
}

}  // namespace shikan::survey
