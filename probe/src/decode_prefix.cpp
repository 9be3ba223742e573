#include "decode_prefix.hpp"

#include "at_fields.hpp"

namespace shikan::probe::dec {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (!digit(s[i])) return false;
  return true;
}

// Length of an ISO-8601 timestamp at the start of s followed by a blank or the end, or 0.
std::size_t iso_prefix_len(std::string_view s) {
  if (!digits(s, 0, 4) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2) ||
      (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' ||
      !digits(s, 17, 2))
    return 0;
  std::size_t i = 19;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && digit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2)) {
    i += 3;
    if (i < s.size() && s[i] == ':') ++i;
    if (digits(s, i, 2)) i += 2;
  }
  if (i < s.size() && s[i] != ' ' && s[i] != '\t') return 0;
  return i;
}

int num2(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// The instant of a stamp whose layout iso_prefix_len() accepted. Same rules as core's parse_iso8601
// (no zone = UTC; fractions beyond milliseconds dropped), without its general-purpose scanning: this runs
// once per input line.
std::optional<UtcTime> iso_instant(std::string_view s) {
  const int y = num2(s, 0) * 100 + num2(s, 2), mo = num2(s, 5), d = num2(s, 8), h = num2(s, 11), mi = num2(s, 14),
            sec = num2(s, 17);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t i = 19;
  std::int64_t ms = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    int digits_seen = 0;
    for (++i; i < s.size() && digit(s[i]); ++i, ++digits_seen)
      if (digits_seen < 3) ms = ms * 10 + (s[i] - '0');
    if (digits_seen == 0) return std::nullopt;
    for (int k = digits_seen; k < 3; ++k) ms *= 10;
  }
  std::int64_t offset_min = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '+' ? 1 : -1;
    int oh = num2(s, i + 1), om = 0;
    i += 3;
    if (i < s.size() && s[i] == ':') ++i;
    if (digits(s, i, 2)) om = num2(s, i);
    offset_min = sign * (oh * 60 + om);
  }
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return UtcTime{(days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60) * 1000 + ms};
}

// "[MM-DD_HH:MM:SS:mmm]" (quectel-CM): true and "MM-DDTHH:MM:SS.mmm" in local.
bool quectel_cm_stamp(std::string_view s, std::array<char, 18>& local) {
  if (s.size() < 20 || s[0] != '[' || s[19] != ']' || s[3] != '-' || s[6] != '_' || s[9] != ':' || s[12] != ':' ||
      s[15] != ':' || !digits(s, 1, 2) || !digits(s, 4, 2) || !digits(s, 7, 2) || !digits(s, 10, 2) ||
      !digits(s, 13, 2) || !digits(s, 16, 3))
    return false;
  const std::string_view src = s.substr(1, 18);  // MM-DD_HH:MM:SS:mmm
  for (std::size_t i = 0; i < 18; ++i) local[i] = src[i];
  local[5] = 'T';
  local[14] = '.';
  return true;
}

}  // namespace

Split split_prefix(std::string_view line, std::array<char, 18>& local) {
  Split sp;
  sp.text = line;
  if (const std::size_t n = iso_prefix_len(line); n > 0) {
    sp.ts = iso_instant(line.substr(0, n));
    if (!sp.ts) return sp;  // looked like a stamp but is not a valid instant: leave the line whole
    std::string_view rest = at::trim(line.substr(n));
    sp.text = rest;
    // Shikan raw-line export: "<source> <'<'|'>'> <text>"
    const std::size_t sp1 = rest.find(' ');
    if (sp1 != std::string_view::npos && sp1 > 0 && sp1 + 1 < rest.size()) {
      const char d = rest[sp1 + 1];
      if ((d == '<' || d == '>') && (sp1 + 2 == rest.size() || rest[sp1 + 2] == ' ')) {
        sp.source = rest.substr(0, sp1);
        sp.dir = d == '>' ? Dir::Sent : Dir::Received;
        sp.text = sp1 + 3 <= rest.size() ? rest.substr(sp1 + 3) : std::string_view{};
      }
    }
    return sp;
  }
  if (quectel_cm_stamp(line, local)) {
    sp.has_local = true;
    std::string_view rest = line.substr(20);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.substr(0, 3) == "AT<") {
      sp.dir = Dir::Received;
      sp.text = rest.substr(3);
    } else if (rest.substr(0, 3) == "AT>") {
      sp.dir = Dir::Sent;
      sp.text = rest.substr(3);
    } else {
      sp.host_log = true;
    }
  }
  return sp;
}


}  // namespace shikan::probe::dec
