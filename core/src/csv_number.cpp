// Number fields: a fast path for plain decimals in front of std::from_chars.
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>

#include "shikan/core/csv.hpp"

namespace shikan::csv {

namespace {

// 10^0 .. 10^15: every one an exact double (below 2^53).
constexpr std::array<double, 16> kPow10 = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
// More digits than this may not fit the 53-bit mantissa exactly (10^15 < 2^53 < 10^16).
constexpr int kMaxFastDigits = 15;

// Appends the decimal digits from `p` on to `w`; returns where they end. `w` may wrap on a long run
// (unsigned: defined); such a number is refused by its length.
const char* take_digits(const char* p, const char* end, std::uint64_t& w) {
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) break;
    w = w * 10 + digit;
  }
  return p;
}

// "-?D+(.D+)?" with at most 15 digits in all, else false. Such a number is w / 10^k with w < 10^15 and k <= 15,
// both exactly representable, so the one correctly rounded IEEE division gives the double nearest to the
// decimal, which is what from_chars returns (Clinger's fast path: W. D. Clinger, "How to read floating point
// numbers accurately", PLDI 1990). The sign is applied after, as from_chars does ("-0" is -0.0).
bool plain_decimal(std::string_view text, double& out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t w = 0;
  const char* const int_begin = p;
  p = take_digits(p, end, w);
  const auto int_digits = p - int_begin;
  if (int_digits == 0) return false;  // ".5", "-", "inf", "nan": from_chars's call
  std::ptrdiff_t fraction_digits = 0;
  if (p != end) {
    if (*p != '.') return false;  // "1e5", "12x"
    const char* const frac_begin = ++p;
    p = take_digits(p, end, w);
    fraction_digits = p - frac_begin;
    if (fraction_digits == 0 || p != end) return false;  // "5.", "5.1e3"
  }
  if (int_digits + fraction_digits > kMaxFastDigits) return false;
  const double v = static_cast<double>(w) / kPow10[static_cast<std::size_t>(fraction_digits)];
  out = negative ? -v : v;
  return true;
}

}  // namespace

bool parse_double(std::string_view text, double& out) {
  if (plain_decimal(text, out)) return true;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace shikan::csv
