// Delimited text input shared by every importer: an RFC 4180 reader (also tab- and semicolon-separated
// text), text-encoding detection (UTF-8 vs GBK/GB18030, common in Chinese office exports) and a header
// mapper with alias lists. The dialect is documented in docs/input-formats.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shikan::csv {

// A structural problem that makes the rest of the input unreadable (unterminated quote, field or record
// over its bound, missing required column). what() is "SOURCE:LINE: reason".
class CsvError : public std::runtime_error {
 public:
  CsvError(const std::string& source, std::size_t line, const std::string& reason);
  std::size_t line() const { return line_; }
  const std::string& reason() const { return reason_; }

 private:
  std::size_t line_;
  std::string reason_;
};

struct Dialect {
  // Field separator; '\0' = sniff from the first line: the most frequent of ',', '\t', ';' outside
  // quotes (',' on a tie or when none occurs).
  char delimiter = '\0';
  std::size_t max_field_bytes = 64 * 1024;    // one field, after unquoting
  std::size_t max_record_bytes = 1024 * 1024;  // all fields of one record together
  std::size_t max_fields = 4096;
  std::size_t block_bytes = 64 * 1024;  // read size from the stream
};

// One record. The views point into the reader's buffers and stay valid only until the next call to
// CsvReader::next (or until the callback returns).
struct Record {
  std::span<const std::string_view> fields;
  std::size_t line = 0;  // 1-based physical line where the record starts (quoted newlines count)
};

// Streaming reader. Accepts LF, CRLF and lone CR line ends (mixed in one file), a UTF-8 BOM at the start,
// quoted fields with embedded delimiters, "" escapes and newlines. Blank lines are skipped (they still
// count as lines). Lenient like Excel: a quote inside an unquoted field is literal, text after a closing
// quote is appended to the field. Buffers are reused, so the hot path does not allocate per field. A record
// without quotes that lies whole in the current block (almost every record of a machine-written file) is
// split in place, without the copy and the state machine the general case needs; both give the same records.
class CsvReader {
 public:
  // `source` names the input in error messages (usually the file path).
  explicit CsvReader(std::istream& in, Dialect dialect = {}, std::string source = "<input>");
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record, or nullopt at the end of input. Throws CsvError on a structural problem and
  // std::runtime_error (naming the source) when the stream fails.
  std::optional<Record> next();

  char delimiter() const { return delim_; }
  const std::string& source() const { return source_; }
  std::size_t records() const { return records_; }  // records returned so far

 private:
  bool fill();
  void sniff();
  std::optional<Record> next_plain();
  bool fields_within_bound(std::size_t n) const;
  void end_field(std::size_t end);
  void append(const char* data, std::size_t n);
  bool scan_plain(bool at_field_start);
  [[noreturn]] void fail(std::size_t line, const std::string& reason) const;

  std::istream& in_;
  Dialect dialect_;
  std::string source_;
  char delim_ = ',';
  std::vector<char> block_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false, started_ = false, pending_cr_ = false;
  std::size_t line_ = 1, records_ = 0;
  std::string text_;  // unquoted bytes of the current record (plain runs keep their delimiters)
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // [begin, end) in text_ of each finished field
  std::size_t field_start_ = 0;
  std::vector<std::string_view> views_;  // the record's fields (next_plain: its first fields only)
};

// Reads every record, calling `on_record` for each; returns the number of records.
std::size_t for_each_record(std::istream& in, const Dialect& dialect, const std::string& source,
                            const std::function<void(const Record&)>& on_record);

// ---- text encodings ---------------------------------------------------------------------------------

enum class TextEncoding { Utf8, Gbk };  // Gbk means GBK or its superset GB18030
std::string_view to_string(TextEncoding e);  // "UTF-8", "GBK"

// Pure: Utf8 when `bytes` is valid UTF-8 (a BOM, ASCII-only text included), else Gbk when it is well-formed
// GB18030 (1-, 2- and 4-byte sequences), else nullopt. With `truncated` set, an incomplete multi-byte
// sequence at the very end is accepted (for a sample cut from a longer file).
std::optional<TextEncoding> detect_encoding(std::string_view bytes, bool truncated = false);

// GBK/GB18030 bytes -> UTF-8 (glibc iconv). Throws std::runtime_error "SOURCE: byte N: ..." on bytes that do
// not convert.
std::string gbk_to_utf8(std::string_view bytes, const std::string& source);

struct DecodedText {
  std::string utf8;  // without a BOM
  TextEncoding encoding = TextEncoding::Utf8;
};

// Edge function: reads a whole file, detects its encoding and returns it as UTF-8. Throws
// std::runtime_error naming the file when it cannot be read, or is neither UTF-8 nor GBK.
DecodedText read_text_file(const std::filesystem::path& path);
// Same for text already in memory (`source` names it in errors).
DecodedText decode_text(std::string bytes, const std::string& source);

// ---- field values ------------------------------------------------------------------------------------

// The whole of `text` as a double, read exactly as std::from_chars (general format) reads it: true with `out`
// set when from_chars succeeds and consumes all of `text` (so no spaces and no leading '+'), else false with
// `out` unspecified. Plain decimals with at most 15 digits, the numbers of measurement files ("-93.5",
// "30.2512345"), take a faster path that yields the very same double; anything else (exponents, "inf", long
// mantissas, ".5") is handed to from_chars. An out-parameter rather than std::optional because this runs for
// every field of every row, and g++ 12 returns an optional<double> through memory that the caller then reads
// back in a wider load: a store-forwarding stall that cost as much as the parse.
bool parse_double(std::string_view text, double& out);

// ---- header mapping ---------------------------------------------------------------------------------

// One logical column: its canonical name, the other header names accepted for it (matched after trimming
// spaces, ASCII case-insensitively) and whether a file must have it.
struct ColumnSpec {
  std::string name;
  std::vector<std::string> aliases;
  bool required = false;
};

// Logical column -> index in the record, built from a header record.
class HeaderMap {
 public:
  // Throws CsvError "SOURCE:LINE: missing required column 'lat' (aliases: latitude, 纬度)" for a missing
  // required column, and "... columns 'lon' and '经度' both give 'lon'" when two headers claim one column.
  HeaderMap(std::span<const std::string_view> header, std::span<const ColumnSpec> specs,
            const std::string& source, std::size_t line = 1);

  std::optional<std::size_t> index(std::string_view name) const;
  bool has(std::string_view name) const { return index(name).has_value(); }
  // The field of `record` for column `name`, trimmed of spaces; empty when the column is absent or the
  // record is short.
  std::string_view get(std::span<const std::string_view> record, std::string_view name) const;
  // Header names matched to no spec (reported, never an error).
  const std::vector<std::string>& unmapped() const { return unmapped_; }

 private:
  std::vector<std::pair<std::string, std::size_t>> cols_;
  std::vector<std::string> unmapped_;
};

// Trims ASCII spaces and tabs at both ends. Inline: importers call it on every field of every row.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
// ASCII case-insensitive equality (bytes >= 0x80 compared exactly, so Chinese names match as written).
bool iequals(std::string_view a, std::string_view b);

}  // namespace shikan::csv
