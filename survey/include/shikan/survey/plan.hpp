// An audit plan (issue 4, `shikan survey plan`): the sample of sites and key places, a short visiting order
// (tour.hpp), days (schedule.hpp), and the plan's files (plan.json, route.gpx, route.kml, route.geojson). Pure
// except write_plan, the file edge.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shikan/core/places.hpp"
#include "shikan/core/sites.hpp"
#include "shikan/survey/checklist.hpp"
#include "shikan/survey/map_files.hpp"
#include "shikan/survey/roads.hpp"
#include "shikan/survey/sample.hpp"
#include "shikan/survey/schedule.hpp"
#include "shikan/survey/screen.hpp"

namespace shikan::survey {

struct PlanOptions {
  SampleOptions sample;
  ScheduleOptions schedule;
  double dwell_site_min = 10;   // checking a site: find the mast, read the cells
  double dwell_place_min = 15;  // walking a key place
  std::optional<GeoPoint> start;  // default: the centre (mean position) of the stops
  std::optional<int> days;        // the days available: a warning when the plan needs more
  // Road distances (--roads). With a graph, legs are road metres between the points' snapped positions and the
  // days' paths follow the streets; schedule.detour then stretches only the straight legs of points the graph
  // cannot serve (farther than max_snap_m from a road, or not reachable both ways from the start). Without
  // one, legs are geodesic times schedule.detour.
  std::shared_ptr<const RoadGraph> roads;
  double max_snap_m = 500;
  RoadProgress road_progress;  // distances and paths, for a long road matrix
};

// What a stop was drawn from: the checklist and the campaign need the operator, the site type and the place's
// outline, which Stop does not carry. Exactly one is set, matching the stop's kind.
struct StopOrigin {
  std::optional<ReportedSite> site;
  std::optional<KeyPlace> place;
};

struct Plan {
  std::vector<ExcludedSite> excluded;  // outside the plausible area: not sampled, not routed (screen.hpp)
  SitePlan sites;
  std::vector<PlaceCategoryPlan> places;
  std::vector<DayRoute> days;  // every stop, in visiting order, with day and arrival
  std::vector<StopOrigin> origins;  // by visiting order: origins[order - 1]
  GeoPoint start{Latitude(0), Longitude(0)};
  double route_km = 0;
  std::vector<std::string> warnings;
  bool road_distances = false;  // legs measured on PlanOptions::roads
  // With road distances: [0] the start, [k] the stop of order k; false when its legs are straight lines.
  std::vector<bool> on_road;
};

// The stops in a short visiting order from `start` (an open tour), split into days. Also used for the stops a
// campaign has left (status.hpp). With options.roads, legs are road metres and the days' paths follow the
// streets; points the graph cannot serve get straight legs and a warning each (the route still comes out).
struct Route {
  std::vector<DayRoute> days;
  std::vector<std::size_t> visit;  // the stops given, by visiting order: visit[order - 1]
  double km = 0;
  bool road_distances = false;  // measured on PlanOptions::roads
  // With road distances: [0] the start, [k] the stop of order k; false when its legs are straight lines.
  std::vector<bool> on_road;
  std::vector<std::string> warnings;
};
Route route_stops(const std::vector<Stop>& stops, const GeoPoint& start, const PlanOptions& options);

// Screens the list (screen.hpp), samples what is left, routes the stops. `source` names the list in warnings.
// Throws std::invalid_argument for an empty site list or bad options.
Plan make_plan(const std::vector<ReportedSite>& sites, const std::vector<KeyPlace>& places, const PlanOptions& options,
               const std::string& source = "sites");

struct PlanInput {
  std::string role;  // sites, places
  std::filesystem::path path;
  std::string sha256;
  std::string crs;  // sites: the CRS the list's coordinates were read in (wgs84, gcj02, bd09)
};

// plan.json, schema shikan.plan/1 (docs/survey.md); "distances": "road" or "geodesic", and with road
// distances "road": true/false on the start and on every stop.
nlohmann::json plan_json(const Plan& plan, const PlanOptions& options, const std::vector<PlanInput>& inputs);

// Writes plan.json, route.gpx, route.kml, route.geojson, checklist.html (checklist.hpp) and campaign.json
// (campaign.hpp, naming plan.json by its SHA-256) into `dir` (created). Throws std::runtime_error naming the file.
void write_plan(const Plan& plan, const PlanOptions& options, const std::vector<PlanInput>& inputs,
                const std::filesystem::path& dir, const std::string& title, const ChecklistOptions& checklist = {});

}  // namespace shikan::survey
