// The simulation core: city + route + world + GNSS + faults, advanced in simulated time. Pure (no
// I/O, no clock): the rig calls tick() for each NMEA epoch and writes what it returns. Ground truth
// is JSON Lines (docs/simulator.md §5).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shikan/sim/city.hpp"
#include "shikan/sim/faults.hpp"
#include "shikan/sim/gnss.hpp"
#include "shikan/sim/route.hpp"
#include "shikan/sim/world.hpp"

namespace shikan::sim {

// Everything in a city folder. load_city() reads city.toml, sites.csv, keyplaces.csv (optional) and
// the GPX route when [route] source = "gpx"; it throws ConfigError naming the file.
struct CityBundle {
  std::filesystem::path dir;
  CityConfig config;
  SiteTable sites;
  KeyPlaceTable keyplaces;
  std::vector<RoutePoint> gpx;           // empty unless the route comes from a GPX file
  std::vector<std::string> config_faults;  // `faults = [...]` specs from city.toml
};
CityBundle load_city(const std::filesystem::path& dir);
// Drives `gpx` instead of the city's own route (`shikan sim --route`, e.g. a survey plan's route.gpx).
// Throws ConfigError naming the file.
void use_route(CityBundle& city, const std::filesystem::path& gpx);

struct SimOptions {
  std::uint64_t seed = 1;
  std::optional<std::int64_t> duration_ms;  // default: the whole route
  int nmea_period_ms = 1000;                // 1 Hz; 100 for 10 Hz
  std::map<std::string, Firmware> firmware; // overrides city.toml per operator key
  std::vector<Fault> faults;
  WorldParams world;
  GnssParams gnss;
  DriveProfile drive;
};

struct FaultEdge {
  Fault fault;
  bool start = true;  // false: the fault ends
};

struct Tick {
  std::int64_t t_ms = 0;
  std::string nmea;                 // the epoch's sentences
  std::vector<std::string> truth;   // JSON lines (no newline) produced by this tick
  std::vector<FaultEdge> edges;     // faults starting or ending in (previous tick, this tick]
  bool stepped = false;             // the world advanced (whole second)
  GnssEpoch gnss;                   // the receiver's epoch (computed also while muted: then `nmea` is empty)
};

class Simulation {
 public:
  Simulation(const CityBundle& city, SimOptions options);
  ~Simulation();

  std::int64_t end_ms() const;        // min(duration, route)
  int nmea_period_ms() const;
  UtcTime utc(std::int64_t t_ms) const;
  Tick tick(std::int64_t t_ms);       // t_ms: multiples of the NMEA period, increasing
  std::string meta_line() const;      // first line of truth.jsonl

  const std::vector<OperatorConfig>& operators() const;  // with effective firmware
  NetMode mode_of(const std::string& op) const;          // effective (endc firmware -> NSA)
  const OperatorSnapshot* snapshot(const std::string& op) const;  // latest world step; null before the first
  bool qeng_error(const std::string& op, std::int64_t t_ms) const;
  bool tunnel(std::int64_t t_ms) const;
  bool gnss_muted(std::int64_t t_ms) const;
  GeoPoint true_position(std::int64_t t_ms) const;
  // 3-D distance from the vehicle's antenna (UE height) at t to the cell's antenna (site height), metres.
  Metres distance_to(const Cell& cell, std::int64_t t_ms) const;
  double km_driven(std::int64_t t_ms) const;
  const std::vector<Fault>& faults() const;
  const std::vector<std::string>& warnings() const;  // rejected site rows, etc.
  std::vector<GeoPoint> route_points() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shikan::sim
