// Where is the node? Site location from drive-test observations (docs/analyzer.md, "Locating sites";
// FIELD_GUIDE §7). Pure: values in, values out; no file, no clock, no shared state (thread-safe).
//
// Method: a signal-weighted centroid (Ichnaea-style) is the reference and the fallback. The fit is of the
// log-distance model  rsrp = p0 + offset(cell) - 10 n log10(d / 1 m)  over the position, p0 and the exponent
// n (bounded, with a weak prior), all cells of the node together, plus timing-advance ranges where given,
// with a Huber loss: a global search over the position on a grid of the profile cost, then
// Levenberg-Marquardt over all parameters. Never throws on bad data: invalid observations are skipped, and a
// fit that cannot be trusted yields the centroid with fitted = false.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "shikan/core/units.hpp"

namespace shikan::analyzer {

// A point of a local tangent plane: metres east and north of an origin the caller chose near the data
// (within a few km, where the plane is flat to well under a metre). The caller projects WGS-84 in and out.
struct EastNorth {
  double east_m = 0;
  double north_m = 0;
};

// One observation of a node (gNB or eNB): a spatially thinned point, e.g. the linear-mean RSRP of a
// 20-50 m stretch of a drive, so that neighbouring points have roughly independent shadowing.
// Skipped: a coordinate that is NaN or beyond +-10,000 km, RSRP outside the report range of clean.hpp
// (-156..-31 dBm, NaN included), a weight that is not finite and > 0. A non-finite or negative ta_distance
// is ignored (the point is kept without it).
struct LocObs {
  EastNorth at;
  Dbm rsrp{0};                        // serving-cell RSRP, dBm
  std::optional<Metres> ta_distance;  // one-way distance from timing advance (LTE: TA x 78.12 m; TS 36.213 §4.2.3)
  double weight = 1;                  // the caller's confidence: GNSS accuracy, samples merged; relative
  std::uint32_t cell = 0;             // which cell (sector) of the node was measured
};

struct LocateOptions {
  double max_radius_m = 5000;  // a fit farther than this from the centroid is not believed; caps uncertainty
  double min_exponent = 2.0;   // path-loss exponent bounds: free space 2, dense urban up to about 5
  double max_exponent = 5.0;
  double rsrp_sigma_db = 6.0;        // shadowing standard deviation assumed for RSRP (macro cells: 6-8 dB)
  double huber_db = 6.0;             // Huber threshold on RSRP residuals; TA residuals get the same in sigmas
  double ta_sigma_m = 50.0;          // TA range error: quantisation (78 m steps: 23 m rms) plus multipath
  double antenna_height_m = 25.0;    // mast height above the UE, part of the range d (keeps d > 0 at the mast)
  int max_iterations = 50;           // Levenberg-Marquardt iterations per fit
  std::size_t min_points = 8;        // fewer valid points (and fewer than 3 TA ranges): centroid only
  std::size_t min_cell_points = 10;  // a cell with this many points gets its own power offset (sectors)
  double min_spread_m = 15.0;        // points within this RMS distance of their mean are "all at one place"
  double min_uncertainty_m = 20.0;   // floor of the 95 % radius: GNSS error and model error
  // Weak prior on n, one more (Huber-weighted) residual; sigma 0: none. 3.5 is Okumura-Hata urban with a 30 m
  // mast (44.9 - 6.55 log10 30 = 35.2 dB/decade) and 3GPP TR 38.901 UMi NLOS (35.3 dB/decade).
  double exponent_prior = 3.5;
  double exponent_prior_sigma = 1.0;
  double lr_threshold = 3.0;  // 95 % likelihood region: robust cost within chi2(2 dof, 0.95) / 2 = 3.0
};

struct LocEstimate {
  EastNorth position;  // the fitted site, or the centroid when !fitted
  // Radius (m) holding the site with ~95 %: the largest of 2.45 sigma of the major axis of the fit's covariance
  // (Huber's sandwich, scaled by the residual spread), the farthest point of the 95 % likelihood region on the
  // search grid, and the distance covering both mirror images when mirror_ambiguous; floored at
  // min_uncertainty_m, capped at max_radius_m. Centroid only: the distance to the farthest observation.
  Metres uncertainty{0};
  EastNorth centroid;             // signal-weighted centroid (Ichnaea weights, FIELD_GUIDE §7)
  Dbm p0{0};                      // fitted RSRP at 1 m of the reference cell (the cell with most points)
  double exponent = 0;            // fitted path-loss exponent n (0 when !fitted)
  std::size_t observations = 0;   // valid observations used
  int cells = 0;                  // distinct cells among them
  bool fitted = false;            // false: too few points, all at one place, no convergence or a runaway fit
  bool mirror_ambiguous = false;  // the mirror image across the route's axis fits about as well (a straight
                                  // road seen from one side); uncertainty then covers both images
};

// The weight of an observation in the centroid, by signal: 0.5 at -124 dBm, 1 at -105 dBm, 2 at -89 dBm
// (Ichnaea's LTE anchors, FIELD_GUIDE §7), log-linear between and beyond them, RSRP clamped to -140..-44 dBm.
double signal_weight(Dbm rsrp);

// Estimates the position of one node from its observations (any order, any cells of the node).
LocEstimate locate_node(std::span<const LocObs> observations, const LocateOptions& options = {});

}  // namespace shikan::analyzer
