// Probability and Confidence: range-checked once at the boundary.
#include <stdexcept>
#include <string>

#include "shikan/core/stats.hpp"

namespace shikan::stats {

Probability::Probability(double p) : p_(p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::out_of_range("probability out of [0, 1]: " + std::to_string(p));
}

Parsed<Probability> Probability::parse(double p) {
  if (!(p >= 0.0 && p <= 1.0)) return parse_error("probability must be in [0, 1], got " + std::to_string(p));
  return Probability(p);
}

Confidence::Confidence(double level) : level_(level) {
  if (!(level > 0.0 && level < 1.0)) throw std::out_of_range("confidence out of (0, 1): " + std::to_string(level));
}

Parsed<Confidence> Confidence::parse(double level) {
  if (!(level > 0.0 && level < 1.0)) return parse_error("confidence must be in (0, 1), got " + std::to_string(level));
  return Confidence(level);
}

}  // namespace shikan::stats
