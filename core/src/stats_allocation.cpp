// Proportional allocation of a sample to strata, at least one per stratum, largest-remainder rounding
// (Hamilton's method; Cochran, Sampling Techniques, 3rd ed. §5.5 for proportional allocation).
#include <algorithm>
#include <limits>
#include <numeric>

#include "shikan/core/stats.hpp"
#include "stats_detail.hpp"

namespace shikan::stats {
namespace {

struct Share {
  std::size_t index;
  std::int64_t floor;
  std::int64_t remainder;  // (n * N_i) mod N': exact, so ties are real ties
};

// Largest remainder among `open` strata with seats n over their total population. Returns per-stratum seats.
void hamilton(std::span<const std::int64_t> populations, const std::vector<std::size_t>& open, std::int64_t seats,
              std::vector<std::int64_t>& out) {
  std::int64_t open_total = 0;
  for (std::size_t i : open) open_total += populations[i];
  std::vector<Share> shares;
  std::int64_t given = 0;
  for (std::size_t i : open) {
    const std::int64_t num = seats * populations[i];
    shares.push_back({i, num / open_total, num % open_total});
    given += num / open_total;
  }
  std::sort(shares.begin(), shares.end(), [&](const Share& a, const Share& b) {
    if (a.remainder != b.remainder) return a.remainder > b.remainder;
    if (populations[a.index] != populations[b.index]) return populations[a.index] > populations[b.index];
    return a.index < b.index;
  });
  for (std::size_t j = 0; j < shares.size(); ++j) {
    const bool extra = static_cast<std::int64_t>(j) < seats - given;
    out[shares[j].index] = shares[j].floor + (extra ? 1 : 0);
  }
}

}  // namespace

Allocation allocate_proportional(std::span<const std::int64_t> populations, std::int64_t n) {
  detail::require(!populations.empty(), "allocate_proportional", "no strata");
  std::int64_t total = 0;
  for (std::size_t i = 0; i < populations.size(); ++i) {
    detail::require(populations[i] >= 1, "allocate_proportional",
                    "stratum " + std::to_string(i) + " is empty: " + detail::kv("population", populations[i]));
    total += populations[i];
  }
  detail::require(n >= 0 && n <= total, "allocate_proportional",
                  detail::kv("n", n) + " " + detail::kv("N", total) + " (need 0 <= n <= N)");
  // n * N_i must fit in 64 bits for the exact remainders.
  detail::require(total <= std::numeric_limits<std::int64_t>::max() / std::max<std::int64_t>(n, 1),
                  "allocate_proportional", detail::kv("n", n) + " " + detail::kv("N", total) + " too large");
  const auto strata = static_cast<std::int64_t>(populations.size());
  Allocation out;
  out.per_stratum.assign(populations.size(), 1);
  if (n <= strata) {
    out.total = strata;
    out.raised_to_strata = n < strata;
    return out;
  }
  // Strata whose proportional quota is below one get their minimum of one and leave the pool; repeat on the
  // rest (removing them can push another quota below one), then round the rest by largest remainder.
  std::vector<std::size_t> open(populations.size());
  std::iota(open.begin(), open.end(), std::size_t{0});
  std::int64_t seats = n;
  for (bool changed = true; changed;) {
    std::int64_t open_total = 0;
    for (std::size_t i : open) open_total += populations[i];
    std::vector<std::size_t> keep;
    for (std::size_t i : open) {
      if (seats * populations[i] >= open_total) keep.push_back(i);  // quota n' N_i / N' >= 1
    }
    changed = keep.size() != open.size();
    seats -= static_cast<std::int64_t>(open.size() - keep.size());  // the others keep their one
    open.swap(keep);
  }
  if (!open.empty()) hamilton(populations, open, seats, out.per_stratum);
  out.total = n;
  return out;
}

}  // namespace shikan::stats
