// Helpers shared by the text importers (internal): field parsing, value cleaning into a Measurement,
// and the read loop over core's CSV reader.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "shikan/analyzer/importer.hpp"
#include "shikan/core/csv.hpp"

namespace shikan::analyzer::detail {

// Collects the first problem of one row while its fields are parsed. A field that is empty or "-"
// is missing (nullopt, not a problem); anything else that is not a number is a problem.
class RowParser {
 public:
  // The number in `field` into `out`: absent when the field is missing; absent, and the row's problem, when
  // it is not a number. This runs for every field of every row, hence its shape:
  //  - it writes into the caller's optional instead of returning one: g++ 12 returns an optional<double>
  //    through memory and the caller reads it back in a wider load than was stored (a store-forwarding stall);
  //  - the two common cases, an empty field and a clean number, are inline; the call cost more than they do.
  //    A field that parse_double takes whole has nothing to trim and is neither "-" nor signed with '+', so
  //    its value is the one number_general would give.
  void number(std::string_view field, std::string_view column, std::optional<double>& out) {
    out.reset();
    if (field.empty()) return;
    double v = 0;
    if (csv::parse_double(field, v))
      out = v;
    else
      number_general(field, column, out);
  }
  std::optional<double> number(std::string_view field, std::string_view column) {
    std::optional<double> v;
    number(field, column, v);
    return v;
  }
  std::optional<std::int64_t> integer(std::string_view field, std::string_view column);
  void fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
  }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  void number_general(std::string_view field, std::string_view column, std::optional<double>& out);
  std::string error_;
};

bool is_missing(std::string_view field);  // empty or "-" after trimming

// Numbers as read from a row, before value cleaning.
struct RowValues {
  std::optional<double> rsrp, rsrq, sinr, nr_rsrp, nr_rsrq, nr_sinr;
  std::optional<double> pci, nr_pci, arfcn, nr_arfcn, band, ta;
  std::optional<double> speed_mps, hdop, fix_age_ms, dl_mbps, ul_mbps;
};

// Copies the values into `m`, dropping sentinels and out-of-range values (counted in `dropped`).
void apply_values(const RowValues& v, Measurement& m, DroppedValues& dropped);

// Sets the WGS-84 position of `m` from decimal degrees; no position, with a reason in `p`, when malformed or out
// of range, and no position without a reason for (0, 0), which phones write when they have no fix. Sets rather
// than returns: an optional<GeoPoint> returned and passed on was copied whole right after being built
// piecewise, a store-forwarding stall on every row.
void set_position(Measurement& m, const std::optional<double>& lat, const std::optional<double>& lon, RowParser& p);

// G-NetTrack's "yyyy.mm.dd_HH.MM.SS" local time, shifted to UTC by `utc_offset_min` (minutes east).
std::optional<UtcTime> parse_gnettrack_time(std::string_view s, int utc_offset_min);

// Opens `file`, reads its header (first record) and then every record with `on_row`, turning core
// CSV errors into ImportError. `on_header` returns per-file state via captures. Throws ImportError
// when the file cannot be opened or has no header.
void read_delimited(const std::filesystem::path& file, char delimiter,
                    const std::function<void(std::span<const std::string_view> header, std::size_t line)>& on_header,
                    const std::function<void(std::span<const std::string_view> fields, std::size_t line)>& on_row);

// One data row of a text importer: counts it, rejects it when it is shorter than the header, lets
// `parse(m, p)` fill a Measurement, and hands it to `sink` unless the parser reported a problem.
template <class Parse>
void deliver_row(std::span<const std::string_view> fields, std::size_t line, std::size_t width,
                 const std::filesystem::path& file, ImportStats& stats, const MeasurementSink& sink, Parse&& parse) {
  ++stats.rows;
  if (fields.size() < width) {
    stats.reject(file, line,
                 "truncated row: " + std::to_string(fields.size()) + " of " + std::to_string(width) + " fields");
    return;
  }
  Measurement m;
  m.line = static_cast<std::uint32_t>(line);
  RowParser p;
  parse(m, p);
  if (p.failed()) {
    stats.reject(file, line, p.error());
    return;
  }
  ++stats.accepted;
  sink(m);
}

}  // namespace shikan::analyzer::detail

namespace shikan::analyzer::detail {

// The first line of `head` without a UTF-8 BOM and line end.
std::string_view first_line(std::string_view head);
// Whether `line`, split at `delim`, has a field equal to `name` (ASCII case-insensitive, trimmed).
bool has_column(std::string_view line, char delim, std::string_view name);

// The index of column `name` in `header` (ASCII case-insensitive), or nullopt.
std::optional<std::size_t> column(std::span<const std::string_view> header, std::string_view name);
// Same, throwing ImportError "missing required column 'name'" when absent.
std::size_t required_column(std::span<const std::string_view> header, std::string_view name,
                            const std::filesystem::path& file, std::size_t line);
// fields[i] or "" when the index is unset or the record is short.
inline std::string_view field(std::span<const std::string_view> fields, std::optional<std::size_t> i) {
  return i && *i < fields.size() ? fields[*i] : std::string_view{};
}

}  // namespace shikan::analyzer::detail
