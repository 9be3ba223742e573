// Screening a reported list before it is sampled (issue 4, bad input): entries far outside the area the rest
// of the list covers (a typo, a wrong CRS, 0,0) cannot be driven to; they leave the sampling frame and are
// listed for a desk check instead. Stratum columns that are empty in every row are dropped. Pure.
#pragma once

#include <string>
#include <vector>

#include "shikan/core/sites.hpp"
#include "shikan/survey/sample.hpp"

namespace shikan::survey {

struct ExcludedSite {
  ReportedSite site;
  double distance_km = 0;  // from the list's median position
  std::string reason;
};

struct Screened {
  std::vector<ReportedSite> kept;
  std::vector<ExcludedSite> excluded;
  std::vector<StratumKey> strata;  // the requested keys less those empty in every kept row
  double plausible_radius_km = 0;
  std::vector<std::string> warnings;
};

// The plausible area: within max(min_radius_km, 3 x the 90th-percentile distance) of the component-wise
// median position. `source` names the list in warnings ("sites.csv:17: ...").
Screened screen_sites(const std::vector<ReportedSite>& sites, const std::vector<StratumKey>& strata,
                      const std::string& source, double min_radius_km = 100);

}  // namespace shikan::survey
