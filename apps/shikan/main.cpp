// `shikan`: the office tool. Each subcommand registers its options and its action here; the work is
// done in the module libraries. Exceptions become a message on stderr and exit code 1; bad usage 2.
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "shikan/sim/rig.hpp"

namespace shikan::app {

// `shikan sim`: the simulated field rig (docs/simulator.md).
Action register_sim(CLI::App& app) {
  auto* cmd = app.add_subcommand("sim", "Run the simulated field rig: modems and a GNSS receiver on pseudo-terminals, driven along a route");
  auto opt = std::make_shared<shikan::sim::RigOptions>();
  auto duration = std::make_shared<std::string>();
  auto faults = std::make_shared<std::vector<std::string>>();
  auto firmware = std::make_shared<std::vector<std::string>>();
  auto echo = std::make_shared<std::string>("on");
  auto rate = std::make_shared<int>(1);
  cmd->add_option("--city", opt->city_dir, "City folder: city.toml, sites.csv, keyplaces.csv, optional route.gpx")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--out", opt->out_dir, "Output folder: dev/<device> links, truth.jsonl, devices.json, probe.toml, route.gpx")->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Master random seed (same seed, same run)")->capture_default_str();
  cmd->add_option("--duration", *duration, "Simulated duration: seconds or forms like 90s, 10m, 3h, 1h30m (default: the whole route)");
  cmd->add_option("--accel", opt->accel, "Simulated seconds per wall second")->capture_default_str()->check(CLI::Range(0.01, 100000.0));
  cmd->add_option("--nmea-rate", *rate, "NMEA epochs per simulated second: 1, 2, 5 or 10")->capture_default_str()->check(CLI::IsMember({1, 2, 5, 10}));
  cmd->add_option("--fault", *faults, "Fault, repeatable: unplug:OP@T+D, garbage:OP|gnss@T, tunnel@T+D, mute@T+D, error:OP@T+D (T, D in sim time)");
  cmd->add_option("--echo", *echo, "Modem power-on echo")->capture_default_str()->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--firmware", *firmware, "Modem firmware per operator, repeatable: OP=qualcomm|unisoc|endc");
  cmd->add_flag("--csq-urcs", opt->csq_urcs, "Modems print +QIND: \"csq\" URCs at seeded moments (as after AT+QINDCFG=\"csq\",1)");
  return [cmd, opt, duration, faults, firmware, echo, rate]() -> int {
    if (!cmd->parsed()) return -1;
    if (!duration->empty()) {
      opt->duration_ms = shikan::sim::parse_duration_ms(*duration);
      if (!opt->duration_ms) throw CLI::ValidationError("--duration", "not a duration: " + *duration);
    }
    for (const std::string& spec : *faults) {
      auto f = shikan::sim::parse_fault(spec);
      if (!f) throw CLI::ValidationError("--fault", f.error().reason);
      opt->faults.push_back(f.value());
    }
    for (const std::string& fw : *firmware) {
      const auto eq = fw.find('=');
      const auto v = eq == std::string::npos ? std::nullopt : shikan::sim::parse_firmware(fw.substr(eq + 1));
      if (!v) throw CLI::ValidationError("--firmware", "expected OP=qualcomm|unisoc|endc, got " + fw);
      opt->firmware[fw.substr(0, eq)] = *v;
    }
    opt->echo = *echo == "on";
    opt->nmea_rate_hz = *rate;
    return shikan::sim::run_rig(*opt, std::cout, std::cerr);
  };
}

}  // namespace shikan::app

int main(int argc, char** argv) {
  CLI::App app{"shikan: field verification of 5G network audits"};
  app.require_subcommand(1);
  std::vector<shikan::app::Action> actions{shikan::app::register_sim(app), shikan::app::register_analyze(app)};
  try {
    app.parse(argc, argv);
    for (const auto& a : actions)
      if (const int rc = a(); rc >= 0) return rc;
    return 2;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is not an error; bad usage is 2
  } catch (const std::exception& e) {
    std::cerr << "shikan: " << e.what() << "\n";
    return 1;
  }
}
