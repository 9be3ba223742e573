// Seeded randomness for the simulator. Every component draws from its own stream, derived from the
// master seed and a component name, so adding draws in one component never shifts another.
// Distributions are implemented here (not std::normal_distribution, whose algorithm is left to the
// standard library) so the same seed gives the same bytes with any toolchain.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace shikan::sim {

// splitmix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t x);
// FNV-1a 64-bit hash of a component name.
std::uint64_t fnv1a(std::string_view s);
// Seed of the stream named `component` under `master`.
std::uint64_t derive_seed(std::uint64_t master, std::string_view component);

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : eng_(seed) {}
  Rng(std::uint64_t master, std::string_view component) : eng_(derive_seed(master, component)) {}
  double uniform();                        // [0, 1), 53 random bits
  double uniform(double lo, double hi);    // [lo, hi)
  int uniform_int(int lo, int hi);         // [lo, hi], inclusive
  double normal();                         // standard normal, Box-Muller
  double normal(double mean, double sigma) { return mean + sigma * normal(); }
  bool chance(double p) { return uniform() < p; }
  std::uint64_t bits() { return eng_(); }

 private:
  std::mt19937_64 eng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace shikan::sim
