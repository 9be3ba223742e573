// The transcript decoder behind `shikan-probe decode [FILE|-]`: turns a raw modem/GNSS transcript (AT
// answers and/or NMEA, one device line per text line) into JSON Lines, one object per decoded record.
// Output schema, field by field: docs/at-formats.md ("Decode output").
//
// Input lines may carry a leading timestamp in one of these forms:
//   ISO-8601:    "2026-11-21T06:17:25.123Z <text>"  or  "2026-11-21 06:17:25.123 <text>" (taken as UTC)
//   quectel-CM:  "[04-21_17:35:15:441] AT< <text>"  (received) / "... AT> <cmd>" (sent). No year and the
//                logging host's local time: reported as "ts_local":"04-21T17:35:15.441", never as "ts".
//                Its other lines ("[..] ifconfig usb0 up") are host log messages and are skipped.
//   Shikan raw-line export (the probe's raw log export writes it; see append_raw_line):
//                "<ISO-8601 UTC> <source> <dir> <text>", dir '>' = sent to the device, '<' = received,
//                source = modem id or "gnss" (no spaces). Records then carry "source".
// Not records: blank lines, comment lines ('#'), final "OK", echoed commands (lines starting with AT/at,
// or sent lines). An echoed command is remembered per source as context: it names the command of an
// "at_error" and says what a bare answer line means (ATI identity lines, the IMEI after AT+CGSN).
// Multi-line answers (the EN-DC servingcell group, ATI) are emitted when they end: at the next line that
// does not continue them, a final code, a comment, a command, or finish(); "line" is their first line.
//
// Every record has "kind" and "line" (1-based input line number), plus "ts"/"ts_local"/"source" when the
// line had them. Fields a line does not carry are absent; carried but invalid values ("-", sentinels) are
// null. A line that cannot be decoded gives {"kind":"error","line":N,"reason":"...","raw":"..."} and
// decoding goes on: nothing here throws on any input, and the output is valid UTF-8 JSON whatever the
// bytes (invalid UTF-8 bytes are written as \u00XX of the byte, i.e. read as Latin-1).
//
// Thread safety: a TranscriptDecoder is one stream's state; use one per thread.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "shikan/core/model.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {

struct DecodeOptions {
  QuectelOptions quectel;  // LTE SINR encoding of the modem that wrote the transcript
  bool nmea = true;        // decode NMEA lines ('$'/'!'); otherwise they are errors "nmea disabled"
};

// The kinds of records; to_string gives the "kind" value.
enum class RecordKind : std::uint8_t {
  ServingCell,   // "servingcell"
  Neighbour,     // "neighbour"
  NwInfo,        // "nwinfo"
  CaInfo,        // "cainfo"
  Registration,  // "registration"
  Signal,        // "signal"  (+CESQ, +CSQ)
  Operator,      // "operator" (+COPS)
  Identity,      // "identity"
  CellId,        // "cell_id" (AT+QNWCFG="nr5g_cell_id"/"lte_cell_id")
  AtError,       // "at_error" (ERROR, +CME ERROR, +CMS ERROR)
  Fix,           // "fix"  (NMEA GGA/RMC)
  Dop,           // "dop"  (NMEA GSA)
  Sky,           // "sky"  (NMEA GSV)
  Error,         // "error" (a line that could not be decoded)
  Count
};
std::string_view to_string(RecordKind k);

struct DecodeStats {
  std::uint64_t lines = 0;    // input lines read
  std::uint64_t skipped = 0;  // lines that are not records: blank, comment, echo, OK, host log
  std::array<std::uint64_t, static_cast<std::size_t>(RecordKind::Count)> records{};  // by kind

  std::uint64_t count(RecordKind k) const { return records[static_cast<std::size_t>(k)]; }
  std::uint64_t errors() const { return count(RecordKind::Error); }
  std::uint64_t total_records() const;  // all kinds, errors included
};

class TranscriptDecoder {
 public:
  explicit TranscriptDecoder(DecodeOptions opt = {});
  ~TranscriptDecoder();
  TranscriptDecoder(TranscriptDecoder&&) noexcept;
  TranscriptDecoder& operator=(TranscriptDecoder&&) noexcept;

  // Decodes one input line (without its terminator; a trailing CR is ignored) and appends the records
  // it completes to out_jsonl, each as one JSON object and '\n'.
  void feed(std::string_view line, std::string& out_jsonl);
  // End of input: appends the records still pending (an EN-DC group, an ATI answer).
  void finish(std::string& out_jsonl);
  const DecodeStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads `in` in large blocks to its end and writes JSON Lines to `out`. Lines end at LF, CRLF, CR CR LF
// or a lone CR; NUL and other bytes are data; a last line without terminator is decoded. Throws
// std::ios_base::failure only if writing to `out` fails.
DecodeStats decode_stream(std::istream& in, std::ostream& out, const DecodeOptions& opt = {});

// Appends one line in the Shikan raw-line export format ("<ISO-8601 UTC> <source> <dir> <text>", no
// newline). An empty source is written as "-", spaces in it as '_'; CR/LF in the text as spaces.
void append_raw_line(const RawLine& line, std::string& out);

}  // namespace shikan::probe
