// Robust path-loss fit (locate_fit.hpp): Levenberg-Marquardt whose normal equations carry Huber IRLS
// weights, re-evaluated at every iteration; bounds by projection with the exponent as an active set
// (a pinned n stays out of the step), the position kept within max_radius_m of the centroid.
#include "locate_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace shikan::analyzer::detail {
namespace {

constexpr double kLn10 = 2.302585092994046;

struct Linearised {
  Eigen::VectorXd r;  // standardised residuals: observed - model
  Eigen::MatrixXd J;  // d r / d theta
  Eigen::VectorXd w;  // observation weights
};

Eigen::Index residual_count(const std::vector<FitPoint>& points, const FitSettings& s) {
  Eigen::Index m = s.prior_sigma_n > 0 ? 1 : 0;
  for (const auto& p : points) m += p.ta_m ? 2 : 1;
  return m;
}

Linearised linearise(const std::vector<FitPoint>& points, const Eigen::VectorXd& t, const FitSettings& s) {
  const Eigen::Index m = residual_count(points, s);
  Linearised lin{Eigen::VectorXd::Zero(m), Eigen::MatrixXd::Zero(m, t.size()), Eigen::VectorXd::Ones(m)};
  Eigen::Index row = 0;
  for (const auto& p : points) {
    const double dx = t(0) - p.x, dy = t(1) - p.y;
    const double d2 = dx * dx + dy * dy + s.height_m * s.height_m;
    const double d = std::sqrt(d2);
    const double offset = p.offset >= 0 ? t(4 + p.offset) : 0.0;
    lin.r(row) = (p.rsrp_dbm - (t(2) + offset - 10.0 * t(3) * std::log10(d))) / s.sigma_db;
    lin.J(row, 0) = 10.0 * t(3) / kLn10 * dx / d2 / s.sigma_db;
    lin.J(row, 1) = 10.0 * t(3) / kLn10 * dy / d2 / s.sigma_db;
    lin.J(row, 2) = -1.0 / s.sigma_db;
    lin.J(row, 3) = 10.0 * std::log10(d) / s.sigma_db;
    if (p.offset >= 0) lin.J(row, 4 + p.offset) = -1.0 / s.sigma_db;
    lin.w(row++) = p.weight;
    if (!p.ta_m) continue;
    lin.r(row) = (d - *p.ta_m) / s.sigma_ta_m;
    lin.J(row, 0) = dx / d / s.sigma_ta_m;
    lin.J(row, 1) = dy / d / s.sigma_ta_m;
    lin.w(row++) = p.weight;
  }
  if (s.prior_sigma_n > 0) {  // the prior on n as one more residual
    lin.r(row) = (s.prior_n - t(3)) / s.prior_sigma_n;
    lin.J(row, 3) = -1.0 / s.prior_sigma_n;
  }
  return lin;
}

double robust_cost(const Linearised& lin, double k) {
  double c = 0;
  for (Eigen::Index i = 0; i < lin.r.size(); ++i) c += lin.w(i) * huber_loss(lin.r(i), k);
  return std::isfinite(c) ? c : std::numeric_limits<double>::infinity();
}

Eigen::VectorXd irls_weights(const Linearised& lin, double k) {
  Eigen::VectorXd u(lin.r.size());
  for (Eigen::Index i = 0; i < u.size(); ++i) u(i) = lin.w(i) * irls_weight(lin.r(i), k);
  return u;
}

void project_to_bounds(Eigen::VectorXd& t, const FitSettings& s) {
  t(3) = std::clamp(t(3), s.min_n, s.max_n);
  const double r = std::hypot(t(0), t(1));
  if (r > s.max_radius_m) t.head<2>() *= s.max_radius_m / r;
}

// p0 and n by weighted linear regression of RSRP on -10 log10 d at the start position; offsets start at 0.
Eigen::VectorXd initial_theta(const std::vector<FitPoint>& points, int offsets, const FitSettings& s, double x0,
                              double y0) {
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : points) {
    const double l = -5.0 * std::log10((x0 - p.x) * (x0 - p.x) + (y0 - p.y) * (y0 - p.y) + s.height_m * s.height_m);
    sw += p.weight, sx += p.weight * l, sy += p.weight * p.rsrp_dbm;
    sxx += p.weight * l * l, sxy += p.weight * l * p.rsrp_dbm;
  }
  const double var = sxx - sx * sx / sw;
  const double n = var > 1e-9 ? std::clamp((sxy - sx * sy / sw) / var, s.min_n, s.max_n) : 0.5 * (s.min_n + s.max_n);
  Eigen::VectorXd t = Eigen::VectorXd::Zero(4 + offsets);
  t(0) = x0, t(1) = y0, t(2) = (sy - n * sx) / sw, t(3) = n;
  return t;
}

// Huber's M-estimator covariance (Huber 1981, §7.6): K^2 [sum psi^2 / (m - p)] / (mean psi')^2 (J'WJ)^-1,
// K = 1 + (p/m) var(psi') / (mean psi')^2. The same ratio E psi^2 / E psi' scales cost differences
// into half chi-squares (the robust likelihood-ratio test).
void estimate_covariance(const std::vector<FitPoint>& points, const FitSettings& s, FitResult& out) {
  const Linearised lin = linearise(points, out.theta, s);
  const auto m = static_cast<double>(lin.r.size()), p = static_cast<double>(out.theta.size());
  double psi2 = 0, dpsi = 0, wsum = 0;
  for (Eigen::Index i = 0; i < lin.r.size(); ++i) {
    const double r = lin.r(i);
    const bool inside = std::fabs(r) <= s.huber_k;
    psi2 += lin.w(i) * (inside ? r * r : s.huber_k * s.huber_k);
    dpsi += lin.w(i) * (inside ? 1.0 : 0.0), wsum += lin.w(i);
  }
  const double mean_dpsi = std::max(dpsi / wsum, 0.05);  // all residuals beyond k: treat as very few inside
  const double s2 = psi2 / std::max(1.0, m - p);
  const double k_corr = 1.0 + p / m * (1.0 - mean_dpsi) / mean_dpsi;
  out.cost_scale = s2 / mean_dpsi;
  const Eigen::MatrixXd a = lin.J.transpose() * lin.w.asDiagonal() * lin.J;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible()) return;
  out.position_cov = (lu.inverse() * (k_corr * k_corr * s2 / (mean_dpsi * mean_dpsi))).topLeftCorner<2, 2>();
  out.covariance_ok = out.position_cov.allFinite() && out.position_cov(0, 0) > 0 && out.position_cov(1, 1) > 0;
}

// Marquardt's scaling by the diagonal, floored so that a direction the data do not touch still gets a step.
Eigen::VectorXd damping_diagonal(const Eigen::MatrixXd& a) {
  return a.diagonal().cwiseMax(1e-9 * std::max(1.0, a.diagonal().maxCoeff()));
}

// One Levenberg-Marquardt iteration on the IRLS normal equations: the damping grows (x4, up to 12 times) until
// the robust cost does not rise. Returns false when converged: no descent left (a local minimum), a cost
// decrease below 1e-4 relative (far below the likelihood region's 3.0) or a move below 1 cm.
bool improve(const std::vector<FitPoint>& points, const FitSettings& s, FitResult& out, Linearised& lin,
             double& lambda) {
  const Eigen::VectorXd u = irls_weights(lin, s.huber_k);
  const Eigen::MatrixXd a = lin.J.transpose() * u.asDiagonal() * lin.J;
  const Eigen::VectorXd g = lin.J.transpose() * (u.array() * lin.r.array()).matrix();
  const Eigen::VectorXd diag = damping_diagonal(a);
  const bool pinned = (out.theta(3) <= s.min_n && g(3) > 0) || (out.theta(3) >= s.max_n && g(3) < 0);
  for (int tries = 0; tries < 12; ++tries, lambda *= 4) {
    Eigen::MatrixXd damped = a;
    damped.diagonal() += lambda * diag;
    Eigen::VectorXd rhs = g;
    if (pinned) damped.row(3).setZero(), damped.col(3).setZero(), damped(3, 3) = 1, rhs(3) = 0;  // n stays
    Eigen::VectorXd candidate = out.theta - damped.ldlt().solve(rhs);
    project_to_bounds(candidate, s);
    Linearised next = linearise(points, candidate, s);
    const double cost = robust_cost(next, s.huber_k);
    if (!(cost <= out.cost)) continue;
    const double moved = (candidate.head<2>() - out.theta.head<2>()).norm();
    const bool more = out.cost - cost > 1e-4 * (1.0 + out.cost) && moved >= 0.01;
    out.theta = std::move(candidate), out.cost = cost, lin = std::move(next);
    lambda = std::max(lambda / 3, 1e-9);
    return more;
  }
  return false;
}

}  // namespace

double huber_loss(double r, double k) {
  const double a = std::fabs(r);
  return a <= k ? 0.5 * r * r : k * a - 0.5 * k * k;
}

double irls_weight(double r, double k) {
  const double a = std::fabs(r);
  return a <= k ? 1.0 : k / a;
}

FitResult fit_path_loss(const std::vector<FitPoint>& points, int offsets, const FitSettings& s, double x0, double y0) {
  FitResult out;
  out.theta = initial_theta(points, offsets, s, x0, y0);
  project_to_bounds(out.theta, s);
  Linearised lin = linearise(points, out.theta, s);
  out.cost = robust_cost(lin, s.huber_k);
  double lambda = 1e-3;
  for (int it = 0; it < s.max_iterations && !out.converged; ++it) out.converged = !improve(points, s, out, lin, lambda);
  estimate_covariance(points, s, out);
  return out;
}

}  // namespace shikan::analyzer::detail
