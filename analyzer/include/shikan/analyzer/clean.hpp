// Cleaning of imported measurements (docs/analyzer.md, "Cleaning"). Pure: no file, no clock.
//  - Values: sentinels and out-of-range levels are dropped from the value, never from the row
//    (FIELD_GUIDE §3). Importers call accept() at the boundary and count what they dropped.
//  - Rows: GNSS jumps, stale fixes and duplicates are flagged (Measurement::excluded) by a Cleaner
//    and counted in a CleaningReport; flagged rows still reach the sink, so callers decide.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "shikan/analyzer/measurement.hpp"

namespace shikan::analyzer {

enum class Field : std::uint8_t {
  Rsrp, Rsrq, Sinr, NrRsrp, NrRsrq, NrSinr, Pci, NrPci, Arfcn, NrArfcn, Band, Ta, SpeedMps, Hdop, FixAgeMs,
  Mbps, CellId, kCount
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::kCount);
std::string_view to_string(Field f);  // "rsrp", "nr_sinr", ...

// Accepted range of a field, inclusive. Levels: the 3GPP reporting ranges (TS 38.133 §10.1:
// SS-RSRP −156..−31 dBm, SS-RSRQ −43..20 dB, SS-SINR −23..40 dB; the LTE ranges of TS 36.133 lie
// inside). PCI 0..1007, ARFCN 0..3279165 (NR-ARFCN), band 1..1024, TA 0..3846 (NR; LTE 0..1282),
// speed 0..150 m/s, HDOP 0..50, throughput 0..100000 Mbit/s, fix age >= 0, cell id 0..2^36-1.
// CellId is also counted as out of range by importers when a row's identity contradicts itself
// (e.g. a G-NetTrack "LTE" row whose CELLHEX has more than 8 bits).
struct ValueRange {
  double lo, hi;
};
ValueRange range_of(Field f);

// Known "no value" codes: −32768, 32767, 65535, 16777215, ±2147483647/−2147483648 (Android
// "unavailable"), and for RSRP also −200 and −340 (G-NetTrack).
bool is_sentinel(Field f, double raw);

// Counts of values dropped at import, per field, split into sentinel codes and other out-of-range
// values (NaN and infinities count as out of range).
struct DroppedValues {
  std::array<std::uint64_t, kFieldCount> sentinel{};
  std::array<std::uint64_t, kFieldCount> out_of_range{};
  std::uint64_t total() const;
  void merge(const DroppedValues& o);
};

// The value if it is neither a sentinel nor out of range; otherwise nullopt, counted in `dropped`.
std::optional<double> accept(Field f, double raw, DroppedValues& dropped);

struct CleaningOptions {
  double max_speed_mps = 70.0;       // 252 km/h: faster than a car on any road in a drive test
  double jump_tolerance_m = 30.0;    // GNSS noise allowed on top of max_speed_mps * dt
  std::int64_t min_dt_ms = 1000;     // timestamps have 1 s resolution in G-NetTrack: dt floor
  std::int64_t max_fix_age_ms = 10000;  // older fixes are stale (only when the format gives the age)
  std::int64_t duplicate_window_ms = 10000;  // how far back duplicates are looked for within a file
};

struct CleaningReport {
  std::uint64_t seen = 0;
  std::uint64_t usable = 0;            // no exclusion flag
  std::uint64_t gnss_jump = 0;         // rows with kExcludedGnssJump
  std::uint64_t stale_fix = 0;         // rows with kExcludedStaleFix
  std::uint64_t duplicate = 0;         // rows with kExcludedDuplicate (within a file)
  std::uint64_t without_position = 0;  // kept (they count for time shares) but cannot be placed
  DroppedValues values;                // values dropped at import (ImportStats::dropped of every file)
};

// Flags rows in one pass, streaming, with bounded state: one held row per file and the keys of the
// file's last duplicate_window_ms of rows. A duplicate has the same time as its original (time is part
// of the key), so only rows of the same moment need comparing; the window tolerates rows a few seconds
// out of order. Duplicates across files are whole files given twice, recognised by hash before import
// (ImportSummary::duplicate_files).
// Rows of one source file must arrive consecutively and in time order (as importers emit them).
// GNSS jumps: a positioned row P is compared with the last good fix A of the same file; if
// |AP| > max_speed_mps * max(dt, min_dt) + jump_tolerance_m, P is held until the next fix N:
// N consistent with P -> the track really moved (a gap in logging, or A was a coarse first fix) and P
// becomes the new reference; else N consistent with A -> P was a spike, flagged. Only the jumping point is flagged. A fix
// repeated unchanged over several rows keeps the time of its first row as the reference time.
// Not thread-safe.
class Cleaner {
 public:
  using Sink = std::function<void(const Measurement&)>;
  Cleaner(CleaningOptions options, Sink sink);
  void push(const Measurement& m);
  void finish();  // releases the row still held; call once at the end
  const CleaningReport& report() const { return report_; }

 private:
  struct Anchor {
    std::int32_t lat_e7, lon_e7;
    std::int64_t utc_ms;
  };
  bool consistent(const Anchor& a, const Measurement& b) const;
  bool is_duplicate(const Measurement& m);
  void track(const Measurement& m);
  void release_held(bool jumped);
  void emit(const Measurement& m);

  CleaningOptions options_;
  Sink sink_;
  CleaningReport report_;
  std::optional<std::uint16_t> file_;
  std::optional<Anchor> anchor_;
  std::optional<Measurement> held_;
  struct Recent {
    std::int64_t utc_ms;
    std::uint64_t key;
  };
  std::vector<Recent> recent_;  // this file's rows of the last duplicate_window_ms, in arrival order
  std::size_t recent_head_ = 0;  // entries before it have left the window
  bool out_of_order_ = false;    // this file went back in time once: scan the whole window from then on
};

// The key duplicates are detected on: time, position, RAT, PLMN, cell, PCI, levels, NR leg and
// throughput (never 0).
std::uint64_t duplicate_key(const Measurement& m);

}  // namespace shikan::analyzer
