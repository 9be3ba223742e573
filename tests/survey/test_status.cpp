// survey status: plan.json read back (and its errors), the confidence reached worked by hand, and a generated
// campaign driven along its own plan with half the logs in, then all of them.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <pugixml.hpp>
#include <unistd.h>

#include "shikan/analyzer/analyze.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/generate.hpp"
#include "shikan/sim/simulation.hpp"
#include "shikan/survey/status.hpp"

using namespace shikan;
using namespace shikan::survey;
namespace fs = std::filesystem;

namespace {

GeoPoint pt(double lat, double lon) { return GeoPoint{Latitude(lat), Longitude(lon)}; }

Stop site_stop(int order, const std::string& id, double lat, double lon) {
  return Stop{order, 1, StopKind::Site, id, {}, {}, pt(lat, lon), 0.0, "cmcc"};
}

LoadedPlan small_plan() {
  LoadedPlan p;
  p.population = 20;
  p.tolerable_phantom = 0.1;  // K0 = 2
  p.confidence = 0.95;
  p.sample_size = 16;
  p.start = pt(30.25, 120.16);
  p.stops = {site_stop(1, "A", 30.26, 120.16), site_stop(2, "B", 30.27, 120.16), site_stop(3, "C", 30.28, 120.16),
             site_stop(4, "D", 30.29, 120.16), Stop{5, 1, StopKind::Place, "医院", {}, {}, pt(30.30, 120.17), 0.0, {}}};
  return p;
}

std::string plan_text(const std::string& stop) {
  return R"({"schema":"shikan.plan/1","seed":3,"confidence":0.95,"tolerable_phantom":0.05,"population":40,
  "sample_size":30,"start":{"lat":30.2,"lon":120.1},"inputs":[{"role":"sites","path":"s.csv","sha256":"x","crs":"gcj02"}],
  "stops":[)" + stop + "]}";
}

}  // namespace

TEST_CASE("status: plan.json is read back, and a broken one is an error naming the file and the stop", "[status]") {
  const LoadedPlan p = parse_plan(
      plan_text(R"({"order":1,"day":1,"kind":"site","id":"S1","operator":"cucc","lat":30.3,"lon":120.2,"arrive_min":12.5})"), "p.json");
  REQUIRE(p.stops.size() == 1);
  CHECK(p.stops[0].op == "cucc");
  CHECK(p.stops[0].arrive_min == 12.5);
  CHECK(p.inputs.at(0).crs == "gcj02");
  CHECK(p.population == 40);
  const auto fails = [](const std::string& text, const std::string& what) {
    try {
      parse_plan(text, "p.json");
      FAIL("no error for " << text);
    } catch (const PlanFileError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(what) != std::string::npos);
    }
  };
  fails("{not json", "p.json: not JSON");
  fails(R"({"schema":"shikan.report/1"})", "not a Shikan plan");
  fails(plan_text(R"({"order":1,"day":1,"kind":"site","id":"S1","lat":30.3,"lon":120.2})"), "stops[0]: missing \"operator\"");
  fails(plan_text(R"({"order":1,"day":1,"kind":"site","id":"S1","operator":"x","lat":95,"lon":120.2})"), "stops[0]: lat/lon out of range");
  fails(plan_text(R"({"order":"one","day":1,"kind":"place","id":"S1","lat":30,"lon":120.2})"), "\"order\" has the wrong type");
  fails(plan_text(R"({"order":1,"day":1,"kind":"tower","id":"S1","lat":30,"lon":120.2})"), "kind must be site or place");
}

TEST_CASE("status: decided stops and the confidence reached, worked by hand", "[status]") {
  const LoadedPlan plan = small_plan();
  SECTION("three verified, one inconclusive: 1 - P(X=0 | N=20, K0=2, n=3) = 1 - 17*16/(20*19)") {
    const SiteDecisions sd{{{"cmcc", "A"}, {"verified", {}}}, {{"cmcc", "B"}, {"verified", {}}},
                           {{"cmcc", "C"}, {"relocated", {}}}, {{"cmcc", "D"}, {"inconclusive", 640.0}}};
    const PlaceDecisions pd{{"医院", {std::nullopt, 3}}};
    const Progress p = assess(plan, sd, pd, {});
    CHECK(p.sites == 4);
    CHECK(p.sites_decided == 3);
    CHECK(p.places_decided == 0);
    CHECK(p.relocated == 1);
    CHECK(p.confidence_reached == Approx(1.0 - 272.0 / 380.0).epsilon(1e-12));
    CHECK_FALSE(p.phantom_share);
    // The team is at the last decided stop (C); what is left is D and the hospital.
    CHECK(p.from.lat.degrees() == 30.28);
    std::set<std::string> left;
    for (const DayRoute& d : p.remaining.days)
      for (const Stop& s : d.stops) left.insert(s.id);
    CHECK(left == std::set<std::string>{"D", "医院"});
    CHECK(p.stops[3].closest_approach_m == 640.0);
    const auto j = status_json(p, plan);
    CHECK(j["schema"] == "shikan.status/1");
    CHECK(j["target_met"] == false);
    CHECK(j["remaining"].size() == 2);
  }
  SECTION("a phantom found: 1 - P(X<=1 | N=20, K0=2, n=3) = 18/1140, and the phantom share's interval") {
    const SiteDecisions sd{{{"cmcc", "A"}, {"verified", {}}}, {{"cmcc", "B"}, {"not_observed", {}}},
                           {{"cmcc", "C"}, {"verified", {}}}, {{"cmcc", "D"}, {"verified", {}}}};
    const PlaceDecisions pd{{"医院", {true, 40}}};
    const Progress p = assess(plan, sd, pd, {});
    CHECK(p.sites_decided == 4);
    CHECK(p.not_observed == 1);
    // n = 4: P(X >= 2) = C(2,2) C(18,2) / C(20,4) = 153 / 4845
    CHECK(p.confidence_reached == Approx(153.0 / 4845.0).epsilon(1e-12));
    REQUIRE(p.phantom_share);
    CHECK(p.phantom_share->first == Approx(1.0 / 20));  // at least the one found
    CHECK(p.phantom_share->second > 0.25);
    CHECK(p.remaining.days.empty());
  }
  SECTION("nothing decided yet: confidence 0, the whole plan left, from the plan's start; a vanished entry is named") {
    const Progress p = assess(plan, {{{"cmcc", "A"}, {"inconclusive", {}}}}, {}, {});
    CHECK(p.confidence_reached == 0);
    CHECK(p.from.lat.degrees() == 30.25);
    CHECK(p.stops[1].outcome == "missing");
    REQUIRE(p.warnings.size() == 4);  // B, C, D and the hospital are in neither decision list
    CHECK(p.warnings[0].find("site B (cmcc)") != std::string::npos);
  }
}

namespace {

struct Campaign {
  sim::GeneratedCity city;
  fs::path dir;
  LoadedPlan plan;
  std::vector<std::string> rows;  // the drive's CSV lines, header first
};

Campaign plan_and_drive(std::uint64_t seed) {
  sim::GenerateOptions g;
  g.seed = seed;
  g.sites_per_operator = 10;
  g.spacing_m = 800;
  g.phantom = 0.2;
  g.relocated = 0;
  g.unreported = 0;
  g.keyplaces = 0;
  Campaign c{sim::generate_city(g), fs::temp_directory_path() / ("shikan-status-" + std::to_string(::getpid())), {}, {}};
  fs::remove_all(c.dir);
  sim::write_city(c.city, c.dir);
  const SiteList list = read_sites_file(c.dir / "reported_sites.csv");
  PlanOptions po;
  po.sample.seed = seed;
  po.sample.confidence = 0.9;
  po.sample.tolerable_phantom = 0.1;
  const Plan plan = make_plan(list.sites, {}, po);
  write_plan(plan, po, {{"sites", c.dir / "reported_sites.csv", "-", "wgs84"}}, c.dir / "plan", "test");
  c.plan = read_plan(c.dir / "plan");
  sim::CityBundle bundle = sim::load_city(c.dir);
  sim::use_route(bundle, c.dir / "plan" / "route.gpx");  // drive the plan, day after day
  sim::SimOptions so;
  so.seed = seed;
  sim::Simulation simulation(bundle, so);
  std::stringstream csv;
  sim::export_measurements(simulation, csv);
  for (std::string line; std::getline(csv, line);) c.rows.push_back(line);
  return c;
}

analyzer::Analysis analyse(const Campaign& c, std::size_t rows, const std::string& name) {
  const fs::path path = c.dir / name;
  {
    std::ofstream out(path);
    for (std::size_t i = 0; i < rows; ++i) out << c.rows[i] << '\n';
  }
  analyzer::AnalyzeOptions o;
  o.measurements = {path};
  o.sites = c.dir / "reported_sites.csv";
  return analyzer::analyze(o);
}

}  // namespace

TEST_CASE("status: a generated campaign driven along its plan, with half the logs in and then all", "[status][generated]") {
  const Campaign c = plan_and_drive(31);
  std::map<std::pair<std::string, std::string>, sim::Planted> truth;
  for (const sim::GeneratedSite& s : c.city.sites) truth[{s.op, s.site_id}] = s.status;

  const analyzer::Analysis half_a = analyse(c, c.rows.size() / 2, "half.csv");
  const Progress half = assess(c.plan, site_decisions(half_a), place_decisions(half_a), {});
  const analyzer::Analysis all_a = analyse(c, c.rows.size(), "all.csv");
  const Progress all = assess(c.plan, site_decisions(all_a), place_decisions(all_a), {});

  INFO("sampled " << half.sites << ", decided after half " << half.sites_decided << ", after all " << all.sites_decided);
  REQUIRE(half.sites >= 12);
  // Half the drive decides roughly the first half of the visits, and leaves the rest to drive.
  CHECK(half.sites_decided >= half.sites / 4);
  CHECK(half.sites_decided <= 3 * half.sites / 4);
  double decided_order = 0, left_order = 0;
  int decided = 0, left = 0;
  for (const StopProgress& s : half.stops) (s.decided ? decided_order : left_order) += s.stop.order, (s.decided ? decided : left) += 1;
  CHECK(decided_order / decided < left_order / left);
  std::size_t remaining = 0;
  for (const DayRoute& d : half.remaining.days) remaining += d.stops.size();
  CHECK(remaining == static_cast<std::size_t>(left));
  // Driving the whole plan decides nearly every sampled site, and every decision agrees with the answer key.
  CHECK(all.sites_decided >= all.sites * 9 / 10);
  int phantoms = 0;
  for (const StopProgress& s : all.stops) {
    if (!s.decided) continue;
    const sim::Planted t = truth.at({s.stop.op, s.stop.id});
    INFO(s.stop.id << " " << s.outcome);
    CHECK((s.outcome == "not_observed") == (t == sim::Planted::Phantom));
    phantoms += t == sim::Planted::Phantom;
  }
  CHECK(phantoms == all.not_observed);
  CHECK(all.confidence_reached >= 0.0);
  if (all.not_observed == 0) CHECK(all.confidence_reached >= half.confidence_reached);

  write_status(half, c.plan, c.dir / "status");
  pugi::xml_document gpx;
  REQUIRE(gpx.load_file((c.dir / "status" / "remaining.gpx").c_str()));
  CHECK(gpx.select_nodes("/gpx/wpt").size() == remaining);
  std::ifstream sj(c.dir / "status" / "status.json");
  const auto j = nlohmann::json::parse(sj);
  CHECK(j["sites"]["decided"] == half.sites_decided);
  fs::remove_all(c.dir);
}
