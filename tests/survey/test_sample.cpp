// The audit sample: exact sizes against hand computation, allocation sums, reproducibility, independence of
// row order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "shikan/survey/sample.hpp"

using namespace shikan;
using namespace shikan::survey;

namespace {

// Smallest n with P(no phantom in n draws | N entries, K = ceil(p0 N) phantoms) <= 1 - confidence, by the
// product formula P = prod_{i<n} (N - K - i) / (N - i), written out independently of core stats.
std::int64_t by_hand(std::int64_t N, double p0, double confidence) {
  const auto K = static_cast<std::int64_t>(std::ceil(p0 * static_cast<double>(N) - 1e-9));
  double p = 1;
  for (std::int64_t n = 1; n <= N; ++n) {
    p *= static_cast<double>(N - K - (n - 1)) / static_cast<double>(N - (n - 1));
    if (p <= 1 - confidence) return n;
  }
  return N;
}

std::vector<ReportedSite> sites(int n, int operators = 3, int districts = 1) {
  std::vector<ReportedSite> out;
  const char* ops[] = {"cmcc", "cucc", "ctcc"};
  for (int i = 0; i < n; ++i) {
    ReportedSite s;
    s.site_id = std::string("S").append(std::to_string(1000 + i));
    s.op = parse_site_operator(ops[i % operators]).value();
    s.operator_text = ops[i % operators];
    s.district = std::string("D").append(std::to_string(i % districts));
    s.line = static_cast<std::size_t>(i + 2);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("sample size: the exact hypergeometric rule, checked by hand", "[sample]") {
  // N = 20, p0 = 0.1 -> K = 2: P(0 in n) = (20-n)(19-n)/380 <= 0.05 first at n = 16 (12/380); n = 15 gives 20/380.
  SampleOptions o;
  o.tolerable_phantom = 0.1;
  o.strata = {};
  CHECK(sample_sites(sites(20), o).sample_size == 16);
  CHECK(by_hand(20, 0.1, 0.95) == 16);
  for (std::int64_t N : {30, 100, 1000, 5000})
    for (double p0 : {0.05, 0.1, 0.2}) {
      o.tolerable_phantom = p0;
      INFO("N " << N << " p0 " << p0);
      CHECK(sample_sites(sites(static_cast<int>(N)), o).sample_size == by_hand(N, p0, 0.95));
    }
  // FIELD_GUIDE §6: 59 draws bound the phantom share below 5 % for a large list.
  o.tolerable_phantom = 0.05;
  CHECK(sample_sites(sites(100000), o).sample_size <= 59);
  CHECK(sample_sites(sites(100000), o).sample_size >= 58);
}

TEST_CASE("strata: proportional, at least one each, sums to the sample", "[sample]") {
  SampleOptions o;
  o.strata = {StratumKey::Operator, StratumKey::District};
  const auto list = sites(600, 3, 4);
  const SitePlan plan = sample_sites(list, o);
  CHECK(plan.strata.size() == 12);
  std::int64_t total = 0, pop = 0;
  std::set<std::size_t> all;
  for (const Stratum& s : plan.strata) {
    CHECK(s.sample >= 1);
    CHECK(static_cast<std::int64_t>(s.chosen.size()) == s.sample);
    total += s.sample, pop += s.population;
    for (std::size_t i : s.chosen) {
      CHECK(all.insert(i).second);  // no site twice
      CHECK(s.name.find(list[i].district) != std::string::npos);
    }
  }
  CHECK(pop == 600);
  CHECK(total == plan.drawn);
  CHECK(plan.drawn == plan.sample_size);
  CHECK(plan.strata.front().name == "cmcc / D0");  // sorted by name
}

TEST_CASE("the draw is reproducible for a seed and ignores the file's row order", "[sample]") {
  SampleOptions o;
  const auto list = sites(500);
  const SitePlan a = sample_sites(list, o), b = sample_sites(list, o);
  auto ids = [&](const SitePlan& p, const std::vector<ReportedSite>& l) {
    std::vector<std::string> v;
    for (const Stratum& s : p.strata)
      for (std::size_t i : s.chosen) v.push_back(l[i].site_id);
    return v;
  };
  CHECK(ids(a, list) == ids(b, list));
  auto reversed = list;
  std::reverse(reversed.begin(), reversed.end());
  CHECK(ids(sample_sites(reversed, o), reversed) == ids(a, list));
  o.seed = 2;
  CHECK(ids(sample_sites(list, o), list) != ids(a, list));
}

TEST_CASE("Rng: fixed sequence and unbiased bounds", "[sample]") {
  Rng r(1);
  // splitmix64 reference outputs for seed 1 (Vigna's reference implementation).
  CHECK(r.next() == 0x910A2DEC89025CC1ull);
  CHECK(r.next() == 0xBEEB8DA1658EEC67ull);
  Rng q(7);
  std::vector<int> counts(6);
  for (int i = 0; i < 60000; ++i) ++counts[q.below(6)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 400);
}

TEST_CASE("key places: sampled per category, whole small categories", "[sample]") {
  std::vector<KeyPlace> places;
  for (int i = 0; i < 40; ++i) {
    KeyPlace k;
    k.name = std::string("P").append(std::to_string(i));
    k.category = i < 3 ? PlaceCategory::Airport : PlaceCategory::Hospital;
    k.feature_index = static_cast<std::size_t>(i);
    places.push_back(k);
  }
  SampleOptions o;
  o.tolerable_phantom = 0.1;
  const auto plan = sample_places(places, o);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].category == PlaceCategory::Hospital);
  CHECK(plan[0].population == 37);
  CHECK(plan[0].sample == by_hand(37, 0.1, 0.95));
  CHECK(plan[1].population == 3);
  CHECK(plan[1].sample == 3);  // too few to sample: all of them
}

TEST_CASE("bad options and an empty list are clear errors", "[sample]") {
  SampleOptions o;
  CHECK_THROWS_WITH(sample_sites({}, o), Catch::Contains("no entries"));
  o.confidence = 1.2;
  CHECK_THROWS_WITH(sample_sites(sites(10), o), Catch::Contains("confidence"));
  CHECK(parse_stratum_key("District") == StratumKey::District);
  CHECK_FALSE(parse_stratum_key("city").has_value());
}
