// The audit sample (issue 4; docs/survey.md, "Sampling"): how many reported sites to visit so that finding no
// phantom among them rules out a phantom share >= tolerable_phantom at the stated confidence (exact
// hypergeometric, core stats), allocated to strata in proportion with at least one per stratum, and which
// ones, drawn with a seeded generator whose sequence this code fixes. Key places: the same rule per category.
// Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/places.hpp"
#include "shikan/core/sites.hpp"

namespace shikan::survey {

// splitmix64 (Steele, Lea, Flood 2014): the output sequence is fixed by this code, unlike std::shuffle and
// std::uniform_int_distribution, whose algorithms differ between standard libraries. The same seed gives the
// same plan on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, n), n >= 1, without modulo bias (rejection).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

enum class StratumKey { District, Operator, Type };
std::string_view to_string(StratumKey k);                   // "district", "operator", "type"
std::optional<StratumKey> parse_stratum_key(std::string_view s);  // the same names, ASCII case-insensitive

struct SampleOptions {
  double confidence = 0.95;
  double tolerable_phantom = 0.05;  // the phantom share the sample must be able to rule out
  std::vector<StratumKey> strata{StratumKey::Operator};
  std::uint64_t seed = 1;
};

struct Stratum {
  std::string name;  // values of the stratum keys joined with " / " ("西湖区 / cmcc"); "—" for an empty value
  std::int64_t population = 0;
  std::int64_t sample = 0;
  std::vector<std::size_t> chosen;  // indices into the list, in draw order
};

struct SitePlan {
  std::int64_t population = 0;
  std::int64_t sample_size = 0;  // from the hypergeometric rule; total drawn is sum of strata samples
  std::int64_t drawn = 0;        // >= sample_size when there are more strata than draws
  std::string method;            // how sample_size was found, for plan.json
  std::vector<Stratum> strata;   // sorted by name
};

// Throws std::invalid_argument for an empty list or options out of range.
SitePlan sample_sites(const std::vector<ReportedSite>& sites, const SampleOptions& options);

struct PlaceCategoryPlan {
  PlaceCategory category;
  std::int64_t population = 0;
  std::int64_t sample = 0;
  std::vector<std::size_t> chosen;  // indices into the places, in draw order
};
// One entry per category present, in PlaceCategory order. The seed is shared with the sites' draw but
// derived per category, so adding places never changes which sites are drawn.
std::vector<PlaceCategoryPlan> sample_places(const std::vector<KeyPlace>& places, const SampleOptions& options);

}  // namespace shikan::survey
