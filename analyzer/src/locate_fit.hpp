// The robust path-loss fit behind locate_node (internal).
//  - cost_grid: the profile of the robust cost over the position. At each (x, y) the parameters that enter
//    linearly (p0, n, offsets) are solved exactly by IRLS, so the search left is 2-D and global.
//  - fit_path_loss: Levenberg-Marquardt with Huber IRLS weights over all parameters from a start, and the
//    M-estimator covariance of the result.
// Parameters theta = (x m, y m, p0 dBm at 1 m, n, offset dB of each offset cell). Residuals are standardised
// (RSRP by sigma_db, TA ranges by sigma_ta_m, the exponent prior by its sigma) and share one Huber threshold.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <vector>

namespace shikan::analyzer::detail {

// An observation in the fit's frame (metres from the centroid, so the numbers stay small).
struct FitPoint {
  double x = 0, y = 0;
  double rsrp_dbm = 0;
  double weight = 1;           // normalised to mean 1 over the points
  int offset = -1;             // index of its cell's offset among the offset parameters; -1: reference power
  std::optional<double> ta_m;  // one-way TA distance
};

struct FitSettings {
  double sigma_db = 6, huber_k = 1, sigma_ta_m = 50, height_m = 25;
  double min_n = 2, max_n = 5;
  double prior_n = 3.5, prior_sigma_n = 0;  // soft prior on n; sigma 0: none
  double max_radius_m = 5000;
  int max_iterations = 50;
};

struct FitResult {
  Eigen::VectorXd theta;
  double cost = 0;        // sum of weight x Huber loss of the standardised residuals
  double cost_scale = 1;  // E psi^2 / E psi': a cost difference divided by it is half a chi-square
  Eigen::Matrix2d position_cov = Eigen::Matrix2d::Zero();  // m^2 (Huber's sandwich, small-sample corrected)
  bool converged = false;
  bool covariance_ok = false;
};

// Fits from the start position (x0, y0); p0 and n start from a regression at that position.
FitResult fit_path_loss(const std::vector<FitPoint>& points, int offsets, const FitSettings& settings, double x0,
                        double y0);

// The robust cost minimised over p0, n and offsets with the position held at (x, y).
double profile_cost(const std::vector<FitPoint>& points, int offsets, const FitSettings& settings, double x, double y);

// Profile costs on a square grid of cells x cells points centred on the origin, `step` metres apart.
struct CostGrid {
  double half_m = 0, step_m = 0;
  int cells = 0;
  std::vector<double> cost;  // row-major: cost[j * cells + i] at position(i, j)
  Eigen::Vector2d position(int i, int j) const { return {-half_m + i * step_m, -half_m + j * step_m}; }
};
CostGrid cost_grid(const std::vector<FitPoint>& points, int offsets, const FitSettings& settings, double half_m,
                   int cells);

// Huber's loss and its IRLS weight psi(r)/r.
double huber_loss(double r, double k);
double irls_weight(double r, double k);

}  // namespace shikan::analyzer::detail
