// Accelerated simulated time: sim = start + accel x (steady now - steady at start). Implements
// shikan::Clock so anything taking a clock can run on simulated time.
#pragma once

#include <chrono>
#include <cstdint>

#include "shikan/core/time.hpp"

namespace shikan::sim {

class SimClock final : public Clock {
 public:
  using Steady = std::chrono::steady_clock;
  SimClock(UtcTime start, double accel, Steady::time_point steady_start = Steady::now())
      : start_(start), accel_(accel), t0_(steady_start) {}

  // Simulated milliseconds since start at a steady instant (pure).
  std::int64_t sim_ms_at(Steady::time_point t) const {
    const double wall_ms = std::chrono::duration<double, std::milli>(t - t0_).count();
    return static_cast<std::int64_t>(wall_ms * accel_);
  }
  // The steady instant at which simulated time reaches `sim_ms` (pure).
  Steady::time_point wall_at(std::int64_t sim_ms) const {
    return t0_ + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double, std::milli>(static_cast<double>(sim_ms) / accel_));
  }
  std::int64_t sim_ms() const { return sim_ms_at(Steady::now()); }
  UtcTime utc_now() const override { return UtcTime{start_.ms + sim_ms()}; }
  MonoTime mono_now() const override { return MonoTime{sim_ms() * 1'000'000}; }
  double accel() const { return accel_; }

 private:
  UtcTime start_;
  double accel_;
  Steady::time_point t0_;
};

}  // namespace shikan::sim
