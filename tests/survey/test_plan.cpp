// The assembled plan: every sampled stop once, in order, split into days; reproducible byte for byte.
#include <catch2/catch.hpp>

#include <set>

#include "shikan/survey/plan.hpp"

using namespace shikan;
using namespace shikan::survey;

namespace {

std::vector<ReportedSite> city(int n) {
  std::vector<ReportedSite> out;
  const char* ops[] = {"cmcc", "cucc", "ctcc"};
  for (int i = 0; i < n; ++i) {
    ReportedSite s;
    s.site_id = std::string("XL-").append(std::to_string(100 + i));
    s.op = parse_site_operator(ops[i % 3]).value();
    s.operator_text = ops[i % 3];
    // a 6 km x 6 km city on a jittered grid
    s.pos = GeoPoint{Latitude(30.22 + 0.054 * ((i * 37) % 100) / 100.0), Longitude(120.13 + 0.062 * ((i * 61) % 100) / 100.0)};
    s.line = static_cast<std::size_t>(i + 2);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("plan: every sampled site once, orders 1..n, days in order, arrivals within the day", "[plan]") {
  PlanOptions o;
  o.schedule.hours_per_day = 3;
  const auto sites = city(300);
  const Plan plan = make_plan(sites, {}, o);
  std::set<std::string> ids;
  int order = 0, day = 1;
  for (const DayRoute& d : plan.days) {
    CHECK(d.day >= day);
    day = d.day;
    CHECK(d.hours <= 3.0 + 1e-9);
    CHECK(d.path.size() == d.stops.size() + 1);  // from the day's starting point through every stop
    for (const Stop& s : d.stops) {
      CHECK(s.order == ++order);
      CHECK(s.day == d.day);
      CHECK(s.arrive_min <= 180.0);
      CHECK(ids.insert(s.id).second);
    }
  }
  CHECK(static_cast<std::int64_t>(ids.size()) == plan.sites.drawn);
  CHECK(plan.days.size() > 1);
  CHECK(plan.route_km > 0);
}

TEST_CASE("plan: same seed and inputs, the same plan.json byte for byte; a warning when days run out", "[plan]") {
  PlanOptions o;
  o.days = 1;
  o.schedule.hours_per_day = 2;
  const auto sites = city(200);
  const std::vector<PlanInput> inputs{{"sites", "sites.csv", "abc", "wgs84"}};
  const std::string a = plan_json(make_plan(sites, {}, o), o, inputs).dump();
  const std::string b = plan_json(make_plan(sites, {}, o), o, inputs).dump();
  CHECK(a == b);
  const Plan p = make_plan(sites, {}, o);
  REQUIRE(p.warnings.size() == 1);
  CHECK_THAT(p.warnings[0], Catch::Contains("1 are available"));
  const nlohmann::json j = plan_json(p, o, inputs);
  CHECK(j["schema"] == "shikan.plan/1");
  CHECK(j["population"] == 200);
  CHECK(j["stops"].size() == static_cast<std::size_t>(p.sites.drawn));
  CHECK(j["stops"][0]["order"] == 1);
  o.sample.seed = 9;
  CHECK(plan_json(make_plan(sites, {}, o), o, inputs).dump() != a);
}

TEST_CASE("plan: entries outside the plausible area leave the frame with a warning naming file and line", "[plan][screen]") {
  auto sites = city(60);
  sites[10].pos = GeoPoint{Latitude(0.0), Longitude(0.0)};            // a placeholder
  sites[20].pos = GeoPoint{Latitude(31.25), Longitude(120.16)};       // one digit wrong: 111 km north
  sites[30].pos = GeoPoint{Latitude(30.26), Longitude(120.18)};       // inside: stays
  const Plan plan = make_plan(sites, {}, {}, "sites.csv");
  REQUIRE(plan.excluded.size() == 2);
  CHECK(plan.excluded[0].site.site_id == "XL-110");
  CHECK(plan.excluded[1].site.site_id == "XL-120");
  CHECK(plan.excluded[1].distance_km == Approx(111).margin(2));
  CHECK(plan.sites.population == 58);
  REQUIRE(plan.warnings.size() >= 2);
  CHECK(plan.warnings[0].find("sites.csv:12: site XL-110 left out") == 0);
  for (const DayRoute& d : plan.days)
    for (const Stop& s : d.stops) CHECK((s.id != "XL-110" && s.id != "XL-120"));
  const auto j = plan_json(plan, {}, {});
  REQUIRE(j["excluded"].size() == 2);
  CHECK(j["excluded"][1]["line"] == 22);
}

TEST_CASE("screen: a spread-out province-sized list keeps every entry; an empty stratum column is dropped", "[screen]") {
  std::vector<ReportedSite> wide = city(40);
  for (std::size_t i = 0; i < wide.size(); ++i)  // 2.5 degrees across, like Chongqing
    wide[i].pos = GeoPoint{Latitude(28.5 + 0.06 * static_cast<double>(i % 40)), Longitude(106.0 + 0.07 * static_cast<double>((i * 7) % 40))};
  const Screened s = screen_sites(wide, {StratumKey::District, StratumKey::Operator}, "wide.csv");
  CHECK(s.excluded.empty());
  CHECK(s.kept.size() == 40);
  CHECK(s.plausible_radius_km > 200);
  CHECK(s.strata == std::vector<StratumKey>{StratumKey::Operator});
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0] == "wide.csv: --strata district: the column is empty in every row; the sample is not stratified by it");
  wide[3].district = "渝中区";
  CHECK(screen_sites(wide, {StratumKey::District}, "wide.csv").strata == std::vector<StratumKey>{StratumKey::District});
}
