// `shikan survey status` (issue 4): how far a campaign has come. The plan (plan.json) is read back; the
// analyzer's decisions for the listed sites and key places (gathered by the caller from an analysis of the logs
// so far) say which sampled stops are decided; the confidence reached is the plan's zero-phantom rule applied
// to the decided part of the sample; the stops left are put in a short visiting order again. Pure except
// read_plan and write_status, the file edges.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "shikan/survey/plan.hpp"

namespace shikan::analyzer {
struct Analysis;
}

namespace shikan::survey {

// A plan.json that cannot be used: "<file>: <what>" (with the stop's index when one is at fault).
class PlanFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedPlan {
  std::uint64_t seed = 0;
  double confidence = 0.95;
  double tolerable_phantom = 0.05;
  std::int64_t population = 0;
  std::int64_t sample_size = 0;
  GeoPoint start{Latitude(0), Longitude(0)};
  std::vector<PlanInput> inputs;
  std::vector<Stop> stops;  // in visiting order (order, day, kind, id, operator, position, arrive_min)
};

// Parses plan.json text (schema shikan.plan/1); `source` names the file in errors.
LoadedPlan parse_plan(const std::string& text, const std::string& source);
// Reads DIR/plan.json. Throws PlanFileError.
LoadedPlan read_plan(const std::filesystem::path& dir);

// What the analysis says of one listed entry: verified, relocated, not_observed or inconclusive.
struct SiteDecision {
  std::string status;
  std::optional<double> closest_approach_m;  // inconclusive: how close the operator's route came
};
// Keyed by (operator key, site id).
using SiteDecisions = std::map<std::pair<std::string, std::string>, SiteDecision>;

// A key place: reachable true/false once enough samples were taken there; none while undecided.
struct PlaceDecision {
  std::optional<bool> reachable;
  std::uint32_t samples = 0;
};
using PlaceDecisions = std::map<std::string, PlaceDecision>;  // keyed by the place's name (the stop id)

// The decisions of an analysis of the logs so far (analyzer/analyze.hpp), keyed as above.
SiteDecisions site_decisions(const analyzer::Analysis& analysis);
PlaceDecisions place_decisions(const analyzer::Analysis& analysis);

struct StopProgress {
  Stop stop;
  std::string outcome;  // the analysis' status; "missing" when the entry is no longer in the list
  bool decided = false;
  std::optional<double> closest_approach_m;
};

struct Progress {
  std::vector<StopProgress> stops;  // every planned stop, in the plan's order
  int sites = 0, sites_decided = 0, places = 0, places_decided = 0;
  int verified = 0, relocated = 0, not_observed = 0;
  // 1 - P(at most `not_observed` phantoms among the decided sites | a phantom share of tolerable_phantom):
  // the confidence with which the decided part of the sample rules out that share (the plan's rule).
  double confidence_reached = 0;
  // When phantoms were found: the list's phantom share, interval at the plan's confidence.
  std::optional<std::pair<double, double>> phantom_share;
  Route remaining;  // the undecided stops, in a short order from `from`
  GeoPoint from{Latitude(0), Longitude(0)};
  std::vector<std::string> warnings;
};

struct StatusOptions {
  PlanOptions route;               // dwell times, speed, hours per day for the remaining route
  std::optional<GeoPoint> from;    // default: the last decided stop in the plan's order, else the plan's start
};

Progress assess(const LoadedPlan& plan, const SiteDecisions& sites, const PlaceDecisions& places,
                const StatusOptions& options);

// status.json (schema shikan.status/1, docs/survey.md).
nlohmann::json status_json(const Progress& progress, const LoadedPlan& plan);
// Writes status.json and remaining.gpx / remaining.kml / remaining.geojson into `dir` (created). Throws
// std::runtime_error naming the file.
void write_status(const Progress& progress, const LoadedPlan& plan, const std::filesystem::path& dir);

}  // namespace shikan::survey
