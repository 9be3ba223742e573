// Argument checks shared by the stats_*.cpp files (not installed: core/src is private).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace shikan::stats::detail {

// Throws std::invalid_argument "<what>: <detail>" when !ok.
inline void require(bool ok, const char* what, const std::string& detail) {
  if (!ok) throw std::invalid_argument(std::string(what) + ": " + detail);
}

inline std::string kv(const char* name, std::int64_t v) { return std::string(name) + "=" + std::to_string(v); }
inline std::string kv(const char* name, double v) { return std::string(name) + "=" + std::to_string(v); }

// alpha on the side of interest: alpha/2 for two-sided intervals.
inline double tail_alpha(double alpha, bool two_sided) { return two_sided ? alpha / 2.0 : alpha; }

// p <= alpha for a computed tail probability p. Exact ties are common (C(3,3)/C(6,3) = 1/20 = 0.05) and the
// sums carry a relative error near 1e-14, so a p within a relative 1e-12 of alpha counts as equal to it:
// a tie rejects, as in the exact definition "reject when the p-value <= alpha".
inline bool at_most(double p, double alpha) { return p <= alpha * (1.0 + 1e-12); }

}  // namespace shikan::stats::detail
