// Generated cities (sim generate) with planted phantom, relocated and unreported sites, driven by the
// simulator's own radio model along a lawnmower route, then analysed end to end: precision and recall of
// each finding on the decidable cases, the GCJ-02 offset, and the verdicts.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "shikan/analyzer/analyze.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/generate.hpp"
#include "shikan/sim/simulation.hpp"

using namespace shikan;
using namespace shikan::analyzer;
namespace fs = std::filesystem;

namespace {

// Back and forth over the city every `step_m`: every place lies within step/2 of the road.
std::string lawnmower_gpx(const GeoPoint& centre, double half_m, double step_m) {
  const LocalFrame frame(centre);
  std::ostringstream o;
  o << "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\"><trk><trkseg>\n";
  o.precision(9);
  bool east = true;
  for (double y = -half_m; y <= half_m + 1e-6; y += step_m, east = !east)
    for (double x : {east ? -half_m : half_m, east ? half_m : -half_m}) {
      const GeoPoint g = frame.to_geo({x, y});
      o << "<trkpt lat=\"" << g.lat.degrees() << "\" lon=\"" << g.lon.degrees() << "\"></trkpt>\n";
    }
  o << "</trkseg></trk></gpx>\n";
  return o.str();
}

struct Run {
  sim::GeneratedCity city;
  Analysis a;
};

Run run_city(std::uint64_t seed, bool gcj02, std::optional<Crs> crs, const std::string& claims = {}) {
  sim::GenerateOptions g;
  g.seed = seed;
  g.sites_per_operator = 12;
  g.spacing_m = 700;
  g.phantom = 0.17;
  g.relocated = 0.17;
  g.unreported = 0.09;
  g.keyplaces = 0;
  g.gcj02 = gcj02;
  Run r{sim::generate_city(g), {}};
  const fs::path dir = fs::temp_directory_path() / ("shikan-gen-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
  fs::remove_all(dir);
  sim::write_city(r.city, dir);
  {  // drive a lawnmower over the whole city instead of the random tour
    std::ifstream in(dir / "city.toml");
    std::stringstream s;
    s << in.rdbuf();
    std::ofstream(dir / "city.toml") << std::regex_replace(s.str(), std::regex("source = \"grid\""), "source = \"gpx\"\ngpx = \"route.gpx\"");
    std::ofstream(dir / "route.gpx") << lawnmower_gpx(g.centre, 2400, 250);
  }
  sim::SimOptions so;
  so.seed = seed;
  sim::Simulation simulation(sim::load_city(dir), so);
  {
    std::ofstream csv(dir / "drive.csv");
    sim::export_measurements(simulation, csv);
  }
  AnalyzeOptions o;
  o.measurements = {dir / "drive.csv"};
  o.sites = dir / "reported_sites.csv";
  o.sites_crs = crs;
  if (!claims.empty()) {
    std::ofstream(dir / "claims.toml") << claims;
    o.claims = dir / "claims.toml";
  }
  r.a = analyze(o);
  fs::remove_all(dir);
  return r;
}

struct Score {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
};

struct Scores {
  Score phantom, relocated, unreported;
  int decidable = 0;
};

void score(const Run& r, Scores& s) {
  std::map<std::pair<std::string, std::string>, const sim::GeneratedSite*> truth;
  for (const sim::GeneratedSite& g : r.city.sites) truth[{g.site_id, g.op}] = &g;
  for (const SiteFinding& f : r.a.recon.sites) {
    const sim::GeneratedSite& g = *truth.at({r.a.list.sites[f.site].site_id, f.op});
    if (f.status == SiteStatus::Inconclusive) continue;  // not decidable: the route never came close
    ++s.decidable;
    const bool said_phantom = f.status == SiteStatus::NotObserved, is_phantom = g.status == sim::Planted::Phantom;
    s.phantom.tp += said_phantom && is_phantom, s.phantom.fp += said_phantom && !is_phantom;
    s.phantom.fn += !said_phantom && is_phantom;
    const bool said_moved = f.status == SiteStatus::Relocated, is_moved = g.status == sim::Planted::Relocated;
    s.relocated.tp += said_moved && is_moved, s.relocated.fp += said_moved && !is_moved;
    s.relocated.fn += !said_moved && is_moved;
  }
  // Unreported: a located node whose id is a left-out site's gNB (SA) or eNB (NSA anchor) id.
  std::map<std::pair<std::string, std::uint64_t>, bool> left_out;
  for (const sim::GeneratedSite& g : r.city.sites)
    if (g.status == sim::Planted::Unreported) left_out[{g.op, g.op == "ctcc" ? g.enb_id() : g.gnb_id}] = false;
  for (std::size_t i : r.a.recon.unreported) {
    auto it = left_out.find({r.a.nodes[i].op, r.a.nodes[i].id});
    if (it != left_out.end()) ++s.unreported.tp, it->second = true;
    else ++s.unreported.fp;
  }
  for (const auto& [k, found] : left_out) s.unreported.fn += !found;
}

}  // namespace

TEST_CASE("generated cities: phantom, relocated and unreported sites found with precision and recall >= 0.9",
          "[generated]") {
  Scores s;
  for (std::uint64_t seed : {11, 12}) score(run_city(seed, false, Crs::Wgs84), s);
  INFO("decidable " << s.decidable << "; phantom P " << s.phantom.precision() << " R " << s.phantom.recall()
                    << "; relocated P " << s.relocated.precision() << " R " << s.relocated.recall()
                    << "; unreported P " << s.unreported.precision() << " R " << s.unreported.recall());
  CHECK(s.decidable >= 50);
  CHECK(s.phantom.tp >= 8);
  CHECK(s.phantom.precision() >= 0.9);
  CHECK(s.phantom.recall() >= 0.9);
  CHECK(s.relocated.tp >= 8);
  CHECK(s.relocated.precision() >= 0.9);
  CHECK(s.relocated.recall() >= 0.9);
  CHECK(s.unreported.tp >= 4);
  CHECK(s.unreported.precision() >= 0.9);
  CHECK(s.unreported.recall() >= 0.9);
}

TEST_CASE("generated city with a GCJ-02 list: the offset is detected and corrected, the findings hold",
          "[generated][crs]") {
  const Run r = run_city(13, true, std::nullopt);
  CHECK(r.a.crs.likely == "gcj02");
  CHECK(r.a.crs.used == Crs::Gcj02);
  const LocalOffset shift = crs_offset(r.city.options.centre, Crs::Gcj02);
  REQUIRE(r.a.crs.detected_offset_m);
  CHECK(r.a.crs.detected_offset_m->first == Approx(shift.east.value).margin(60));
  CHECK(r.a.crs.detected_offset_m->second == Approx(shift.north.value).margin(60));
  Scores s;
  score(r, s);
  CHECK(s.phantom.precision() >= 0.9);
  CHECK(s.relocated.precision() >= 0.9);
}

TEST_CASE("generated city: verdicts on the site count and coverage claims", "[generated][verdict]") {
  // 36 entries listed, of which 6 phantoms: claiming all 36 is overstated; claiming 25 real is consistent
  // or inconclusive, never overstated.
  const Run over = run_city(14, false, Crs::Wgs84, "[reported]\nbase_stations_5g = 36\ncoverage_rate = 1.0\n");
  REQUIRE(over.a.indicators.size() >= 3);
  CHECK(over.a.indicators[0].name == "base_stations_5g");
  CHECK(over.a.indicators[0].verdict == stats::Verdict::Overstated);
  CHECK(over.a.indicators[2].name == "coverage_rate");
  CHECK(over.a.indicators[2].verdict == stats::Verdict::Overstated);  // no real network covers every bin
  const Run fair = run_city(14, false, Crs::Wgs84, "[reported]\nbase_stations_5g = 25\n");
  CHECK(fair.a.indicators[0].verdict != stats::Verdict::Overstated);
}
