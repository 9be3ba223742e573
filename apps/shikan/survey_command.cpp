// `shikan survey plan` (docs/survey.md): options -> PlanOptions, then the survey library; prints what the plan
// holds and where its files are.
#include <algorithm>
#include <iostream>
#include <sstream>
#include <string_view>

#include "commands.hpp"
#include "shikan/core/hash.hpp"
#include "shikan/survey/plan.hpp"

namespace shikan::app {
namespace {

std::vector<survey::StratumKey> parse_strata(const std::string& text) {
  std::vector<survey::StratumKey> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    auto k = survey::parse_stratum_key(item);
    if (!k) throw CLI::ValidationError("--strata", "unknown stratum '" + item + "' (district, operator, type)");
    out.push_back(*k);
  }
  return out;
}

// "roads: reading 40%", "road distances 120/500": about 10 lines per stage on stderr.
// (The library reports reading about 10 times per file itself.)
void road_progress(std::string_view stage, std::size_t done, std::size_t total) {
  if (total == 0) return;
  if (stage == "reading") std::cerr << "roads: reading " << done * 100 / total << "%\n";
  else if (done == total || done % ((total + 9) / 10) == 0) std::cerr << "road " << stage << " " << done << "/" << total << "\n";
}

void print_plan(const survey::Plan& plan, const SiteList& list, std::ostream& out) {
  out << "站点清单 / site list: " << list.sites.size() << " entries";
  if (!list.rejections.empty()) out << ", " << list.rejections.size() << " rows rejected";
  out << "\n抽样 / sample: " << plan.sites.sample_size << " of " << plan.sites.population << " ("
      << plan.sites.strata.size() << " strata, " << plan.sites.drawn << " drawn)\n";
  for (const survey::PlaceCategoryPlan& p : plan.places)
    out << "  " << to_string(p.category) << ": " << p.sample << " of " << p.population << "\n";
  for (const survey::DayRoute& d : plan.days)
    out << "第 " << d.day << " 天 / day " << d.day << ": " << d.stops.size() << " stops, " << static_cast<int>(d.km)
        << " km, " << static_cast<int>(d.hours * 10) / 10.0 << " h\n";
}

}  // namespace

std::shared_ptr<const survey::RoadGraph> load_roads(const std::filesystem::path& path) {
  auto graph = std::make_shared<const survey::RoadGraph>(survey::load_road_graph(path, road_progress));
  std::cerr << "roads: " << graph->node_count() << " nodes, " << graph->arc_count() << " edges\n";
  if (graph->missing_nodes() > 0)
    std::cerr << "warning: " << path.string() << ": " << graph->missing_nodes()
              << " road node references without a location in the file (a cut extract, or ways before nodes); "
                 "those roads break there\n";
  return graph;
}

GeoPoint parse_lat_lon(const std::string& text, const std::string& option) {
  const auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    std::size_t used = 0;
    const double lat = std::stod(text.substr(0, comma), &used);
    if (used != comma) throw std::invalid_argument("trailing text");
    const double lon = std::stod(text.substr(comma + 1), &used);
    if (used != text.size() - comma - 1) throw std::invalid_argument("trailing text");
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) throw std::out_of_range("range");
    return GeoPoint{Latitude(lat), Longitude(lon)};
  } catch (const std::exception&) {
    throw CLI::ValidationError(option, "expected LAT,LON in WGS-84 degrees, got " + text);
  }
}

Action register_survey(CLI::App& app) {
  auto* survey_cmd = app.add_subcommand("survey", "Plan an audit: sample the reported sites and key places, order the visits, split them into days");
  survey_cmd->require_subcommand(1);
  auto* cmd = survey_cmd->add_subcommand("plan", "Write an audit plan: plan.json, route.gpx, route.kml, route.geojson, checklist.html, campaign.json");
  auto o = std::make_shared<survey::PlanOptions>();
  auto sites = std::make_shared<std::string>(), places = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  auto crs = std::make_shared<std::string>("wgs84"), strata = std::make_shared<std::string>("operator");
  auto start = std::make_shared<std::string>();
  auto days = std::make_shared<int>(0);
  auto roads = std::make_shared<std::string>();
  cmd->add_option("--sites", *sites, "Reported sites CSV (UTF-8 or GBK; the analyzer's columns)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--sites-crs", *crs, "CRS of the sites' coordinates")->capture_default_str()->check(CLI::IsMember({"wgs84", "gcj02", "bd09"}));
  cmd->add_option("--places", *places, "Key places (GeoJSON)")->check(CLI::ExistingFile);
  cmd->add_option("--out", *out, "Output folder")->required();
  cmd->add_option("--confidence", o->sample.confidence, "Confidence of the conclusion")->capture_default_str()->check(CLI::Range(0.5, 0.999));
  cmd->add_option("--tolerable-phantom", o->sample.tolerable_phantom, "Phantom share the sample must be able to rule out")->capture_default_str()->check(CLI::Range(0.001, 0.5));
  cmd->add_option("--strata", *strata, "Stratify by these columns: district,operator,type (comma-separated; empty: none)")->capture_default_str();
  cmd->add_option("--seed", o->sample.seed, "Random seed (same seed and inputs, same plan)")->capture_default_str();
  cmd->add_option("--start", *start, "Where the drive starts, LAT,LON (default: the centre of the stops)");
  cmd->add_option("--days", *days, "Days available (a warning when the plan needs more)")->check(CLI::Range(1, 365));
  cmd->add_option("--roads", *roads, "OpenStreetMap roads (.osm or .osm.pbf): road distances and street paths instead of straight lines")->check(CLI::ExistingFile);
  cmd->add_option("--hours-per-day", o->schedule.hours_per_day, "Working hours per day, driving and visits")->capture_default_str()->check(CLI::Range(1.0, 16.0));
  auto lang = std::make_shared<std::string>("zh"), day_start = std::make_shared<std::string>("08:30");
  cmd->add_option("--lang", *lang, "Language of checklist.html")->capture_default_str()->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--day-start", *day_start, "Clock time each day starts, HH:MM (checklist.html arrival times)")->capture_default_str();
  const Action status = register_survey_status(*survey_cmd);
  return [=]() -> int {
    if (!cmd->parsed()) return status();
    o->sample.strata = parse_strata(*strata);
    if (!start->empty()) o->start = parse_lat_lon(*start, "--start");
    if (*days > 0) o->days = *days;
    survey::ChecklistOptions checklist;
    checklist.lang = *survey::parse_checklist_lang(*lang);
    const auto start_min = survey::parse_clock_time(*day_start);
    if (!start_min) throw CLI::ValidationError("--day-start", "expected HH:MM (00:00..23:59), got " + *day_start);
    checklist.day_start_min = *start_min;
    SiteReadOptions sro;
    sro.crs = *crs == "gcj02" ? Crs::Gcj02 : *crs == "bd09" ? Crs::Bd09 : Crs::Wgs84;
    const SiteList list = read_sites_file(*sites, sro);
    for (const SiteRejection& r : list.rejections) std::cerr << "warning: " << r.message << "\n";
    for (const DuplicateSite& d : list.duplicates)
      std::cerr << "warning: " << list.source << ": site " << d.site_id << " (" << d.operator_key << ") listed "
                << d.lines.size() << " times; the first row is used\n";
    std::vector<survey::PlanInput> inputs{{"sites", *sites, sha256_file(*sites), *crs}};
    std::vector<KeyPlace> key_places;
    if (!places->empty()) {
      const PlaceList pl = read_places_file(*places);
      for (const PlaceRejection& r : pl.rejections) std::cerr << "warning: " << r.message << "\n";
      key_places = pl.places;
      inputs.push_back({"places", *places, sha256_file(*places), {}});
    }
    if (!roads->empty()) {
      o->roads = load_roads(*roads);
      o->road_progress = road_progress;
      inputs.push_back({"roads", *roads, sha256_file(*roads), {}});
    }
    const survey::Plan plan = survey::make_plan(list.sites, key_places, *o, list.source);
    for (const std::string& w : plan.warnings) std::cerr << "warning: " << w << "\n";
    survey::write_plan(plan, *o, inputs, *out, "Shikan audit plan", checklist);
    print_plan(plan, list, std::cout);
    std::cout << "核查清单 / checklist: " << (std::filesystem::path(*out) / "checklist.html").string()
              << "\n导航文件 / maps: route.gpx route.kml route.geojson   探针任务 / probe: campaign.json\n";
    std::cout << "plan: " << (std::filesystem::path(*out) / "plan.json").string() << "\n";
    return 0;
  };
}

}  // namespace shikan::app
