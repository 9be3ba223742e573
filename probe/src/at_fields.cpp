#include "at_fields.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace shikan::probe::at {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool split_answer(std::string_view line, std::string_view& name, std::string_view& body) {
  if (line.size() < 3 || line[0] != '+') return false;
  std::size_t i = 1;
  while (i < line.size() && is_alnum(line[i])) ++i;
  if (i == 1 || i >= line.size() || line[i] != ':') return false;
  name = line.substr(1, i - 1);
  body = line.substr(i + 1);
  return true;
}

void split_fields(std::string_view body, Fields& out) {
  out.n = 0;
  out.quoted = 0;
  out.overflow = false;
  std::size_t i = 0;
  const std::size_t len = body.size();
  while (true) {
    // One field: [spaces] ["..."|text] [spaces] up to ',' or end.
    while (i < len && (body[i] == ' ' || body[i] == '\t')) ++i;
    std::string_view field;
    bool quoted = false;
    if (i < len && body[i] == '"') {
      const std::size_t start = i + 1;
      std::size_t end = body.find('"', start);
      if (end == std::string_view::npos) end = len;  // unterminated quote: take the rest
      field = body.substr(start, end - start);
      quoted = true;
      i = end < len ? end + 1 : len;
      while (i < len && body[i] != ',') ++i;  // junk after the closing quote is ignored
    } else {
      const std::size_t start = i;
      while (i < len && body[i] != ',') ++i;
      field = trim(body.substr(start, i - start));
    }
    if (out.n < Fields::kMax) {
      out.v[out.n] = field;
      if (quoted) out.quoted |= std::uint64_t{1} << out.n;
      ++out.n;
    } else {
      out.overflow = true;
    }
    if (i >= len) break;
    ++i;  // the comma
  }
  // An empty body has no fields (not one empty field).
  if (out.n == 1 && out.v[0].empty() && out.quoted == 0) out.n = 0;
}

bool is_dash(std::string_view f) {
  if (f.empty()) return true;
  for (char c : f)
    if (c != '-') return false;
  return true;
}

bool is_sentinel(double v) {
  return v == -32768.0 || v == 32767.0 || v == 65535.0 || v == -2147483648.0 || v == 2147483647.0 ||
         v == 4294967295.0;
}

std::optional<int> band_number(std::string_view band) {
  std::size_t end = band.size();
  while (end > 0 && band[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && band[start - 1] >= '0' && band[start - 1] <= '9') --start;
  if (start == end) return std::nullopt;
  int v = 0;
  auto r = std::from_chars(band.data() + start, band.data() + end, v);
  if (r.ec != std::errc{}) return std::nullopt;
  return v;
}

std::optional<int> nr_bw_mhz(int code) {
  static constexpr int kMhz[] = {5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 400, 35, 45};
  if (code < 0 || code > 16) return std::nullopt;
  return kMhz[code];
}

std::optional<double> lte_bw_mhz(int code) {
  static constexpr double kMhz[] = {1.4, 3, 5, 10, 15, 20};
  if (code < 0 || code > 5) return std::nullopt;
  return kMhz[code];
}

bool FieldReader::present(std::size_t i, Key k) {
  if (!f_.has(i)) return false;
  carried_.add(k);
  return true;
}

void FieldReader::junk(std::string_view name, std::string_view field) {
  if (field.size() > 16) field = field.substr(0, 16);
  std::string r = "bad ";
  r += name;
  r += " '";
  r += field;
  r += '\'';
  fail(std::move(r));
}

namespace {

// Decimal number with optional sign ('+' allowed) and optional fraction. False on anything else.
bool to_number(std::string_view s, double& out, bool& integral) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  std::int64_t iv = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), iv);
  if (r.ec == std::errc{} && r.ptr == s.data() + s.size()) {
    out = static_cast<double>(iv);
    integral = true;
    return true;
  }
  double dv = 0;
  auto rd = std::from_chars(s.data(), s.data() + s.size(), dv, std::chars_format::fixed);
  if (rd.ec != std::errc{} || rd.ptr != s.data() + s.size() || !std::isfinite(dv)) return false;
  out = dv;
  integral = false;
  return true;
}

}  // namespace

std::optional<double> FieldReader::number(std::size_t i, Key k, std::string_view name, Range r) {
  if (!present(i, k)) return std::nullopt;
  const std::string_view f = f_.v[i];
  if (is_dash(f)) return std::nullopt;
  double v = 0;
  bool integral = false;
  if (!to_number(f, v, integral)) {
    junk(name, f);
    return std::nullopt;
  }
  if ((integral && is_sentinel(v)) || v < r.lo || v > r.hi) return std::nullopt;
  return v;
}

std::optional<std::int64_t> FieldReader::integer(std::size_t i, Key k, std::string_view name, Range r) {
  if (!present(i, k)) return std::nullopt;
  const std::string_view f = f_.v[i];
  if (is_dash(f)) return std::nullopt;
  double v = 0;
  bool integral = false;
  if (!to_number(f, v, integral) || !integral) {
    junk(name, f);
    return std::nullopt;
  }
  if (is_sentinel(v) || v < r.lo || v > r.hi) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

std::optional<std::uint64_t> FieldReader::hex(std::size_t i, Key k, std::string_view name, std::uint64_t max) {
  if (!present(i, k)) return std::nullopt;
  std::string_view f = f_.v[i];
  if (is_dash(f)) return std::nullopt;
  if (f.size() > 2 && f[0] == '0' && (f[1] == 'x' || f[1] == 'X')) f.remove_prefix(2);
  std::uint64_t v = 0;
  auto r = std::from_chars(f.data(), f.data() + f.size(), v, 16);
  if (f.empty() || r.ptr != f.data() + f.size()) {
    junk(name, f_.v[i]);
    return std::nullopt;
  }
  if (r.ec == std::errc::result_out_of_range || v > max) return std::nullopt;
  // All ones over the printed width (FFFF, FFFFFFF, FFFFFFFFF) is the "no value" pattern.
  const std::size_t sig = f.size() > 16 ? 16 : f.size();
  const std::uint64_t ones = sig >= 16 ? ~std::uint64_t{0} : (std::uint64_t{1} << (4 * sig)) - 1;
  if (v == ones && v != 0) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> FieldReader::tac(std::size_t i, Key k) {
  auto v = hex(i, k, "tac", 0xFFFFFF);
  if (!v) return std::nullopt;
  // TS 23.003 §19.4.2.3: FFFE (LTE) and FFFFFE (5GS) are reserved; FFFF/FFFFFF are modems' "none".
  if (*v == 0xFFFE || *v == 0xFFFF || *v == 0xFFFFFE || *v == 0xFFFFFF) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

std::optional<std::string_view> FieldReader::text(std::size_t i, Key k) {
  if (!present(i, k)) return std::nullopt;
  const std::string_view f = f_.v[i];
  if (f.empty() || (f == "-" && !f_.is_quoted(i))) return std::nullopt;
  return f;
}

std::optional<Plmn> FieldReader::plmn(std::size_t mcc, std::size_t mnc) {
  if (!f_.has(mcc)) return std::nullopt;
  carried_.add(Key::Plmn);
  if (!f_.has(mnc)) return std::nullopt;
  const std::string_view a = f_.v[mcc], b = f_.v[mnc];
  if (is_dash(a) || is_dash(b)) return std::nullopt;
  auto p = Plmn::from_fields(a, b);
  if (!p) {
    std::string r = "bad plmn '";
    r += a.substr(0, 8);
    r += ',';
    r += b.substr(0, 8);
    r += '\'';
    fail(std::move(r));
  }
  return p;
}

}  // namespace shikan::probe::at
