// RoadGraph: segment lengths, the CSR arcs and the grid index used to snap points onto roads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "shikan/survey/roads.hpp"

namespace shikan::survey {
namespace {

constexpr double kCellM = 250;  // grid cell side, metres: a few segments per cell in a city

// Metres per degree of latitude (meridian radius M) and of longitude (N cos φ) on the WGS-84 ellipsoid.
struct Scale {
  double lat_m = 0, lon_m = 0;
};

Scale scale_at(double lat_deg) {
  constexpr double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
  constexpr double rad = std::numbers::pi / 180;
  const double s = std::sin(lat_deg * rad), w = 1 - e2 * s * s;
  const double n = a / std::sqrt(w), m = a * (1 - e2) / (w * std::sqrt(w));
  return {m * rad, n * std::cos(lat_deg * rad) * rad};
}

// Distance on the ellipsoid's local tangent plane at the mid-latitude: the error grows with the cube of the
// distance, below 1 mm up to 2 km (road segments are far shorter).
double local_m(const GeoPoint& p, const GeoPoint& q) {
  const Scale sc = scale_at((p.lat.degrees() + q.lat.degrees()) / 2);
  return std::hypot((q.lat.degrees() - p.lat.degrees()) * sc.lat_m, (q.lon.degrees() - p.lon.degrees()) * sc.lon_m);
}

std::uint64_t cell_key(std::int32_t cx, std::int32_t cy) {
  return (std::uint64_t{static_cast<std::uint32_t>(cy)} << 32) | static_cast<std::uint32_t>(cx);
}

std::int32_t cell_of(double deg, double cell_deg) { return static_cast<std::int32_t>(std::floor(deg / cell_deg)); }

}  // namespace

RoadGraph::RoadGraph(std::string source, std::vector<GeoPoint> nodes, std::vector<RoadSegment> segments,
                     std::size_t missing_nodes)
    : source_(std::move(source)), missing_nodes_(missing_nodes), nodes_(std::move(nodes)), segments_(std::move(segments)) {
  if (nodes_.size() >= std::numeric_limits<std::uint32_t>::max() ||
      segments_.size() >= std::numeric_limits<std::uint32_t>::max() / 2)
    throw std::invalid_argument(source_ + ": road graph too large for 32-bit indices");
  segment_m_.reserve(segments_.size());
  for (const RoadSegment& s : segments_) {
    if (s.a >= nodes_.size() || s.b >= nodes_.size() || s.a == s.b)
      throw std::invalid_argument(source_ + ": road segment with a bad node index");
    segment_m_.push_back(local_m(nodes_[s.a], nodes_[s.b]));
  }
  build_arcs();
  build_grid();
}

void RoadGraph::build_arcs() {
  first_arc_.assign(nodes_.size() + 1, 0);
  for (const RoadSegment& s : segments_) {
    if (s.forward) ++first_arc_[s.a + 1];
    if (s.backward) ++first_arc_[s.b + 1];
  }
  for (std::size_t v = 0; v < nodes_.size(); ++v) first_arc_[v + 1] += first_arc_[v];
  arcs_.resize(first_arc_.back());
  std::vector<std::uint32_t> next(first_arc_.begin(), first_arc_.end() - 1);
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const RoadSegment& s = segments_[i];
    const auto m = static_cast<float>(segment_m_[i]);
    if (s.forward) arcs_[next[s.a]++] = RoadArc{s.b, m};
    if (s.backward) arcs_[next[s.b]++] = RoadArc{s.a, m};
  }
}

void RoadGraph::build_grid() {
  if (nodes_.empty()) return;
  double lat_min = 90, lat_max = -90;
  for (const GeoPoint& p : nodes_) lat_min = std::min(lat_min, p.lat.degrees()), lat_max = std::max(lat_max, p.lat.degrees());
  const Scale mid = scale_at(std::clamp((lat_min + lat_max) / 2, -85.0, 85.0));  // cells stay finite near the poles
  cell_lat_ = kCellM / mid.lat_m;
  cell_lon_ = kCellM / mid.lon_m;
  // The narrowest side over the graph: degrees of longitude shrink towards the poles; M is smallest at the equator.
  const double far_lat = std::max(std::fabs(lat_min), std::fabs(lat_max));
  cell_min_m_ = std::min(cell_lat_ * scale_at(0).lat_m, cell_lon_ * scale_at(far_lat).lon_m) * 0.999;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  entries.reserve(segments_.size() * 5 / 4);
  cx_min_ = cy_min_ = std::numeric_limits<std::int32_t>::max();
  cx_max_ = cy_max_ = std::numeric_limits<std::int32_t>::min();
  for (std::uint32_t i = 0; i < segments_.size(); ++i) {
    const GeoPoint& a = nodes_[segments_[i].a];
    const GeoPoint& b = nodes_[segments_[i].b];
    // (std::minmax of temporaries would return dangling references: named values first.)
    const std::int32_t xa = cell_of(a.lon.degrees(), cell_lon_), xb = cell_of(b.lon.degrees(), cell_lon_);
    const std::int32_t ya = cell_of(a.lat.degrees(), cell_lat_), yb = cell_of(b.lat.degrees(), cell_lat_);
    const std::int32_t x0 = std::min(xa, xb), x1 = std::max(xa, xb), y0 = std::min(ya, yb), y1 = std::max(ya, yb);
    cx_min_ = std::min(cx_min_, x0), cx_max_ = std::max(cx_max_, x1);
    cy_min_ = std::min(cy_min_, y0), cy_max_ = std::max(cy_max_, y1);
    for (std::int32_t y = y0; y <= y1; ++y)
      for (std::int32_t x = x0; x <= x1; ++x) entries.emplace_back(cell_key(x, y), i);
  }
  std::sort(entries.begin(), entries.end());
  cell_seg_.reserve(entries.size());
  for (const auto& [key, seg] : entries) {
    if (cell_key_.empty() || cell_key_.back() != key) {
      cell_key_.push_back(key);
      cell_first_.push_back(static_cast<std::uint32_t>(cell_seg_.size()));
    }
    cell_seg_.push_back(seg);
  }
  cell_first_.push_back(static_cast<std::uint32_t>(cell_seg_.size()));
}

std::optional<RoadSnap> RoadGraph::nearest(const GeoPoint& p, double search_m) const {
  if (cell_key_.empty()) return std::nullopt;
  const double plat = p.lat.degrees(), plon = p.lon.degrees();
  // Local plane at the query point: metres east and north of it (accurate over the few hundred metres that
  // decide a snap; the segment endpoints are interpolated linearly in degrees).
  const Scale sc = scale_at(plat);
  const double side_m = std::min(cell_min_m_, cell_lon_ * sc.lon_m * 0.999);
  std::optional<RoadSnap> best;
  double best_m = std::numeric_limits<double>::infinity();
  const auto try_cell = [&](std::int32_t x, std::int32_t y) {
    const auto it = std::lower_bound(cell_key_.begin(), cell_key_.end(), cell_key(x, y));
    if (it == cell_key_.end() || *it != cell_key(x, y)) return;
    const auto k = static_cast<std::size_t>(it - cell_key_.begin());
    for (std::uint32_t j = cell_first_[k]; j < cell_first_[k + 1]; ++j) {
      const RoadSegment& s = segments_[cell_seg_[j]];
      const GeoPoint& a = nodes_[s.a];
      const GeoPoint& b = nodes_[s.b];
      const double ax = (a.lon.degrees() - plon) * sc.lon_m, ay = (a.lat.degrees() - plat) * sc.lat_m;
      const double dx = (b.lon.degrees() - a.lon.degrees()) * sc.lon_m, dy = (b.lat.degrees() - a.lat.degrees()) * sc.lat_m;
      const double len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
      const double d = std::hypot(ax + t * dx, ay + t * dy);
      if (d < best_m) {
        best_m = d;
        const GeoPoint pos{Latitude(a.lat.degrees() + t * (b.lat.degrees() - a.lat.degrees())),
                           Longitude(a.lon.degrees() + t * (b.lon.degrees() - a.lon.degrees()))};
        best = RoadSnap{cell_seg_[j], t, pos, d};
      }
    }
  };
  const std::int32_t qx = cell_of(plon, cell_lon_), qy = cell_of(plat, cell_lat_);
  // Rings of cells around the query's cell; after ring r nothing unvisited is closer than r cell sides.
  for (std::int32_t r = 0;; ++r) {
    for (std::int32_t y = std::max(qy - r, cy_min_); y <= std::min(qy + r, cy_max_); ++y) {
      if (y == qy - r || y == qy + r) {
        for (std::int32_t x = std::max(qx - r, cx_min_); x <= std::min(qx + r, cx_max_); ++x) try_cell(x, y);
      } else {
        if (qx - r >= cx_min_ && qx - r <= cx_max_) try_cell(qx - r, y);
        if (qx + r >= cx_min_ && qx + r <= cx_max_) try_cell(qx + r, y);
      }
    }
    const double reach = r * side_m;
    const bool covers_all = qx - r <= cx_min_ && qx + r >= cx_max_ && qy - r <= cy_min_ && qy + r >= cy_max_;
    if (best_m <= reach || reach > search_m || covers_all) break;
  }
  if (!best || best->offset_m > search_m) return std::nullopt;
  return best;
}

}  // namespace shikan::survey
