// Yardsticks for plan_tour: the exact optimum (Held–Karp DP) and the Held–Karp 1-tree lower bound.
#include "shikan/survey/tour.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace shikan::survey {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Stops 1..n-1 are bits 0..n-2 of a subset mask; dp[mask * k + j] is the shortest path from stop 0 through the
// stops of mask ending at stop j + 1.
struct HeldKarp {
  std::size_t k;
  std::vector<double> dp;
  std::vector<unsigned char> parent;

  explicit HeldKarp(const DistanceMatrix& d)
      : k(d.size() - 1), dp((std::size_t{1} << k) * k, kInf), parent(dp.size(), 0) {
    for (std::size_t j = 0; j < k; ++j) dp[(std::size_t{1} << j) * k + j] = d.at(0, j + 1);
    for (std::size_t mask = 1; mask < (std::size_t{1} << k); ++mask)
      for (std::size_t j = 0; j < k; ++j) {
        const double here = dp[mask * k + j];
        if (!(mask >> j & 1) || here == kInf) continue;
        for (std::size_t nxt = 0; nxt < k; ++nxt) {
          if (mask >> nxt & 1) continue;
          const std::size_t m2 = mask | std::size_t{1} << nxt;
          const double cand = here + d.at(j + 1, nxt + 1);
          if (cand < dp[m2 * k + nxt]) {
            dp[m2 * k + nxt] = cand;
            parent[m2 * k + nxt] = static_cast<unsigned char>(j);
          }
        }
      }
  }

  std::vector<std::size_t> path_ending_at(std::size_t j) const {
    std::vector<std::size_t> rev;
    std::size_t mask = (std::size_t{1} << k) - 1;
    while (mask != 0) {
      rev.push_back(j + 1);
      const std::size_t pj = parent[mask * k + j];
      mask &= ~(std::size_t{1} << j);
      j = pj;
    }
    rev.push_back(0);
    return {rev.rbegin(), rev.rend()};
  }
};

// Minimum 1-tree under penalties pi: a spanning tree of stops 1..n-1 plus the two cheapest edges at stop 0, all
// edge costs d(i, j) + pi[i] + pi[j]. Returns its cost minus 2 * sum(pi) and fills deg. Prim, O(n^2).
double one_tree(const DistanceMatrix& d, const std::vector<double>& pi, std::vector<int>& deg) {
  const std::size_t n = d.size();
  std::fill(deg.begin(), deg.end(), 0);
  std::vector<double> key(n, kInf);
  std::vector<std::size_t> from(n, 0);
  std::vector<bool> in(n, false);
  double total = 0;
  key[1] = 0;
  for (std::size_t step = 1; step < n; ++step) {
    std::size_t u = 0;
    for (std::size_t v = 1; v < n; ++v)
      if (!in[v] && (u == 0 || key[v] < key[u])) u = v;
    in[u] = true;
    if (step > 1) {
      total += key[u];
      ++deg[u];
      ++deg[from[u]];
    }
    for (std::size_t v = 1; v < n; ++v) {
      const double w = d.at(u, v) + pi[u] + pi[v];
      if (!in[v] && w < key[v]) {
        key[v] = w;
        from[v] = u;
      }
    }
  }
  double best1 = kInf, best2 = kInf;
  std::size_t b1 = 1, b2 = 1;
  for (std::size_t v = 1; v < n; ++v) {
    const double w = d.at(0, v) + pi[0] + pi[v];
    if (w < best1) {
      best2 = best1, b2 = b1;
      best1 = w, b1 = v;
    } else if (w < best2) {
      best2 = w, b2 = v;
    }
  }
  total += best1 + best2;
  deg[0] = 2;
  ++deg[b1];
  ++deg[b2];
  double sum_pi = 0;
  for (double p : pi) sum_pi += p;
  return total - 2 * sum_pi;
}

}  // namespace

Tour optimal_tour(const DistanceMatrix& d, bool closed) {
  const std::size_t n = d.size();
  if (n > kMaxExactStops) {
    std::string msg("optimal_tour: ");
    msg.append(std::to_string(n)).append(" stops, at most ").append(std::to_string(kMaxExactStops));
    throw std::invalid_argument(msg);
  }
  if (n <= 1) return Tour{std::vector<std::size_t>(n, 0), 0};
  const HeldKarp hk(d);
  const std::size_t full = (std::size_t{1} << hk.k) - 1;
  std::size_t best_j = 0;
  double best = kInf;
  for (std::size_t j = 0; j < hk.k; ++j) {
    const double len = hk.dp[full * hk.k + j] + (closed ? d.at(j + 1, 0) : 0.0);
    if (len < best) best = len, best_j = j;
  }
  return Tour{hk.path_ending_at(best_j), best};
}

double one_tree_bound(const DistanceMatrix& d) {
  const std::size_t n = d.size();
  if (n <= 3) return optimal_tour(d, true).length_m;
  const double upper = plan_tour(d, TourOptions{true, 1, 200}).length_m;
  std::vector<double> pi(n, 0.0);
  std::vector<int> deg(n, 0);
  double best = 0, lambda = 2.0;
  int since_better = 0;
  // Step t = lambda (U - w) / |g|^2 (Polyak); lambda halves after 20 iterations without a better bound.
  for (int it = 0; it < 1000 && lambda > 1e-3; ++it) {
    const double w = one_tree(d, pi, deg);
    if (w > best + 1e-9) {
      best = w;
      since_better = 0;
    } else if (++since_better >= 20) {
      lambda /= 2;
      since_better = 0;
    }
    double norm = 0;
    for (int g : deg) norm += double((g - 2) * (g - 2));
    if (norm == 0) return w;  // the 1-tree is a tour, hence optimal
    const double t = lambda * (upper - w) / norm;
    if (t <= 0) break;
    for (std::size_t i = 0; i < n; ++i) pi[i] += t * (deg[i] - 2);
  }
  return best;
}

}  // namespace shikan::survey
