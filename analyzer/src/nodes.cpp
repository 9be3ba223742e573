// Grouping cells into nodes, choosing the gNB-ID length, and locating nodes.
#include "shikan/analyzer/nodes.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>
#include <tuple>

namespace shikan::analyzer {
namespace {

constexpr int kMinBits = 22, kMaxBits = 32;

// A cell's strongest thinned point: near the site for any sector the route passed close to.
Xy strongest_point(const CellAcc& c) {
  const PointAcc* best = nullptr;
  std::uint64_t best_key = 0;
  for (const auto& [k, p] : c.points) {
    const double level = p.rsrp_mw / p.n;
    const double best_level = best ? best->rsrp_mw / best->n : 0;
    if (!best || level > best_level || (level == best_level && k < best_key)) best = &p, best_key = k;
  }
  return best ? Xy{best->sum_x / best->n, best->sum_y / best->n} : Xy{};
}

std::uint64_t gnb_of(std::uint64_t nci, int bits) { return nci >> (36 - bits); }

// Non-compact multi-cell nodes at length `bits`: cells whose strongest points lie farther apart than `span_m`.
std::pair<int, int> spread_at(int bits, double span_m, const std::map<std::uint64_t, Xy>& peak) {
  std::map<std::uint64_t, std::vector<Xy>> groups;
  for (const auto& [nci, xy] : peak) groups[gnb_of(nci, bits)].push_back(xy);
  int multi = 0, loose = 0;
  for (const auto& [id, pts] : groups) {
    if (pts.size() < 2) continue;
    ++multi;
    double worst = 0;
    for (std::size_t i = 0; i < pts.size(); ++i)
      for (std::size_t j = i + 1; j < pts.size(); ++j) worst = std::max(worst, distance_m(pts[i], pts[j]));
    if (worst > span_m) ++loose;
  }
  return {multi, loose};
}

std::optional<int> bits_from_ids(const std::string& key, const std::map<std::uint64_t, Xy>& peak,
                                 const std::vector<ReportedSite>& sites, const Profile& profile, LocalFrame& frame) {
  int best_bits = 0, best_hits = 0;
  for (int bits = kMinBits; bits <= kMaxBits; ++bits) {
    std::map<std::uint64_t, Xy> nodes;
    for (const auto& [nci, xy] : peak) nodes.emplace(gnb_of(nci, bits), xy);
    int hits = 0;
    for (const ReportedSite& s : sites) {
      if (!s.gnb_id || site_operator_key(s, profile) != key) continue;
      auto it = nodes.find(*s.gnb_id);
      if (it != nodes.end() && distance_m(it->second, frame.project(s.pos)) <= profile.relocate_radius_m) ++hits;
    }
    if (hits > best_hits) best_hits = hits, best_bits = bits;
  }
  if (best_hits >= 3) return best_bits;
  return std::nullopt;
}

std::optional<int> bits_from_space(const std::map<std::uint64_t, Xy>& peak, const Profile& profile) {
  const double span = 2 * profile.decide_radius_macro_m;
  const int loose32 = spread_at(kMaxBits, span, peak).second;
  for (int bits = kMinBits; bits <= kMaxBits; ++bits) {
    const auto [multi, loose] = spread_at(bits, span, peak);
    if (multi >= 3 && loose <= loose32 + std::max(1, multi / 50)) return bits;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(NodeKind k) { return k == NodeKind::Gnb ? "gnb" : "enb"; }

std::string_view to_string(LengthSource s) {
  switch (s) {
    case LengthSource::Sites: return "sites";
    case LengthSource::Profile: return "profile";
    case LengthSource::InferredFromIds: return "inferred-ids";
    case LengthSource::InferredFromSpace: return "inferred-space";
    case LengthSource::Default: return "default";
  }
  return "?";
}

std::string site_operator_key(const ReportedSite& s, const Profile& profile) {
  if (s.op.op != Operator::Other) return std::string(operator_name(s.op.op).key);
  if (s.op.plmn) return operator_key(*s.op.plmn);
  if (auto it = profile.operator_plmn.find(s.operator_text); it != profile.operator_plmn.end()) {
    if (auto p = Plmn::parse(it->second)) return operator_key(*p);
    return it->second;
  }
  return s.operator_text;
}

double ta_step_m(NodeKind kind, std::optional<std::uint32_t> arfcn) {
  constexpr double kLte = 78.12;
  if (kind == NodeKind::Enb || !arfcn) return kLte;
  const bool mid = (*arfcn >= 499200 && *arfcn <= 537999) || *arfcn >= 620000;
  return mid ? kLte / 2 : kLte;
}

std::vector<GnbLength> choose_gnb_lengths(const Observations& obs, const std::vector<ReportedSite>& sites,
                                          const Profile& profile) {
  std::vector<GnbLength> out;
  if (!obs.frame) return out;
  LocalFrame frame = *obs.frame;
  for (const OperatorObs& op : obs.operators) {
    if (op.nr_cells.empty()) continue;
    GnbLength g;
    g.op = op.key;
    g.plmn = op.plmns.empty() ? std::string() : op.plmns.front();
    std::map<int, int> listed;  // gnb_id_bits values in the list for this operator
    for (const ReportedSite& s : sites)
      if (s.gnb_id_bits && site_operator_key(s, profile) == op.key) ++listed[*s.gnb_id_bits];
    std::map<std::uint64_t, Xy> peak;
    for (const auto& [nci, cell] : op.nr_cells) peak.emplace(nci, strongest_point(cell));
    if (!listed.empty()) {
      g.bits = std::max_element(listed.begin(), listed.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
      g.source = LengthSource::Sites;
    } else if (auto it = profile.gnb_id_length.find(g.plmn); it != profile.gnb_id_length.end()) {
      g.bits = it->second;
      g.source = LengthSource::Profile;
    } else if (auto b = bits_from_ids(op.key, peak, sites, profile, frame)) {
      g.bits = *b;
      g.source = LengthSource::InferredFromIds;
    } else if (auto s = bits_from_space(peak, profile)) {
      g.bits = *s;
      g.source = LengthSource::InferredFromSpace;
    }
    out.push_back(g);
  }
  return out;
}

namespace {

void add_observations(const CellAcc& cell, std::uint32_t index, double ta_step, std::vector<LocObs>& out) {
  for (const auto& [key, p] : cell.points) {
    LocObs o;
    o.at = EastNorth{p.sum_x / p.n, p.sum_y / p.n};
    o.rsrp = Dbm(10.0 * std::log10(p.rsrp_mw / p.n));
    if (p.min_ta != Compact<std::uint16_t>::kNone) o.ta_distance = Metres(p.min_ta * ta_step);
    o.weight = 1;
    o.cell = index;
    out.push_back(o);
  }
}

// Deterministic order whatever the hash maps' iteration order.
void sort_observations(std::vector<LocObs>& obs) {
  std::sort(obs.begin(), obs.end(), [](const LocObs& a, const LocObs& b) {
    return std::tie(a.cell, a.at.east_m, a.at.north_m, a.rsrp.value) <
           std::tie(b.cell, b.at.east_m, b.at.north_m, b.rsrp.value);
  });
}

// Keeps a node's fit affordable (its cost grows with the points): merges points of one cell on ever
// coarser grids, from 2 * thin_m, until at most kMaxFitPoints remain. Merged points average their
// positions by count and their levels in mW, and keep the smallest timing advance.
constexpr std::size_t kMaxFitPoints = 80;
constexpr std::size_t kFewPoints = 40;  // below this the fit's radius is widened by the model check

std::vector<LocObs> coarsen(std::vector<LocObs> obs, double thin_m) {
  for (double g = 2 * thin_m; obs.size() > kMaxFitPoints; g *= 2) {
    struct Acc {
      double x = 0, y = 0, mw = 0, n = 0;
      std::optional<double> ta;
    };
    std::map<std::tuple<std::uint32_t, std::int64_t, std::int64_t>, Acc> cells;
    for (const LocObs& o : obs) {
      Acc& a = cells[{o.cell, static_cast<std::int64_t>(std::floor(o.at.east_m / g)),
                      static_cast<std::int64_t>(std::floor(o.at.north_m / g))}];
      a.x += o.at.east_m, a.y += o.at.north_m, a.mw += std::pow(10.0, o.rsrp.value / 10.0), a.n += 1;
      if (o.ta_distance) a.ta = std::min(a.ta.value_or(o.ta_distance->value), o.ta_distance->value);
    }
    obs.clear();
    for (const auto& [key, a] : cells) {
      LocObs o;
      o.at = EastNorth{a.x / a.n, a.y / a.n};
      o.rsrp = Dbm(10.0 * std::log10(a.mw / a.n));
      if (a.ta) o.ta_distance = Metres(*a.ta);
      o.cell = std::get<0>(key);
      obs.push_back(o);
    }
  }
  return obs;
}

struct Pending {
  Node node;
  std::vector<LocObs> obs;
};

void group(const OperatorObs& op, NodeKind kind, int bits, const Profile& profile, std::vector<Pending>& out) {
  const auto& cells = kind == NodeKind::Gnb ? op.nr_cells : op.lte_cells;
  std::map<std::uint64_t, std::vector<std::uint64_t>> members;
  for (const auto& [id, cell] : cells) members[kind == NodeKind::Gnb ? gnb_of(id, bits) : id >> 8].push_back(id);
  for (auto& [node_id, ids] : members) {
    std::sort(ids.begin(), ids.end());
    Pending p;
    Node& n = p.node;
    n.op = op.key;
    n.kind = kind;
    n.id = node_id;
    n.cells = ids;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const CellAcc& c = cells.at(ids[i]);
      n.samples += c.samples;
      n.best_rsrp_dbm = std::max(n.best_rsrp_dbm, c.best_rsrp_dbm);
      add_observations(c, static_cast<std::uint32_t>(i), ta_step_m(kind, c.arfcn), p.obs);
    }
    if (static_cast<std::int64_t>(n.samples) < profile.min_node_samples || p.obs.empty()) continue;
    sort_observations(p.obs);
    p.obs = coarsen(std::move(p.obs), profile.thin_m);
    out.push_back(std::move(p));
  }
}

// Locates every node; nodes are independent, so two threads share them (the fit is the costly step).
void locate_all(std::vector<Pending>& pending, const LocalFrame& frame) {
  const auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < pending.size(); i += step) {
      Node& n = pending[i].node;
      n.estimate = locate_node(pending[i].obs);
      // Sparse nodes: few points cannot check the fit's path-loss model (sector patterns, shadowing), and on
      // the simulated city the fit then strays further than the signal-weighted centroid (docs/analyzer.md,
      // "Locating sites"): the centroid is the position, and the fit/centroid disagreement widens the radius.
      // With many points the centroid's pull toward the road is expected and says nothing about the fit.
      if (n.estimate.observations < kFewPoints) {
        const EastNorth f = n.estimate.position, c = n.estimate.centroid;
        const double disagreement = std::hypot(f.east_m - c.east_m, f.north_m - c.north_m);
        n.estimate.uncertainty = Metres(std::max(n.estimate.uncertainty.value, disagreement));
        n.estimate.position = c;
        n.placed_by = NodePlacement::Centroid;
      }
      n.position = {n.estimate.position.east_m, n.estimate.position.north_m};
      n.where = frame.to_geo(n.position);
    }
  };
  if (pending.size() < 8) return work(0, 1);
  std::thread other(work, 1, 2);
  work(0, 2);
  other.join();
}

bool lists_enbs(const std::vector<ReportedSite>& sites, const std::string& op, const Profile& profile) {
  return std::any_of(sites.begin(), sites.end(),
                     [&](const ReportedSite& s) { return s.enb_id && !s.gnb_id && site_operator_key(s, profile) == op; });
}

}  // namespace

std::vector<Node> build_nodes(const Observations& obs, const std::vector<GnbLength>& lengths,
                              const std::vector<ReportedSite>& sites, const Profile& profile) {
  std::vector<Node> out;
  if (!obs.frame) return out;
  std::vector<Pending> pending;
  for (const OperatorObs& op : obs.operators) {
    int bits = 24;
    for (const GnbLength& g : lengths)
      if (g.op == op.key) bits = g.bits;
    // Only the kinds matching can use: the operator's 5G kind (reconcile.hpp primary_kind), and eNBs when the
    // list identifies some of this operator's entries by eNB id alone. An SA network's LTE fallback cells are
    // not 5G sites.
    const bool sa = op.sa_samples > 0;
    if (sa) group(op, NodeKind::Gnb, bits, profile, pending);
    if (!sa || lists_enbs(sites, op.key, profile)) group(op, NodeKind::Enb, 0, profile, pending);
  }
  locate_all(pending, *obs.frame);
  for (Pending& p : pending) out.push_back(std::move(p.node));
  return out;
}

}  // namespace shikan::analyzer
