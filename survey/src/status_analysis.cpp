// The analyzer's site and key-place decisions, keyed the way a plan names its stops.
#include "shikan/analyzer/analyze.hpp"
#include "shikan/survey/status.hpp"

namespace shikan::survey {

SiteDecisions site_decisions(const analyzer::Analysis& a) {
  SiteDecisions out;
  for (const analyzer::SiteFinding& f : a.recon.sites) {
    const ReportedSite& s = a.list.sites[f.site];
    out[{operator_key(s), s.site_id}] = {std::string(analyzer::to_string(f.status)), f.closest_approach_m};
  }
  return out;
}

PlaceDecisions place_decisions(const analyzer::Analysis& a) {
  PlaceDecisions out;
  if (!a.places || !a.place_findings) return out;
  for (const analyzer::PlaceFinding& f : *a.place_findings) out[a.places->places[f.place].name] = {f.reachable, f.samples};
  return out;
}

}  // namespace shikan::survey
