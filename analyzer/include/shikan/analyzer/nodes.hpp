// Node identification (FIELD_GUIDE §3): NR cells grouped into gNBs with the operator's gNB-ID length L
// (gNB = NCI >> (36 - L)), LTE cells into eNBs (ECI >> 8); each node located from all its cells' thinned
// observations (locate.hpp). L comes from the sites file, else the profile, else is inferred: from the list's
// gNB ids when it has them (the L at which most listed ids are observed near their site), else from space
// (the shortest L at which nodes' cells still sit in one place).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shikan/analyzer/locate.hpp"
#include "shikan/analyzer/observe.hpp"
#include "shikan/analyzer/profile.hpp"
#include "shikan/core/sites.hpp"

namespace shikan::analyzer {

enum class NodeKind { Gnb, Enb };
enum class NodePlacement { Fit, Centroid };  // Centroid: too few points to trust the fit (nodes.cpp)
std::string_view to_string(NodeKind k);  // "gnb", "enb"

struct Node {
  std::string op;  // OperatorObs::key
  NodeKind kind = NodeKind::Gnb;
  std::uint64_t id = 0;
  std::vector<std::uint64_t> cells;  // NCIs or ECIs, sorted
  std::uint64_t samples = 0;
  double best_rsrp_dbm = -1e9;
  LocEstimate estimate;
  NodePlacement placed_by = NodePlacement::Fit;
  Xy position;     // the estimate in the analysis frame
  GeoPoint where{Latitude(0), Longitude(0)};  // the same, WGS-84
};

enum class LengthSource { Sites, Profile, InferredFromIds, InferredFromSpace, Default };
std::string_view to_string(LengthSource s);  // "sites", "profile", "inferred-ids", "inferred-space", "default"

struct GnbLength {
  std::string op;
  std::string plmn;
  int bits = 24;
  LengthSource source = LengthSource::Default;
};

// The operator key a list entry belongs to: its operator, its PLMN, or profile.operator_plmn of its text.
std::string site_operator_key(const ReportedSite& s, const Profile& profile);

// Chooses L for every operator with NR-SA cells. `sites` positions are WGS-84 (for the id-based inference).
std::vector<GnbLength> choose_gnb_lengths(const Observations& obs, const std::vector<ReportedSite>& sites,
                                          const Profile& profile);

// Groups and locates nodes with at least profile.min_node_samples samples: gNBs of operators with NR-SA
// samples, eNBs of the others (NSA anchors) and of operators with entries in `sites` identified by enb_id
// alone.
// Sorted by (op, kind, id).
std::vector<Node> build_nodes(const Observations& obs, const std::vector<GnbLength>& lengths,
                              const std::vector<ReportedSite>& sites, const Profile& profile);

// Timing advance as a distance: LTE 78.12 m per step (16 Ts, TS 36.213 §4.2.3); NR 78.12 m / 2^mu with mu = 1
// on the TDD mid bands (NR-ARFCN of n41 499200..537999 and >= 620000 for n77/n78/n79: 30 kHz SCS as deployed
// in China) and 0 elsewhere (TS 38.213 §4.2).
double ta_step_m(NodeKind kind, std::optional<std::uint32_t> arfcn);

}  // namespace shikan::analyzer
