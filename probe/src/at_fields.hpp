// Private to the AT parsers: splitting an answer line into fields and reading typed values from them
// with the sentinel and range rules of at_parse.hpp. No allocation except when reporting an error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shikan/core/result.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe::at {

std::string_view trim(std::string_view s);  // spaces and tabs at both ends
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive
bool starts_with_icase(std::string_view s, std::string_view prefix);

// "+QENG: a,b" -> name "QENG" (upper-cased compare is the caller's business), body "a,b".
// False when the line is not of the form "+NAME:..." (NAME = letters/digits).
bool split_answer(std::string_view line, std::string_view& name, std::string_view& body);

// The comma-separated fields of an answer body. Double quotes group (a comma inside quotes does not
// split) and are removed; spaces around a field are removed.
struct Fields {
  static constexpr std::size_t kMax = 40;  // the longest known answer (+EEMLTESVC) has 30
  std::array<std::string_view, kMax> v;
  std::uint64_t quoted = 0;  // bit i: field i was quoted
  std::size_t n = 0;
  bool overflow = false;  // more than kMax fields: the rest were dropped

  std::string_view operator[](std::size_t i) const { return i < n ? v[i] : std::string_view{}; }
  bool has(std::size_t i) const { return i < n; }
  bool is_quoted(std::size_t i) const { return i < n && ((quoted >> i) & 1U); }
};
void split_fields(std::string_view body, Fields& out);

// The range a value must lie in to be a measurement; outside it (or a sentinel) it is "invalid" (null).
struct Range {
  double lo, hi;
};
inline constexpr Range kRsrp{-160, -20};    // dBm; NR SS-RSRP table ends at -156/-31 (TS 38.133)
inline constexpr Range kRsrq{-45, 25};      // dB; NR SS-RSRQ -43..20
inline constexpr Range kSinr{-30, 50};      // dB after conversion; NR SS-SINR -23..40
inline constexpr Range kRssi{-130, 0};      // dBm
inline constexpr Range kPci{0, 1007};       // NR 0..1007, LTE 0..503
inline constexpr Range kArfcn{0, 3279165};  // NR-ARFCN max (TS 38.104 §5.4.2.1); EARFCN <= 262143
inline constexpr Range kBand{1, 1024};
inline constexpr Range kBwCode{0, 16};      // Quectel bandwidth code
inline constexpr Range kSmallInt{-1000000, 1000000};

// Reads typed values from Fields. Each getter records the key as carried when the field exists,
// returns the value when valid, nullopt when absent or invalid, and records the first error when the
// text is junk. Callers check failed() once at the end.
class FieldReader {
 public:
  FieldReader(const Fields& f, KeySet& carried) : f_(f), carried_(carried) {}

  std::optional<std::int64_t> integer(std::size_t i, Key k, std::string_view name, Range r = kSmallInt);
  std::optional<double> number(std::size_t i, Key k, std::string_view name, Range r);
  // Hex value of at most max; all-ones of the field's width or above max -> invalid.
  std::optional<std::uint64_t> hex(std::size_t i, Key k, std::string_view name, std::uint64_t max);
  std::optional<std::uint32_t> tac(std::size_t i, Key k = Key::Tac);  // hex, sentinels FFFE/FFFF/FFFFFE/FFFFFF
  // The text of a field; nullopt when absent, "-" or empty.
  std::optional<std::string_view> text(std::size_t i, Key k);
  std::optional<Plmn> plmn(std::size_t mcc, std::size_t mnc);  // Key::Plmn

  bool failed() const { return !error_.empty(); }
  ParseError error() const { return ParseError{error_}; }
  void fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
  }

 private:
  bool present(std::size_t i, Key k);
  void junk(std::string_view name, std::string_view field);

  const Fields& f_;
  KeySet& carried_;
  std::string error_;
};

// "-", "--", "" and similar mean "invalid under current conditions" in Quectel output.
bool is_dash(std::string_view f);
// Integer sentinels of FIELD_GUIDE §3 and Quectel firmware: -32768, 32767, 65535, INT32 min/max, UINT32 max.
bool is_sentinel(double v);
// The trailing decimal number of a band string: "LTE BAND 3" -> 3, "NR N78" -> 78.
std::optional<int> band_number(std::string_view band);
// Quectel NR/LTE bandwidth code -> MHz (manual §5.20): NR 0..16, LTE 0..5.
std::optional<int> nr_bw_mhz(int code);
std::optional<double> lte_bw_mhz(int code);

}  // namespace shikan::probe::at
