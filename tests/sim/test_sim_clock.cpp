// Time acceleration: simulated time = start + accel x steady time elapsed, and back.
#include <catch2/catch.hpp>

#include "shikan/sim/sim_clock.hpp"

using namespace shikan;
using namespace shikan::sim;
using namespace std::chrono_literals;

TEST_CASE("sim clock: accel maps wall time to simulated time and back", "[sim][clock]") {
  const SimClock::Steady::time_point t0{1000s};
  const SimClock c(UtcTime{1'778'547'600'000}, 120.0, t0);
  CHECK(c.sim_ms_at(t0) == 0);
  CHECK(c.sim_ms_at(t0 + 1s) == 120'000);
  CHECK(c.sim_ms_at(t0 + 30s) == 3'600'000);  // an hour in 30 s
  CHECK(c.wall_at(3'600'000) == t0 + 30s);
  CHECK(c.wall_at(1000) - t0 == std::chrono::duration_cast<SimClock::Steady::duration>(std::chrono::duration<double, std::milli>(1000.0 / 120.0)));
  const SimClock slow(UtcTime{0}, 0.5, t0);
  CHECK(slow.sim_ms_at(t0 + 10s) == 5000);
  CHECK(slow.wall_at(5000) == t0 + 10s);
}
