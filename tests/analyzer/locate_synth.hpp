// Synthetic nodes for the site-location tests: a three-sector site inside a block of a street grid, a drive
// that stays on one side of it, log-distance path loss with log-normal shadowing, optional timing advance.
// Seeded: std::mt19937_64 is the same everywhere; the distributions are libstdc++'s (the standard leaves their
// algorithms open), so figures are reproducible with the project's toolchain (g++ 12).
#pragma once

#include <cstdint>
#include <vector>

#include "shikan/analyzer/locate.hpp"

namespace shikan::test {

struct SynthOptions {
  double exponent = 3.5;       // true path-loss exponent
  double shadowing_db = 6.0;   // log-normal shadowing sigma, independent per thinned point
  double block_m = 200;        // street grid spacing
  int segments = 12;           // street segments driven (one block each)
  double step_m = 40;          // spacing of the thinned points along a street
  double height_m = 30;        // true mast height above the UE (the locator assumes 25 m)
  double cell_offset_db = 2;   // sigma of the sectors' power differences (EIRP, tilt)
  bool with_ta = false;        // give every point a TA distance
  double ta_step_m = 78.12;    // LTE TA granularity (16 Ts, one-way)
  double ta_noise_m = 20;      // multipath and timing jitter before quantisation
  bool straight_road = false;  // one straight street past the site instead of a grid walk
  double outlier_share = 0;    // share of points given a gross error (a reflection, a mislabelled cell)
  double outlier_db = 25;      // ... of this many dB, up
};

struct SynthNode {
  analyzer::EastNorth site;
  std::vector<analyzer::LocObs> obs;
};

SynthNode synth_node(std::uint64_t seed, const SynthOptions& options);

// Errors (m) of the centroid and of the fit on `nodes` nodes with seeds seed0, seed0 + 1, ...
struct SynthRun {
  std::vector<double> centroid_error_m, fit_error_m, uncertainty_m;
  int fitted = 0, covered = 0, ambiguous = 0;  // covered: true site within the reported 95 % radius
};
SynthRun run_synthetic(const SynthOptions& options, int nodes, std::uint64_t seed0,
                       const analyzer::LocateOptions& locate = {});

double mean(const std::vector<double>& v);
double quantile(std::vector<double> v, double q);  // linear interpolation between order statistics

}  // namespace shikan::test
