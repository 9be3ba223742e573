// The simulated field rig (I/O edge): runs a Simulation on accelerated time and serves its modems
// and GNSS receiver on pseudo-terminals, writes OUT/truth.jsonl, OUT/devices.json, OUT/probe.toml
// and OUT/route.gpx. docs/simulator.md §4-6.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "shikan/sim/city.hpp"
#include "shikan/sim/faults.hpp"

namespace shikan::sim {

struct RigOptions {
  std::filesystem::path city_dir;
  std::filesystem::path out_dir = "out/sim";
  std::filesystem::path route;              // --route: a GPX to drive instead of the city's route
  double dwell_s = 0;                       // --dwell: standing time at each of the route's waypoints
  std::uint64_t seed = 1;
  std::optional<std::int64_t> duration_ms;  // default: the whole route
  double accel = 1.0;                       // simulated seconds per wall second
  int nmea_rate_hz = 1;                     // 1, 2, 5 or 10
  std::vector<Fault> faults;                // added to the city's `faults`
  std::optional<bool> echo;                 // modem power-on echo; default on
  std::map<std::string, Firmware> firmware; // per operator key
  bool csq_urcs = false;                    // modems print +QIND: "csq" at seeded moments (every 20-120 s)
  double progress_interval_s = 3.0;         // wall seconds between progress lines on `err`
};

// The probe configuration that points at the rig's devices (format agreed with the probe).
std::string probe_toml(const std::filesystem::path& out_dir, const std::vector<std::string>& modem_ids);

// Runs until the route or duration ends, or SIGINT/SIGTERM; returns the process exit code.
// Prints "device <id> <path>" lines on `out` once the devices exist. Throws ConfigError for a bad
// city folder and std::system_error when the ptys or output files cannot be created.
int run_rig(const RigOptions& options, std::ostream& out, std::ostream& err);

// The same world without ptys, as fast as the CPU allows (docs/simulator.md §9): writes the generic
// measurement CSV to `csv_path` and OUT/truth.jsonl, OUT/true_sites.csv, OUT/route.gpx; progress and the
// measured speed (rows/s, wall time) on `err`; "measurements|truth|true_sites <abs path>" lines on `out`
// at the end. `accel`, `echo` and `csq_urcs` do not apply. Returns the exit code; throws ConfigError for a
// bad city folder and std::system_error naming the file when an output cannot be written.
int run_export(const RigOptions& options, const std::filesystem::path& csv_path, std::ostream& out, std::ostream& err);

}  // namespace shikan::sim
