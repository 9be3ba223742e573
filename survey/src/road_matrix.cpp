// Road distances between snapped points: one Dijkstra per point (binary heap) on two workers, the reachability
// rule, the fallback for points off the graph, and the street polylines of the tour's legs.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "shikan/survey/roads.hpp"

namespace shikan::survey {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNearestSearchM = 50'000;  // how far to look for a road to name in a warning
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kFromSource = kNone - 1;  // predecessor of a node reached straight from the start point

// Where a snapped point joins the graph: the segment's end nodes with the metres from/to the point, each only
// where the segment's direction allows it (or where the point is the node itself).
struct Port {
  std::uint32_t node = kNone;
  double metres = 0;
};

// Nodes a search can start from: node b if a -> b may be driven, node a if b -> a may.
std::array<Port, 2> exits(const RoadGraph& g, const RoadSnap& s) {
  const RoadSegment& seg = g.segment(s.segment);
  const double len = g.segment_m(s.segment);
  return {Port{seg.forward || s.t == 1.0 ? seg.b : kNone, (1 - s.t) * len},
          Port{seg.backward || s.t == 0.0 ? seg.a : kNone, s.t * len}};
}

// Nodes a search can arrive from: node a if a -> b may be driven, node b if b -> a may.
std::array<Port, 2> entries(const RoadGraph& g, const RoadSnap& s) {
  const RoadSegment& seg = g.segment(s.segment);
  const double len = g.segment_m(s.segment);
  return {Port{seg.forward || s.t == 0.0 ? seg.a : kNone, s.t * len},
          Port{seg.backward || s.t == 1.0 ? seg.b : kNone, (1 - s.t) * len}};
}

// Along the shared segment without touching a node, if the direction allows.
double same_segment(const RoadGraph& g, const RoadSnap& from, const RoadSnap& to) {
  if (from.segment != to.segment) return kInf;
  const RoadSegment& seg = g.segment(from.segment);
  const double len = g.segment_m(from.segment);
  if (to.t >= from.t && seg.forward) return (to.t - from.t) * len;
  if (to.t <= from.t && seg.backward) return (from.t - to.t) * len;
  return kInf;
}

bool same_place(const GeoPoint& p, const GeoPoint& q) {
  return std::fabs(p.lat.degrees() - q.lat.degrees()) < 5e-8 && std::fabs(p.lon.degrees() - q.lon.degrees()) < 5e-8;
}

// One worker's Dijkstra workspace, reused from search to search (reset touches only what the last search
// reached). Predecessors are kept only for searches that need the path. Not thread-safe; one per worker.
class Search {
 public:
  Search(const RoadGraph& g, bool paths) : g_(g), dist_(g.node_count(), kInf), pred_(paths ? g.node_count() : 0, kNone) {}

  // Settles nodes in order of distance from `from` until `done(d)` says the popped distance d is enough.
  template <typename Done>
  void run(const RoadSnap& from, Done done) {
    reset();
    for (const Port& p : exits(g_, from))
      if (p.node != kNone) relax(p.node, p.metres, kFromSource);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      const auto [d, v] = heap_.back();
      heap_.pop_back();
      if (d > dist_[v]) continue;  // stale entry
      if (done(d, v)) return;
      for (const RoadArc& a : g_.arcs(v)) relax(a.target, d + a.metres, v);
    }
  }

  // Road metres from the last search's start to `to` (the same segment's direct stretch included).
  double to(const RoadSnap& from, const RoadSnap& to) const {
    double best = same_segment(g_, from, to);
    for (const Port& p : entries(g_, to))
      if (p.node != kNone) best = std::min(best, dist_[p.node] + p.metres);
    return best;
  }

  // Nodes of the shortest path to `to`, in driving order; empty when it runs along one segment only.
  std::vector<std::uint32_t> nodes_to(const RoadSnap& from, const RoadSnap& to) const {
    std::uint32_t end = kNone;
    double best = same_segment(g_, from, to);
    for (const Port& p : entries(g_, to))
      if (p.node != kNone && dist_[p.node] + p.metres < best) best = dist_[p.node] + p.metres, end = p.node;
    std::vector<std::uint32_t> out;
    for (std::uint32_t v = end; v != kNone && v != kFromSource; v = pred_[v]) out.push_back(v);
    std::reverse(out.begin(), out.end());
    return out;
  }

  double dist(std::uint32_t v) const { return dist_[v]; }

 private:
  const RoadGraph& g_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> pred_;
  std::vector<std::uint32_t> touched_;
  std::vector<std::pair<double, std::uint32_t>> heap_;  // binary min-heap on distance

  static bool later(const std::pair<double, std::uint32_t>& x, const std::pair<double, std::uint32_t>& y) {
    return x.first > y.first;
  }
  void relax(std::uint32_t v, double d, std::uint32_t from) {
    if (!(d < dist_[v])) return;
    if (dist_[v] == kInf) touched_.push_back(v);
    dist_[v] = d;
    if (!pred_.empty()) pred_[v] = from;
    heap_.emplace_back(d, v);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  void reset() {
    if (pred_.empty())
      for (std::uint32_t v : touched_) dist_[v] = kInf;
    else
      for (std::uint32_t v : touched_) dist_[v] = kInf, pred_[v] = kNone;
    touched_.clear();
    heap_.clear();
  }
};

// Runs job(search, k) for k in [0, count) on up to `threads` workers, each with its own Search; reports
// progress after each job; rethrows the first exception a worker met.
template <typename Job>
void parallel(const RoadGraph& g, bool paths, std::size_t count, unsigned threads, const RoadProgress& progress,
              std::string_view stage, Job job) {
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  std::mutex mu;
  std::exception_ptr error;
  const auto work = [&] {
    try {
      Search search(g, paths);
      while (true) {
        const std::size_t k = next++;
        if (k >= count) break;
        job(search, k);
        const std::lock_guard lock(mu);
        ++finished;
        if (progress) progress(stage, finished, count);
      }
    } catch (...) {
      const std::lock_guard lock(mu);
      if (!error) error = std::current_exception();
      next = count;
    }
  };
  const std::size_t n = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1));
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

// The point the others must reach and be reached from: the start (point 0) when it is on the graph, else the
// snapped point with the most two-way partners (lowest index on ties).
std::size_t reference(const RoadMatrix& m) {
  if (m.snaps[0]) return 0;
  std::size_t best = 0, best_count = 0;
  for (std::size_t i = 0; i < m.n; ++i) {
    if (!m.snaps[i]) continue;
    std::size_t c = 0;
    for (std::size_t j = 0; j < m.n; ++j) c += std::isfinite(m.at(i, j)) && std::isfinite(m.at(j, i));
    if (c > best_count) best = i, best_count = c;
  }
  return best;
}

void snap_all(const RoadGraph& g, std::span<const GeoPoint> points, const RoadMatrixOptions& o, RoadMatrix& m) {
  for (const GeoPoint& p : points) {
    const auto near = g.nearest(p, std::max(o.max_snap_m, kNearestSearchM));
    m.nearest_road_m.push_back(near ? near->offset_m : kInf);
    m.snaps.push_back(near && near->offset_m <= o.max_snap_m ? near : std::nullopt);
  }
}

// Distances from every snapped point, the search stopping once every snapped point's entry nodes are settled.
void road_rows(const RoadGraph& g, const RoadMatrixOptions& o, RoadMatrix& m) {
  std::vector<char> is_target(g.node_count(), 0);
  std::size_t targets = 0;
  for (const auto& s : m.snaps)
    if (s)
      for (const Port& p : entries(g, *s))
        if (p.node != kNone && !is_target[p.node]) is_target[p.node] = 1, ++targets;
  std::vector<std::size_t> sources;
  for (std::size_t i = 0; i < m.n; ++i)
    if (m.snaps[i]) sources.push_back(i);
  parallel(g, false, sources.size(), o.threads, o.progress, "distances", [&](Search& search, std::size_t k) {
    const std::size_t i = sources[k];
    std::size_t left = targets;
    search.run(*m.snaps[i], [&](double, std::uint32_t v) { return is_target[v] && --left == 0; });
    for (std::size_t j = 0; j < m.n; ++j)
      if (m.snaps[j]) m.metres[i * m.n + j] = i == j ? 0.0 : search.to(*m.snaps[i], *m.snaps[j]);
  });
}

}  // namespace

DistanceMatrix RoadMatrix::symmetric() const {
  std::vector<double> s(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) s[i * n + j] = i == j ? 0.0 : (at(i, j) + at(j, i)) / 2;
  return DistanceMatrix(n, std::move(s));
}

RoadMatrix road_matrix(const RoadGraph& g, std::span<const GeoPoint> points, const RoadMatrixOptions& o) {
  RoadMatrix m;
  m.n = points.size();
  m.metres.assign(m.n * m.n, kInf);
  if (m.n == 0) return m;
  snap_all(g, points, o, m);
  road_rows(g, o, m);
  const std::size_t ref = reference(m);
  for (std::size_t i = 0; i < m.n; ++i) {
    const bool both_ways = std::isfinite(m.at(ref, i)) && std::isfinite(m.at(i, ref));
    m.access.push_back(!m.snaps[i] ? RoadAccess::OffRoad : both_ways ? RoadAccess::Road : RoadAccess::Unreachable);
  }
  // Straight legs only where needed: a geodesic matrix of every pair costs as much as the searches on a small graph.
  for (std::size_t i = 0; i < m.n; ++i) {
    if (m.road(i)) continue;
    for (std::size_t j = 0; j < m.n; ++j) {
      const std::array<GeoPoint, 2> pair{points[i], points[j]};
      m.metres[i * m.n + j] = m.metres[j * m.n + i] = DistanceMatrix::geodesic(pair).at(0, 1) * o.detour;
    }
  }
  return m;
}

std::vector<RoadLeg> road_legs(const RoadGraph& g, const RoadMatrix& m, std::span<const GeoPoint> points,
                               std::span<const std::size_t> order, const RoadMatrixOptions& o) {
  const std::size_t count = order.empty() ? 0 : order.size() - 1;
  std::vector<RoadLeg> legs(count);
  parallel(g, true, count, o.threads, o.progress, "paths", [&](Search& search, std::size_t k) {
    const std::size_t a = order[k], b = order[k + 1];
    RoadLeg& leg = legs[k];
    leg.metres = m.at(a, b);
    leg.path.push_back(points[a]);
    if (m.road(a) && m.road(b) && a != b) {
      const RoadSnap& from = *m.snaps[a];
      const RoadSnap& to = *m.snaps[b];
      search.run(from, [&](double d, std::uint32_t) { return d >= search.to(from, to); });
      leg.path.push_back(from.pos);
      for (std::uint32_t v : search.nodes_to(from, to)) leg.path.push_back(g.node(v));
      leg.path.push_back(to.pos);
    }
    leg.path.push_back(points[b]);
    // Drop repeats (a point on its road, a snap on a node) closer than about 5 mm, keeping the first.
    leg.path.erase(std::unique(leg.path.begin(), leg.path.end(), same_place), leg.path.end());
  });
  return legs;
}

}  // namespace shikan::survey
