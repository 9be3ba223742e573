// Internal to shikan::sim: what the pty rig and the measurement export both do before a run.
#pragma once

#include <ostream>

#include "shikan/sim/rig.hpp"
#include "shikan/sim/simulation.hpp"

namespace shikan::sim::detail {

// SimOptions for `city` from the command line: the city's `faults = [...]` then --fault, --firmware, the
// NMEA rate, seed and duration. Throws ConfigError for a bad city fault, a --firmware or fault on an
// operator the city does not have.
SimOptions sim_options_for(const RigOptions& options, const CityBundle& city);

// Prints rejected rows as "warning: ..." lines and their count.
void report_warnings(const Simulation& sim, std::ostream& err);

}  // namespace shikan::sim::detail
