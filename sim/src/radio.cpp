#include "shikan/sim/radio.hpp"

#include <algorithm>
#include <cmath>

namespace shikan::sim {

double path_loss_db(double distance_m, double f_mhz, double exponent) {
  const double d = std::max(distance_m, 10.0);
  return 20.0 * std::log10(f_mhz) - 27.55 + 10.0 * exponent * std::log10(d);
}

double sector_gain_db(double phi_deg) {
  double phi = std::fmod(phi_deg, 360.0);
  if (phi > 180.0) phi -= 360.0;
  if (phi < -180.0) phi += 360.0;
  const double r = phi / 65.0;
  return -std::min(12.0 * r * r, 30.0);
}

double off_boresight_deg(const Enu& site, double azimuth_deg, const Enu& ue) {
  double phi = bearing_deg(site, ue) - azimuth_deg;
  while (phi > 180.0) phi -= 360.0;
  while (phi < -180.0) phi += 360.0;
  return phi;
}

double db_to_linear(double db) { return std::pow(10.0, db / 10.0); }
double linear_to_db(double lin) { return 10.0 * std::log10(std::max(lin, 1e-30)); }

double noise_per_re_dbm(int scs_khz, double noise_figure_db) {
  return -174.0 + 10.0 * std::log10(scs_khz * 1000.0) + noise_figure_db;
}

ShadowField::ShadowField(Enu lo, Enu hi, double spacing_m, double decorrelation_m, double sigma_db, Rng& rng)
    : lo_(lo), step_(spacing_m), sigma_(sigma_db) {
  nx_ = static_cast<std::size_t>(std::ceil((hi.east_m - lo.east_m) / step_)) + 2;
  ny_ = static_cast<std::size_t>(std::ceil((hi.north_m - lo.north_m) / step_)) + 2;
  std::vector<double> g(nx_ * ny_);
  for (double& v : g) v = rng.normal();
  // AR(1) with rho = exp(-step / D) and innovation sqrt(1 - rho^2): stationary, unit variance,
  // autocorrelation rho^k along the filtered axis.
  const double rho = std::exp(-step_ / decorrelation_m);
  const double inn = std::sqrt(1.0 - rho * rho);
  for (std::size_t y = 0; y < ny_; ++y)
    for (std::size_t x = 1; x < nx_; ++x) g[y * nx_ + x] = rho * g[y * nx_ + x - 1] + inn * g[y * nx_ + x];
  for (std::size_t y = 1; y < ny_; ++y)
    for (std::size_t x = 0; x < nx_; ++x) g[y * nx_ + x] = rho * g[(y - 1) * nx_ + x] + inn * g[y * nx_ + x];
  grid_.assign(g.begin(), g.end());
}

double ShadowField::at(const Enu& p) const {
  const double fx = std::clamp((p.east_m - lo_.east_m) / step_, 0.0, static_cast<double>(nx_ - 1) - 1e-9);
  const double fy = std::clamp((p.north_m - lo_.north_m) / step_, 0.0, static_cast<double>(ny_ - 1) - 1e-9);
  const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
  const double tx = fx - ix, ty = fy - iy;
  const double v = (1 - tx) * (1 - ty) * value(ix, iy) + tx * (1 - ty) * value(ix + 1, iy) + (1 - tx) * ty * value(ix, iy + 1) +
                   tx * ty * value(ix + 1, iy + 1);
  return sigma_ * v;
}

}  // namespace shikan::sim
