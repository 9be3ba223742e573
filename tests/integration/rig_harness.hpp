// Runs the real simulator and the real probe as processes over pseudo-terminals, as in the field.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "shikan/core/store.hpp"
#include "shikan/core/time.hpp"
#include "test_paths.hpp"

namespace shikan::test {

namespace fs = std::filesystem;

inline fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("shikan-it-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// The simulated rig: `shikan sim` with the given extra arguments, writing into dir.
class SimRig {
 public:
  SimRig(const fs::path& dir, const fs::path& city, std::vector<std::string> extra) : dir_(dir) {
    std::vector<std::string> argv{SHIKAN_BIN, "sim", "--city", city.string(), "--out", dir.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    proc_ = std::make_unique<ChildProcess>(argv, dir / "sim.stdout", dir / "sim.stderr");
  }
  // Waits for the devices (the "probe_config" line), then sets the probe's sample interval.
  bool wait_ready(int sample_interval_ms) {
    const bool ready = wait_until(
        [&] { return proc_->stdout_text().find("probe_config ") != std::string::npos || !proc_->running(); },
        std::chrono::seconds(20));
    if (!ready || !proc_->running()) return false;
    std::string text = ChildProcess::slurp(config());
    const auto at = text.find("sample_interval_ms");
    if (at == std::string::npos) return false;  // the sim announced a config it had not written
    text.replace(at, text.find('\n', at) - at, "sample_interval_ms = " + std::to_string(sample_interval_ms));
    std::ofstream(config()) << text;
    return true;
  }
  fs::path config() const { return dir_ / "probe.toml"; }
  fs::path database() const { return dir_ / "probe.db"; }
  ChildProcess& process() { return *proc_; }

  // truth.jsonl "state" lines by UTC milliseconds.
  std::map<std::int64_t, nlohmann::json> truth_states() const {
    std::map<std::int64_t, nlohmann::json> out;
    std::ifstream in(dir_ / "truth.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      if (j["kind"] == "state") out.emplace(parse_iso8601(j["utc"].get<std::string>())->ms, std::move(j));
    }
    return out;
  }

 private:
  fs::path dir_;
  std::unique_ptr<ChildProcess> proc_;
};

inline StoreOptions read_only() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

inline std::unique_ptr<ChildProcess> start_probe(const fs::path& config, const fs::path& dir,
                                                 const std::string& tag = "probe") {
  return std::make_unique<ChildProcess>(
      std::vector<std::string>{SHIKAN_PROBE_BIN, "run", "--config", config.string(), "--quiet", "--commit-log",
                               (dir / (tag + ".commits")).string()},
      dir / (tag + ".stdout"), dir / (tag + ".stderr"));
}

}  // namespace shikan::test
