// Reconnect delays for lost devices (modems, GNSS ports, gpsd sockets): first, doubled after each failed
// attempt up to max, back to first once the device works again. Pure; the caller owns the timer.
#pragma once

#include <algorithm>
#include <chrono>

namespace shikan::probe {

class Backoff {
 public:
  static constexpr std::chrono::milliseconds kFirst{500};
  static constexpr std::chrono::milliseconds kMax{10'000};

  constexpr Backoff(std::chrono::milliseconds first = kFirst, std::chrono::milliseconds max = kMax)
      : first_(first), max_(max), next_(first) {}
  // The delay before the next attempt; the one after it is doubled (up to max).
  std::chrono::milliseconds next() {
    const auto d = next_;
    next_ = std::min(next_ * 2, max_);
    return d;
  }
  void reset() { next_ = first_; }

 private:
  std::chrono::milliseconds first_, max_, next_;
};

}  // namespace shikan::probe
