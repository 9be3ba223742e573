// Matching the reported list with the located nodes, and the status of every entry (docs/analyzer.md,
// "Sites"):
//   verified      a node with the entry's identity (or, for lists without ids, the nearest free node) lies
//                 within verify_radius_m + the estimate's 95 % radius of the reported position;
//   relocated     the same identity, or the only plausible location match (no other entry is nearer to the
//                 node), but farther than that;
//   not_observed  no match, and the operator's route passed within the decide radius of the reported position
//                 with at least decide_min_samples samples: a real site would have been served there;
//   inconclusive  no match and the route never came that close (closest_approach_m says how close it came),
//                 or an unmatched node's uncertainty circle covers the entry (it may be this site, badly
//                 placed), or the entry is an indoor site, or its operator was not measured.
// Location matching uses only nodes placed to within relocate_radius_m / 2.
// Observed nodes of the operator's 5G kind with no entry are `unreported`, unless their uncertainty circle
// covers an unmatched entry (then they may be that entry, badly placed). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shikan/analyzer/nodes.hpp"

namespace shikan::analyzer {

enum class SiteStatus { Verified, Relocated, NotObserved, Inconclusive };
std::string_view to_string(SiteStatus s);  // "verified", "relocated", "not_observed", "inconclusive"
enum class MatchKind { Identity, Location, None };
std::string_view to_string(MatchKind m);  // "identity", "location", "none"

struct SiteFinding {
  std::size_t site = 0;  // index into the sites given to reconcile()
  std::string op;        // operator key
  SiteStatus status = SiteStatus::Inconclusive;
  MatchKind match = MatchKind::None;
  std::optional<std::size_t> node;  // index into the nodes
  std::optional<double> offset_m;   // reported position to the node's estimate
  std::optional<double> closest_approach_m;  // nearest route point of the operator
  std::optional<double> decide_radius_m;     // none for indoor sites
  std::uint64_t samples_near = 0;            // the operator's samples within the decide radius
  std::optional<std::uint64_t> unplaced_candidate;  // an unmatched node whose uncertainty covers the entry
  bool operator_measured = false;
};

struct Reconciliation {
  std::vector<SiteFinding> sites;       // one per entry, in list order
  std::vector<std::size_t> unreported;  // node indices
  int verified() const;
};

// The node kind that carries an operator's 5G identity: gNBs when it has NR-SA samples, else the NSA anchor
// eNBs (FIELD_GUIDE §3: in EN-DC the reported identity is the LTE anchor's).
NodeKind primary_kind(const OperatorObs& op);

// `sites` hold WGS-84 positions (already corrected for the list's CRS).
Reconciliation reconcile(const std::vector<ReportedSite>& sites, const std::vector<Node>& nodes,
                         const Observations& obs, const Profile& profile);

}  // namespace shikan::analyzer
