// RFC 4180 reader as a byte-at-a-time state machine over blocks read from the stream.
#include "shikan/core/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace shikan::csv {

CsvError::CsvError(const std::string& source, std::size_t line, const std::string& reason)
    : std::runtime_error(fmt::format("{}:{}: {}", source, line, reason)), line_(line), reason_(reason) {}

CsvReader::CsvReader(std::istream& in, Dialect dialect, std::string source)
    : in_(in), dialect_(dialect), source_(std::move(source)) {
  block_.resize(std::max<std::size_t>(dialect_.block_bytes, 16));
  delim_ = dialect_.delimiter == '\0' ? ',' : dialect_.delimiter;
}

void CsvReader::fail(std::size_t line, const std::string& reason) const { throw CsvError(source_, line, reason); }

bool CsvReader::fill() {
  if (eof_) return false;
  in_.read(block_.data(), static_cast<std::streamsize>(block_.size()));
  const auto got = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) throw std::runtime_error(fmt::format("{}: read error", source_));
  if (got < block_.size()) eof_ = true;
  pos_ = 0;
  end_ = got;
  return got > 0;
}

// Called once on the first block: drops a UTF-8 BOM and, when asked, picks the delimiter from the first
// line (only the part of it inside the first block, which is plenty for a header).
void CsvReader::sniff() {
  started_ = true;
  if (!fill()) return;
  if (end_ >= 3 && std::string_view(block_.data(), 3) == "\xEF\xBB\xBF") pos_ = 3;
  if (dialect_.delimiter != '\0') return;
  std::array<std::size_t, 3> counts{};  // ',', '\t', ';'
  bool quoted = false;
  for (std::size_t i = pos_; i < end_; ++i) {
    const char c = block_[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++counts[0];
    if (c == '\t') ++counts[1];
    if (c == ';') ++counts[2];
  }
  delim_ = ',';
  if (counts[1] > counts[0] && counts[1] >= counts[2]) delim_ = '\t';
  if (counts[2] > counts[0] && counts[2] > counts[1]) delim_ = ';';
}

void CsvReader::append(const char* data, std::size_t n) {
  if (text_.size() + n - field_start_ > dialect_.max_field_bytes)
    fail(line_, fmt::format("field longer than {} bytes", dialect_.max_field_bytes));
  if (text_.size() + n > dialect_.max_record_bytes)
    fail(line_, fmt::format("record longer than {} bytes", dialect_.max_record_bytes));
  text_.append(data, n);
}

void CsvReader::end_field(std::size_t end) {
  if (end - field_start_ > dialect_.max_field_bytes)
    fail(line_, fmt::format("field longer than {} bytes", dialect_.max_field_bytes));
  spans_.emplace_back(field_start_, end);
  if (spans_.size() > dialect_.max_fields) fail(line_, fmt::format("more than {} fields", dialect_.max_fields));
}

// The hot path: unquoted fields and their delimiters, scanned in place and copied to text_ as one run
// (delimiters included; spans_ skip them). Stops at a line end, a quote opening a field, or the block end.
bool CsvReader::scan_plain(bool at_field_start) {
  const char* p = block_.data();
  const std::size_t from = pos_, base = text_.size();
  const char d = delim_;
  std::size_t i = pos_;
  while (i < end_) {
    const char c = p[i];
    if (c == d) {
      end_field(base + (i - from));
      field_start_ = base + (i - from) + 1;
      at_field_start = true;
      ++i;
      if (i < end_ && p[i] == '"') break;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    at_field_start = false;
    ++i;
  }
  pos_ = i;
  append(p + from, i - from);
  return at_field_start;
}

namespace {
enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
}

std::optional<Record> CsvReader::next() {
  if (!started_) sniff();
  text_.clear();
  spans_.clear();
  field_start_ = 0;
  State st = State::FieldStart;
  bool any = false;  // something other than a line end was seen for this record
  std::size_t start_line = line_;
  bool done = false;
  while (!done) {
    if (pos_ == end_ && !fill()) break;
    if (pending_cr_) {
      pending_cr_ = false;
      if (block_[pos_] == '\n') {  // second half of CRLF: the line was counted at the CR
        ++pos_;
        continue;
      }
    }
    const char c0 = block_[pos_];
    if (!any && c0 != '\n' && c0 != '\r') {
      any = true;
      start_line = line_;
    }
    const bool line_end = c0 == '\n' || c0 == '\r';
    if (!line_end && (st == State::Unquoted || (st == State::FieldStart && c0 != '"'))) {
      st = scan_plain(st == State::FieldStart) ? State::FieldStart : State::Unquoted;
      continue;
    }
    if (st == State::Quoted && c0 != '"' && c0 != '\n') {  // a run of quoted text
      std::size_t i = pos_;
      while (i < end_ && block_[i] != '"' && block_[i] != '\n') ++i;
      append(block_.data() + pos_, i - pos_);
      pos_ = i;
      continue;
    }
    const char c = block_[pos_++];
    switch (st) {
      case State::Quoted:
        if (c == '"') {
          st = State::QuoteInQuoted;
        } else {  // '\n' inside quotes: data, and a physical line
          ++line_;
          append(&c, 1);
        }
        continue;
      case State::QuoteInQuoted:
        if (c == '"') {
          append("\"", 1);
          st = State::Quoted;
          continue;
        }
        break;  // closing quote: c is handled as in an unquoted field below
      case State::FieldStart:
        if (c == '"') {
          st = State::Quoted;
          continue;
        }
        break;
      case State::Unquoted:
        break;
    }
    if (c == delim_) {
      end_field(text_.size());
      field_start_ = text_.size();
      st = State::FieldStart;
    } else if (c == '\n' || c == '\r') {
      ++line_;
      pending_cr_ = c == '\r';
      if (any) done = true;  // a blank line is skipped
    } else {
      append(&c, 1);
      st = State::Unquoted;
    }
  }
  if (st == State::Quoted) fail(start_line, "unterminated quoted field (file ends inside quotes)");
  if (!any) return std::nullopt;
  end_field(text_.size());
  views_.clear();
  for (const auto& [from, to] : spans_) views_.emplace_back(text_.data() + from, to - from);
  ++records_;
  return Record{std::span<const std::string_view>(views_), start_line};
}

std::size_t for_each_record(std::istream& in, const Dialect& dialect, const std::string& source,
                            const std::function<void(const Record&)>& on_record) {
  CsvReader reader(in, dialect, source);
  while (const auto rec = reader.next()) on_record(*rec);
  return reader.records();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

namespace {

bool spec_matches(const ColumnSpec& spec, std::string_view header) {
  if (iequals(spec.name, header)) return true;
  return std::any_of(spec.aliases.begin(), spec.aliases.end(), [&](const std::string& a) { return iequals(a, header); });
}

std::string alias_list(const ColumnSpec& spec) {
  std::string out;
  for (const auto& a : spec.aliases) out += (out.empty() ? "" : ", ") + a;
  return out;
}

}  // namespace

HeaderMap::HeaderMap(std::span<const std::string_view> header, std::span<const ColumnSpec> specs,
                     const std::string& source, std::size_t line) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view h = trim(header[i]);
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ColumnSpec& s) { return spec_matches(s, h); });
    if (spec == specs.end()) {
      unmapped_.emplace_back(h);
      continue;
    }
    if (const auto prev = index(spec->name))
      throw CsvError(source, line, fmt::format("columns '{}' and '{}' both give '{}'", trim(header[*prev]), h, spec->name));
    cols_.emplace_back(spec->name, i);
  }
  for (const auto& spec : specs) {
    if (spec.required && !has(spec.name))
      throw CsvError(source, line, fmt::format("missing required column '{}' (aliases: {})", spec.name, alias_list(spec)));
  }
}

std::optional<std::size_t> HeaderMap::index(std::string_view name) const {
  for (const auto& [n, i] : cols_)
    if (n == name) return i;
  return std::nullopt;
}

std::string_view HeaderMap::get(std::span<const std::string_view> record, std::string_view name) const {
  const auto i = index(name);
  if (!i || *i >= record.size()) return {};
  return trim(record[*i]);
}

}  // namespace shikan::csv
