#include "bench_probe.hpp"

#include "shikan/core/store.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

pid_t spawn(std::vector<std::string> argv, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr)) ::_exit(126);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// utime + stime of a process in seconds (/proc/PID/stat fields 14 and 15).
double cpu_seconds(pid_t pid) {
  const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream in(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && in >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Peak resident set size in kB (VmHWM).
long peak_rss_kb(pid_t pid) {
  std::istringstream in(slurp("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void stop(pid_t pid) {
  ::kill(pid, SIGTERM);
  int st = 0;
  for (int i = 0; i < 250 && ::waitpid(pid, &st, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &st, WNOHANG);
}

}  // namespace

nlohmann::json shikan_bench_probe(const fs::path& bin_dir, const fs::path& city, double seconds) {
  const fs::path out = fs::temp_directory_path() / ("shikan-bench-probe-" + std::to_string(::getpid()));
  fs::remove_all(out);
  fs::create_directories(out);
  const auto secs = std::to_string(static_cast<int>(seconds + 5));
  const pid_t sim = spawn({(bin_dir / "shikan").string(), "sim", "--city", city.string(), "--duration", secs + "s",
                           "--accel", "1", "--nmea-rate", "10", "--seed", "1", "--out", out.string()},
                          out / "sim.log");
  const fs::path config = out / "probe.toml";
  for (int i = 0; i < 200 && !fs::exists(config); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!fs::exists(config)) {
    stop(sim);
    throw std::runtime_error("simulator did not write " + config.string() + ": " + slurp(out / "sim.log"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string text = slurp(config);
  const auto at = text.find("sample_interval_ms");
  if (at != std::string::npos) text.replace(at, text.find('\n', at) - at, "sample_interval_ms = 100");
  std::ofstream(config) << text;

  const pid_t probe = spawn({(bin_dir / "shikan-probe").string(), "run", "--config", config.string(), "--quiet"},
                            out / "probe.log");
  // Warm-up (opening ports, identification) is excluded from the measurement.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double cpu0 = cpu_seconds(probe);
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const double cpu1 = cpu_seconds(probe);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long rss = peak_rss_kb(probe);
  stop(probe);
  stop(sim);
  const std::string log = slurp(out / "probe.log");
  // What the probe really did in the run: samples and raw lines per second of wall time.
  shikan::StoreOptions ro;
  ro.read_only = true;
  shikan::StoreCounts counts;
  {
    shikan::LogStore store(out / "probe.db", ro);
    for (const auto& s : store.sessions()) {
      const auto c = store.counts(s.id);
      counts.samples += c.samples;
      counts.raw_lines += c.raw_lines;
    }
  }
  fs::remove_all(out);
  return {{"seconds", wall},
          {"cpu_percent_of_one_core", 100.0 * (cpu1 - cpu0) / wall},
          {"peak_rss_mb", static_cast<double>(rss) / 1024.0},
          {"samples_per_s_all_modems", static_cast<double>(counts.samples) / (wall + 3.0)},
          {"raw_lines_per_s", static_cast<double>(counts.raw_lines) / (wall + 3.0)},
          {"goal_cpu_percent", 3.0},
          {"goal_rss_mb", 30.0},
          {"probe_log_tail", log.size() > 400 ? log.substr(log.size() - 400) : log}};
}
