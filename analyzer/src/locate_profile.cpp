// Profile of the robust cost over the position (locate_fit.hpp). With the position fixed the model
// rsrp = a_g - n L  (L = 10 log10 d, a_g = p0 + offset of group g) is linear: n is the within-group
// regression slope (with the prior as one more observation, clamped to its bounds: the cost is a convex
// quadratic in n) and a_g the group means; IRLS repeats this with Huber weights.
#include <algorithm>
#include <cmath>
#include <limits>

#include "locate_fit.hpp"

namespace shikan::analyzer::detail {
namespace {

constexpr int kIrlsRounds = 4;  // enough for a search: the grid only ranks positions

struct Sums {
  double u = 0, l = 0, y = 0, ll = 0, ly = 0;
};

// Weighted least squares for n and the group levels a_g, given IRLS weights u (one per point).
void solve_linear(const std::vector<FitPoint>& pts, const std::vector<double>& level, const std::vector<double>& u,
                  double prior_u, const FitSettings& s, std::vector<double>& a, double& n) {
  std::vector<Sums> g(a.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    Sums& t = g[static_cast<std::size_t>(pts[i].offset + 1)];
    const double y = pts[i].rsrp_dbm;
    t.u += u[i], t.l += u[i] * level[i], t.y += u[i] * y, t.ll += u[i] * level[i] * level[i];
    t.ly += u[i] * level[i] * y;
  }
  double sxx = 0, sxy = 0;
  for (const Sums& t : g) {
    if (t.u <= 0) continue;
    sxx += t.ll - t.l * t.l / t.u, sxy += t.ly - t.l * t.y / t.u;
  }
  const double s2 = s.sigma_db * s.sigma_db;
  const double p2 = s.prior_sigma_n > 0 ? s.prior_sigma_n * s.prior_sigma_n : 0;
  const double num = -sxy / s2 + (p2 > 0 ? prior_u * s.prior_n / p2 : 0);
  const double den = sxx / s2 + (p2 > 0 ? prior_u / p2 : 0);
  n = den > 0 ? std::clamp(num / den, s.min_n, s.max_n) : 0.5 * (s.min_n + s.max_n);
  for (std::size_t k = 0; k < g.size(); ++k) a[k] = g[k].u > 0 ? (g[k].y + n * g[k].l) / g[k].u : 0;
}

}  // namespace

double profile_cost(const std::vector<FitPoint>& pts, int offsets, const FitSettings& s, double x, double y) {
  // Called for every grid cell: the scratch vectors are reused (per thread), and 10 log10 d is taken as
  // 5 log10 d² without the square root unless timing advance needs d.
  thread_local std::vector<double> level, u, r;
  level.resize(pts.size()), u.resize(pts.size()), r.resize(pts.size());
  double ta_cost = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const double d2 = (x - pts[i].x) * (x - pts[i].x) + (y - pts[i].y) * (y - pts[i].y) + s.height_m * s.height_m;
    level[i] = 5.0 * std::log10(d2);
    const double d = pts[i].ta_m ? std::sqrt(d2) : 0;
    u[i] = pts[i].weight;
    if (pts[i].ta_m) ta_cost += pts[i].weight * huber_loss((d - *pts[i].ta_m) / s.sigma_ta_m, s.huber_k);
  }
  std::vector<double> a(static_cast<std::size_t>(offsets + 1));
  double n = 0, prior_u = 1, cost = 0;
  for (int round = 0; round < kIrlsRounds; ++round) {
    solve_linear(pts, level, u, prior_u, s, a, n);
    cost = ta_cost;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      r[i] = (pts[i].rsrp_dbm - a[static_cast<std::size_t>(pts[i].offset + 1)] + n * level[i]) / s.sigma_db;
      u[i] = pts[i].weight * irls_weight(r[i], s.huber_k);
      cost += pts[i].weight * huber_loss(r[i], s.huber_k);
    }
    if (s.prior_sigma_n > 0) {
      const double rp = (n - s.prior_n) / s.prior_sigma_n;
      prior_u = irls_weight(rp, s.huber_k), cost += huber_loss(rp, s.huber_k);
    }
  }
  return std::isfinite(cost) ? cost : std::numeric_limits<double>::infinity();
}

CostGrid cost_grid(const std::vector<FitPoint>& pts, int offsets, const FitSettings& s, double half_m, int cells) {
  CostGrid g{half_m, 2.0 * half_m / (cells - 1), cells, {}};
  g.cost.reserve(static_cast<std::size_t>(cells * cells));
  for (int j = 0; j < cells; ++j)
    for (int i = 0; i < cells; ++i) {
      const Eigen::Vector2d p = g.position(i, j);
      g.cost.push_back(profile_cost(pts, offsets, s, p.x(), p.y()));
    }
  return g;
}

}  // namespace shikan::analyzer::detail
