// NMEA 0183 sentence parser: framing, checksum, and the fields of GGA/RMC/GSA/GSV.
// Field layouts: the NMEA 0183 (v4.11) sentence definitions of GGA, GSA, GSV, RMC; newer versions append fields (RMC
// mode and navigational status, GSA system id, GSV signal id), older receivers omit trailing ones. Hot path of
// `shikan-probe decode`: string_view and from_chars only, no allocation except the talker string (SSO)
// and the GSA/GSV vectors.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <system_error>

#include "shikan/probe/nmea.hpp"

namespace shikan::probe::nmea {
namespace {

constexpr std::size_t kMaxFields = 40;  // longest real sentence seen: a 30-field GSA (ch-4701)

// The comma-separated fields after the address field ("GPGGA"), i.e. data field 1 is f[0].
struct Fields {
  std::array<std::string_view, kMaxFields> f{};
  std::size_t n = 0;
  std::string_view operator[](std::size_t i) const { return i < n ? f[i] : std::string_view{}; }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string hex2(unsigned v) {
  constexpr char digits[] = "0123456789ABCDEF";
  return {digits[(v >> 4) & 0xF], digits[v & 0xF]};
}

// Whole-field integer; no sign, no spaces.
template <class T>
bool to_int(std::string_view s, T& out) {
  if (s.empty() || !is_digit(s.front())) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

// Whole-field decimal number; optional leading '-'; no "inf"/"nan"/exponent surprises from a digit-less field.
bool to_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  const std::size_t first = s.front() == '-' ? 1 : 0;
  if (first >= s.size() || !(is_digit(s[first]) || s[first] == '.')) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::fixed);
  return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

// Optional numeric field: empty -> nullopt, else parsed or an error naming the field.
template <class T>
bool opt_int(std::string_view s, std::optional<T>& out) {
  if (s.empty()) return true;
  T v{};
  if (!to_int(s, v)) return false;
  out = v;
  return true;
}

bool opt_double(std::string_view s, std::optional<double>& out) {
  if (s.empty()) return true;
  double v = 0;
  if (!to_double(s, v)) return false;
  out = v;
  return true;
}

ParseError bad(std::string_view field) { return parse_error("bad " + std::string(field) + " field"); }

// hhmmss[.s...] -> ms since midnight.
bool parse_time(std::string_view s, std::optional<TimeOfDay>& out) {
  if (s.empty()) return true;
  if (s.size() < 6) return false;
  for (std::size_t i = 0; i < 6; ++i)
    if (!is_digit(s[i])) return false;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[2] - '0') * 10 + (s[3] - '0');
  const int sec = (s[4] - '0') * 10 + (s[5] - '0');
  if (h > 23 || m > 59 || sec > 60) return false;
  int ms = 0;
  if (s.size() > 6) {
    if (s[6] != '.') return false;
    // Up to 3 digits kept, the 4th rounds half up; more are ignored (receivers print at most 3 or 4).
    int digits = 0;
    for (std::size_t i = 7; i < s.size(); ++i) {
      if (!is_digit(s[i])) return false;
      if (digits < 3)
        ms = ms * 10 + (s[i] - '0');
      else if (digits == 3 && s[i] >= '5')
        ms += 1;
      ++digits;
    }
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  out = TimeOfDay{((h * 60 + m) * 60 + sec) * 1000 + ms};
  return true;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// ddmmyy
bool parse_date(std::string_view s, std::optional<Date>& out) {
  if (s.empty()) return true;
  if (s.size() != 6) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  const unsigned d = static_cast<unsigned>((s[0] - '0') * 10 + (s[1] - '0'));
  const unsigned m = static_cast<unsigned>((s[2] - '0') * 10 + (s[3] - '0'));
  const int yy = (s[4] - '0') * 10 + (s[5] - '0');
  const int y = yy >= 80 ? 1900 + yy : 2000 + yy;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  out = Date{y, m, d};
  return true;
}

// (d)ddmm.mmmm + hemisphere -> signed degrees. deg_digits_max: 2 for latitude, 3 for longitude; fewer
// degree digits are accepted (some receivers drop leading zeros).
bool parse_angle(std::string_view v, std::string_view hemi, std::size_t deg_digits_max, char pos, char neg,
                 double limit, double& out) {
  const std::size_t dot = v.find('.');
  const std::size_t int_len = dot == std::string_view::npos ? v.size() : dot;
  if (int_len < 3 || int_len > deg_digits_max + 2) return false;
  int deg = 0;
  if (!to_int(v.substr(0, int_len - 2), deg)) return false;
  double minutes = 0;
  const std::string_view min_text = v.substr(int_len - 2);
  if (!is_digit(min_text[0]) || !is_digit(min_text[1]) || !to_double(min_text, minutes)) return false;
  if (minutes >= 60.0) return false;
  double d = deg + minutes / 60.0;
  if (d > limit) return false;
  if (hemi.size() != 1) return false;
  if (hemi[0] == neg)
    d = -d;
  else if (hemi[0] != pos)
    return false;
  out = d;
  return true;
}

// Fields i..i+3: lat, N/S, lon, E/W. All four empty -> no position. When the sentence itself says there
// is no fix (no_fix), an invalid position is a placeholder, dropped rather than rejected: SiRF-II sends
// "36000.0000,N,72000.0000,E" (tn200.log), MTK "8960.0000,N" (tr737A+.log) until the first fix.
Parsed<std::optional<GeoPoint>> parse_position(const Fields& f, std::size_t i, bool no_fix) {
  const bool lat_empty = f[i].empty() && f[i + 1].empty();
  const bool lon_empty = f[i + 2].empty() && f[i + 3].empty();
  if (lat_empty && lon_empty) return std::optional<GeoPoint>{};
  double lat = 0, lon = 0;
  const bool lat_ok = parse_angle(f[i], f[i + 1], 2, 'N', 'S', 90.0, lat);
  const bool lon_ok = lat_ok && parse_angle(f[i + 2], f[i + 3], 3, 'E', 'W', 180.0, lon);
  if (lat_ok && lon_ok) return std::optional<GeoPoint>{GeoPoint{Latitude(lat), Longitude(lon)}};
  if (no_fix) return std::optional<GeoPoint>{};
  return bad(lat_ok ? "longitude" : "latitude");
}

// GGA: 1 time, 2-5 position, 6 quality, 7 sats, 8 hdop, 9 alt, 10 'M', 11 geoid separation, 12 'M',
// 13 DGPS age (s), 14 DGPS station. At least 1..10 must be there (Saab R4 stops after 13).
Parsed<Sentence> parse_gga(std::string talker, const Fields& f) {
  if (f.n < 10) return parse_error("truncated");
  Gga g;
  g.talker = std::move(talker);
  if (!parse_time(f[0], g.time)) return bad("time");
  if (!opt_int(f[5], g.quality) || (g.quality && *g.quality > 9)) return bad("quality");
  auto pos = parse_position(f, 1, !g.quality || *g.quality == 0);
  if (!pos) return pos.error();
  g.pos = pos.value();
  if (!opt_int(f[6], g.sats)) return bad("satellites");
  if (!opt_double(f[7], g.hdop) || (g.hdop && *g.hdop < 0)) return bad("hdop");
  std::optional<double> v;
  if (!opt_double(f[8], v)) return bad("altitude");
  if (v) g.alt = Metres(*v);
  v.reset();
  if (!opt_double(f[10], v)) return bad("geoid separation");
  if (v) g.geoid_sep = Metres(*v);
  if (!opt_double(f[12], g.dgps_age_s)) return bad("DGPS age");
  if (!opt_int(f[13], g.dgps_station)) return bad("DGPS station");
  return Sentence{std::move(g)};
}

std::optional<char> opt_char(std::string_view s) {
  if (s.size() == 1) return s[0];
  return std::nullopt;
}

// RMC: 1 time, 2 status, 3-6 position, 7 speed (knots), 8 course (deg true), 9 date, 10-11 magnetic
// variation, 12 FAA mode (2.3+), 13 navigational status (4.1+).
Parsed<Sentence> parse_rmc(std::string talker, const Fields& f) {
  if (f.n < 9) return parse_error("truncated");
  Rmc r;
  r.talker = std::move(talker);
  if (!parse_time(f[0], r.time)) return bad("time");
  if (f[1] == "A")
    r.valid = true;
  else if (f[1] != "V")
    return bad("status");
  auto pos = parse_position(f, 2, !r.valid);
  if (!pos) return pos.error();
  r.pos = pos.value();
  std::optional<double> knots;
  if (!opt_double(f[6], knots) || (knots && *knots < 0)) return bad("speed");
  if (knots) r.speed_mps = *knots * 1852.0 / 3600.0;
  if (!opt_double(f[7], r.course_deg)) return bad("course");
  if (r.course_deg && (*r.course_deg < 0 || *r.course_deg > 360)) return bad("course");
  if (r.course_deg && *r.course_deg == 360) r.course_deg = 0.0;
  if (!parse_date(f[8], r.date)) return bad("date");
  if (!opt_double(f[9], r.magvar_deg)) return bad("magnetic variation");
  if (r.magvar_deg && f[10] == "W") *r.magvar_deg = -*r.magvar_deg;
  if (f[11].size() > 1) return bad("mode");
  r.mode = opt_char(f[11]);
  if (f[12].size() > 1) return bad("navigational status");
  r.nav_status = opt_char(f[12]);
  return Sentence{std::move(r)};
}

// GSA: 1 selection mode, 2 fix type, 3..14 PRNs, 15 PDOP, 16 HDOP, 17 VDOP, 18 system id (4.10+).
// Some receivers send more PRN slots (ch-4701: 24) and no system id: with other than 18 fields the DOPs
// are the last three. The SiRF-TriG BeiDou firmware puts a float in field 18 (beidou-bd.log header):
// a field 18 that is not an integer is ignored.
Parsed<Sentence> parse_gsa(std::string talker, const Fields& f) {
  if (f.n < 17) return parse_error("truncated");
  Gsa g;
  g.talker = std::move(talker);
  if (f[0].size() > 1) return bad("selection mode");
  g.selection = opt_char(f[0]);
  if (!opt_int(f[1], g.fix_type) || (g.fix_type && (*g.fix_type < 1 || *g.fix_type > 3))) return bad("fix type");
  const std::size_t dop = f.n == 18 ? 14 : f.n - 3;
  g.prns.reserve(dop - 2);
  for (std::size_t i = 2; i < dop; ++i) {
    if (f[i].empty()) continue;
    int prn = 0;
    if (!to_int(f[i], prn)) return bad("PRN");
    g.prns.push_back(prn);
  }
  if (!opt_double(f[dop], g.pdop)) return bad("PDOP");
  if (!opt_double(f[dop + 1], g.hdop)) return bad("HDOP");
  if (!opt_double(f[dop + 2], g.vdop)) return bad("VDOP");
  if (f.n == 18) {
    int id = 0;
    if (to_int(f[17], id)) g.system_id = id;
  }
  return Sentence{std::move(g)};
}

// GSV: 1 message count, 2 message number, 3 satellites in view, then up to four blocks of
// PRN/elevation/azimuth/SNR, then the signal id (4.10+, one hex digit).
Parsed<Sentence> parse_gsv(std::string talker, const Fields& f) {
  if (f.n < 3) return parse_error("truncated");
  Gsv g;
  g.talker = std::move(talker);
  if (!to_int(f[0], g.msg_count) || g.msg_count < 1) return bad("message count");
  if (!to_int(f[1], g.msg_num) || g.msg_num < 1 || g.msg_num > g.msg_count) return bad("message number");
  if (!to_int(f[2], g.in_view)) return bad("satellites in view");
  const std::size_t rest = f.n - 3;
  if (rest % 4 > 1 || rest > 17) return parse_error("bad GSV field count");
  if (rest % 4 == 1 && !f[f.n - 1].empty()) {  // u-blox ZED-F9P leaves it empty on BeiDou GSV
    const std::string_view sid = f[f.n - 1];
    if (sid.size() != 1 || hex_value(sid[0]) < 0) return bad("signal id");
    g.signal_id = hex_value(sid[0]);
  }
  g.sats.reserve(rest / 4);
  for (std::size_t i = 3; i + 3 < f.n; i += 4) {
    SatInView s;
    if (f[i].empty()) {
      // A padding block: all four fields empty.
      if (!f[i + 1].empty() || !f[i + 2].empty() || !f[i + 3].empty()) return bad("PRN");
      continue;
    }
    if (!to_int(f[i], s.prn)) return bad("PRN");
    // Elevation may be printed negative by some receivers for satellites just below the horizon.
    std::optional<double> el;
    if (!opt_double(f[i + 1], el) || (el && (*el < -90 || *el > 90))) return bad("elevation");
    if (el) s.elevation_deg = static_cast<int>(std::lround(*el));
    if (!opt_int(f[i + 2], s.azimuth_deg) || (s.azimuth_deg && *s.azimuth_deg > 360)) return bad("azimuth");
    if (!opt_int(f[i + 3], s.snr_dbhz) || (s.snr_dbhz && *s.snr_dbhz > 99)) return bad("SNR");
    g.sats.push_back(s);
  }
  return Sentence{std::move(g)};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Checks '$', printable bytes, no second '$', and the checksum; returns the body between '$' and '*'.
// '!' starts the encapsulation sentences (AIS !AIVDM): framed and checked alike, then unsupported.
Parsed<std::string_view> unframe(std::string_view line) {
  if (line.empty()) return parse_error("not NMEA");
  if (line.front() != '$' && line.front() != '!') {
    if (line.find('$') != std::string_view::npos) return parse_error("garbage before '$'");
    return parse_error("not NMEA");
  }
  const std::size_t star = line.rfind('*');
  if (star == std::string_view::npos) return parse_error("missing checksum");
  const std::string_view body = line.substr(1, star - 1);
  unsigned sum = 0;
  for (char c : body) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return parse_error("bad byte 0x" + hex2(u));
    if (c == '$') return parse_error("stray '$' (lines merged)");
    sum ^= u;
  }
  const std::string_view cs = line.substr(star + 1);
  if (cs.size() != 2 || hex_value(cs[0]) < 0 || hex_value(cs[1]) < 0) return parse_error("bad checksum field");
  const auto sent = static_cast<unsigned>(hex_value(cs[0]) * 16 + hex_value(cs[1]));
  if (sent != sum) return parse_error("bad checksum (expected " + hex2(sum) + ", got " + hex2(sent) + ")");
  return body;
}

// data starts just after the address field's comma. A plain loop: fields are short, and find() per
// field cost more than the scan itself (perf, decode of the 86 logs).
bool split_fields(std::string_view data, Fields& f) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] != ',') continue;
    if (f.n == kMaxFields) return false;
    f.f[f.n++] = data.substr(start, i - start);
    start = i + 1;
  }
  if (f.n == kMaxFields) return false;
  f.f[f.n++] = data.substr(start);
  return true;
}

}  // namespace

std::string_view sentence_type(const Sentence& s) {
  static constexpr std::string_view names[] = {"GGA", "RMC", "GSA", "GSV"};
  return names[s.index()];
}

std::string_view talker(const Sentence& s) {
  return std::visit([](const auto& x) -> std::string_view { return x.talker; }, s);
}

FixQuality fix_quality(int q) {
  if (q == 9) return FixQuality::Dgps;
  if (q < 0 || q > 8) return FixQuality::None;
  return static_cast<FixQuality>(q);
}

bool is_unsupported(const ParseError& e) { return e.reason.rfind("unsupported sentence", 0) == 0; }

Parsed<Sentence> parse(std::string_view line) {
  auto body = unframe(trim(line));
  if (!body) return body.error();
  const std::string_view b = body.value();
  const std::size_t comma = b.find(',');
  const std::string_view address = b.substr(0, comma);
  if (address.size() != 5 || address[0] == 'P' || !is_upper(address[0]) || !is_upper(address[1])) {
    std::size_t len = 0;  // name it by its leading letters and digits ("PSRFTXTBaud rate" -> "PSRFTXTBaud")
    while (len < address.size() && len < 12 &&
           (is_upper(address[len]) || is_digit(address[len]) || (address[len] >= 'a' && address[len] <= 'z')))
      ++len;
    return parse_error("unsupported sentence " + std::string(address.substr(0, len)));
  }
  const std::string_view type = address.substr(2);
  Fields f;
  if (comma != std::string_view::npos && !split_fields(b.substr(comma + 1), f)) return parse_error("too many fields");
  std::string tk(address.substr(0, 2));
  if (type == "GGA") return parse_gga(std::move(tk), f);
  if (type == "RMC") return parse_rmc(std::move(tk), f);
  if (type == "GSA") return parse_gsa(std::move(tk), f);
  if (type == "GSV") return parse_gsv(std::move(tk), f);
  return parse_error("unsupported sentence " + std::string(address));
}

}  // namespace shikan::probe::nmea
