// Descriptive statistics (stats.hpp).
#include <algorithm>
#include <stdexcept>

#include "shikan/core/stats.hpp"

namespace shikan::stats {

double median(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("median of no values");
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  return (*mid + *std::max_element(v.begin(), mid)) / 2;
}

}  // namespace shikan::stats
