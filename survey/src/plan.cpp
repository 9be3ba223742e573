// make_plan: sample -> stops -> tour -> days.
#include "shikan/survey/plan.hpp"

#include <cmath>

#include "shikan/core/files.hpp"
#include "shikan/core/hash.hpp"
#include "shikan/survey/campaign.hpp"
#include "shikan/survey/tour.hpp"

namespace shikan::survey {
namespace {

// The drawn sites and places as stops, and (parallel) what each was drawn from.
struct Drawn {
  std::vector<Stop> stops;
  std::vector<StopOrigin> origins;
};

Drawn drawn_stops(const std::vector<ReportedSite>& sites, const std::vector<KeyPlace>& places, const SitePlan& sp,
                  const std::vector<PlaceCategoryPlan>& pp) {
  Drawn out;
  for (const Stratum& st : sp.strata)
    for (std::size_t i : st.chosen) {
      const ReportedSite& s = sites[i];
      // The detail styles the map files: one KML style per operator and site type.
      const std::string detail = operator_key(s).append(" ").append(s.type ? to_string(*s.type) : "site");
      out.stops.push_back(Stop{0, 0, StopKind::Site, s.site_id, s.address, detail, s.pos, 0.0, operator_key(s)});
      out.origins.push_back(StopOrigin{s, std::nullopt});
    }
  for (const PlaceCategoryPlan& c : pp)
    for (std::size_t i : c.chosen) {
      const KeyPlace& p = places[i];
      out.stops.push_back(Stop{0, 0, StopKind::Place, p.name, p.name, std::string(to_string(p.category)), anchor(p), 0.0, {}});
      out.origins.push_back(StopOrigin{std::nullopt, p});
    }
  return out;
}

GeoPoint centre_of(const std::vector<Stop>& stops) {
  double lat = 0, lon = 0;
  for (const Stop& s : stops) lat += s.pos.lat.degrees(), lon += s.pos.lon.degrees();
  const auto n = static_cast<double>(stops.size());
  return GeoPoint{Latitude(lat / n), Longitude(lon / n)};
}

// The visiting order and, per leg k (order[k-1] -> order[k]), the metres the schedule drives and the polyline
// to draw (empty: straight to the stop).
struct Drive {
  Tour tour;
  std::vector<double> metres;
  std::vector<std::vector<GeoPoint>> paths;
  double detour = 1;  // what the schedule still multiplies the metres by
};

Drive geodesic_drive(const std::vector<GeoPoint>& points, const PlanOptions& o) {
  Drive r;
  const DistanceMatrix d = DistanceMatrix::geodesic(points);
  r.tour = plan_tour(d, TourOptions{false, o.sample.seed, TourOptions{}.max_rounds});
  for (std::size_t k = 1; k < r.tour.order.size(); ++k) r.metres.push_back(d.at(r.tour.order[k - 1], r.tour.order[k]));
  r.detour = o.schedule.detour;
  return r;
}

std::string road_warning(const RoadMatrix& m, std::size_t i, const std::string& who, const std::string& source) {
  const std::string straight = i == 0 ? "its first leg is a straight line" : "its legs are straight lines";
  if (m.access[i] == RoadAccess::OffRoad) {
    const double near = m.nearest_road_m[i];
    const std::string how_far = std::isfinite(near) ? std::to_string(std::lround(near)) + " m" : "more than 50 km";
    return std::string(who).append(" is ").append(how_far).append(" from the nearest road in ").append(source)
        .append("; ").append(straight);
  }
  return std::string(who).append(" cannot be reached on the road graph of ").append(source)
      .append(m.road(0) ? " from the start" : " from the other stops").append(" (both ways); ").append(straight);
}

// Road distances: optimise on the symmetrised matrix, then drive the real directed legs in that order.
Drive road_drive(const std::vector<GeoPoint>& points, const std::vector<Stop>& stops, const PlanOptions& o, Route& route) {
  const RoadMatrixOptions ro{o.max_snap_m, o.schedule.detour, 2, o.road_progress};
  const RoadMatrix m = road_matrix(*o.roads, points, ro);
  Drive r;
  r.tour = plan_tour(m.symmetric(), TourOptions{false, o.sample.seed, TourOptions{}.max_rounds});
  for (RoadLeg& leg : road_legs(*o.roads, m, points, r.tour.order, ro)) {
    r.metres.push_back(leg.metres);
    r.paths.push_back(std::move(leg.path));
  }
  route.road_distances = true;
  for (const std::size_t i : r.tour.order) {
    route.on_road.push_back(m.road(i));
    if (!m.road(i))
      route.warnings.push_back(road_warning(m, i, i == 0 ? "the start" : "stop " + stops[i - 1].id, o.roads->source()));
  }
  return r;
}

}  // namespace

Route route_stops(const std::vector<Stop>& stops, const GeoPoint& start, const PlanOptions& o) {
  Route route;
  if (stops.empty()) return route;
  // Stop 0 of the tour is the start; the tour is open (the team does not need to come back).
  std::vector<GeoPoint> points{start};
  for (const Stop& s : stops) points.push_back(s.pos);
  const Drive drive = o.roads ? road_drive(points, stops, o, route) : geodesic_drive(points, o);
  const std::vector<std::size_t>& order = drive.tour.order;
  std::vector<Leg> legs;
  for (std::size_t k = 1; k < order.size(); ++k) {
    const Stop& s = stops[order[k] - 1];
    legs.push_back({drive.metres[k - 1], s.kind == StopKind::Site ? o.dwell_site_min : o.dwell_place_min});
  }
  ScheduleOptions so = o.schedule;
  so.detour = drive.detour;
  const Schedule sched = schedule(legs, so);
  route.km = sched.km;
  GeoPoint from = start;
  for (std::size_t k = 1; k < order.size(); ++k) {
    Stop s = stops[order[k] - 1];
    route.visit.push_back(order[k] - 1);
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
    std::vector<GeoPoint>& path = route.days.back().path;
    if (drive.paths.empty()) path.push_back(s.pos);
    else path.insert(path.end(), drive.paths[k - 1].begin() + 1, drive.paths[k - 1].end());  // [0] is `from`
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
  const Drawn drawn = drawn_stops(sites, places, plan.sites, plan.places);
  plan.start = o.start.value_or(centre_of(drawn.stops));
  Route route = route_stops(drawn.stops, plan.start, o);
  for (std::size_t i : route.visit) plan.origins.push_back(drawn.origins[i]);
  plan.days = std::move(route.days);
  plan.route_km = route.km;
  plan.road_distances = route.road_distances;
  plan.on_road = std::move(route.on_road);
  plan.warnings.insert(plan.warnings.end(), route.warnings.begin(), route.warnings.end());
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
  j["distances"] = plan.road_distances ? "road" : "geodesic";
  j["start"] = {{"lat", plan.start.lat.degrees()}, {"lon", plan.start.lon.degrees()}};
  if (plan.road_distances) j["start"]["road"] = plan.on_road.at(0);
  j["stops"] = json::array();
  j["days"] = json::array();
  for (const DayRoute& d : plan.days) {
    for (const Stop& s : d.stops)
      j["stops"].push_back({{"order", s.order}, {"day", s.day}, {"kind", s.kind == StopKind::Site ? "site" : "place"},
                            {"id", s.id}, {"operator", s.op}, {"lat", std::round(s.pos.lat.degrees() * 1e7) / 1e7},
                            {"lon", std::round(s.pos.lon.degrees() * 1e7) / 1e7},
                            {"arrive_min", std::round(s.arrive_min * 10) / 10}});
    if (plan.road_distances)
      for (std::size_t k = j["stops"].size() - d.stops.size(); k < j["stops"].size(); ++k)
        j["stops"][k]["road"] = plan.on_road.at(k + 1);
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
  const auto put = [&](const char* name, const std::string& text) { write_file_atomically(dir / name, text); };
  const std::string plan_text = plan_json(plan, o, inputs).dump(2) + "\n";
  put("plan.json", plan_text);
  put("route.gpx", to_gpx(plan.days, title));
  put("route.kml", to_kml(plan.days, title));
  put("route.geojson", to_geojson(plan.days));
  put("checklist.html", render_checklist(plan, o, checklist));
  put("campaign.json", campaign_json(plan, o.sample.seed, sha256_hex(plan_text), title));
}

}  // namespace shikan::survey
