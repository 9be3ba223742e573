#include "rig_setup.hpp"

namespace shikan::sim::detail {

SimOptions sim_options_for(const RigOptions& opt, const CityBundle& city) {
  SimOptions so;
  so.seed = opt.seed;
  so.duration_ms = opt.duration_ms;
  so.nmea_period_ms = 1000 / opt.nmea_rate_hz;
  so.firmware = opt.firmware;
  so.drive.waypoint_dwell_s = opt.dwell_s;
  for (const std::string& spec : city.config_faults) {
    auto f = parse_fault(spec);
    if (!f) throw ConfigError((city.dir / "city.toml").string() + ": " + f.error().reason);
    so.faults.push_back(f.value());
  }
  for (const Fault& f : opt.faults) so.faults.push_back(f);
  for (const auto& [key, fw] : opt.firmware)
    if (!city.config.find(key))
      throw ConfigError("--firmware for unknown operator '" + key + "' (not in " + (city.dir / "city.toml").string() +
                        ")");
  for (const Fault& f : so.faults)
    if (f.device != "gnss" && !city.config.find(f.device))
      throw ConfigError("fault on unknown device '" + f.device + "' (modems: the city's operator keys, or gnss)");
  return so;
}

void report_warnings(const Simulation& sim, std::ostream& err) {
  for (const std::string& w : sim.warnings()) err << "warning: " << w << "\n";
  if (!sim.warnings().empty()) err << "warning: " << sim.warnings().size() << " rows rejected\n";
}

}  // namespace shikan::sim::detail
