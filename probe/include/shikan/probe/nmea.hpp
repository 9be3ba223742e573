// NMEA 0183 parsing (FIELD_GUIDE §5): GGA, RMC, GSA, GSV from any talker, and the assembly of GGA + RMC
// into shikan::Fix. Pure: takes text lines, returns values; no I/O, no clock. Used by the live GNSS
// serial source (gnss.hpp) and by `shikan-probe decode` (transcript decoder). See docs/gnss.md.
//
// Checksum policy: a sentence must end in `*hh` (two hex digits, XOR of the bytes between '$' and '*').
// A line without it is rejected ("missing checksum"): in the 86 real receiver logs every complete
// GGA/RMC/GSA/GSV carries one, and the GGA without one there is a line cut short by the port
// (holux-gm-210), whose last field would otherwise be read as a wrong value. Hex digits may be upper or
// lower case.
//
// Thread safety: free functions are reentrant; a Decoder is one stream's state, not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/core/result.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan::probe::nmea {

// UTC time of day from a `hhmmss[.s...]` field, in milliseconds since 00:00:00 (0 .. 86'400'999: a leap
// second 23:59:60 is kept as such). Fractions beyond milliseconds are rounded half up.
struct TimeOfDay {
  std::int32_t ms = 0;
  auto operator<=>(const TimeOfDay&) const = default;
};

// UTC calendar date from an RMC `ddmmyy` field. Two-digit years: 80..99 -> 1980..1999, 00..79 -> 2000..2079
// (GPS started in 1980).
struct Date {
  int year = 1980;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31, checked against the month
  auto operator<=>(const Date&) const = default;
};

// Every sentence keeps its talker: "GP" GPS, "GL" GLONASS, "GA" Galileo, "BD"/"GB" BeiDou, "GQ"/"QZ" QZSS,
// "GI"/"IM" NavIC, "GN" combined solution. Any two upper-case letters are accepted as a talker.
// Optional fields are empty when the receiver left the field empty.

// GGA: fix data (time, position, quality, satellites, HDOP, altitude).
struct Gga {
  std::string talker;
  std::optional<TimeOfDay> time;
  std::optional<GeoPoint> pos;      // empty when both latitude and longitude fields are empty
  std::optional<int> quality;       // fix quality 0..9 as sent; 0 or empty = no fix. See fix_quality().
  std::optional<int> sats;          // satellites used
  std::optional<double> hdop;       // dimensionless
  std::optional<Metres> alt;        // antenna altitude above mean sea level (geoid)
  std::optional<Metres> geoid_sep;  // geoid height above the WGS-84 ellipsoid
  std::optional<double> dgps_age_s;
  std::optional<int> dgps_station;
};

// RMC: recommended minimum (time, status, position, speed, course, date).
struct Rmc {
  std::string talker;
  std::optional<TimeOfDay> time;
  bool valid = false;  // status 'A'; 'V' (or anything else) = no valid fix
  std::optional<GeoPoint> pos;
  std::optional<double> speed_mps;   // speed over ground, converted from knots (1 kn = 1852/3600 m/s)
  std::optional<double> course_deg;  // course over ground, degrees true, [0, 360)
  std::optional<Date> date;
  std::optional<double> magvar_deg;  // magnetic variation, east positive
  std::optional<char> mode;          // NMEA 2.3+ FAA mode: A autonomous, D differential, E estimated, N none, ...
  std::optional<char> nav_status;    // NMEA 4.1+: S safe, C caution, U unsafe, V not valid
};

// GSA: DOP and active satellites.
struct Gsa {
  std::string talker;
  std::optional<char> selection;  // 'A' automatic 2D/3D, 'M' manual
  std::optional<int> fix_type;    // 1 none, 2 2D, 3 3D
  std::vector<int> prns;          // satellites used (non-empty PRN fields only)
  std::optional<double> pdop, hdop, vdop;
  std::optional<int> system_id;  // NMEA 4.10+ GNSS system id (1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, ...)
};

// GSV: satellites in view, one message of a group.
struct SatInView {
  int prn = 0;
  std::optional<int> elevation_deg;  // 0..90
  std::optional<int> azimuth_deg;    // 0..359
  std::optional<int> snr_dbhz;       // C/N0, dB-Hz, 0..99; empty when not tracked
};
struct Gsv {
  std::string talker;
  int msg_count = 0;             // messages in this group
  int msg_num = 0;               // 1-based
  int in_view = 0;               // satellites in view (whole group)
  std::vector<SatInView> sats;   // up to 4
  std::optional<int> signal_id;  // NMEA 4.10+
};

using Sentence = std::variant<Gga, Rmc, Gsa, Gsv>;

// "GGA", "RMC", "GSA" or "GSV".
std::string_view sentence_type(const Sentence& s);
// "GP", "BD", ...
std::string_view talker(const Sentence& s);
// GGA quality as the core enum. 9, which some receivers use for SBAS-corrected fixes, maps to Dgps;
// anything else outside 0..8 to None.
FixQuality fix_quality(int gga_quality);

// Parses one line (trailing CR/LF/spaces allowed). Validates framing ('$', two-letter talker, three-letter
// sentence), the checksum, and the fields of the four supported sentences; extra trailing fields are
// ignored (newer NMEA versions append some). Errors are short and specific, e.g.
//   "missing checksum", "bad checksum (expected 4A, got 4B)", "truncated", "bad latitude field",
//   "unsupported sentence GPVTG", "unsupported sentence PQGSV", "not NMEA".
Parsed<Sentence> parse(std::string_view line);
// True for "unsupported sentence ..." errors: well-framed NMEA of a type not decoded here (VTG, ZDA, GSV
// of proprietary talkers, ...), as opposed to a malformed line.
bool is_unsupported(const ParseError& e);

// A completed fix, or the receiver saying it has none, for one epoch (one receiver time of day).
struct NoFix {
  std::optional<UtcTime> utc;  // when the date is known
};
using FixOutcome = std::variant<Fix, NoFix>;

// Stateful stream decoder: parses lines, remembers the date from RMC so a GGA (time only) gets a full
// UTC, and assembles fixes. Fix assembly (docs/gnss.md): the sentences of one epoch (same time of day)
// are gathered; a Fix is made from the GGA (position, quality, altitude, HDOP, satellites) plus the RMC of
// the same epoch if any (speed, course), and only when GGA quality > 0, the position is present and a
// date is known (from this epoch's RMC or an earlier one). GGA quality 0 or empty gives a NoFix, and so
// does RMC status V in an epoch without GGA.
// An epoch is reported once: as soon as it has both GGA and RMC, else when a sentence of another
// epoch arrives, or at flush(). With several talkers in one epoch (GPGGA + GLGGA ...) the first GGA and
// RMC are used, a GN (combined solution) one replacing a single-constellation one until the epoch is
// reported.
class Decoder {
 public:
  Parsed<Sentence> feed(std::string_view line);
  // Ends the stream: reports the pending epoch.
  void flush();
  // Outcomes completed by the last feed() or flush(), oldest first (at most a few). Valid until the next
  // feed()/flush().
  std::span<const FixOutcome> outcomes() const { return outcomes_; }

  // Full UTC of a sentence: RMC from its own date and time; GGA from its time and the last known date,
  // corrected by one day when the time of day has wrapped past midnight since that date was learnt
  // (difference of more than 12 h). Empty without time or without any date yet. GSA/GSV: empty.
  std::optional<UtcTime> utc_of(const Sentence& s) const;
  // The date of the last RMC that carried one (empty before any).
  std::optional<Date> date() const { return date_; }

 private:
  struct Epoch {
    TimeOfDay time;
    std::optional<Gga> gga;
    std::optional<Rmc> rmc;
    bool reported = false;
  };
  void note(const Sentence& s);
  void finish_epoch();
  std::optional<UtcTime> utc_at(TimeOfDay t) const;

  std::optional<Date> date_;
  TimeOfDay date_time_{};  // time of day of the RMC that gave date_
  std::optional<Epoch> epoch_;
  std::vector<FixOutcome> outcomes_;
};

// JSON for `shikan-probe decode`. append_json_members appends the members of the sentence's object,
// comma-separated, without braces and without a leading or trailing comma, so the caller can put its own
// members ("line", "ts") first:  out += "{\"line\":7,"; append_json_members(s, dec, out); out += '}';
// append_json appends a whole one-line object `{<prefix>,<members>}` (no trailing newline), prefix being
// caller members such as `"line":7,"ts":"..."` or empty.
// Members: "kind" ("fix" for GGA/RMC, "dop" for GSA, "sky" for GSV), "talker", "sentence".
//   GGA: "utc" (ISO-8601, when the date is known) or "time" ("hh:mm:ss.sss"), "lat", "lon" (degrees WGS-84),
//        "alt" (m MSL), "hdop", "sats", "quality" (0..9), "valid" (quality > 0; derived, never null).
//   RMC: "utc"/"time", "status" ("A"/"V"), "lat", "lon", "speed_mps", "course" (deg true), "valid"
//        (status A), "mode" (FAA mode letter, when sent).
//   GSA: "mode", "fix_type", "prns" [..], "pdop", "hdop", "vdop", "system_id" (when sent).
//   GSV: "msg", "msgs", "in_view", "sats" [{"prn","el","az","snr"}], "signal_id" (when sent).
// Fields a sentence does not carry are absent; fields it carries but left empty are null. The utc uses
// the decoder's date state, so call it right after dec.feed() of that line.
void append_json_members(const Sentence& s, const Decoder& dec, std::string& out);
void append_json(const Sentence& s, const Decoder& dec, std::string& out, std::string_view prefix = {});

}  // namespace shikan::probe::nmea
