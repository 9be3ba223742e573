// Analyzer benchmark (issue 3): `shikan analyze` end to end on a generated generic measurement CSV, against a
// pandas peer doing the same binning and coverage computation (bench/peer_coverage.py), in one run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

struct AnalyzeBenchOptions {
  std::size_t samples = 10'000'000;
  std::uint64_t seed = 1;
  std::filesystem::path peer_script;       // bench/peer_coverage.py
  std::string python = "/usr/bin/python3";  // Debian's, where python3-pandas lives
  std::size_t peer_chunksize = 200'000;     // rows per pd.read_csv chunk (0: the whole file at once)
  bool run_peer = true;
  bool phases = false;                      // run ours a second time, time-stamping its progress lines
  std::filesystem::path keep;               // non-empty: write the inputs here and keep them (for profiling)
};

struct AnalyzeInput {
  std::filesystem::path measurements, sites;
  std::uintmax_t bytes = 0;  // measurement file size
  nlohmann::json mix;        // rows by operator and RAT, empty fields, sentinels, drive length
};

// A seeded drive test over an 8 km x 8 km street grid (Hangzhou-like coordinates): one car, one phone per
// operator (46000 and 46001 NR-SA, 46011 NR-NSA with an LTE anchor), one row a second per phone, ~10 m/s with
// stops at lights; 310 sites with 24-bit gNB ids (NCI = gNB << 12 | cell) and 20-bit eNB ids; log-distance RSRP
// with correlated shadowing and fast fading, SINR from the neighbours' interference; LTE fallback at the cell
// edges, a few no-service rows, empty fields, sentinel values and rows without a fix. Writes
// dir/measurements.csv (`samples` rows) and dir/sites.csv (site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,type).
AnalyzeInput write_analyze_input(const std::filesystem::path& dir, std::size_t samples, std::uint64_t seed);

// Generates the input in a temporary folder, runs `shikan analyze` and the peer as child processes (wall time,
// peak RSS from wait4), compares their coverage figures, removes the folder. Throws std::runtime_error when a
// child fails.
nlohmann::json shikan_bench_analyze(const std::filesystem::path& bin_dir, const AnalyzeBenchOptions& options);
