// shikan-bench: the project's speed and memory figures next to a peer's, in one run.
// Figures and the command go to docs/PERFORMANCE.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench_analyze.hpp"
#include "bench_decode.hpp"
#include "bench_probe.hpp"
#include "bench_store.hpp"
#include "shikan/core/time.hpp"
#include "shikan/sim/gnss.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path self_dir() { return fs::canonical("/proc/self/exe").parent_path(); }

// Wall seconds of a shell command (stdout discarded), or a negative value if it failed.
double time_command(const std::string& cmd) {
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rc == 0 ? s : -1.0;
}

// A moving receiver's NMEA (GGA, RMC, GSA, GSV for GPS and BeiDou), one epoch a second.
std::size_t write_nmea_corpus(const fs::path& file, int epochs) {
  shikan::sim::GnssModel model(42);
  std::ofstream out(file, std::ios::binary);
  std::size_t lines = 0;
  const shikan::UtcTime t0 = *shikan::parse_iso8601("2026-05-12T01:00:00Z");
  for (int k = 0; k < epochs; ++k) {
    const shikan::GeoPoint p{shikan::Latitude{30.25 + 1e-5 * k}, shikan::Longitude{120.16 + 1e-5 * k}};
    const std::string text =
        shikan::sim::format_nmea_epoch(model.epoch({t0.ms + 1000LL * k}, p, 10.0, 12.0, 45.0, k % 600 > 590));
    for (char c : text) lines += c == '\n';
    out << text;
  }
  return lines;
}

// Our full decoder program against gpsd's gpsdecode on the same NMEA file: both read it, decode every
// sentence and write JSON. gpsdecode comes from Debian's gpsd-clients.
json bench_nmea_peer(const fs::path& bin_dir) {
  const fs::path file = fs::temp_directory_path() / ("shikan-bench-" + std::to_string(::getpid()) + ".nmea");
  const std::size_t lines = write_nmea_corpus(file, 60'000);
  json j{{"lines", lines}, {"input", "simulated GPS+BeiDou receiver, 60000 epochs (GGA, RMC, GSA, GSV)"}};
  const double ours = time_command((bin_dir / "shikan-probe").string() + " decode " + file.string());
  j["shikan_probe_decode_lines_per_s"] = ours > 0 ? static_cast<double>(lines) / ours : -1.0;
  const double peer = time_command("gpsdecode < " + file.string());
  if (peer > 0)
    j["peer_gpsdecode_lines_per_s"] = static_cast<double>(lines) / peer;
  else
    j["peer_gpsdecode_lines_per_s"] = "gpsdecode not installed (apt-get install gpsd-clients)";
  fs::remove(file);
  return j;
}

// The peer for log size: a G-NetTrack Pro export (text CSV, one row per sample, serving cell only, no
// neighbours and no raw modem lines), from ../shared/data when it is there.
json bench_store_peer() {
  const char* env = std::getenv("SHIKAN_SHARED");
  const fs::path dir = fs::path(env ? env : "../shared") / "data" / "ucc-5g-beyond-throughput";
  if (!fs::is_directory(dir)) return {{"peer_gnettrack_bytes_per_row", "../shared/data absent"}};
  std::uintmax_t bytes = 0, rows = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".csv") continue;
    bytes += e.file_size();
    std::ifstream in(e.path(), std::ios::binary);
    rows += static_cast<std::uintmax_t>(std::count(std::istreambuf_iterator<char>(in), {}, '\n')) - 1;  // header
  }
  return {{"peer_gnettrack_bytes_per_row", rows ? static_cast<double>(bytes) / static_cast<double>(rows) : 0.0},
          {"peer_rows", rows},
          {"peer_input", "G-NetTrack Pro CSV exports, ucc-5g-beyond-throughput"}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"shikan-bench: decode throughput, log-store size and speed, probe CPU and memory, analyzer throughput"};
  double decode_seconds = 4, probe_seconds = 30;
  std::size_t store_samples = 20'000;
  std::string city = "data/demo", only;
  app.add_option("--decode-seconds", decode_seconds, "time budget of the in-process decode benchmark");
  app.add_option("--store-samples", store_samples, "samples written by the store benchmark");
  app.add_option("--probe-seconds", probe_seconds, "measured run of the probe against the simulator");
  app.add_option("--city", city, "simulated city for the probe benchmark")->check(CLI::ExistingDirectory);
  AnalyzeBenchOptions analyze;
  analyze.peer_script = SHIKAN_BENCH_DIR "/peer_coverage.py";
  std::string keep;
  app.add_option("--analyze-samples", analyze.samples, "rows of the generated measurement CSV (analyzer benchmark)")
      ->capture_default_str();
  app.add_option("--analyze-seed", analyze.seed, "seed of the generated drive test")->capture_default_str();
  app.add_option("--peer-python", analyze.python, "Python with pandas for the analyzer's peer")->capture_default_str();
  app.add_option("--peer-chunksize", analyze.peer_chunksize, "the peer reads the CSV in chunks of N rows (0: whole file)")
      ->capture_default_str();
  app.add_flag("!--no-analyze-peer", analyze.run_peer, "analyzer benchmark without the pandas peer");
  app.add_flag("--analyze-phases", analyze.phases, "run shikan analyze once more and time its phases from its progress lines");
  app.add_option("--analyze-keep", keep, "write the analyzer benchmark's inputs and report to DIR and keep them");
  app.add_option("--only", only, "run one benchmark: decode | peer | store | probe | analyze");
  CLI11_PARSE(app, argc, argv);

  try {
    const fs::path bin = self_dir();
    json report;
    auto run = [&](const char* name, auto&& f) {
      if (!only.empty() && only != name) return;
      std::cerr << "bench: " << name << "..." << std::endl;
      report[name] = f();
      std::cout << name << ": " << report[name].dump(2) << std::endl;
    };
    run("decode", [&] { return shikan_bench_decode(decode_seconds); });
    run("peer", [&] { return bench_nmea_peer(bin); });
    run("store", [&] {
      json j = shikan_bench_store(store_samples);
      j.update(bench_store_peer());
      return j;
    });
    run("probe", [&] { return shikan_bench_probe(bin, city, probe_seconds); });
    run("analyze", [&] {
      analyze.keep = keep;
      return shikan_bench_analyze(bin, analyze);
    });
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "shikan-bench: " << e.what() << '\n';
    return 1;
  }
}
