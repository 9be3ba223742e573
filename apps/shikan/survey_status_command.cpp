// `shikan survey status` (docs/survey.md): analyses the logs so far against the plan's site list, lays the
// analysis' decisions over the planned stops, prints the progress and writes status.json and the route
// through what is left.
#include <cmath>
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "shikan/analyzer/analyze.hpp"
#include "shikan/core/hash.hpp"
#include "shikan/survey/status.hpp"

namespace shikan::app {
namespace {

namespace fs = std::filesystem;

const survey::PlanInput* plan_input(const survey::LoadedPlan& plan, const std::string& role) {
  for (const auto& i : plan.inputs)
    if (i.role == role) return &i;
  return nullptr;
}

// The plan's input of that role: --sites/--places/--roads when given, else the plan's path (as written, or next
// to the plan folder's parent when the plan was made from another working directory).
std::optional<fs::path> input_path(const survey::LoadedPlan& plan, const fs::path& plan_dir, const std::string& role,
                                   const std::string& given) {
  if (!given.empty()) return fs::path(given);
  const survey::PlanInput* in = plan_input(plan, role);
  if (!in) return std::nullopt;
  fs::path path = in->path;
  if (!fs::exists(path) && path.is_relative() && fs::exists(plan_dir.parent_path() / path)) path = plan_dir.parent_path() / path;
  if (!fs::exists(path))
    throw std::runtime_error(plan_dir.string() + "/plan.json: its " + role + " file " + in->path.string() +
                             " is not there; give it with --" + role);
  return path;
}

void warn_if_changed(const survey::LoadedPlan& plan, const std::string& role, const fs::path& path, const std::string& sha256) {
  const survey::PlanInput* in = plan_input(plan, role);
  if (in && sha256 != in->sha256)
    std::cerr << "warning: " << path.string() << " is not the " << role
              << " file the plan was drawn from (its SHA-256 differs); stops are matched by id\n";
}

std::optional<Crs> crs_of(const survey::LoadedPlan& plan) {
  for (const auto& i : plan.inputs)
    if (i.role == "sites") return i.crs == "gcj02" ? Crs::Gcj02 : i.crs == "bd09" ? Crs::Bd09 : Crs::Wgs84;
  return Crs::Wgs84;
}

std::string outcome_word(const std::string& o) {
  if (o == "verified") return "核实 verified";
  if (o == "relocated") return "位置不符 relocated";
  if (o == "not_observed") return "未发现 not observed";
  if (o == "inconclusive") return "待判定 inconclusive";
  if (o == "reachable") return "5G可达 reachable";
  if (o == "not_reachable") return "5G不可达 not reachable";
  if (o == "undecided") return "待判定 undecided";
  return "清单中无 missing";
}

void print_progress(const survey::Progress& p, const survey::LoadedPlan& plan, std::ostream& out) {
  out << std::fixed << std::setprecision(1);
  out << "抽样站点 / sampled sites: " << p.sites_decided << " of " << p.sites << " decided (verified " << p.verified
      << ", relocated " << p.relocated << ", not observed " << p.not_observed << ")\n";
  if (p.places > 0) out << "重点场所 / key places: " << p.places_decided << " of " << p.places << " decided\n";
  out << "置信度 / confidence that phantoms are under " << plan.tolerable_phantom * 100 << "% of " << plan.population
      << " entries: " << p.confidence_reached * 100 << "% (target " << plan.confidence * 100 << "%)";
  if (p.not_observed > 0)
    out << "; 已发现虚报 " << p.not_observed << " 个 / " << p.not_observed << " phantom(s) found: the plan's no-phantom rule cannot be met";
  out << "\n";
  if (p.phantom_share)
    out << "虚报比例 / phantom share: " << p.phantom_share->first * 100 << "% .. " << p.phantom_share->second * 100
        << "% (" << plan.confidence * 100 << "% interval): the list overstates its sites\n";
  for (const survey::StopProgress& s : p.stops)
    out << "  #" << s.stop.order << '\t' << (s.decided ? "[x] " : "[ ] ") << s.stop.id
        << (s.stop.op.empty() ? "" : " (" + s.stop.op + ")") << '\t' << outcome_word(s.outcome)
        << (s.closest_approach_m && !s.decided ? ", route came within " + std::to_string(std::lround(*s.closest_approach_m)) + " m" : "")
        << '\n';
  std::size_t left = 0;
  for (const auto& d : p.remaining.days) left += d.stops.size();
  out << "剩余 / left: " << left << " stops, " << p.remaining.km << " km, " << p.remaining.days.size() << " day(s)\n";
}

}  // namespace

Action register_survey_status(CLI::App& survey_cmd) {
  auto* cmd = survey_cmd.add_subcommand("status", "How far an audit has come: decided stops, confidence reached, route through what is left");
  auto plan_dir = std::make_shared<std::string>(), sites = std::make_shared<std::string>(), places = std::make_shared<std::string>();
  auto profile = std::make_shared<std::string>(), out = std::make_shared<std::string>(), from = std::make_shared<std::string>();
  auto meas = std::make_shared<std::vector<fs::path>>();
  auto roads = std::make_shared<std::string>();
  auto o = std::make_shared<survey::StatusOptions>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("--plan", *plan_dir, "Plan folder (plan.json) written by `shikan survey plan`")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--measurements", *meas, "Logs so far: probe database, G-NetTrack export, generic CSV, or a folder; repeatable")->required()->check(CLI::ExistingPath);
  cmd->add_option("--sites", *sites, "Reported sites CSV (default: the plan's)")->check(CLI::ExistingFile);
  cmd->add_option("--places", *places, "Key places GeoJSON (default: the plan's)")->check(CLI::ExistingFile);
  cmd->add_option("--roads", *roads, "OpenStreetMap roads for the route left (default: the plan's, if it had one)")->check(CLI::ExistingFile);
  cmd->add_option("--profile", *profile, "Analyzer thresholds profile (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--from", *from, "Where the team is now, LAT,LON (default: the last decided stop in the plan's order)");
  cmd->add_option("--hours-per-day", o->route.schedule.hours_per_day, "Working hours per day for the route left")->capture_default_str()->check(CLI::Range(1.0, 16.0));
  cmd->add_option("--out", *out, "Output folder for status.json and remaining.gpx/.kml/.geojson (default: PLAN/status)");
  cmd->add_flag("--quiet", *quiet, "No progress lines on stderr");
  return [=]() -> int {
    if (!cmd->parsed()) return -1;
    const fs::path dir = *plan_dir;
    const survey::LoadedPlan plan = survey::read_plan(dir);
    o->route.sample.seed = plan.seed;
    if (!from->empty()) o->from = parse_lat_lon(*from, "--from");
    analyzer::AnalyzeOptions ao;
    ao.measurements = *meas;
    const auto sites_path = input_path(plan, dir, "sites", *sites);
    if (!sites_path) throw std::runtime_error((dir / "plan.json").string() + ": names no sites file; give it with --sites");
    ao.sites = *sites_path;
    ao.sites_crs = crs_of(plan);
    ao.places = input_path(plan, dir, "places", *places);
    if (!profile->empty()) ao.profile = *profile;
    if (const auto r = input_path(plan, dir, "roads", *roads)) {
      o->route.roads = load_roads(*r);
      warn_if_changed(plan, "roads", *r, sha256_file(*r));
    }
    if (!*quiet) ao.progress = [](const std::string& line) { std::cerr << "analyze: " << line << "\n"; };
    const analyzer::Analysis a = analyzer::analyze(ao);
    for (const analyzer::InputFile& in : a.inputs)  // the analyzer hashed its inputs already
      if (in.role == "sites" || in.role == "places") warn_if_changed(plan, in.role, in.path, in.sha256);
    const survey::Progress p = survey::assess(plan, survey::site_decisions(a), survey::place_decisions(a), *o);
    for (const std::string& w : p.warnings) std::cerr << "warning: " << w << "\n";
    const fs::path out_dir = out->empty() ? dir / "status" : fs::path(*out);
    survey::write_status(p, plan, out_dir);
    print_progress(p, plan, std::cout);
    std::cout << "status: " << (out_dir / "status.json").string() << "\n";
    return 0;
  };
}

}  // namespace shikan::app
