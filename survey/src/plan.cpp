// make_plan: sample -> stops -> tour -> days.
#include "shikan/survey/plan.hpp"

#include <cmath>
#include <fstream>

#include "shikan/core/hash.hpp"
#include "shikan/survey/campaign.hpp"
#include "shikan/survey/tour.hpp"

namespace shikan::survey {
namespace {

std::vector<Stop> stops_of(const std::vector<ReportedSite>& sites, const std::vector<KeyPlace>& places,
                           const SitePlan& sp, const std::vector<PlaceCategoryPlan>& pp) {
  std::vector<Stop> out;
  for (const Stratum& s : sp.strata)
    for (std::size_t i : s.chosen) {
      out.push_back(Stop{0, 0, StopKind::Site, sites[i].site_id, sites[i].address, s.name, sites[i].pos, 0.0,
                         operator_key(sites[i])});
    }
  for (const PlaceCategoryPlan& c : pp)
    for (std::size_t i : c.chosen) {
      out.push_back(Stop{0, 0, StopKind::Place, places[i].name, places[i].name,
                         std::string(to_string(places[i].category)), anchor(places[i]), 0.0, {}});
    }
  return out;
}

// Parallel to stops_of: what each stop was drawn from.
std::vector<StopOrigin> origins_of(const std::vector<ReportedSite>& sites, const std::vector<KeyPlace>& places,
                                   const SitePlan& sp, const std::vector<PlaceCategoryPlan>& pp) {
  std::vector<StopOrigin> out;
  for (const Stratum& s : sp.strata)
    for (std::size_t i : s.chosen) out.push_back(StopOrigin{sites[i], std::nullopt});
  for (const PlaceCategoryPlan& c : pp)
    for (std::size_t i : c.chosen) out.push_back(StopOrigin{std::nullopt, places[i]});
  return out;
}

GeoPoint centre_of(const std::vector<Stop>& stops) {
  double lat = 0, lon = 0;
  for (const Stop& s : stops) lat += s.pos.lat.degrees(), lon += s.pos.lon.degrees();
  const auto n = static_cast<double>(stops.size());
  return GeoPoint{Latitude(lat / n), Longitude(lon / n)};
}

}  // namespace

Route route_stops(const std::vector<Stop>& stops, const GeoPoint& start, const PlanOptions& o) {
  Route route;
  if (stops.empty()) return route;
  // Stop 0 of the tour is the start; the tour is open (the team does not need to come back).
  std::vector<GeoPoint> points{start};
  for (const Stop& s : stops) points.push_back(s.pos);
  const DistanceMatrix d = DistanceMatrix::geodesic(points);
  TourOptions to;
  to.seed = o.sample.seed;
  const Tour tour = plan_tour(d, to);
  std::vector<Leg> legs;
  for (std::size_t k = 1; k < tour.order.size(); ++k) {
    const Stop& s = stops[tour.order[k] - 1];
    legs.push_back({d.at(tour.order[k - 1], tour.order[k]), s.kind == StopKind::Site ? o.dwell_site_min : o.dwell_place_min});
  }
  const Schedule sched = schedule(legs, o.schedule);
  route.km = sched.km;
  GeoPoint from = start;
  for (std::size_t k = 1; k < tour.order.size(); ++k) {
    Stop s = stops[tour.order[k] - 1];
    route.visit.push_back(tour.order[k] - 1);
    s.order = static_cast<int>(k);
    s.day = sched.stops[k - 1].day;
    s.arrive_min = sched.stops[k - 1].arrive_min;
    if (route.days.empty() || route.days.back().day != s.day) {
      DayRoute day;
      day.day = s.day;
      day.km = sched.days[static_cast<std::size_t>(s.day - 1)].km;
      day.hours = sched.days[static_cast<std::size_t>(s.day - 1)].hours;
      day.path.push_back(from);  // where the day begins: the start, or yesterday's last stop
      route.days.push_back(day);
    }
    route.days.back().stops.push_back(s);
    route.days.back().path.push_back(s.pos);
    from = s.pos;
  }
  return route;
}

Plan make_plan(const std::vector<ReportedSite>& listed, const std::vector<KeyPlace>& places, const PlanOptions& o,
               const std::string& source) {
  Plan plan;
  Screened screened = screen_sites(listed, o.sample.strata, source);
  plan.excluded = std::move(screened.excluded);
  plan.warnings = std::move(screened.warnings);
  const std::vector<ReportedSite>& sites = screened.kept;
  SampleOptions so = o.sample;
  so.strata = screened.strata;
  plan.sites = sample_sites(sites, so);
  plan.places = sample_places(places, o.sample);
  const std::vector<Stop> stops = stops_of(sites, places, plan.sites, plan.places);
  const std::vector<StopOrigin> origins = origins_of(sites, places, plan.sites, plan.places);
  plan.start = o.start.value_or(centre_of(stops));
  Route route = route_stops(stops, plan.start, o);
  for (std::size_t i : route.visit) plan.origins.push_back(origins[i]);
  plan.days = std::move(route.days);
  plan.route_km = route.km;
  if (o.days && static_cast<int>(plan.days.size()) > *o.days)
    plan.warnings.push_back("the plan needs " + std::to_string(plan.days.size()) + " days of " +
                            std::to_string(o.schedule.hours_per_day) + " h; " + std::to_string(*o.days) +
                            " are available: add hours per day or days, or accept a lower confidence");
  return plan;
}

nlohmann::json plan_json(const Plan& plan, const PlanOptions& o, const std::vector<PlanInput>& inputs) {
  using nlohmann::json;
  json j;
  j["schema"] = "shikan.plan/1";
  j["seed"] = o.sample.seed;
  j["confidence"] = o.sample.confidence;
  j["tolerable_phantom"] = o.sample.tolerable_phantom;
  j["inputs"] = json::array();
  for (const PlanInput& i : inputs) {
    json in{{"role", i.role}, {"path", i.path.string()}, {"sha256", i.sha256}};
    if (!i.crs.empty()) in["crs"] = i.crs;
    j["inputs"].push_back(in);
  }
  j["population"] = plan.sites.population;
  j["excluded"] = json::array();
  for (const ExcludedSite& e : plan.excluded)
    j["excluded"].push_back({{"id", e.site.site_id}, {"operator", operator_key(e.site)}, {"line", e.site.line},
                             {"lat", e.site.pos.lat.degrees()}, {"lon", e.site.pos.lon.degrees()}, {"reason", e.reason}});
  j["sample_size"] = plan.sites.sample_size;
  j["drawn"] = plan.sites.drawn;
  j["method"] = plan.sites.method;
  j["strata"] = json::array();
  for (const Stratum& s : plan.sites.strata)
    j["strata"].push_back({{"name", s.name}, {"population", s.population}, {"sample", s.sample}});
  j["places"] = json::array();
  for (const PlaceCategoryPlan& p : plan.places)
    j["places"].push_back({{"category", to_string(p.category)}, {"population", p.population}, {"sample", p.sample}});
  j["start"] = {{"lat", plan.start.lat.degrees()}, {"lon", plan.start.lon.degrees()}};
  j["stops"] = json::array();
  j["days"] = json::array();
  for (const DayRoute& d : plan.days) {
    for (const Stop& s : d.stops)
      j["stops"].push_back({{"order", s.order}, {"day", s.day}, {"kind", s.kind == StopKind::Site ? "site" : "place"},
                            {"id", s.id}, {"operator", s.op}, {"lat", std::round(s.pos.lat.degrees() * 1e7) / 1e7},
                            {"lon", std::round(s.pos.lon.degrees() * 1e7) / 1e7},
                            {"arrive_min", std::round(s.arrive_min * 10) / 10}});
    j["days"].push_back({{"day", d.day}, {"km", std::round(d.km * 100) / 100}, {"hours", std::round(d.hours * 100) / 100}});
  }
  j["route_km"] = std::round(plan.route_km * 100) / 100;
  j["warnings"] = plan.warnings;
  return j;
}

void write_plan(const Plan& plan, const PlanOptions& o, const std::vector<PlanInput>& inputs,
                const std::filesystem::path& dir, const std::string& title, const ChecklistOptions& checklist) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ":0: cannot create the folder: " + ec.message());
  const auto put = [&](const char* name, const std::string& text) {
    const auto path = dir / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error(path.string() + ":0: cannot write");
  };
  const std::string plan_text = plan_json(plan, o, inputs).dump(2) + "\n";
  put("plan.json", plan_text);
  put("route.gpx", to_gpx(plan.days, title));
  put("route.kml", to_kml(plan.days, title));
  put("route.geojson", to_geojson(plan.days));
  put("checklist.html", render_checklist(plan, o, checklist));
  put("campaign.json", campaign_json(plan, o.sample.seed, sha256_hex(plan_text), title));
}

}  // namespace shikan::survey
