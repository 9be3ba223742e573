// Probe resource use: CPU share of one core and peak RSS while sampling simulated modems.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

// Runs `shikan sim` on city with `modems` modems and GNSS at 10 Hz (no time acceleration), and the real
// probe sampling every 100 ms, for `seconds`; reads the probe's CPU time and VmHWM from /proc.
nlohmann::json shikan_bench_probe(const std::filesystem::path& bin_dir, const std::filesystem::path& city,
                                  double seconds);
