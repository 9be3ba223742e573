// JSON members for decoded NMEA sentences (`shikan-probe decode`). Hand-written rather than through a
// JSON library: the output is flat, the keys are fixed ASCII, and decode aims at >= 1M lines/s.
#include <charconv>
#include <cmath>

#include "shikan/probe/nmea.hpp"

namespace shikan::probe::nmea {
namespace {

void key(std::string& out, std::string_view k) {
  char buf[32];  // keys are short literals
  buf[0] = ',';
  buf[1] = '"';
  k.copy(buf + 2, k.size());
  buf[k.size() + 2] = '"';
  buf[k.size() + 3] = ':';
  out.append(buf, k.size() + 4);
}

void str(std::string& out, std::string_view k, std::string_view v) {
  key(out, k);
  out += '"';
  out += v;  // NMEA fields are printable ASCII without '"' or '\' after framing checks
  out += '"';
}

void num_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Shortest round-trip form (values parsed from decimal text print as sent).
void num_double(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Fixed decimals with trailing zeros trimmed: 9 for degrees (0.1 mm), 3 for m/s.
void num_fixed(std::string& out, double v, int decimals) {
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  char* end = r.ptr;
  while (end > buf && end[-1] == '0') --end;
  if (end > buf && end[-1] == '.') ++end;  // keep one zero: "12.0"
  out.append(buf, end);
}

template <class T, class F>
void opt(std::string& out, std::string_view k, const std::optional<T>& v, F&& write) {
  key(out, k);
  if (v)
    write(*v);
  else
    out += "null";
}

void opt_int(std::string& out, std::string_view k, const std::optional<int>& v) {
  opt(out, k, v, [&](int x) { num_int(out, x); });
}

void opt_double(std::string& out, std::string_view k, const std::optional<double>& v) {
  opt(out, k, v, [&](double x) { num_double(out, x); });
}

void two(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

// hh:mm:ss.sss
void clock_time(std::string& out, std::int64_t ms) {
  two(out, static_cast<int>(ms / 3'600'000));
  out += ':';
  two(out, static_cast<int>(ms / 60'000 % 60));
  out += ':';
  two(out, static_cast<int>(ms / 1000 % 60));
  out += '.';
  out += static_cast<char>('0' + ms % 1000 / 100);
  two(out, static_cast<int>(ms % 100));
}

// ISO-8601 like shikan::to_iso8601 ("2026-11-21T06:17:25.123Z"), without its snprintf: decode writes one
// per GGA/RMC. Civil date from days since 1970-01-01 by Howard Hinnant's algorithm (years 0..9999 here).
void iso8601(std::string& out, UtcTime t) {
  std::int64_t days = t.ms / 86'400'000;
  std::int64_t rem = t.ms % 86'400'000;
  if (rem < 0) {
    rem += 86'400'000;
    --days;
  }
  const std::int64_t z = days + 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  two(out, static_cast<int>(y / 100 % 100));
  two(out, static_cast<int>(y % 100));
  out += '-';
  two(out, static_cast<int>(m));
  out += '-';
  two(out, static_cast<int>(d));
  out += 'T';
  clock_time(out, rem);
  out += 'Z';
}

// "utc" when the date is known, else "time" as hh:mm:ss.sss; null when the sentence had no time.
void time_member(std::string& out, const Sentence& s, const std::optional<TimeOfDay>& t, const Decoder& dec) {
  if (const auto utc = dec.utc_of(s)) {
    key(out, "utc");
    out += '"';
    iso8601(out, *utc);
    out += '"';
    return;
  }
  key(out, "time");
  if (!t) {
    out += "null";
    return;
  }
  out += '"';
  clock_time(out, t->ms);
  out += '"';
}

void position(std::string& out, const std::optional<GeoPoint>& p) {
  opt(out, "lat", p, [&](const GeoPoint& g) { num_fixed(out, g.lat.degrees(), 9); });
  opt(out, "lon", p, [&](const GeoPoint& g) { num_fixed(out, g.lon.degrees(), 9); });
}

void members(std::string& out, const Gga& g, const Sentence& s, const Decoder& dec) {
  time_member(out, s, g.time, dec);
  position(out, g.pos);
  opt(out, "alt", g.alt, [&](Metres m) { num_double(out, m.value); });
  opt_double(out, "hdop", g.hdop);
  opt_int(out, "sats", g.sats);
  opt_int(out, "quality", g.quality);
  key(out, "valid");
  out += g.quality && *g.quality > 0 ? "true" : "false";
}

void members(std::string& out, const Rmc& r, const Sentence& s, const Decoder& dec) {
  time_member(out, s, r.time, dec);
  str(out, "status", r.valid ? "A" : "V");
  position(out, r.pos);
  opt(out, "speed_mps", r.speed_mps, [&](double v) { num_fixed(out, v, 3); });
  opt_double(out, "course", r.course_deg);
  key(out, "valid");
  out += r.valid ? "true" : "false";
  if (r.mode) str(out, "mode", std::string_view(&*r.mode, 1));
}

void members(std::string& out, const Gsa& g, const Sentence&, const Decoder&) {
  key(out, "mode");
  if (g.selection) {
    out += '"';
    out += *g.selection;
    out += '"';
  } else {
    out += "null";
  }
  opt_int(out, "fix_type", g.fix_type);
  key(out, "prns");
  out += '[';
  for (std::size_t i = 0; i < g.prns.size(); ++i) {
    if (i) out += ',';
    num_int(out, g.prns[i]);
  }
  out += ']';
  opt_double(out, "pdop", g.pdop);
  opt_double(out, "hdop", g.hdop);
  opt_double(out, "vdop", g.vdop);
  if (g.system_id) opt_int(out, "system_id", g.system_id);
}

void members(std::string& out, const Gsv& g, const Sentence&, const Decoder&) {
  key(out, "msg");
  num_int(out, g.msg_num);
  key(out, "msgs");
  num_int(out, g.msg_count);
  key(out, "in_view");
  num_int(out, g.in_view);
  key(out, "sats");
  out += '[';
  for (std::size_t i = 0; i < g.sats.size(); ++i) {
    const SatInView& sat = g.sats[i];
    out += i ? ",{\"prn\":" : "{\"prn\":";
    num_int(out, sat.prn);
    opt_int(out, "el", sat.elevation_deg);
    opt_int(out, "az", sat.azimuth_deg);
    opt_int(out, "snr", sat.snr_dbhz);
    out += '}';
  }
  out += ']';
  if (g.signal_id) opt_int(out, "signal_id", g.signal_id);
}

std::string_view kind_of(const Sentence& s) {
  static constexpr std::string_view kinds[] = {"fix", "fix", "dop", "sky"};
  return kinds[s.index()];
}

}  // namespace

void append_json_members(const Sentence& s, const Decoder& dec, std::string& out) {
  out += "\"kind\":\"";
  out += kind_of(s);
  out += '"';
  str(out, "talker", talker(s));
  str(out, "sentence", sentence_type(s));
  std::visit([&](const auto& x) { members(out, x, s, dec); }, s);
}

void append_json(const Sentence& s, const Decoder& dec, std::string& out, std::string_view prefix) {
  out += '{';
  if (!prefix.empty()) {
    out += prefix;
    out += ',';
  }
  append_json_members(s, dec, out);
  out += '}';
}

}  // namespace shikan::probe::nmea
