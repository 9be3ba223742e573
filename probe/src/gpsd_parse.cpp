// gpsd JSON reports (gpsd_json(5)) to values, and TPV + SKY to fixes.
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "shikan/probe/gpsd.hpp"

namespace shikan::probe::gpsd {
namespace {

using json = nlohmann::json;

ParseError bad(std::string_view member) { return parse_error("bad " + std::string(member)); }

// Optional finite number member: absent -> true with out empty; present but not a number -> false.
bool number(const json& j, const char* key, std::optional<double>& out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_number()) return false;
  const double v = it->get<double>();
  if (!std::isfinite(v)) return false;
  out = v;
  return true;
}

bool metres(const json& j, const char* key, std::optional<Metres>& out) {
  std::optional<double> v;
  if (!number(j, key, v)) return false;
  if (v) out = Metres(*v);
  return true;
}

bool integer(const json& j, const char* key, std::optional<int>& out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_number_integer()) return false;
  out = it->get<int>();
  return true;
}

bool text(const json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it == j.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool time_member(const json& j, std::optional<UtcTime>& out) {
  const auto it = j.find("time");
  if (it == j.end()) return true;
  if (!it->is_string()) return false;
  out = parse_iso8601(it->get_ref<const std::string&>());
  return out.has_value();
}

Parsed<Message> parse_tpv(const json& j) {
  Tpv t;
  std::optional<int> mode;
  if (!integer(j, "mode", mode)) return bad("mode");
  if (!mode) return parse_error("TPV without mode");
  if (*mode < 0 || *mode > 3) return bad("mode");
  t.mode = *mode;
  if (!text(j, "device", t.device)) return bad("device");
  if (!integer(j, "status", t.status)) return bad("status");
  if (!time_member(j, t.time)) return bad("time");
  std::optional<double> lat, lon;
  if (!number(j, "lat", lat) || (lat && std::abs(*lat) > 90.0)) return bad("lat");
  if (!number(j, "lon", lon) || (lon && std::abs(*lon) > 180.0)) return bad("lon");
  if (lat.has_value() != lon.has_value()) return bad(lat ? "lon" : "lat");
  if (lat) t.pos = GeoPoint{Latitude(*lat), Longitude(*lon)};
  if (!metres(j, "altMSL", t.alt_msl)) return bad("altMSL");
  if (!t.alt_msl && !metres(j, "alt", t.alt_msl)) return bad("alt");  // gpsd < 3.20: MSL in "alt"
  if (!metres(j, "altHAE", t.alt_hae)) return bad("altHAE");
  if (!number(j, "speed", t.speed_mps)) return bad("speed");
  if (!number(j, "track", t.track_deg)) return bad("track");
  if (!number(j, "climb", t.climb_mps)) return bad("climb");
  if (!metres(j, "eph", t.eph)) return bad("eph");
  if (!metres(j, "epx", t.epx)) return bad("epx");
  if (!metres(j, "epy", t.epy)) return bad("epy");
  if (!metres(j, "epv", t.epv)) return bad("epv");
  return Message{std::move(t)};
}

Parsed<Message> parse_sky(const json& j) {
  Sky s;
  if (!text(j, "device", s.device)) return bad("device");
  if (!time_member(j, s.time)) return bad("time");
  if (!number(j, "hdop", s.hdop)) return bad("hdop");
  if (!number(j, "pdop", s.pdop)) return bad("pdop");
  if (!number(j, "vdop", s.vdop)) return bad("vdop");
  if (const auto it = j.find("satellites"); it != j.end()) {
    if (!it->is_array()) return bad("satellites");
    for (const auto& sat : *it) {
      if (!sat.is_object()) return bad("satellites");
      ++s.satellites_seen;
      const auto used = sat.find("used");
      if (used != sat.end() && used->is_boolean() && used->get<bool>()) ++s.satellites_used;
    }
  }
  // gpsd 3.23+ also sends the counts; they cover SKY reports that omit the satellite list.
  std::optional<int> n, u;
  if (!integer(j, "nSat", n)) return bad("nSat");
  if (!integer(j, "uSat", u)) return bad("uSat");
  if (n) s.satellites_seen = *n;
  if (u) s.satellites_used = *u;
  return Message{std::move(s)};
}

}  // namespace

Parsed<Message> parse(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  const json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return parse_error("not JSON");
  const auto cls = j.find("class");
  if (cls == j.end() || !cls->is_string()) return parse_error("no class");
  const auto& name = cls->get_ref<const std::string&>();
  if (name == "TPV") return parse_tpv(j);
  if (name == "SKY") return parse_sky(j);
  if (name == "ERROR") {
    std::string msg;
    text(j, "message", msg);
    return parse_error("gpsd error: " + msg);
  }
  return Message{Ignored{name}};
}

FixQuality quality_of(const Tpv& t) {
  if (!t.status) return FixQuality::Gps;
  switch (*t.status) {
    case 2: return FixQuality::Dgps;
    case 3: return FixQuality::RtkFixed;
    case 4: return FixQuality::RtkFloat;
    case 5:                                // dead reckoning
    case 6: return FixQuality::Estimated;  // GNSS + dead reckoning
    case 7: return FixQuality::Manual;     // surveyed-in position (time mode)
    case 8: return FixQuality::Simulation;
    case 9: return FixQuality::Pps;  // P(Y) precise positioning service
    default: return FixQuality::Gps;
  }
}

std::optional<nmea::FixOutcome> FixAssembler::feed(const Message& m) {
  if (const auto* s = std::get_if<Sky>(&m)) {
    sky_ = *s;
    return std::nullopt;
  }
  const auto* t = std::get_if<Tpv>(&m);
  if (!t) return std::nullopt;
  if (t->mode < 2) return nmea::FixOutcome{nmea::NoFix{t->time}};
  if (!t->time || !t->pos) return std::nullopt;
  const bool sky_matches = sky_ && (sky_->device.empty() || t->device.empty() || sky_->device == t->device);
  return nmea::FixOutcome{
      Fix{.utc = *t->time,
          .pos = *t->pos,
          .quality = quality_of(*t),
          .alt = t->mode == 3 ? t->alt_msl : std::nullopt,
          .hdop = sky_matches ? sky_->hdop : std::nullopt,
          .sats = sky_matches && sky_->satellites_seen > 0 ? std::optional<int>(sky_->satellites_used) : std::nullopt,
          .speed_mps = t->speed_mps,
          .course_deg = t->track_deg}};
}

}  // namespace shikan::probe::gpsd
