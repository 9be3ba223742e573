// campaign.json: what the survey writes, core reads back unchanged (round trip); geofence radii by site type,
// place outlines with holes and several parts; plan_sha256 names plan.json as written; deterministic bytes.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "plan_town.hpp"
#include "shikan/core/campaign.hpp"
#include "shikan/core/hash.hpp"
#include "shikan/core/markup.hpp"
#include "shikan/survey/campaign.hpp"

using namespace shikan;
using namespace shikan::survey;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<const Stop*> all_stops(const Plan& plan) {
  std::vector<const Stop*> out;
  for (const DayRoute& d : plan.days)
    for (const Stop& s : d.stops) out.push_back(&s);
  return out;
}

}  // namespace

TEST_CASE("campaign.json: the core reader gets back every stop, operator, category and geofence", "[campaign]") {
  const Plan plan = test::town_plan();
  const std::string text = campaign_json(plan, 7, kSha, "西陵 <plan>");
  const Campaign c = parse_campaign(text, "campaign.json");
  CHECK(c.title == "西陵 <plan>");
  CHECK(c.plan_sha256 == kSha);
  CHECK(c.seed == 7);
  const auto stops = all_stops(plan);
  REQUIRE(c.stops.size() == stops.size());
  std::map<std::string, int> radius_by_type;
  for (std::size_t i = 0; i < stops.size(); ++i) {
    const Stop& s = *stops[i];
    const CampaignStop& r = c.stops[i];
    const StopOrigin& origin = plan.origins.at(i);
    INFO(s.id);
    CHECK(r.order == s.order);
    CHECK(r.day == s.day);
    CHECK(r.id == markup::clean_utf8(s.id));
    CHECK(r.name == markup::clean_utf8(s.name));
    CHECK(r.pos.lat.degrees() == Approx(s.pos.lat.degrees()).margin(1e-7));
    CHECK(r.pos.lon.degrees() == Approx(s.pos.lon.degrees()).margin(1e-7));
    if (s.kind == StopKind::Site) {
      REQUIRE(origin.site);
      CHECK(r.kind == CampaignStopKind::Site);
      CHECK(r.operator_key == origin.site->operator_text);  // cmcc/cucc/ctcc keys; "mno_x" as written
      REQUIRE(r.geofence.circle);
      const std::string type = origin.site->type ? std::string(to_string(*origin.site->type)) : "unknown";
      radius_by_type[type] = static_cast<int>(r.geofence.circle->radius.value);
    } else {
      REQUIRE(origin.place);
      CHECK(r.kind == CampaignStopKind::Place);
      CHECK(r.category == to_string(origin.place->category));
      const KeyPlace& p = *origin.place;
      CHECK(r.geofence.area.size() == p.area.size());
      for (std::size_t k = 0; k < p.area.size(); ++k) {
        CHECK(r.geofence.area[k].outer.size() == p.area[k].outer.size());
        CHECK(r.geofence.area[k].holes.size() == p.area[k].holes.size());
      }
      if (p.circle) {
        REQUIRE(r.geofence.circle);
        CHECK(r.geofence.circle->radius.value == 400);
      }
    }
  }
  // The analyzer's decide radii: macro (and unknown) 250 m, the small types 100 m.
  CHECK(radius_by_type == std::map<std::string, int>{
                              {"macro", 250}, {"micro", 100}, {"indoor", 100}, {"pico", 100}, {"unknown", 250}});
  CHECK(kDecideRadiusMacro.value == 250);
  CHECK(kDecideRadiusMicro.value == 100);
  // One stop per line, so a reader error's line points at the stop.
  CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<std::ptrdiff_t>(7 + stops.size() + 1));
  CHECK_THAT(text, Contains(R"({"type": "multipolygon", "polygons": [)"));
  CHECK_THAT(text, Contains(R"({"type": "polygon", "rings": [[[120.1430000, 30.2330000], )"));
}

TEST_CASE("campaign.json: same plan, same bytes; the hostile id survives as valid JSON", "[campaign]") {
  const std::string a = campaign_json(test::town_plan(), 7, kSha, "t");
  CHECK(a == campaign_json(test::town_plan(), 7, kSha, "t"));
  CHECK_THAT(a, Contains(R"("id": "<script>alert('x')</script>&\"")"));
  CHECK(markup::clean_utf8(a) == a);
  CHECK(site_geofence_radius(std::nullopt).value == 250);
  CHECK(site_geofence_radius(SiteType::Indoor).value == 100);
}

TEST_CASE("write_plan: checklist.html and campaign.json beside plan.json, which the campaign names", "[campaign]") {
  const fs::path dir = fs::temp_directory_path() / ("shikan-campaign-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ChecklistOptions en;
  en.lang = ChecklistLang::En;
  write_plan(test::town_plan(), test::town_options(), {{"sites", "sites.csv", "abc", "wgs84"}}, dir, "Xiling", en);
  for (const char* f : {"plan.json", "route.gpx", "route.kml", "route.geojson", "checklist.html", "campaign.json"})
    CHECK(fs::exists(dir / f));
  const Campaign c = read_campaign_file(dir / "campaign.json");
  CHECK(c.plan_sha256 == sha256_file(dir / "plan.json"));
  CHECK(c.title == "Xiling");
  CHECK(c.stops.size() == 33);
  CHECK_THAT(slurp(dir / "checklist.html"), Contains("<html lang=\"en\">"));
  fs::remove_all(dir);
}

#ifdef SHIKAN_BIN
TEST_CASE("shikan survey plan: --lang and --day-start reach checklist.html; a bad time exits 2", "[campaign][cli]") {
  const fs::path dir = fs::temp_directory_path() / ("shikan-plan-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string sites = std::string(SHIKAN_FIXTURES_DIR) + "/sites/hangzhou_utf8.csv";
  const auto run = [&](const std::string& args) {
    const int status = std::system((std::string(SHIKAN_BIN) + " survey plan --sites " + sites + " --out " +
                                    dir.string() + " " + args + " >/dev/null 2>&1")
                                       .c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  CHECK(run("--day-start 25:00") == 2);
  CHECK(run("--lang fr") == 2);
  REQUIRE(run("--lang en --day-start 07:15") == 0);
  const std::string html = slurp(dir / "checklist.html");
  CHECK_THAT(html, Contains("<html lang=\"en\">"));
  CHECK_THAT(html, Contains("Each day starts at</th><td>07:15</td>"));
  const Campaign c = read_campaign_file(dir / "campaign.json");
  CHECK(c.plan_sha256 == sha256_file(dir / "plan.json"));
  CHECK_FALSE(c.stops.empty());
  fs::remove_all(dir);
}
#endif
