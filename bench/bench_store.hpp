// Log-store benchmark: file size per sample and write speed of core's LogStore (docs/log-format.md).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>

// Writes `samples` realistic samples (two modems, SA and EN-DC; 4 neighbours on every other sample;
// one raw line per AT command and answer line, as the probe logs them) in batches of 50 to a
// temporary database, then reports:
//   samples, batch_samples, raw_lines_per_sample,
//   bytes_per_sample          file size after the final checkpoint / samples (bytes)
//   raw_line_bytes_share      share of those bytes due to raw lines (same run without them, 0..1)
//   insert_samples_per_s      samples / wall time of all add() + flush() calls
//   flush_ms_p50, flush_ms_max            per 50-sample flush (ms, synchronous=FULL: one WAL fsync each)
//   flush1_ms_p50, flush1_ms_max          per 1-sample flush, the probe's 1 Hz case (ms)
// Throws shikan::StoreError if the temporary database cannot be written.
nlohmann::json shikan_bench_store(std::size_t samples);
