// survey status: plan.json read back, the analysis' decisions laid over its stops, the confidence reached and
// the route through what is left.
#include "shikan/survey/status.hpp"

#include <cmath>

#include "shikan/core/files.hpp"
#include "shikan/core/stats.hpp"
#include "shikan/survey/map_files.hpp"

namespace shikan::survey {
namespace {

using nlohmann::json;

template <class T>
T field(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw PlanFileError(where + ": missing \"" + key + "\"");
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw PlanFileError(where + ": \"" + key + "\" has the wrong type");
  }
}

GeoPoint point_of(const json& j, const std::string& where) {
  const auto lat = field<double>(j, "lat", where), lon = field<double>(j, "lon", where);
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
    throw PlanFileError(where + ": lat/lon out of range");
  return GeoPoint{Latitude(lat), Longitude(lon)};
}

Stop stop_of(const json& j, const std::string& where) {
  Stop s{0, 0, StopKind::Site, {}, {}, {}, point_of(j, where), 0.0, {}};
  s.order = field<int>(j, "order", where);
  s.day = field<int>(j, "day", where);
  const auto kind = field<std::string>(j, "kind", where);
  if (kind != "site" && kind != "place") throw PlanFileError(where + ": kind must be site or place, not " + kind);
  s.kind = kind == "site" ? StopKind::Site : StopKind::Place;
  s.id = field<std::string>(j, "id", where);
  if (s.kind == StopKind::Site) s.op = field<std::string>(j, "operator", where);
  s.arrive_min = j.contains("arrive_min") && j["arrive_min"].is_number() ? j["arrive_min"].get<double>() : std::nan("");
  return s;
}

// Site decisions come first in the plan's order; the team is most likely near the last one done.
GeoPoint where_from(const std::vector<StopProgress>& stops, const GeoPoint& start) {
  for (auto it = stops.rbegin(); it != stops.rend(); ++it)
    if (it->decided) return it->stop.pos;
  return start;
}

}  // namespace

LoadedPlan parse_plan(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw PlanFileError(source + ": not JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!j.is_object() || j.value("schema", "") != "shikan.plan/1")
    throw PlanFileError(source + ": not a Shikan plan (schema shikan.plan/1 expected)");
  LoadedPlan p;
  p.seed = field<std::uint64_t>(j, "seed", source);
  p.confidence = field<double>(j, "confidence", source);
  p.tolerable_phantom = field<double>(j, "tolerable_phantom", source);
  p.population = field<std::int64_t>(j, "population", source);
  p.sample_size = field<std::int64_t>(j, "sample_size", source);
  if (!(p.confidence > 0 && p.confidence < 1) || !(p.tolerable_phantom > 0 && p.tolerable_phantom < 1) || p.population < 1)
    throw PlanFileError(source + ": confidence, tolerable_phantom or population out of range");
  p.start = point_of(field<json>(j, "start", source), source + ": start");
  for (const json& in : field<json>(j, "inputs", source))
    p.inputs.push_back({field<std::string>(in, "role", source + ": inputs"), field<std::string>(in, "path", source + ": inputs"),
                        field<std::string>(in, "sha256", source + ": inputs"), in.value("crs", std::string())});
  const json stops = field<json>(j, "stops", source);
  if (!stops.is_array()) throw PlanFileError(source + ": \"stops\" is not an array");
  for (std::size_t i = 0; i < stops.size(); ++i)
    p.stops.push_back(stop_of(stops[i], source + ": stops[" + std::to_string(i) + "]"));
  return p;
}

LoadedPlan read_plan(const std::filesystem::path& dir) {
  const auto path = dir / "plan.json";
  const auto text = read_file(path);
  if (!text) throw PlanFileError(path.string() + ": cannot read (is " + dir.string() + " a plan folder?)");
  return parse_plan(*text, path.string());
}

Progress assess(const LoadedPlan& plan, const SiteDecisions& sites, const PlaceDecisions& places, const StatusOptions& o) {
  Progress pr;
  for (const Stop& s : plan.stops) {
    StopProgress sp{s, "missing", false, std::nullopt};
    if (s.kind == StopKind::Site) {
      ++pr.sites;
      if (const auto it = sites.find({s.op, s.id}); it != sites.end()) {
        sp.outcome = it->second.status;
        sp.closest_approach_m = it->second.closest_approach_m;
        sp.decided = sp.outcome == "verified" || sp.outcome == "relocated" || sp.outcome == "not_observed";
      } else {
        pr.warnings.push_back("site " + s.id + " (" + s.op + ") of the plan is not in the site list any more");
      }
      pr.sites_decided += sp.decided;
      pr.verified += sp.outcome == "verified";
      pr.relocated += sp.outcome == "relocated";
      pr.not_observed += sp.outcome == "not_observed";
    } else {
      ++pr.places;
      if (const auto it = places.find(s.id); it != places.end()) {
        sp.decided = it->second.reachable.has_value();
        sp.outcome = !sp.decided ? "undecided" : *it->second.reachable ? "reachable" : "not_reachable";
      } else {
        pr.warnings.push_back("key place " + s.id + " of the plan is not in the places file any more");
      }
      pr.places_decided += sp.decided;
    }
    pr.stops.push_back(sp);
  }
  const auto bad0 = static_cast<std::int64_t>(std::ceil(plan.tolerable_phantom * static_cast<double>(plan.population) - 1e-9));
  pr.confidence_reached =
      pr.sites_decided == 0 ? 0.0 : 1.0 - stats::hypergeometric_cdf(pr.not_observed, plan.population, bad0, pr.sites_decided);
  if (pr.not_observed > 0) {
    const auto ci = stats::hypergeometric_interval(pr.not_observed, pr.sites_decided, plan.population, stats::Confidence(plan.confidence));
    const auto n = static_cast<double>(plan.population);
    pr.phantom_share = std::pair{static_cast<double>(ci.lower) / n, static_cast<double>(ci.upper) / n};
  }
  std::vector<Stop> left;
  for (const StopProgress& sp : pr.stops)
    if (!sp.decided) left.push_back(sp.stop);
  pr.from = o.from.value_or(where_from(pr.stops, plan.start));
  pr.remaining = route_stops(left, pr.from, o.route);
  return pr;
}

nlohmann::json status_json(const Progress& pr, const LoadedPlan& plan) {
  json j;
  j["schema"] = "shikan.status/1";
  j["plan"] = {{"seed", plan.seed}, {"confidence", plan.confidence}, {"tolerable_phantom", plan.tolerable_phantom},
               {"population", plan.population}, {"sample_size", plan.sample_size}};
  j["sites"] = {{"sampled", pr.sites}, {"decided", pr.sites_decided}, {"verified", pr.verified},
                {"relocated", pr.relocated}, {"not_observed", pr.not_observed}};
  j["places"] = {{"sampled", pr.places}, {"decided", pr.places_decided}};
  j["confidence_reached"] = std::round(pr.confidence_reached * 1e4) / 1e4;
  j["target_met"] = pr.not_observed == 0 && pr.confidence_reached >= plan.confidence;
  j["phantom_share"] = pr.phantom_share ? json{{"lower", pr.phantom_share->first}, {"upper", pr.phantom_share->second}} : json();
  j["stops"] = json::array();
  for (const StopProgress& sp : pr.stops) {
    json s{{"order", sp.stop.order}, {"kind", sp.stop.kind == StopKind::Site ? "site" : "place"}, {"id", sp.stop.id},
           {"outcome", sp.outcome}, {"decided", sp.decided}};
    if (sp.stop.kind == StopKind::Site) s["operator"] = sp.stop.op;
    if (sp.closest_approach_m) s["closest_approach_m"] = std::round(*sp.closest_approach_m);
    j["stops"].push_back(s);
  }
  j["from"] = {{"lat", pr.from.lat.degrees()}, {"lon", pr.from.lon.degrees()}};
  j["remaining"] = json::array();
  for (const DayRoute& d : pr.remaining.days)
    for (const Stop& s : d.stops)
      j["remaining"].push_back({{"order", s.order}, {"day", s.day}, {"kind", s.kind == StopKind::Site ? "site" : "place"},
                                {"id", s.id}, {"lat", s.pos.lat.degrees()}, {"lon", s.pos.lon.degrees()},
                                {"arrive_min", std::round(s.arrive_min * 10) / 10}});
  j["remaining_km"] = std::round(pr.remaining.km * 100) / 100;
  j["warnings"] = pr.warnings;
  return j;
}

void write_status(const Progress& pr, const LoadedPlan& plan, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create the folder: " + ec.message());
  write_file_atomically(dir / "status.json", status_json(pr, plan).dump(2) + "\n");
  write_file_atomically(dir / "remaining.gpx", to_gpx(pr.remaining.days, "Shikan: stops left"));
  write_file_atomically(dir / "remaining.kml", to_kml(pr.remaining.days, "Shikan: stops left"));
  write_file_atomically(dir / "remaining.geojson", to_geojson(pr.remaining.days));
}

}  // namespace shikan::survey
