// reconcile(): identity matches, then location matches, then decidability of what is left.
#include "shikan/analyzer/reconcile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace shikan::analyzer {
namespace {

struct Context {
  const std::vector<ReportedSite>& sites;
  const std::vector<Node>& nodes;
  const Observations& obs;
  const Profile& profile;
  std::vector<Xy> site_xy;
  std::vector<bool> node_taken;
  std::map<std::tuple<std::string, NodeKind, std::uint64_t>, std::size_t> by_id;
};

bool has_relevant_id(const ReportedSite& s, NodeKind kind) {
  return kind == NodeKind::Gnb ? s.gnb_id.has_value() : s.enb_id.has_value();
}

void settle(Context& c, SiteFinding& f, std::size_t node, MatchKind how) {
  const Node& n = c.nodes[node];
  f.node = node;
  f.match = how;
  f.offset_m = distance_m(c.site_xy[f.site], n.position);
  f.status = *f.offset_m <= c.profile.verify_radius_m + n.estimate.uncertainty.value ? SiteStatus::Verified
                                                                                  : SiteStatus::Relocated;
  c.node_taken[node] = true;
}

void match_identities(Context& c, std::vector<SiteFinding>& out) {
  for (SiteFinding& f : out) {
    const OperatorObs* op = c.obs.find(f.op);
    if (!op) continue;
    const ReportedSite& s = c.sites[f.site];
    const NodeKind kind = primary_kind(*op);
    std::optional<std::pair<NodeKind, std::uint64_t>> id;
    if (kind == NodeKind::Gnb && s.gnb_id) id = {{NodeKind::Gnb, *s.gnb_id}};
    else if (s.enb_id) id = {{NodeKind::Enb, *s.enb_id}};
    if (!id) continue;
    auto it = c.by_id.find({f.op, id->first, id->second});
    if (it != c.by_id.end() && !c.node_taken[it->second]) settle(c, f, it->second, MatchKind::Identity);
  }
}

// The list entry of `op` nearest to a node, over the whole list.
std::size_t nearest_entry(const Context& c, const std::vector<SiteFinding>& out, const Xy& p, const std::string& op) {
  std::size_t best = out.size();
  double best_d = std::numeric_limits<double>::infinity();
  for (const SiteFinding& f : out)
    if (f.op == op && distance_m(c.site_xy[f.site], p) < best_d) best_d = distance_m(c.site_xy[f.site], p), best = f.site;
  return best;
}

void match_locations(Context& c, std::vector<SiteFinding>& out) {
  struct Pair {
    double d;
    std::size_t site, node;
  };
  std::vector<Pair> pairs;
  for (const SiteFinding& f : out) {
    const OperatorObs* op = c.obs.find(f.op);
    if (!op || f.node) continue;
    const NodeKind kind = primary_kind(*op);
    if (has_relevant_id(c.sites[f.site], kind)) continue;  // listed ids are authoritative
    for (std::size_t n = 0; n < c.nodes.size(); ++n) {
      const Node& node = c.nodes[n];
      if (c.node_taken[n] || node.op != f.op || node.kind != kind) continue;
      if (node.estimate.uncertainty.value > c.profile.relocate_radius_m / 2) continue;  // position unknown
      const double d = distance_m(c.site_xy[f.site], node.position);
      if (d <= c.profile.relocate_radius_m) pairs.push_back({d, f.site, n});
    }
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const Pair& a, const Pair& b) { return std::tie(a.d, a.site, a.node) < std::tie(b.d, b.site, b.node); });
  for (const Pair& p : pairs) {
    SiteFinding& f = out[p.site];
    if (f.node || c.node_taken[p.node]) continue;
    const Node& node = c.nodes[p.node];
    const bool close = p.d <= c.profile.verify_radius_m + node.estimate.uncertainty.value;
    if (!close && nearest_entry(c, out, node.position, f.op) != p.site) continue;  // not the only plausible match
    settle(c, f, p.node, MatchKind::Location);
  }
}

std::optional<double> decide_radius(const ReportedSite& s, const Profile& p) {
  if (!s.type) return p.decide_radius_macro_m;
  switch (*s.type) {
    case SiteType::Macro: return p.decide_radius_macro_m;
    case SiteType::Micro:
    case SiteType::Pico: return p.decide_radius_micro_m;
    case SiteType::Indoor: return std::nullopt;
  }
  return p.decide_radius_macro_m;
}

void decide(const Context& c, SiteFinding& f) {
  const OperatorObs* op = c.obs.find(f.op);
  if (!op || op->route.empty()) return;
  const Xy at = c.site_xy[f.site];
  double closest = std::numeric_limits<double>::infinity();
  for (const auto& [key, n] : op->route) closest = std::min(closest, distance_m(at, grid_centre(key, c.obs.route_m)));
  f.closest_approach_m = closest;
  f.decide_radius_m = decide_radius(c.sites[f.site], c.profile);
  if (!f.decide_radius_m) return;
  const double r = *f.decide_radius_m;
  const double g = c.obs.route_m;
  for (double x = std::floor((at.x_m - r) / g) * g; x <= at.x_m + r; x += g)
    for (double y = std::floor((at.y_m - r) / g) * g; y <= at.y_m + r; y += g) {
      const Xy centre{x + g / 2, y + g / 2};
      if (distance_m(centre, at) > r) continue;
      if (auto it = op->route.find(grid_key(centre, g)); it != op->route.end()) f.samples_near += it->second;
    }
  if (static_cast<std::int64_t>(f.samples_near) < c.profile.decide_min_samples) return;
  // A free node of the operator whose uncertainty circle covers the entry may be this very site, badly
  // placed: then "nothing was received" is not established.
  for (std::size_t n = 0; n < c.nodes.size(); ++n) {
    const Node& node = c.nodes[n];
    if (!c.node_taken[n] && node.op == f.op && distance_m(at, node.position) <= node.estimate.uncertainty.value) {
      f.unplaced_candidate = node.id;
      return;
    }
  }
  f.status = SiteStatus::NotObserved;
}

SiteFinding finding(std::size_t i, const ReportedSite& s, const Profile& profile) {
  SiteFinding f;
  f.site = i;
  f.op = site_operator_key(s, profile);
  return f;
}

}  // namespace

std::string_view to_string(SiteStatus s) {
  switch (s) {
    case SiteStatus::Verified: return "verified";
    case SiteStatus::Relocated: return "relocated";
    case SiteStatus::NotObserved: return "not_observed";
    case SiteStatus::Inconclusive: return "inconclusive";
  }
  return "?";
}

std::string_view to_string(MatchKind m) {
  switch (m) {
    case MatchKind::Identity: return "identity";
    case MatchKind::Location: return "location";
    case MatchKind::None: return "none";
  }
  return "?";
}

int Reconciliation::verified() const {
  return static_cast<int>(std::count_if(sites.begin(), sites.end(),
                                        [](const SiteFinding& f) { return f.status == SiteStatus::Verified; }));
}

NodeKind primary_kind(const OperatorObs& op) { return op.sa_samples > 0 ? NodeKind::Gnb : NodeKind::Enb; }

Reconciliation reconcile(const std::vector<ReportedSite>& sites, const std::vector<Node>& nodes,
                         const Observations& obs, const Profile& profile) {
  Reconciliation r;
  if (!obs.frame) {
    for (std::size_t i = 0; i < sites.size(); ++i) r.sites.push_back(finding(i, sites[i], profile));
    return r;
  }
  Context c{sites, nodes, obs, profile, {}, std::vector<bool>(nodes.size(), false), {}};
  for (const ReportedSite& s : sites) c.site_xy.push_back(obs.frame->exact(s.pos));
  for (std::size_t n = 0; n < nodes.size(); ++n) c.by_id.emplace(std::make_tuple(nodes[n].op, nodes[n].kind, nodes[n].id), n);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    SiteFinding f = finding(i, sites[i], profile);
    f.operator_measured = obs.find(f.op) != nullptr;
    r.sites.push_back(f);
  }
  match_identities(c, r.sites);
  match_locations(c, r.sites);
  for (SiteFinding& f : r.sites)
    if (!f.node) decide(c, f);
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const OperatorObs* op = obs.find(nodes[n].op);
    if (c.node_taken[n] || !op || nodes[n].kind != primary_kind(*op)) continue;
    // A node whose uncertainty circle covers an unmatched entry may be that entry: not evidence of a site
    // missing from the list.
    const bool may_be_listed = std::any_of(r.sites.begin(), r.sites.end(), [&](const SiteFinding& f) {
      return !f.node && f.op == nodes[n].op &&
             distance_m(c.site_xy[f.site], nodes[n].position) <= nodes[n].estimate.uncertainty.value;
    });
    if (!may_be_listed) r.unreported.push_back(n);
  }
  return r;
}

}  // namespace shikan::analyzer
