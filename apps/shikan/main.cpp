// `shikan`: the office tool. Each subcommand registers its options and its action here; the work is
// done in the module libraries. Exceptions become a message on stderr and exit code 1; bad usage 2.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "shikan/sim/generate.hpp"
#include "shikan/sim/rig.hpp"

namespace shikan::app {

// `shikan sim generate`: a seeded city folder with a reported site list and planted discrepancies.
Action register_sim_generate(CLI::App& sim) {
  auto* cmd = sim.add_subcommand("generate", "Write a generated city (city.toml, sites.csv, keyplaces.csv) with a reported site list "
                                             "(reported_sites.csv) holding planted discrepancies, and their answer key (answer_key.json)");
  auto opt = std::make_shared<shikan::sim::GenerateOptions>();
  auto out = std::make_shared<std::filesystem::path>();
  auto ops = std::make_shared<std::string>("cmcc,cucc,ctcc");
  auto no_ids = std::make_shared<bool>(false);
  cmd->add_option("--out", *out, "Folder to write (created; existing files of the same names are replaced)")->required();
  cmd->add_option("--seed", opt->seed, "Random seed (same seed and options, same files)")->capture_default_str();
  cmd->add_option("--name", opt->name, "City name in city.toml")->capture_default_str();
  cmd->add_option("--operators", *ops, "Operators, comma-separated, from the presets cmcc (SA n41), cucc (SA n78), ctcc (NSA n78)")->capture_default_str();
  cmd->add_option("--sites-per-operator", opt->sites_per_operator, "True sites per operator")->capture_default_str()->check(CLI::Range(1, 2000));
  cmd->add_option("--spacing", opt->spacing_m, "Grid step between an operator's sites, metres")->capture_default_str()->check(CLI::Range(200.0, 5000.0));
  cmd->add_option("--micro", opt->micro_share, "Share of one-sector micro sites")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--phantom", opt->phantom, "Phantom entries (reported, not in the world), share of the sites per operator")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--relocated", opt->relocated, "Relocated entries (true id, reported 400-1500 m away), share")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--unreported", opt->unreported, "Real sites missing from the list, share")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--keyplaces", opt->keyplaces, "Key places the route visits")->capture_default_str()->check(CLI::Range(0, 20));
  cmd->add_flag("--gcj02", opt->gcj02, "Write the reported lat/lon in GCJ-02 (as lists traced on Amap are)");
  cmd->add_flag("--no-ids", *no_ids, "Location-only list: no gnb_id, gnb_id_bits, enb_id columns");
  return [cmd, opt, out, ops, no_ids]() -> int {
    if (!cmd->parsed()) return -1;
    opt->operators.clear();
    for (std::size_t b = 0; b <= ops->size();) {
      const std::size_t e = std::min(ops->find(',', b), ops->size());
      if (e > b) opt->operators.push_back(ops->substr(b, e - b));
      b = e + 1;
    }
    opt->ids = !*no_ids;
    shikan::sim::GeneratedCity city;
    try {
      city = shikan::sim::generate_city(*opt);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("generate", e.what());
    }
    shikan::sim::write_city(city, *out);
    for (const auto& [name, text] : city.files) std::cout << "file " << std::filesystem::absolute(*out / name).string() << "\n";
    return 0;
  };
}

// `shikan sim`: the simulated field rig (docs/simulator.md).
Action register_sim(CLI::App& app) {
  auto* cmd = app.add_subcommand("sim", "Run the simulated field rig: modems and a GNSS receiver on pseudo-terminals, driven along a route");
  auto opt = std::make_shared<shikan::sim::RigOptions>();
  auto duration = std::make_shared<std::string>();
  auto faults = std::make_shared<std::vector<std::string>>();
  auto firmware = std::make_shared<std::vector<std::string>>();
  auto echo = std::make_shared<std::string>("on");
  auto rate = std::make_shared<int>(1);
  auto csv = std::make_shared<std::filesystem::path>();
  // --city is checked in the action, not with required(): `sim generate` does not take it.
  cmd->add_option("--city", opt->city_dir, "City folder: city.toml, sites.csv, keyplaces.csv, optional route.gpx (required)")->check(CLI::ExistingDirectory);
  cmd->add_option("--out", opt->out_dir, "Output folder: dev/<device> links, truth.jsonl, devices.json, probe.toml, route.gpx")->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Master random seed (same seed, same run)")->capture_default_str();
  cmd->add_option("--route", opt->route, "Drive this GPX instead of the city's route (its tracks, else its route points; e.g. a survey plan's route.gpx)")->check(CLI::ExistingFile);
  cmd->add_option("--dwell", opt->dwell_s, "With --route: seconds standing at each <wpt> the track passes (a plan's stops: the visit)")->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--duration", *duration, "Simulated duration: seconds or forms like 90s, 10m, 3h, 1h30m (default: the whole route)");
  cmd->add_option("--accel", opt->accel, "Simulated seconds per wall second")->capture_default_str()->check(CLI::Range(0.01, 100000.0));
  cmd->add_option("--nmea-rate", *rate, "NMEA epochs per simulated second: 1, 2, 5 or 10")->capture_default_str()->check(CLI::IsMember({1, 2, 5, 10}));
  cmd->add_option("--fault", *faults, "Fault, repeatable: unplug:OP@T+D, garbage:OP|gnss@T, tunnel@T+D, mute@T+D, error:OP@T+D (T, D in sim time)");
  cmd->add_option("--echo", *echo, "Modem power-on echo")->capture_default_str()->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--firmware", *firmware, "Modem firmware per operator, repeatable: OP=qualcomm|unisoc|endc");
  cmd->add_flag("--csq-urcs", opt->csq_urcs, "Modems print +QIND: \"csq\" URCs at seeded moments (as after AT+QINDCFG=\"csq\",1)");
  cmd->add_option("--measurements-csv", *csv,
                  "No ptys: run as fast as the CPU allows, write the generic measurement CSV to FILE and truth.jsonl, "
                  "true_sites.csv, route.gpx to --out, then exit (--accel, --echo, --csq-urcs do not apply)")
      ->type_name("FILE");
  Action generate = register_sim_generate(*cmd);
  return [cmd, opt, duration, faults, firmware, echo, rate, csv, generate]() -> int {
    if (!cmd->parsed()) return -1;
    if (const int rc = generate(); rc >= 0) return rc;
    if (opt->city_dir.empty()) throw CLI::RequiredError("--city");
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
    if (!csv->empty()) return shikan::sim::run_export(*opt, *csv, std::cout, std::cerr);
    return shikan::sim::run_rig(*opt, std::cout, std::cerr);
  };
}

}  // namespace shikan::app

int main(int argc, char** argv) {
  CLI::App app{"shikan: field verification of 5G network audits"};
  app.require_subcommand(1);
  std::vector<shikan::app::Action> actions{shikan::app::register_sim(app), shikan::app::register_analyze(app), shikan::app::register_survey(app)};
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
