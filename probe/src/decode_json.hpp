// Private to the transcript decoder: a minimal JSON object writer appending to a std::string (no
// allocation beyond the output's growth) and the writers of each record kind.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/probe/at_parse.hpp"
#include "shikan/probe/decode.hpp"

namespace shikan::probe::dec {

// Appends s as a JSON string (with quotes). Control characters are escaped; valid UTF-8 is copied;
// each byte of an invalid UTF-8 sequence is written as \u00XX (its Latin-1 reading).
void append_json_string(std::string& out, std::string_view s);
// "2026-11-21T06:17:25.123Z"
void append_iso8601(std::string& out, UtcTime t);

// Where a record came from: its first input line and that line's timestamp and source.
struct Meta {
  std::uint64_t line = 0;
  std::optional<UtcTime> ts;
  std::string_view ts_local;  // quectel-CM "MM-DDTHH:MM:SS.mmm", empty if none
  std::string_view source;    // raw-line export source, empty if none
};

// "line":N[,"ts":".."][,"ts_local":".."][,"source":".."] (no braces, no leading comma).
void append_meta_members(std::string& out, const Meta& m);

class Json {
 public:
  explicit Json(std::string& out) : out_(out) {}
  // {"kind":"<kind>","line":N[,"ts":..][,"ts_local":..][,"source":..]
  void open(std::string_view kind, const Meta& m);
  void close() { out_ += "}\n"; }

  void key(std::string_view k) {
    out_ += ",\"";
    out_ += k;
    out_ += "\":";
  }
  void null(std::string_view k) {
    key(k);
    out_ += "null";
  }
  void str(std::string_view k, std::string_view v) {
    key(k);
    append_json_string(out_, v);
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    out_ += v ? "true" : "false";
  }
  void num(std::string_view k, std::int64_t v);
  void num(std::string_view k, double v);
  void num(std::string_view k, Dbm v) { num(k, v.value); }
  void num(std::string_view k, Db v) { num(k, v.value); }
  void num(std::string_view k, int v) { num(k, static_cast<std::int64_t>(v)); }
  void num(std::string_view k, std::uint32_t v) { num(k, static_cast<std::int64_t>(v)); }
  void num(std::string_view k, std::uint64_t v);

  // Value when present; null when the line carried the field but it was invalid; nothing otherwise.
  template <class T>
  void opt(std::string_view k, const std::optional<T>& v, bool carried) {
    if (v) num(k, *v);
    else if (carried) null(k);
  }
  void opt_str(std::string_view k, std::string_view v, bool carried) {
    if (!v.empty()) str(k, v);
    else if (carried) null(k);
  }

  std::string& out() { return out_; }

 private:
  std::string& out_;
};

// Record writers (decode_records.cpp). Each writes one complete line.
void write_servingcell(std::string& out, const Meta& m, const ServingCellReport& r);
void write_neighbour(std::string& out, const Meta& m, const NeighbourReport& r, bool meas_info);
void write_nwinfo(std::string& out, const Meta& m, const NetworkInfo& r);
void write_cainfo(std::string& out, const Meta& m, const CarrierInfo& r);
void write_registration(std::string& out, const Meta& m, const Registration& r);
void write_signal(std::string& out, const Meta& m, std::string_view command, const SignalQuality& r);
void write_operator(std::string& out, const Meta& m, const OperatorSelection& r);
// `command`: the echoed command the answer belongs to, if known; `empty_field`: the field to report as
// null when the modem answered with an empty value (e.g. +CGMI: "").
void write_identity(std::string& out, const Meta& m, std::string_view command, const ModemIdentity& r,
                    std::string_view empty_field);
void write_cell_id(std::string& out, const Meta& m, const CellIdentity& r);
void write_at_error(std::string& out, const Meta& m, std::string_view error, std::string_view text,
                    std::string_view command);
void write_error(std::string& out, const Meta& m, std::string_view reason, std::string_view raw);

}  // namespace shikan::probe::dec
