// Time: UTC wall time and monotonic time are different types and never mix.
// Logic takes a Clock so tests can drive time by hand.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shikan {

// Wall-clock time: milliseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
struct UtcTime {
  std::int64_t ms = 0;
  auto operator<=>(const UtcTime&) const = default;
};

// Monotonic time: nanoseconds on the steady clock of the machine; only differences mean anything.
struct MonoTime {
  std::int64_t ns = 0;
  auto operator<=>(const MonoTime&) const = default;
};

// "2026-11-21T06:17:25.123Z"
std::string to_iso8601(UtcTime t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]" and "YYYY-MM-DD HH:MM:SS[.fff]" (taken as UTC).
std::optional<UtcTime> parse_iso8601(std::string_view s);
// Days since epoch for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int y, unsigned m, unsigned d);

// parse_iso8601 for a long run of timestamps, with exactly its results. The canonical form of machine-written
// logs, "YYYY-MM-DDTHH:MM:SS[.f|.ff|.fff]Z", is read digit by digit, and the day number of the last date seen
// is kept, since consecutive rows of a drive log almost always share the date; every other form goes to
// parse_iso8601. Not thread-safe: one per reader.
class Iso8601Parser {
 public:
  std::optional<UtcTime> parse(std::string_view s);

 private:
  bool cache_date(std::string_view date);
  std::array<char, 10> date_{};  // "YYYY-MM-DD" whose day number is days_; all NUL until the first
  std::int64_t days_ = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UtcTime utc_now() const = 0;
  virtual MonoTime mono_now() const = 0;
};

// The machine's clocks: std::chrono::system_clock and steady_clock.
class SystemClock final : public Clock {
 public:
  UtcTime utc_now() const override;
  MonoTime mono_now() const override;
};

// A clock tests and the simulator advance by hand. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UtcTime start = {}) : utc_(start) {}
  UtcTime utc_now() const override { return utc_; }
  MonoTime mono_now() const override { return mono_; }
  void advance_ms(std::int64_t ms) {
    utc_.ms += ms;
    mono_.ns += ms * 1'000'000;
  }

 private:
  UtcTime utc_;
  MonoTime mono_{};
};

}  // namespace shikan
