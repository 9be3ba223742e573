// gpsd client protocol (gpsd_json(5), protocol 3.x; FIELD_GUIDE §5): parsing the JSON reports gpsd
// sends on TCP 2947 after a WATCH request, and turning TPV (+ SKY) into shikan::Fix. Pure: no sockets here
// (the TCP source is in gnss.hpp). The JSON library is a private dependency of this module.
//
// gpsd sends one JSON object per line, each with a "class". It never sends null: an attribute without
// a value is omitted. Used here:
//   TPV  mode (0 unknown, 1 no fix, 2 2D, 3 3D; always present), time (ISO-8601 UTC), lat, lon (deg),
//        altMSL (m; before gpsd 3.20 "alt", used when altMSL is absent), altHAE (m), speed (m/s),
//        track (deg true), climb (m/s), eph, epx, epy, epv (m, 95 %), status (2 DGPS, 3 RTK fixed,
//        4 RTK float, 5/6 dead reckoning, 7 surveyed, 8 simulated, 9 P(Y)), device.
//   SKY  hdop, pdop, vdop, satellites [{PRN, used, ...}], uSat, nSat (gpsd 3.23+), device.
//   ERROR  message: returned as a ParseError "gpsd error: <message>" (a request gpsd refused).
//   Any other class (VERSION, DEVICES, DEVICE, WATCH, PPS, TOFF, GST, ATT, ...): recognised, ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "shikan/core/model.hpp"
#include "shikan/core/result.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/probe/nmea.hpp"

namespace shikan::probe::gpsd {

// Sent once after connecting: JSON reports from every device (gpsd_json(5), WATCH). Ends in '\n'.
inline constexpr std::string_view kWatchRequest = "?WATCH={\"enable\":true,\"json\":true}\n";
inline constexpr std::uint16_t kDefaultPort = 2947;

// Time-position-velocity report.
struct Tpv {
  std::string device;
  int mode = 0;  // 0 unknown, 1 no fix, 2 2D, 3 3D
  std::optional<int> status;
  std::optional<UtcTime> time;
  std::optional<GeoPoint> pos;
  std::optional<Metres> alt_msl;
  std::optional<Metres> alt_hae;
  std::optional<double> speed_mps;
  std::optional<double> track_deg;  // course over ground, degrees true
  std::optional<double> climb_mps;
  std::optional<Metres> eph, epx, epy, epv;  // 95 % error estimates
};

// Sky view report: DOPs and satellites.
struct Sky {
  std::string device;
  std::optional<UtcTime> time;
  std::optional<double> hdop, pdop, vdop;
  int satellites_seen = 0;  // entries in "satellites", or nSat
  int satellites_used = 0;  // entries with "used": true, or uSat
};

// A well-formed report of a class this module does not use.
struct Ignored {
  std::string cls;  // "VERSION", "DEVICES", "WATCH", ...
};

using Message = std::variant<Tpv, Sky, Ignored>;

// One line from gpsd. Errors: "not JSON", "no class", "bad <member>" (e.g. "bad lat", "bad time"),
// "TPV without mode", "gpsd error: <message>".
Parsed<Message> parse(std::string_view line);

// Turns the report stream of one gpsd connection into fix outcomes. A TPV with mode >= 2, a time and a
// position gives a Fix: altitude (MSL) only in 3D mode, speed and course from the TPV, HDOP and
// satellites used from the latest SKY of the same device (gpsd sends SKY once per cycle, so it is at most
// one cycle old), quality from the TPV status (Gps when absent). A TPV with mode < 2 gives NoFix.
// A TPV with mode >= 2 lacking time or position gives nothing. Not thread-safe.
class FixAssembler {
 public:
  std::optional<nmea::FixOutcome> feed(const Message& m);

 private:
  std::optional<Sky> sky_;
};

// TPV status to the core enum (Gps when absent or unknown).
FixQuality quality_of(const Tpv& t);

}  // namespace shikan::probe::gpsd
