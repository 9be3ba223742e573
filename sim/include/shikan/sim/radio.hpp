// Radio propagation for the simulated world (docs/simulator.md §2). Pure functions and a seeded
// shadowing field; levels are dBm (absolute) or dB (ratios).
#pragma once

#include <cstdint>
#include <vector>

#include "shikan/sim/geo.hpp"
#include "shikan/sim/random.hpp"

namespace shikan::sim {

// Log-distance path loss, dB: PL(d) = FSPL(1 m, f) + 10 n log10(d / 1 m), FSPL(1 m, f) =
// 20 log10(f / MHz) - 27.55 (free space to the 1 m reference), n = 3.5 for urban macro (3GPP TR 38.901
// UMa NLOS has 3.9 with a different intercept; 3.5 keeps a ~1 km inter-site distance serviceable).
// d is the 3-D distance in metres, clamped below at 10 m.
double path_loss_db(double distance_m, double f_mhz, double exponent = 3.5);

// Horizontal sector pattern, TR 38.901 Table 7.3-1: A(phi) = -min(12 (phi / 65 deg)^2, 30) dB, phi
// the angle off boresight in degrees, any value (wrapped into [-180, 180]).
double sector_gain_db(double phi_deg);

// Off-boresight angle of the direction from the antenna at `site` toward `ue`, degrees [-180, 180].
double off_boresight_deg(const Enu& site, double azimuth_deg, const Enu& ue);

// dB <-> mW.
double db_to_linear(double db);
double linear_to_db(double lin);

// Thermal noise per resource element, dBm: -174 dBm/Hz + 10 log10(scs) + noise figure.
double noise_per_re_dbm(int scs_khz, double noise_figure_db);

// Spatially correlated log-normal shadowing (Gudmundson 1991): a zero-mean Gaussian field on a
// square grid over [lo, hi], unit variance scaled to sigma, with correlation exp(-|dx|/D) exp(-|dy|/D)
// (separable first-order autoregressive filtering of white noise along rows, then columns), read
// with bilinear interpolation and clamped at the edges.
class ShadowField {
 public:
  ShadowField(Enu lo, Enu hi, double spacing_m, double decorrelation_m, double sigma_db, Rng& rng);
  double at(const Enu& p) const;  // dB
  double sigma_db() const { return sigma_; }

 private:
  double value(int ix, int iy) const { return static_cast<double>(grid_[static_cast<std::size_t>(iy) * nx_ + static_cast<std::size_t>(ix)]); }
  Enu lo_;
  double step_, sigma_;
  std::size_t nx_ = 0, ny_ = 0;
  std::vector<float> grid_;  // unit variance
};

}  // namespace shikan::sim
