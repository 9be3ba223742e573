#include "shikan/core/time.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace shikan {

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return std::int64_t{era} * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

bool take_int(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  auto r = std::from_chars(s.data(), s.data() + n, out);
  if (r.ec != std::errc{} || r.ptr != s.data() + n) return false;
  s.remove_prefix(n);
  return true;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::string to_iso8601(UtcTime t) {
  std::int64_t days = t.ms / 86'400'000;
  std::int64_t rem = t.ms % 86'400'000;
  if (rem < 0) {
    rem += 86'400'000;
    --days;
  }
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const auto h = static_cast<int>(rem / 3'600'000);
  const auto mi = static_cast<int>(rem / 60'000 % 60);
  const auto s = static_cast<int>(rem / 1000 % 60);
  const auto ms = static_cast<int>(rem % 1000);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, h, mi, s, ms);
  return buf;
}

std::optional<UtcTime> parse_iso8601(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!take_int(s, 4, y) || !take_char(s, '-') || !take_int(s, 2, mo) || !take_char(s, '-') || !take_int(s, 2, d))
    return std::nullopt;
  if (!take_char(s, 'T') && !take_char(s, ' ')) return std::nullopt;
  if (!take_int(s, 2, h) || !take_char(s, ':') || !take_int(s, 2, mi) || !take_char(s, ':') || !take_int(s, 2, sec))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::int64_t ms = 0;
  if (take_char(s, '.') || take_char(s, ',')) {
    int digits = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (digits < 3) ms = ms * 10 + (s.front() - '0');
      ++digits;
      s.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  std::int64_t offset_min = 0;
  if (take_char(s, 'Z')) {
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '+' ? 1 : -1;
    s.remove_prefix(1);
    int oh, om = 0;
    if (!take_int(s, 2, oh)) return std::nullopt;
    take_char(s, ':');
    if (!s.empty() && !take_int(s, 2, om)) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (!s.empty()) return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  return UtcTime{secs * 1000 + ms};
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (const char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// The value of `n` decimal digits at `s`, which the caller has checked are digits.
int digits_at(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Whether `s` is "....-..-..THH:MM:SS[.f|.ff|.fff]Z" with digits where H, M, S and f stand, the date left
// unchecked (a date equal to the cached one needs no check).
bool canonical_but_date(std::string_view s) {
  const std::size_t n = s.size();  // 20 without a fraction, 22..24 with 1..3 digits
  if (n < 20 || n == 21 || n > 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[n - 1] != 'Z' || (n > 20 && s[19] != '.'))
    return false;
  return all_digits(s.substr(11, 2)) && all_digits(s.substr(14, 2)) && all_digits(s.substr(17, 2)) &&
         (n == 20 || all_digits(s.substr(20, n - 21)));
}

}  // namespace

// Remembers "YYYY-MM-DD" and its day number, after parse_iso8601's range checks (false when they fail).
bool Iso8601Parser::cache_date(std::string_view date) {
  const int y = digits_at(date, 0, 4), mo = digits_at(date, 5, 2), d = digits_at(date, 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  days_ = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::copy(date.begin(), date.end(), date_.begin());
  return true;
}

std::optional<UtcTime> Iso8601Parser::parse(std::string_view s) {
  if (!canonical_but_date(s)) return parse_iso8601(s);
  const std::string_view date = s.substr(0, 10);
  if (std::memcmp(date.data(), date_.data(), date_.size()) != 0) {
    const bool digits = all_digits(date.substr(0, 4)) && all_digits(date.substr(5, 2)) && all_digits(date.substr(8, 2));
    if (!digits) return parse_iso8601(s);
    if (!cache_date(date)) return std::nullopt;
  }
  const int h = digits_at(s, 11, 2), mi = digits_at(s, 14, 2), sec = digits_at(s, 17, 2);
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const std::size_t fraction_digits = s.size() == 20 ? 0 : s.size() - 21;  // between "SS." and 'Z'
  std::int64_t ms = digits_at(s, 20, fraction_digits);
  for (std::size_t i = fraction_digits; i < 3; ++i) ms *= 10;
  const std::int64_t secs = days_ * 86400 + h * 3600 + mi * 60 + sec;
  return UtcTime{secs * 1000 + ms};
}

UtcTime SystemClock::utc_now() const {
  using namespace std::chrono;
  return UtcTime{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

MonoTime SystemClock::mono_now() const {
  using namespace std::chrono;
  return MonoTime{duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count()};
}

}  // namespace shikan
