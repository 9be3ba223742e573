// Synthetic nodes for the site-location tests (locate_synth.hpp).
#include "locate_synth.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <set>
#include <utility>

namespace shikan::test {
namespace {

using analyzer::EastNorth;
using analyzer::LocObs;

struct Node {
  int i, j;  // grid indices: the crossing at (i * block, j * block)
  auto operator<=>(const Node&) const = default;
};

struct Radio {
  EastNorth site;
  double p0_dbm = 0;              // RSRP at 1 m
  double sector_azimuth_rad = 0;  // boresight of sector 0; sectors 1 and 2 at +120 and +240 degrees
  double cell_offset_db[3] = {0, 0, 0};
};

// A drive on the grid, never crossing to the other side of the site: every crossing used lies in the
// half-plane (p - site) . side >= 0, within 1.2 km of the site. No street segment is driven twice.
std::vector<std::pair<Node, Node>> grid_walk(const Radio& radio, const SynthOptions& o, std::mt19937_64& rng) {
  const int k = std::uniform_int_distribution<int>(0, 3)(rng);
  const int si = k == 0 ? 1 : k == 1 ? -1 : 0, sj = k == 2 ? 1 : k == 3 ? -1 : 0;
  auto allowed = [&](Node n) {
    const double dx = n.i * o.block_m - radio.site.east_m, dy = n.j * o.block_m - radio.site.north_m;
    return dx * si + dy * sj >= 0 && std::hypot(dx, dy) <= 1200;
  };
  Node at{si > 0 ? 1 : 0, sj > 0 ? 1 : 0};  // the corner of the site's block on that side
  std::set<std::pair<Node, Node>> used;
  std::vector<std::pair<Node, Node>> walk;
  for (int step = 0; step < 4 * o.segments && static_cast<int>(walk.size()) < o.segments; ++step) {
    const Node next[4] = {{at.i + 1, at.j}, {at.i - 1, at.j}, {at.i, at.j + 1}, {at.i, at.j - 1}};
    std::vector<Node> options;
    for (const Node& n : next)
      if (allowed(n)) options.push_back(n);
    if (options.empty()) break;
    const Node n = options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)];
    const auto edge = std::minmax(at, n);
    if (used.insert(edge).second) walk.emplace_back(at, n);
    at = n;
  }
  return walk;
}

std::vector<EastNorth> route_points(const Radio& radio, const SynthOptions& o, std::mt19937_64& rng) {
  std::vector<EastNorth> pts;
  if (o.straight_road) {  // the street x = 0 or x = block (a coin: either side), 1 km south to 1 km north
    const double x = std::uniform_int_distribution<int>(0, 1)(rng) * o.block_m;
    for (double y = -1000; y <= 1000; y += o.step_m) pts.push_back({x, radio.site.north_m + y});
    return pts;
  }
  for (const auto& [a, b] : grid_walk(radio, o, rng)) {
    for (double t = std::uniform_real_distribution<double>(0, o.step_m)(rng); t < o.block_m; t += o.step_m) {
      const double f = t / o.block_m;
      pts.push_back({o.block_m * (a.i + f * (b.i - a.i)), o.block_m * (a.j + f * (b.j - a.j))});
    }
  }
  return pts;
}

std::uint32_t sector_of(const Radio& radio, const EastNorth& p) {
  const double bearing = std::atan2(p.north_m - radio.site.north_m, p.east_m - radio.site.east_m);
  const double rel = std::remainder(bearing - radio.sector_azimuth_rad + std::numbers::pi / 3, 2 * std::numbers::pi);
  const double turn = (rel < 0 ? rel + 2 * std::numbers::pi : rel) / (2 * std::numbers::pi / 3);
  return std::min<std::uint32_t>(2, static_cast<std::uint32_t>(turn));
}

}  // namespace

SynthNode synth_node(std::uint64_t seed, const SynthOptions& o) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::normal_distribution<double> normal(0, 1);
  Radio radio;
  radio.site = {20 + 160 * unit(rng), 20 + 160 * unit(rng)};  // inside the block (0,0)-(200,200)
  radio.p0_dbm = -15 + 15 * unit(rng);
  radio.sector_azimuth_rad = 2 * std::numbers::pi * unit(rng);
  for (double& off : radio.cell_offset_db) off = o.cell_offset_db * normal(rng);
  SynthNode node{radio.site, {}};
  for (const EastNorth& p : route_points(radio, o, rng)) {
    const double dx = p.east_m - radio.site.east_m, dy = p.north_m - radio.site.north_m;
    const double d = std::sqrt(dx * dx + dy * dy + o.height_m * o.height_m);
    const std::uint32_t cell = sector_of(radio, p);
    double rsrp =
        radio.p0_dbm + radio.cell_offset_db[cell] - 10 * o.exponent * std::log10(d) + o.shadowing_db * normal(rng);
    if (unit(rng) < o.outlier_share) rsrp += o.outlier_db;
    if (rsrp < -125) continue;  // below what a UE reports reliably
    std::optional<Metres> ta;
    if (o.with_ta) ta = Metres(o.ta_step_m * std::round(std::max(0.0, d + o.ta_noise_m * normal(rng)) / o.ta_step_m));
    node.obs.push_back({p, Dbm(std::max(rsrp, -140.0)), ta, 1.0, cell});
  }
  return node;
}

SynthRun run_synthetic(const SynthOptions& options, int nodes, std::uint64_t seed0,
                       const analyzer::LocateOptions& locate) {
  SynthRun run;
  for (int k = 0; k < nodes; ++k) {
    const SynthNode node = synth_node(seed0 + static_cast<std::uint64_t>(k), options);
    const analyzer::LocEstimate e = analyzer::locate_node(node.obs, locate);
    auto error = [&](const EastNorth& p) {
      return std::hypot(p.east_m - node.site.east_m, p.north_m - node.site.north_m);
    };
    run.centroid_error_m.push_back(error(e.centroid));
    run.fit_error_m.push_back(error(e.position));
    run.uncertainty_m.push_back(e.uncertainty.value);
    run.fitted += e.fitted ? 1 : 0;
    run.covered += error(e.position) <= e.uncertainty.value ? 1 : 0;
    run.ambiguous += e.mirror_ambiguous ? 1 : 0;
  }
  return run;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace shikan::test
