// gNB-ID length choice (from the list's ids, from space) and key-place reachability on hand-drawn towns.
#include <catch2/catch.hpp>

#include "town.hpp"

using namespace shikan;
using namespace shikan::analyzer;
using shikan::test::Town;
using shikan::test::TownSite;

namespace {
const std::vector<Xy> kRoad{{-3000, 0}, {3000, 0}};

std::string list_without_bits(const Town& town, const std::vector<TownSite>& sites, bool ids) {
  std::string s = "site_id,operator,lat,lon,gnb_id\n";
  for (const TownSite& t : sites) {
    const GeoPoint g = town.geo(t.at);
    s.append("S").append(std::to_string(t.gnb)).append(",46000,").append(std::to_string(g.lat.degrees()));
    s.append(",").append(std::to_string(g.lon.degrees())).append(",");
    s.append(ids ? std::to_string(t.gnb) : std::string()).append("\n");
  }
  return s;
}
}  // namespace

TEST_CASE("gNB-ID length inferred from the list's ids when nothing states it", "[nodes]") {
  Town town;
  town.bits = 26;
  const std::vector<TownSite> real{{{-1500, 150}, 40000}, {{0, -150}, 40001}, {{1500, 150}, 40002}};
  const Analysis a = shikan::test::analyse_town(town.drive(real, kRoad), list_without_bits(town, real, true));
  REQUIRE(a.lengths.size() == 1);
  CHECK(a.lengths[0].bits == 26);
  CHECK(a.lengths[0].source == LengthSource::InferredFromIds);
  CHECK(a.counts.verified == 3);
}

TEST_CASE("gNB-ID length inferred from space: the shortest length whose nodes stay in one place", "[nodes]") {
  Town town;  // 24 bits; consecutive ids, so at 23 bits sites 100 and 101 would merge 1.5 km apart
  const std::vector<TownSite> real{{{-1500, 150}, 100}, {{0, -150}, 101}, {{1500, 150}, 102}, {{2900, -150}, 103}};
  const Analysis a = shikan::test::analyse_town(town.drive(real, {{-3000, 0}, {4500, 0}}), list_without_bits(town, real, false));
  REQUIRE(a.lengths.size() == 1);
  CHECK(a.lengths[0].source == LengthSource::InferredFromSpace);
  CHECK(a.lengths[0].bits == 24);
  CHECK(a.counts.verified == 4);
}

TEST_CASE("the profile's gNB-ID length applies when the list has no gnb_id_bits", "[nodes]") {
  Town town;
  town.bits = 28;
  const std::vector<TownSite> real{{{-1500, 150}, 900}, {{0, -150}, 901}};
  Profile p;
  p.gnb_id_length["46000"] = 28;
  const Analysis a = shikan::test::analyse_town(town.drive(real, kRoad), list_without_bits(town, real, true), Crs::Wgs84, {}, p);
  CHECK(a.lengths[0].source == LengthSource::Profile);
  CHECK(a.counts.verified == 2);
}

TEST_CASE("key places: covered, not covered, not measured", "[places]") {
  const Town town;
  const std::vector<TownSite> real{{{-1500, 150}, 100}, {{0, -150}, 101}};
  const auto circle = [&](std::string name, Xy at) {
    KeyPlace k;
    k.name = std::move(name);
    k.circle = PlaceCircle{town.geo(at), Metres(100)};
    return k;
  };
  // Near site 100: strong NR. At x = 2900 the nearest site is 2.9 km away: no NR (LTE rows). Far north: no samples.
  const std::vector<KeyPlace> places{circle("医院", {-1500, 20}), circle("车站", {2900, 0}), circle("机场", {0, 5000})};
  Claims c;
  c.key_place_reachability = 1.0;
  const Analysis a = shikan::test::analyse_town(town.drive(real, kRoad), list_without_bits(town, real, true),
                                                Crs::Wgs84, c, {}, places);
  REQUIRE(a.place_findings);
  const auto& f = *a.place_findings;
  CHECK(f[0].reachable == std::optional<bool>(true));
  CHECK(f[1].reachable == std::optional<bool>(false));
  CHECK_FALSE(f[2].reachable.has_value());
  CHECK(f[2].samples == 0);
  const Indicator& ind = a.indicators.back();
  CHECK(ind.name == "key_place_reachability");
  CHECK(*ind.estimate == Approx(0.5));
  CHECK(ind.n == 2);
  CHECK(ind.verdict == stats::Verdict::Overstated);  // 100 % claimed, one measured place has no 5G
}
