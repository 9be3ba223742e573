#include "decode_json.hpp"

#include <array>
#include <cmath>

namespace shikan::probe::dec {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void escape_byte(std::string& out, unsigned char c) {
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates, <= U+10FFFF),
// or 0 if the bytes there are not one.
std::size_t utf8_len(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

void put2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: a run of plain printable ASCII.
    std::size_t j = i;
    while (j < s.size()) {
      const auto c = static_cast<unsigned char>(s[j]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++j;
    }
    out.append(s.data() + i, j - i);
    if (j >= s.size()) break;
    i = j;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else escape_byte(out, c);
      ++i;
    } else if (const std::size_t n = utf8_len(s, i); n > 0) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      escape_byte(out, c);
      ++i;
    }
  }
  out += '"';
}

void append_iso8601(std::string& out, UtcTime t) {
  std::int64_t days = t.ms / 86'400'000;
  std::int64_t rem = t.ms % 86'400'000;
  if (rem < 0) {
    rem += 86'400'000;
    --days;
  }
  // civil_from_days (Howard Hinnant), as in core/src/time.cpp.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  if (y < 0 || y > 9999) {  // outside what ISO-8601 basic years hold: fall back to the core formatter
    out += to_iso8601(t);
    return;
  }
  const auto yu = static_cast<unsigned>(y);
  put2(out, yu / 100);
  put2(out, yu % 100);
  out += '-';
  put2(out, m);
  out += '-';
  put2(out, d);
  out += 'T';
  const auto ms = static_cast<unsigned>(rem);
  put2(out, ms / 3'600'000);
  out += ':';
  put2(out, ms / 60'000 % 60);
  out += ':';
  put2(out, ms / 1000 % 60);
  out += '.';
  out += static_cast<char>('0' + ms % 1000 / 100);
  put2(out, ms % 100);
  out += 'Z';
}

void append_meta_members(std::string& out, const Meta& m) {
  out += "\"line\":";
  std::array<char, 24> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), m.line);
  out.append(buf.data(), r.ptr);
  if (m.ts) {
    out += ",\"ts\":\"";
    append_iso8601(out, *m.ts);
    out += '"';
  }
  if (!m.ts_local.empty()) {
    out += ",\"ts_local\":";
    append_json_string(out, m.ts_local);
  }
  if (!m.source.empty()) {
    out += ",\"source\":";
    append_json_string(out, m.source);
  }
}

void Json::open(std::string_view kind, const Meta& m) {
  out_ += "{\"kind\":\"";
  out_ += kind;
  out_ += "\",";
  append_meta_members(out_, m);
}

void Json::num(std::string_view k, std::int64_t v) {
  key(k);
  std::array<char, 24> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out_.append(buf.data(), r.ptr);
}

void Json::num(std::string_view k, std::uint64_t v) {
  key(k);
  std::array<char, 24> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out_.append(buf.data(), r.ptr);
}

void Json::num(std::string_view k, double v) {
  key(k);
  if (!std::isfinite(v)) {  // parsers never give one; JSON has no spelling for it
    out_ += "null";
    return;
  }
  if (v == 0) v = 0;  // no "-0"
  std::array<char, 32> buf{};
  // Most levels are whole numbers: the integer formatter is several times faster than the shortest
  // round-trip double formatter and prints the same digits.
  if (v > -1e15 && v < 1e15) {
    const auto i = static_cast<std::int64_t>(v);
    if (static_cast<double>(i) == v) {
      auto r = std::to_chars(buf.data(), buf.data() + buf.size(), i);
      out_.append(buf.data(), r.ptr);
      return;
    }
  }
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out_.append(buf.data(), r.ptr);
}

}  // namespace shikan::probe::dec
