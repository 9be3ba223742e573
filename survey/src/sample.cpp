// Sample size, proportional allocation and the seeded draw.
#include "shikan/survey/sample.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "shikan/core/stats.hpp"

namespace shikan::survey {
namespace {

std::string stratum_value(const ReportedSite& s, StratumKey k) {
  switch (k) {
    case StratumKey::District: return s.district;
    case StratumKey::Operator:
      return s.op.op != Operator::Other ? std::string(operator_name(s.op.op).key) : s.operator_text;
    case StratumKey::Type: return s.type ? std::string(to_string(*s.type)) : std::string();
  }
  return {};
}

std::string stratum_name(const ReportedSite& s, const std::vector<StratumKey>& keys) {
  std::string name;
  for (StratumKey k : keys) {
    if (!name.empty()) name.append(" / ");
    const std::string v = stratum_value(s, k);
    name.append(v.empty() ? std::string("—") : v);
  }
  return name.empty() ? std::string("all") : name;
}

// Draws k of the members (already in a canonical order) by a partial Fisher–Yates shuffle.
std::vector<std::size_t> draw(std::vector<std::size_t> members, std::int64_t k, Rng& rng) {
  const auto n = members.size();
  const auto take = static_cast<std::size_t>(std::min<std::int64_t>(k, static_cast<std::int64_t>(n)));
  for (std::size_t i = 0; i < take; ++i) std::swap(members[i], members[i + rng.below(n - i)]);
  members.resize(take);
  return members;
}

std::uint64_t derive(std::uint64_t seed, std::uint64_t salt) {
  Rng r(seed ^ (salt * 0x9E3779B97F4A7C15ull));
  return r.next();
}

void check(const SampleOptions& o) {
  if (!(o.confidence > 0 && o.confidence < 1)) throw std::invalid_argument("confidence must lie in (0, 1)");
  if (!(o.tolerable_phantom > 0 && o.tolerable_phantom < 1))
    throw std::invalid_argument("tolerable phantom share must lie in (0, 1)");
}

// The hypergeometric sample size for a population, or all of it when the rule needs more than there is.
std::int64_t size_for(std::int64_t population, const SampleOptions& o) {
  return std::min(population, stats::sample_size_hypergeometric(population, stats::Probability(o.tolerable_phantom),
                                                                stats::Confidence(o.confidence)));
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t Rng::below(std::uint64_t n) {
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);  // largest multiple of n
  std::uint64_t x = next();
  while (x >= limit) x = next();
  return x % n;
}

std::string_view to_string(StratumKey k) {
  switch (k) {
    case StratumKey::District: return "district";
    case StratumKey::Operator: return "operator";
    case StratumKey::Type: return "type";
  }
  return "?";
}

std::optional<StratumKey> parse_stratum_key(std::string_view s) {
  for (StratumKey k : {StratumKey::District, StratumKey::Operator, StratumKey::Type})
    if (csv::iequals(s, to_string(k))) return k;
  return std::nullopt;
}

SitePlan sample_sites(const std::vector<ReportedSite>& sites, const SampleOptions& o) {
  check(o);
  if (sites.empty()) throw std::invalid_argument("the site list has no entries");
  SitePlan plan;
  plan.population = static_cast<std::int64_t>(sites.size());
  plan.sample_size = size_for(plan.population, o);
  plan.method = "exact hypergeometric: smallest n with P(no phantom in n | N, ceil(p0 N) phantoms) <= 1 - confidence";
  std::map<std::string, std::vector<std::size_t>> groups;  // sorted by name: deterministic
  for (std::size_t i = 0; i < sites.size(); ++i) groups[stratum_name(sites[i], o.strata)].push_back(i);
  std::vector<std::int64_t> populations;
  for (const auto& [name, members] : groups) populations.push_back(static_cast<std::int64_t>(members.size()));
  const stats::Allocation alloc = stats::allocate_proportional(populations, plan.sample_size);
  Rng rng(derive(o.seed, 1));
  std::size_t g = 0;
  for (auto& [name, members] : groups) {
    // Canonical order inside a stratum (site id, then line): the draw does not depend on the file's row order.
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(sites[a].site_id, sites[a].line) < std::tie(sites[b].site_id, sites[b].line);
    });
    Stratum s;
    s.name = name;
    s.population = static_cast<std::int64_t>(members.size());
    s.sample = alloc.per_stratum[g++];
    s.chosen = draw(members, s.sample, rng);
    plan.drawn += s.sample;
    plan.strata.push_back(std::move(s));
  }
  return plan;
}

std::vector<PlaceCategoryPlan> sample_places(const std::vector<KeyPlace>& places, const SampleOptions& o) {
  check(o);
  std::map<PlaceCategory, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < places.size(); ++i) groups[places[i].category].push_back(i);
  std::vector<PlaceCategoryPlan> out;
  for (auto& [category, members] : groups) {
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(places[a].name, places[a].feature_index) < std::tie(places[b].name, places[b].feature_index);
    });
    PlaceCategoryPlan p{category, static_cast<std::int64_t>(members.size()), 0, {}};
    p.sample = size_for(p.population, o);
    Rng rng(derive(o.seed, 100 + static_cast<std::uint64_t>(category)));
    p.chosen = draw(members, p.sample, rng);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace shikan::survey
