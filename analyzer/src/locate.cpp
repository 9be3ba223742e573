// Site location (locate.hpp): input checks, the weighted centroid, the route's geometry, a global search on
// the profile grid, the robust fit from its best cell (locate_fit.cpp), the mirror-image check, the 95 % radius.
#include "shikan/analyzer/locate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "locate_fit.hpp"
#include "shikan/analyzer/clean.hpp"

namespace shikan::analyzer {
namespace {

using detail::CostGrid;
using detail::FitPoint;
using detail::FitResult;

constexpr double k95Radius = 2.4477;  // sqrt of the chi-square 95 % quantile with 2 degrees of freedom (5.991)
constexpr int kGridCells = 41;        // profile grid: positions per side (41 x 41)
constexpr double kGridMarginM = 500;  // grid reaches this far beyond the farthest observation

constexpr double kMaxCoordinateM = 1e7;  // a local tangent plane spans a city, not 10,000 km

// Finite, within the RSRP report range (clean.hpp), a sane local coordinate, a positive weight.
bool usable(const LocObs& o) {
  const ValueRange rsrp = range_of(Field::Rsrp);
  return std::fabs(o.at.east_m) <= kMaxCoordinateM && std::fabs(o.at.north_m) <= kMaxCoordinateM &&
         o.rsrp.value >= rsrp.lo && o.rsrp.value <= rsrp.hi && std::isfinite(o.weight) && o.weight > 0;
}

std::optional<double> usable_ta(const LocObs& o) {
  if (!o.ta_distance || !std::isfinite(o.ta_distance->value) || o.ta_distance->value < 0) return std::nullopt;
  return o.ta_distance->value;
}

// The usable observations, weights rescaled to at most 1 (sums of huge weights must not overflow).
std::vector<LocObs> usable_observations(std::span<const LocObs> all) {
  std::vector<LocObs> out;
  double top = 0;
  for (const auto& o : all)
    if (usable(o)) out.push_back(o), top = std::max(top, o.weight);
  for (auto& o : out) o.weight /= top;
  return out;
}

Eigen::Vector2d xy(const EastNorth& p) { return {p.east_m, p.north_m}; }
EastNorth en(const Eigen::Vector2d& v) { return {v.x(), v.y()}; }

Eigen::Vector2d weighted_centroid(const std::vector<LocObs>& obs) {
  Eigen::Vector2d sum = Eigen::Vector2d::Zero();
  double total = 0;
  for (const auto& o : obs) {
    const double w = o.weight * signal_weight(o.rsrp);
    sum += w * xy(o.at), total += w;
  }
  return sum / total;
}

// The route's principal axes (observation weights only, no signal): the mirror line of a straight road.
struct RouteAxes {
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  Eigen::Vector2d across = Eigen::Vector2d::UnitY();  // unit normal of the major axis
  double rms_spread_m = 0;
};

RouteAxes route_axes(const std::vector<LocObs>& obs) {
  RouteAxes axes;
  double total = 0;
  for (const auto& o : obs) axes.mean += o.weight * xy(o.at), total += o.weight;
  axes.mean /= total;
  Eigen::Matrix2d cov = Eigen::Matrix2d::Zero();
  for (const auto& o : obs) {
    const Eigen::Vector2d d = xy(o.at) - axes.mean;
    cov += o.weight * d * d.transpose() / total;
  }
  axes.rms_spread_m = std::sqrt(cov.trace());
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
  if (eig.info() == Eigen::Success) axes.across = eig.eigenvectors().col(0);  // smallest eigenvalue first
  return axes;
}

double across(const RouteAxes& axes, const Eigen::Vector2d& p) { return (p - axes.mean).dot(axes.across); }

Eigen::Vector2d mirrored(const RouteAxes& axes, const Eigen::Vector2d& p) {
  return p - 2.0 * across(axes, p) * axes.across;
}

// Cells with at least min_cell_points points get an offset parameter, except the reference cell (most points).
std::map<std::uint32_t, int> offset_cells(const std::vector<LocObs>& obs, std::size_t min_cell_points) {
  std::map<std::uint32_t, std::size_t> count;
  for (const auto& o : obs) ++count[o.cell];
  const auto reference = std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) {
                           return a.second < b.second;
                         })->first;
  std::map<std::uint32_t, int> index;
  for (const auto& [cell, n] : count)
    if (cell != reference && n >= min_cell_points) index.emplace(cell, static_cast<int>(index.size()));
  return index;
}

std::vector<FitPoint> fit_points(const std::vector<LocObs>& obs, const Eigen::Vector2d& origin,
                                 const std::map<std::uint32_t, int>& offsets) {
  double total = 0;
  for (const auto& o : obs) total += o.weight;
  const double mean_weight = total / static_cast<double>(obs.size());
  std::vector<FitPoint> out;
  for (const auto& o : obs) {
    const auto offset = offsets.find(o.cell);
    out.push_back({o.at.east_m - origin.x(), o.at.north_m - origin.y(), o.rsrp.value, o.weight / mean_weight,
                   offset == offsets.end() ? -1 : offset->second, usable_ta(o)});
  }
  return out;
}

double radius95(const Eigen::Matrix2d& cov) {
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
  return k95Radius * std::sqrt(std::max(0.0, eig.eigenvalues().maxCoeff()));
}

double clamp_radius(double r, const LocateOptions& o) {
  return std::isfinite(r) ? std::clamp(r, o.min_uncertainty_m, o.max_radius_m) : o.max_radius_m;
}

bool trustworthy(const FitResult& f, const LocateOptions& o) {
  return f.converged && f.covariance_ok && f.theta.allFinite() && f.theta.head<2>().norm() < 0.999 * o.max_radius_m;
}

detail::FitSettings settings_of(const LocateOptions& o) {
  detail::FitSettings s;
  s.sigma_db = o.rsrp_sigma_db, s.huber_k = o.huber_db / o.rsrp_sigma_db, s.sigma_ta_m = o.ta_sigma_m;
  s.height_m = o.antenna_height_m, s.min_n = o.min_exponent, s.max_n = o.max_exponent;
  s.prior_n = o.exponent_prior, s.prior_sigma_n = o.exponent_prior_sigma;
  s.max_radius_m = o.max_radius_m, s.max_iterations = o.max_iterations;
  return s;
}

LocEstimate centroid_only(LocEstimate e, const std::vector<LocObs>& obs, const LocateOptions& o) {
  double farthest = 0;
  for (const auto& p : obs) farthest = std::max(farthest, (xy(p.at) - xy(e.centroid)).norm());
  e.position = e.centroid;
  e.uncertainty = Metres(clamp_radius(farthest, o));
  return e;
}

std::size_t best_cell(const CostGrid& g) {
  return static_cast<std::size_t>(std::min_element(g.cost.begin(), g.cost.end()) - g.cost.begin());
}

// The 95 % profile-likelihood region: grid cells whose cost exceeds the fit's by less than lr_threshold in
// half chi-square units. Returns the farthest such cell's distance from p (plus half a cell), or 0 when the
// region stays within one cell of p (the covariance describes it better).
double region_radius(const CostGrid& g, const FitResult& fit, const LocateOptions& o) {
  const Eigen::Vector2d p = fit.theta.head<2>();
  double far = 0;
  for (int j = 0; j < g.cells; ++j)
    for (int i = 0; i < g.cells; ++i) {
      const double delta = (g.cost[static_cast<std::size_t>(j * g.cells + i)] - fit.cost) / fit.cost_scale;
      const double d = (g.position(i, j) - p).norm();
      if (delta < o.lr_threshold && d > g.step_m) far = std::max(far, d + 0.5 * g.step_m);
    }
  return far;
}

bool opposite_sides(const RouteAxes& axes, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return across(axes, a) * across(axes, b) < 0;
}

// A straight road seen from one side fits the site and its mirror image across the road equally well.
// Refits from the image of the best fit; if that lands on the other side, farther than the best's own
// radius, with a cost within the likelihood region, both images are answers: keep the lower cost (the
// signal gradient of a road that is not quite straight), on a tie the side of the signal-weighted centroid
// (the origin), and return a radius covering both. Returns 0 when there is no such ambiguity.
double settle_mirror(const std::vector<FitPoint>& points, int offsets, const detail::FitSettings& s,
                     const RouteAxes& axes, const LocateOptions& o, FitResult& best, double radius) {
  const Eigen::Vector2d p = best.theta.head<2>(), m = mirrored(axes, p);
  FitResult image = detail::fit_path_loss(points, offsets, s, m.x(), m.y());
  const Eigen::Vector2d q = image.theta.head<2>();
  const double gap = (q - p).norm();
  if (!trustworthy(image, o) || !opposite_sides(axes, p, q) ||
      gap <= std::max(radius95(best.position_cov), o.min_uncertainty_m) ||
      (image.cost - best.cost) / best.cost_scale >= o.lr_threshold)
    return 0;
  const double tie = 1e-6 * (1.0 + best.cost);
  const bool image_better = image.cost < best.cost - tie ||
                            (image.cost <= best.cost + tie && opposite_sides(axes, p, Eigen::Vector2d::Zero()) &&
                             !opposite_sides(axes, q, Eigen::Vector2d::Zero()));
  const double r_image = radius95(image.position_cov);
  const double covering = image_better ? std::max(r_image, gap + radius) : std::max(radius, gap + r_image);
  if (image_better) best = std::move(image);
  return covering;
}

struct NodeFit {
  FitResult best;
  double radius_m = 0;
  bool mirror_ambiguous = false;
};

// Global search on the profile grid, the full fit from its best cell, then the radius: the covariance's, the
// likelihood region's, and both mirror images' when the route cannot tell the side. In the centroid frame.
std::optional<NodeFit> fit_node(const std::vector<FitPoint>& points, int offsets, const RouteAxes& axes,
                                const LocateOptions& o) {
  const auto s = settings_of(o);
  double farthest = 0;
  for (const auto& p : points) farthest = std::max(farthest, std::hypot(p.x, p.y));
  const CostGrid grid =
      detail::cost_grid(points, offsets, s, std::min(o.max_radius_m, farthest + kGridMarginM), kGridCells);
  const std::size_t cell = best_cell(grid);
  const Eigen::Vector2d start = grid.position(static_cast<int>(cell % kGridCells), static_cast<int>(cell / kGridCells));
  NodeFit fit{detail::fit_path_loss(points, offsets, s, start.x(), start.y())};
  if (!trustworthy(fit.best, o)) return std::nullopt;
  fit.radius_m = std::max(radius95(fit.best.position_cov), region_radius(grid, fit.best, o));
  if (const double covering = settle_mirror(points, offsets, s, axes, o, fit.best, fit.radius_m); covering > 0)
    fit.mirror_ambiguous = true, fit.radius_m = covering;
  return fit;
}

// Counts and the centroid of the usable observations.
LocEstimate describe(const std::vector<LocObs>& obs) {
  LocEstimate e;
  e.observations = obs.size();
  if (obs.empty()) return e;
  std::map<std::uint32_t, int> cells;
  for (const auto& p : obs) cells.emplace(p.cell, 0);
  e.cells = static_cast<int>(cells.size());
  e.centroid = en(weighted_centroid(obs));
  e.position = e.centroid;
  return e;
}

}  // namespace

double signal_weight(Dbm rsrp) {
  const double s = std::clamp(rsrp.value, -140.0, -44.0);
  // 2x per 16 dB above -105 dBm (-89 -> 2), 2x per 19 dB below it (-124 -> 0.5).
  return std::exp2(s >= -105.0 ? (s + 105.0) / 16.0 : (s + 105.0) / 19.0);
}

LocEstimate locate_node(std::span<const LocObs> observations, const LocateOptions& o) {
  const std::vector<LocObs> obs = usable_observations(observations);
  LocEstimate e = describe(obs);
  if (obs.empty()) return e;
  const RouteAxes axes = route_axes(obs);
  const auto with_ta = std::count_if(obs.begin(), obs.end(), [](const LocObs& p) { return usable_ta(p); });
  if ((obs.size() < o.min_points && with_ta < 3) || axes.rms_spread_m < o.min_spread_m) return centroid_only(e, obs, o);
  const Eigen::Vector2d c = xy(e.centroid);
  const auto offsets = offset_cells(obs, o.min_cell_points);
  const auto fit = fit_node(fit_points(obs, c, offsets), static_cast<int>(offsets.size()),
                            RouteAxes{axes.mean - c, axes.across, axes.rms_spread_m}, o);
  if (!fit) return centroid_only(e, obs, o);
  e.fitted = true;
  e.position = en(c + fit->best.theta.head<2>());
  e.uncertainty = Metres(clamp_radius(fit->radius_m, o));
  e.p0 = Dbm(fit->best.theta(2));
  e.exponent = fit->best.theta(3);
  e.mirror_ambiguous = fit->mirror_ambiguous;
  return e;
}

}  // namespace shikan::analyzer
