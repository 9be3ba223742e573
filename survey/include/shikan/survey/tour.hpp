// Stop ordering for survey drives (issue 4): a heuristic tour, the exact optimum for small instances and a lower
// bound for large ones, so the heuristic's quality can be measured (docs/survey.md, "Route quality").
// Distances are metres, the same in both directions (geodesic; no road network). All functions are pure and
// thread-compatible: distinct objects may be used from distinct threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "shikan/core/units.hpp"

namespace shikan::survey {

// Symmetric n x n distance matrix in metres, row-major, zero diagonal.
class DistanceMatrix {
 public:
  DistanceMatrix() = default;
  // metres.size() must be n * n, every entry finite and >= 0, the matrix symmetric (to 1e-6 m) with a zero
  // diagonal; throws std::invalid_argument otherwise.
  DistanceMatrix(std::size_t n, std::vector<double> metres);

  // Geodesic distances on the WGS-84 ellipsoid (GeographicLib, accurate to nanometres): n(n-1)/2 inverse problems.
  static DistanceMatrix geodesic(std::span<const GeoPoint> stops);

  // Metres from stop i to stop j; i, j < size() (unchecked).
  double at(std::size_t i, std::size_t j) const { return m_[i * n_ + j]; }
  std::size_t size() const { return n_; }

 private:
  std::size_t n_ = 0;
  std::vector<double> m_;
};

// A visiting order of all stops. order[0] is stop 0 (the start). An open tour ends at order.back(); a closed one
// returns to stop 0, and length_m includes that last leg.
struct Tour {
  std::vector<std::size_t> order;
  double length_m = 0;
};

struct TourOptions {
  bool closed = false;      // return to stop 0 at the end
  std::uint64_t seed = 1;   // same seed and matrix, same tour
  // Iterated-local-search kicks (double bridge) after the first local optimum; 0 = plain 2-opt + Or-opt.
  // Each kick costs O(n) plus the local repair: about 20 µs at 500 stops.
  int max_rounds = 2000;
};

// Nearest-neighbour construction, then 2-opt and Or-opt (segments of 1..3 stops, either orientation) over the
// 10 nearest neighbours of each stop until no move improves, then max_rounds double-bridge kicks, each kept only
// if it shortens the tour. Tours of up to 4 stops are solved exactly.
Tour plan_tour(const DistanceMatrix& d, const TourOptions& options = {});

// Exact optimum by Held–Karp dynamic programming: O(2^n n^2) time, O(2^n n) memory.
// Throws std::invalid_argument if d.size() > kMaxExactStops.
inline constexpr std::size_t kMaxExactStops = 12;
Tour optimal_tour(const DistanceMatrix& d, bool closed);

// Held–Karp 1-tree lower bound on the length of the shortest closed tour, in metres, with subgradient optimisation
// of the node penalties (Held & Karp 1971; step size after Polyak, using plan_tour as the upper bound).
// O(n^2) per iteration, at most 1000 iterations (about 0.5 s at 500 stops). Exact for n <= 3.
double one_tree_bound(const DistanceMatrix& d);

// Length in metres of visiting `order` in sequence (closing the loop if `closed`).
double tour_length(const DistanceMatrix& d, std::span<const std::size_t> order, bool closed);

}  // namespace shikan::survey
