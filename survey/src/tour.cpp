// plan_tour: nearest neighbour, then 2-opt + Or-opt with neighbour lists and don't-look bits, then iterated local
// search with double-bridge kicks. An open tour is solved as a closed one through a dummy stop that is 0 m from
// every stop and whose edge to stop 0 may never be removed: cutting the cycle there leaves the best open path.
#include "shikan/survey/tour.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace shikan::survey {

DistanceMatrix::DistanceMatrix(std::size_t n, std::vector<double> metres) : n_(n), m_(std::move(metres)) {
  if (m_.size() != n * n) throw std::invalid_argument("distance matrix: expected n*n entries");
  for (std::size_t i = 0; i < n; ++i) {
    if (at(i, i) != 0) throw std::invalid_argument("distance matrix: non-zero diagonal at " + std::to_string(i));
    for (std::size_t j = i + 1; j < n; ++j) {
      const double a = at(i, j), b = at(j, i);
      if (!std::isfinite(a) || a < 0 || std::abs(a - b) > 1e-6) {
        std::string msg("distance matrix: bad or asymmetric entry at ");
        msg.append(std::to_string(i)).append(",").append(std::to_string(j));
        throw std::invalid_argument(msg);
      }
    }
  }
}

DistanceMatrix DistanceMatrix::geodesic(std::span<const GeoPoint> stops) {
  const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
  const std::size_t n = stops.size();
  std::vector<double> m(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      double s12 = 0;
      g.Inverse(stops[i].lat.degrees(), stops[i].lon.degrees(), stops[j].lat.degrees(), stops[j].lon.degrees(), s12);
      m[i * n + j] = m[j * n + i] = s12;
    }
  return DistanceMatrix(n, std::move(m));
}

double tour_length(const DistanceMatrix& d, std::span<const std::size_t> order, bool closed) {
  double sum = 0;
  for (std::size_t k = 1; k < order.size(); ++k) sum += d.at(order[k - 1], order[k]);
  if (closed && order.size() > 1) sum += d.at(order.back(), order.front());
  return sum;
}

namespace {

constexpr std::size_t kNeighbours = 10;
constexpr double kEps = 1e-7;  // metres; a move must gain more than this

// The cycle being improved: array representation with positions.
class LocalSearch {
 public:
  LocalSearch(const DistanceMatrix& d, bool open, std::uint64_t seed)
      : d_(d), open_(open), m_(d.size() + (open ? 1 : 0)), dummy_(open ? d.size() : m_), rng_(seed) {
    build_neighbours();
    nearest_neighbour_tour();
  }

  void optimise_all() {
    std::vector<std::size_t> nodes(m_);
    std::iota(nodes.begin(), nodes.end(), std::size_t{0});
    std::shuffle(nodes.begin(), nodes.end(), rng_);
    for (std::size_t v : nodes) push(v);
    drain();
  }

  void iterate(int rounds) {
    if (m_ < 5) return;  // a double bridge needs three distinct cuts
    double best = length();
    std::vector<std::size_t> saved = tour_;
    for (int r = 0; r < rounds; ++r) {
      double_bridge();
      drain();
      const double len = length();
      if (len < best - kEps) {
        best = len;
        saved = tour_;
      } else {
        set_tour(saved);
      }
    }
  }

  // The tour as stops, starting at stop 0; for an open tour the dummy is cut out.
  std::vector<std::size_t> result() const {
    std::vector<std::size_t> out;
    const bool forward = !open_ || pred(0) == dummy_;
    std::size_t v = 0;
    for (std::size_t k = 0; k < m_; ++k, v = forward ? succ(v) : pred(v))
      if (v != dummy_) out.push_back(v);
    return out;
  }

 private:
  double c(std::size_t a, std::size_t b) const { return a == dummy_ || b == dummy_ ? 0.0 : d_.at(a, b); }
  bool fixed(std::size_t a, std::size_t b) const {
    return open_ && ((a == 0 && b == dummy_) || (a == dummy_ && b == 0));
  }
  std::size_t succ(std::size_t v) const { return tour_[pos_[v] + 1 == m_ ? 0 : pos_[v] + 1]; }
  std::size_t pred(std::size_t v) const { return tour_[pos_[v] == 0 ? m_ - 1 : pos_[v] - 1]; }

  double length() const {
    double sum = 0;
    for (std::size_t k = 0; k < m_; ++k) sum += c(tour_[k], tour_[(k + 1) % m_]);
    return sum;
  }

  void set_tour(const std::vector<std::size_t>& t) {
    tour_ = t;
    pos_.resize(m_);
    for (std::size_t k = 0; k < m_; ++k) pos_[tour_[k]] = k;
  }

  void build_neighbours() {
    nbr_.assign(m_, {});
    std::vector<std::size_t> all(m_);
    std::iota(all.begin(), all.end(), std::size_t{0});
    for (std::size_t a = 0; a < m_; ++a) {
      std::vector<std::size_t> cand;
      for (std::size_t b : all)
        if (b != a) cand.push_back(b);
      const std::size_t k = std::min(kNeighbours, cand.size());
      std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k), cand.end(),
                        [&](std::size_t x, std::size_t y) { return c(a, x) < c(a, y) || (c(a, x) == c(a, y) && x < y); });
      cand.resize(k);
      nbr_[a] = std::move(cand);
    }
  }

  void nearest_neighbour_tour() {
    std::vector<bool> used(m_, false);
    std::vector<std::size_t> t{0};
    used[0] = true;
    if (open_) {  // the dummy sits just before stop 0 (at the end of the array)
      used[dummy_] = true;
    }
    while (t.size() + (open_ ? 1 : 0) < m_) {
      const std::size_t last = t.back();
      std::size_t best = m_;
      for (std::size_t v = 0; v < m_; ++v)
        if (!used[v] && (best == m_ || c(last, v) < c(last, best))) best = v;
      used[best] = true;
      t.push_back(best);
    }
    if (open_) t.push_back(dummy_);
    set_tour(t);
  }

  // Reverses the cyclic stretch from position i forward to position j; reverses the complement when shorter,
  // which yields the same cycle.
  void reverse(std::size_t i, std::size_t j) {
    std::size_t len = (j + m_ - i) % m_ + 1;
    if (2 * len > m_) {
      const std::size_t ni = (j + 1) % m_, nj = (i + m_ - 1) % m_;
      i = ni;
      j = nj;
      len = m_ - len;
    }
    for (std::size_t k = 0; k < len / 2; ++k) {
      std::swap(tour_[i], tour_[j]);
      pos_[tour_[i]] = i;
      pos_[tour_[j]] = j;
      i = i + 1 == m_ ? 0 : i + 1;
      j = j == 0 ? m_ - 1 : j - 1;
    }
  }

  void push(std::size_t v) {
    if (queued_.size() != m_) queued_.assign(m_, false);
    if (!queued_[v]) {
      queued_[v] = true;
      queue_.push_back(v);
    }
  }

  void drain() {
    while (!queue_.empty()) {
      const std::size_t a = queue_.front();
      queue_.pop_front();
      queued_[a] = false;
      if (two_opt(a) || or_opt(a)) push(a);
    }
  }

  // 2-opt from a: drop (a, b) and (x, y), add (a, x) and (b, y), b and y on the same side of a and x.
  bool two_opt(std::size_t a) {
    for (int dir = 0; dir < 2; ++dir) {
      const std::size_t b = dir == 0 ? succ(a) : pred(a);
      if (fixed(a, b)) continue;
      const double dab = c(a, b);
      for (std::size_t x : nbr_[a]) {
        const double g1 = dab - c(a, x);
        if (g1 <= kEps) break;
        const std::size_t y = dir == 0 ? succ(x) : pred(x);
        if (x == b || y == a || fixed(x, y)) continue;
        if (g1 + c(x, y) - c(b, y) <= kEps) continue;
        if (dir == 0) reverse(pos_[b], pos_[x]);
        else reverse(pos_[a], pos_[y]);
        for (std::size_t v : {a, b, x, y}) push(v);
        return true;
      }
    }
    return false;
  }

  // Or-opt from a: move the segment of 1..3 stops starting (forward or backward) at a next to one of the
  // neighbours of its ends, in either orientation.
  bool or_opt(std::size_t a) {
    for (std::size_t len = 1; len <= 3 && len + 3 <= m_; ++len)
      for (int dir = 0; dir < 2; ++dir) {
        std::size_t s1 = a, s2 = a;  // segment s1..s2 in forward order
        for (std::size_t k = 1; k < len; ++k) {
          if (dir == 0) s2 = succ(s2);
          else s1 = pred(s1);
        }
        if (try_move(s1, s2, len)) return true;
      }
    return false;
  }

  bool in_segment(std::size_t v, std::size_t s1, std::size_t len) const {
    return (pos_[v] + m_ - pos_[s1]) % m_ < len;
  }

  bool try_move(std::size_t s1, std::size_t s2, std::size_t len) {
    const std::size_t p = pred(s1), n = succ(s2);
    if (fixed(p, s1) || fixed(s2, n)) return false;
    const double gain = c(p, s1) + c(s2, n) - c(p, n);
    if (gain <= kEps) return false;
    for (std::size_t end : {s1, s2})
      for (std::size_t x : nbr_[end]) {
        if (c(end, x) >= gain) break;
        if (in_segment(x, s1, len)) continue;
        for (std::size_t y : {succ(x), pred(x)}) {
          if (in_segment(y, s1, len) || fixed(x, y)) continue;
          const std::size_t other = end == s1 ? s2 : s1;  // end meets x, other meets y
          if (gain - (c(x, end) + c(other, y) - c(x, y)) <= kEps) continue;
          move_segment(s1, len, x, y, end);
          for (std::size_t v : {p, n, s1, s2, x, y}) push(v);
          return true;
        }
      }
    return false;
  }

  // Rebuilds the array with segment s1.. (len stops) between x and y, `end` next to x. O(m).
  void move_segment(std::size_t s1, std::size_t len, std::size_t x, std::size_t y, std::size_t end) {
    std::vector<std::size_t> seg(len);
    for (std::size_t k = 0; k < len; ++k) seg[k] = tour_[(pos_[s1] + k) % m_];
    if (seg.front() != end) std::reverse(seg.begin(), seg.end());  // seg now runs from x's side to y's side
    std::vector<std::size_t> t;
    t.reserve(m_);
    // Walk the rest of the cycle from x in the direction away from y, so that y is reached last.
    const bool forward = succ(x) != y;
    std::size_t v = x;
    for (std::size_t k = 0; k + len < m_; ++k) {
      t.push_back(v);
      do v = forward ? succ(v) : pred(v);
      while (in_segment(v, s1, len));
    }
    // t = x ... y; append the segment reversed so that the cycle closes y -> ... -> x through it.
    t.insert(t.end(), seg.rbegin(), seg.rend());
    set_tour(t);
  }

  // Double bridge A B C D -> A C B D on the array rotated so that position 0 is stop 0 and, for an open tour,
  // the fixed edge is the wrap-around one, which is never cut.
  void double_bridge() {
    std::vector<std::size_t> t;
    t.reserve(m_);
    const bool forward = !open_ || pred(0) == dummy_;
    for (std::size_t k = 0, v = 0; k < m_; ++k, v = forward ? succ(v) : pred(v)) t.push_back(v);
    std::uniform_int_distribution<std::size_t> pick(1, m_ - 1);
    std::size_t cut[3];
    do {
      for (std::size_t& x : cut) x = pick(rng_);
      std::sort(std::begin(cut), std::end(cut));
    } while (cut[0] == cut[1] || cut[1] == cut[2]);
    std::vector<std::size_t> n(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(cut[0]));
    n.insert(n.end(), t.begin() + static_cast<std::ptrdiff_t>(cut[1]), t.begin() + static_cast<std::ptrdiff_t>(cut[2]));
    n.insert(n.end(), t.begin() + static_cast<std::ptrdiff_t>(cut[0]), t.begin() + static_cast<std::ptrdiff_t>(cut[1]));
    n.insert(n.end(), t.begin() + static_cast<std::ptrdiff_t>(cut[2]), t.end());
    set_tour(n);
    for (std::size_t k : {cut[0] - 1, cut[0], cut[1] - 1, cut[1], cut[2] - 1, cut[2]}) push(t[k]);
  }

  const DistanceMatrix& d_;
  bool open_;
  std::size_t m_;      // stops, plus the dummy for an open tour
  std::size_t dummy_;  // index of the dummy, or m_ if none
  std::mt19937_64 rng_;
  std::vector<std::vector<std::size_t>> nbr_;
  std::vector<std::size_t> tour_, pos_;
  std::deque<std::size_t> queue_;
  std::vector<bool> queued_;
};

}  // namespace

Tour plan_tour(const DistanceMatrix& d, const TourOptions& options) {
  if (d.size() <= 4) return optimal_tour(d, options.closed);
  LocalSearch ls(d, !options.closed, options.seed);
  ls.optimise_all();
  ls.iterate(options.max_rounds);
  Tour t{ls.result(), 0};
  t.length_m = tour_length(d, t.order, options.closed);
  return t;
}

}  // namespace shikan::survey
