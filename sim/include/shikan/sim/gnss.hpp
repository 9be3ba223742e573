// The simulated GNSS receiver (GPS + BeiDou): position noise, a plausible sky, and the NMEA 0183
// sentences a Chinese multi-constellation receiver prints (docs/simulator.md §3). Pure: the caller
// passes true position and time; formatting returns the bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/sim/random.hpp"

namespace shikan::sim {

struct SatView {
  int prn = 0;
  int elevation_deg = 0;
  int azimuth_deg = 0;
  std::optional<int> snr_dbhz;  // empty when not tracked
};

struct GnssEpoch {
  UtcTime utc;
  bool fix = false;
  GeoPoint pos{Latitude(0), Longitude(0)};  // reported (noisy) position
  double alt_m = 0;                          // above mean sea level
  double geoid_sep_m = 0;
  double speed_mps = 0, course_deg = 0;
  double hdop = 99.99, vdop = 99.99, pdop = 99.99;
  std::vector<SatView> gps, bds;             // in view
  std::vector<int> used_gps, used_bds;       // PRNs in the solution
  int sats_used() const { return static_cast<int>(used_gps.size() + used_bds.size()); }
};

struct GnssParams {
  double sigma_m = 2.5;     // horizontal error per axis, 1 sigma
  double tau_s = 30;        // error correlation time (first-order Gauss-Markov)
  double geoid_sep_m = 7.0; // geoid height above the ellipsoid, GGA field 11 (a plausible constant)
};

class GnssModel {
 public:
  GnssModel(std::uint64_t seed, GnssParams params = {});
  // The epoch at `utc` for a receiver truly at `truth`; `outage` (tunnel) means no satellites, no fix.
  // Call in time order: the correlated error advances by the time since the previous call.
  GnssEpoch epoch(UtcTime utc, const GeoPoint& truth, double alt_m, double speed_mps, double course_deg, bool outage);

 private:
  struct Sat {
    int prn;
    double elev0, az0, phase;
  };
  std::vector<SatView> sky(const std::vector<Sat>& sats, double t_s, bool outage);
  GnssParams p_;
  Rng noise_, snr_;
  std::vector<Sat> gps_, bds_;
  std::optional<UtcTime> last_;
  double err_e_ = 0, err_n_ = 0, err_u_ = 0;
};

// NMEA 0183 checksum: XOR of the bytes between '$' and '*', as two upper-case hex digits.
std::string nmea_checksum(std::string_view body);
// "$" + body + "*" + checksum + "\r\n"
std::string nmea_sentence(std::string_view body);
// One epoch as a receiver prints it: GNGGA, GNRMC, GNGSA (GPS, then BeiDou), GPGSV..., BDGSV...
// NMEA 4.10 fields (RMC mode + navigational status, GSA system id, GSV signal id), shaped after the
// Quectel L76K (AT6558R) log in gpsd's test suite. Without a fix: quality 0, status V, empty position.
std::string format_nmea_epoch(const GnssEpoch& e);

}  // namespace shikan::sim
