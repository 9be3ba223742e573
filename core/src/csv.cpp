// RFC 4180 reader as a byte-at-a-time state machine over blocks read from the stream, with a fast path that
// splits unquoted records in place, 16 bytes at a time.
#include "shikan/core/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Where the delimiter and the bytes that end the fast path (line ends, the quote) are among `count` <= 16
// bytes: bit i of `delimiters` / `stops` stands for byte i.
struct ByteMasks {
  std::uint32_t delimiters = 0, stops = 0;
};

ByteMasks masks_bytewise(const char* p, std::size_t count, char delimiter) {
  ByteMasks m;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = p[i];
    m.delimiters |= static_cast<std::uint32_t>(c == delimiter) << i;
    m.stops |= static_cast<std::uint32_t>(c == '\n' || c == '\r' || c == '"') << i;
  }
  return m;
}

#if defined(__SSE2__)
// SSE2 is part of x86-64: 16 bytes take four compares and two movemasks instead of 16 trips through a loop,
// and the delimiters are then visited by their bits, with no branch on each byte.
ByteMasks masks16(const char* p, char delimiter) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto equal = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
  const __m128i stops = _mm_or_si128(_mm_or_si128(equal('\n'), equal('\r')), equal('"'));
  return {static_cast<std::uint32_t>(_mm_movemask_epi8(equal(delimiter))),
          static_cast<std::uint32_t>(_mm_movemask_epi8(stops))};
}
#else
ByteMasks masks16(const char* p, char delimiter) { return masks_bytewise(p, 16, delimiter); }
#endif

}  // namespace

// The fast path: a record with no quote that ends inside the current block is split where it lies, its views
// pointing into block_ (which next() alone refills). Anything else (a quote, a blank line, a record running
// past the block or over a bound, a delimiter that is itself a line end or quote) leaves the reader as it found
// it and returns nullopt, and next() reads the record byte by byte, raising the same errors it always did.
std::optional<Record> CsvReader::next_plain() {
  if (delim_ == '\n' || delim_ == '\r' || delim_ == '"') return std::nullopt;
  if (pos_ == end_ && !fill()) return std::nullopt;
  if (pending_cr_) {  // as in next(): a LF right after a CR ending the previous line is that line's end
    pending_cr_ = false;
    if (block_[pos_] == '\n' && ++pos_ == end_) return std::nullopt;
  }
  // Fields are cut at the delimiters up to the first stop byte, 16 bytes at a time.
  const char* const p = block_.data();
  const std::size_t end = end_;
  std::size_t n = 0, from = pos_, stop = end;
  for (std::size_t i = pos_; i < end && stop == end; i += 16) {
    if (views_.size() < n + 17) views_.resize(n + 17);  // room for this group's fields and the last one
    std::string_view* const views = views_.data();      // a local: stores to views[] cannot move it
    const std::size_t count = std::min<std::size_t>(16, end - i);
    ByteMasks m = count == 16 ? masks16(p + i, delim_) : masks_bytewise(p + i, count, delim_);
    if (m.stops != 0) {
      const int at = std::countr_zero(m.stops);
      m.delimiters &= (std::uint32_t{1} << at) - 1;  // only those before the stop
      stop = i + static_cast<std::size_t>(at);
    }
    for (; m.delimiters != 0; m.delimiters &= m.delimiters - 1) {
      const std::size_t cut = i + static_cast<std::size_t>(std::countr_zero(m.delimiters));
      views[n++] = std::string_view(p + from, cut - from);
      from = cut + 1;
    }
  }
  const bool line_end = stop < end && p[stop] != '"';
  if (!line_end || stop == pos_) return std::nullopt;
  views_[n] = std::string_view(p + from, stop - from);
  // Bounds: fields are looked at one by one only when the whole record exceeds the field bound, which the
  // default bound (64 KiB, the default block) never lets happen here.
  const std::size_t bytes = stop - pos_;
  if (bytes > dialect_.max_record_bytes || n + 1 > dialect_.max_fields ||
      (bytes > dialect_.max_field_bytes && !fields_within_bound(n + 1)))
    return std::nullopt;
  const std::size_t start_line = line_++;
  pending_cr_ = p[stop] == '\r';
  pos_ = stop + 1;
  ++records_;
  return Record{std::span<const std::string_view>(views_.data(), n + 1), start_line};
}

// Whether the first `n` views are all within max_field_bytes.
bool CsvReader::fields_within_bound(std::size_t n) const {
  return std::all_of(views_.begin(), views_.begin() + static_cast<std::ptrdiff_t>(n),
                     [this](std::string_view v) { return v.size() <= dialect_.max_field_bytes; });
}

std::optional<Record> CsvReader::next() {
  if (!started_) sniff();
  if (auto rec = next_plain()) return rec;
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
