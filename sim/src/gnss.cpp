#include "shikan/sim/gnss.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace shikan::sim {
namespace {

constexpr double kEarthRadiusM = 6371008.8;

std::vector<int> pick_prns(Rng& rng, int max_prn, int count) {
  std::vector<int> all;
  for (int i = 1; i <= max_prn; ++i) all.push_back(i);
  for (std::size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
  all.resize(static_cast<std::size_t>(count));
  std::sort(all.begin(), all.end());
  return all;
}

// ddmm.mmmmm / dddmm.mmmmm
std::string nmea_coord(double deg, int deg_digits) {
  const double a = std::fabs(deg);
  int d = static_cast<int>(a);
  double m = (a - d) * 60.0;
  if (std::lround(m * 100000.0) >= 6000000) {  // rounding would print 60.00000
    ++d;
    m = 0;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*d%08.5f", deg_digits, d, m);
  return buf;
}

std::string hms(UtcTime t) {
  const std::int64_t day_ms = ((t.ms % 86400000) + 86400000) % 86400000;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d.%03d", static_cast<int>(day_ms / 3600000), static_cast<int>(day_ms / 60000 % 60),
                static_cast<int>(day_ms / 1000 % 60), static_cast<int>(day_ms % 1000));
  return buf;
}

std::string dmy(UtcTime t) {
  const std::string iso = to_iso8601(t);  // YYYY-MM-DDT...
  return iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(2, 2);
}

std::string gsa(const std::vector<int>& used, bool fix, double pdop, double hdop, double vdop, int system_id) {
  std::string s = std::string("GNGSA,A,") + (fix ? "3" : "1");
  for (std::size_t i = 0; i < 12; ++i) {
    s += ',';
    if (i < used.size()) {
      char b[8];
      std::snprintf(b, sizeof b, "%02d", used[i]);
      s += b;
    }
  }
  char tail[64];
  if (fix) std::snprintf(tail, sizeof tail, ",%.1f,%.1f,%.1f,%d", pdop, hdop, vdop, system_id);
  else std::snprintf(tail, sizeof tail, ",99.99,99.99,99.99,%d", system_id);
  return nmea_sentence(s + tail);
}

std::string gsv(const char* talker, const std::vector<SatView>& sats) {
  const std::size_t total = sats.size();
  const std::size_t msgs = std::max<std::size_t>(1, (total + 3) / 4);
  std::string out;
  for (std::size_t m = 0; m < msgs; ++m) {
    char head[48];
    std::snprintf(head, sizeof head, "%sGSV,%d,%d,%02d", talker, static_cast<int>(msgs), static_cast<int>(m + 1), static_cast<int>(total));
    std::string s = head;
    for (std::size_t i = m * 4; i < std::min(total, m * 4 + 4); ++i) {
      char b[32];
      std::snprintf(b, sizeof b, ",%02d,%02d,%03d,", sats[i].prn, sats[i].elevation_deg, sats[i].azimuth_deg);
      s += b;
      if (sats[i].snr_dbhz) {
        std::snprintf(b, sizeof b, "%02d", *sats[i].snr_dbhz);
        s += b;
      }
    }
    out += nmea_sentence(s + ",0");  // signal id 0: all signals (NMEA 4.10)
  }
  return out;
}

}  // namespace

GnssModel::GnssModel(std::uint64_t seed, GnssParams params) : p_(params), noise_(seed, "gnss/noise"), snr_(seed, "gnss/snr") {
  Rng sky(seed, "gnss/sky");
  for (int prn : pick_prns(sky, 32, 11)) gps_.push_back(Sat{prn, sky.uniform(5, 85), sky.uniform(0, 360), sky.uniform(0, 2 * std::numbers::pi)});
  for (int prn : pick_prns(sky, 46, 10)) bds_.push_back(Sat{prn, sky.uniform(5, 85), sky.uniform(0, 360), sky.uniform(0, 2 * std::numbers::pi)});
}

std::vector<SatView> GnssModel::sky(const std::vector<Sat>& sats, double t_s, bool outage) {
  std::vector<SatView> v;
  if (outage) return v;
  for (const Sat& s : sats) {
    // Elevation swings +-10 degrees over a 6 h period; azimuth drifts 15 degrees per hour.
    const double elev = std::clamp(s.elev0 + 10.0 * std::sin(2 * std::numbers::pi * t_s / 21600.0 + s.phase), 1.0, 89.0);
    const double az = std::fmod(s.az0 + t_s / 240.0, 360.0);
    SatView sv{s.prn, static_cast<int>(std::lround(elev)), static_cast<int>(std::lround(az)) % 360, std::nullopt};
    const double snr = 18.0 + 0.3 * elev + snr_.normal(0, 2.0);
    if (elev >= 10 && snr >= 20) sv.snr_dbhz = static_cast<int>(std::lround(std::min(snr, 50.0)));
    v.push_back(sv);
  }
  return v;
}

GnssEpoch GnssModel::epoch(UtcTime utc, const GeoPoint& truth, double alt_m, double speed_mps, double course_deg, bool outage) {
  const double dt = last_ ? static_cast<double>(utc.ms - last_->ms) / 1000.0 : 1e9;
  last_ = utc;
  // First-order Gauss-Markov error per axis: e' = a e + sigma sqrt(1 - a^2) w, a = exp(-dt / tau).
  const double a = std::exp(-std::max(dt, 0.0) / p_.tau_s);
  const double inn = std::sqrt(1.0 - a * a);
  err_e_ = a * err_e_ + p_.sigma_m * inn * noise_.normal();
  err_n_ = a * err_n_ + p_.sigma_m * inn * noise_.normal();
  err_u_ = a * err_u_ + 1.5 * p_.sigma_m * inn * noise_.normal();

  GnssEpoch e;
  e.utc = utc;
  e.geoid_sep_m = p_.geoid_sep_m;
  const double t_s = static_cast<double>(utc.ms) / 1000.0;
  e.gps = sky(gps_, t_s, outage);
  e.bds = sky(bds_, t_s, outage);
  for (const SatView& s : e.gps)
    if (s.snr_dbhz && s.snr_dbhz >= 25 && e.used_gps.size() < 12) e.used_gps.push_back(s.prn);
  for (const SatView& s : e.bds)
    if (s.snr_dbhz && s.snr_dbhz >= 25 && e.used_bds.size() < 12) e.used_bds.push_back(s.prn);
  e.fix = !outage && e.sats_used() >= 4;
  if (!e.fix) return e;
  const double lat = truth.lat.degrees() + err_n_ / kEarthRadiusM * 180.0 / std::numbers::pi;
  const double lon = truth.lon.degrees() + err_e_ / (kEarthRadiusM * std::cos(truth.lat.degrees() * std::numbers::pi / 180.0)) * 180.0 / std::numbers::pi;
  e.pos = GeoPoint{Latitude(lat), Longitude(lon)};
  e.alt_m = alt_m + err_u_;
  // Doppler speed error ~0.1 m/s at the default 2.5 m position error (scaled with it).
  e.speed_mps = std::max(0.0, speed_mps + (speed_mps > 0.5 ? noise_.normal(0, 0.04 * p_.sigma_m) : 0.0));
  e.course_deg = course_deg;
  e.hdop = std::round((0.5 + 5.0 / e.sats_used()) * 10.0) / 10.0;
  e.vdop = std::round(e.hdop * 14.0) / 10.0;
  e.pdop = std::round(std::hypot(e.hdop, e.vdop) * 10.0) / 10.0;
  return e;
}

std::string nmea_checksum(std::string_view body) {
  unsigned x = 0;
  for (unsigned char c : body) x ^= c;
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", x & 0xFFu);
  return buf;
}

std::string nmea_sentence(std::string_view body) {
  std::string s;
  s.reserve(body.size() + 6);
  s += '$';
  s += body;
  s += '*';
  s += nmea_checksum(body);
  s += "\r\n";
  return s;
}

std::string format_nmea_epoch(const GnssEpoch& e) {
  std::string out;
  const std::string t = hms(e.utc);
  char buf[160];
  if (e.fix) {
    const std::string lat = nmea_coord(e.pos.lat.degrees(), 2), lon = nmea_coord(e.pos.lon.degrees(), 3);
    const char ns = e.pos.lat.degrees() < 0 ? 'S' : 'N', ew = e.pos.lon.degrees() < 0 ? 'W' : 'E';
    std::snprintf(buf, sizeof buf, "GNGGA,%s,%s,%c,%s,%c,1,%02d,%.1f,%.1f,M,%.1f,M,,", t.c_str(), lat.c_str(), ns, lon.c_str(), ew,
                  e.sats_used(), e.hdop, e.alt_m, e.geoid_sep_m);
    out += nmea_sentence(buf);
    std::snprintf(buf, sizeof buf, "GNRMC,%s,A,%s,%c,%s,%c,%.2f,%.2f,%s,,,A,V", t.c_str(), lat.c_str(), ns, lon.c_str(), ew,
                  e.speed_mps * 3600.0 / 1852.0, e.course_deg, dmy(e.utc).c_str());
    out += nmea_sentence(buf);
  } else {
    out += nmea_sentence("GNGGA," + t + ",,,,,0,00,99.99,,,,,,");
    out += nmea_sentence("GNRMC," + t + ",V,,,,,,," + dmy(e.utc) + ",,,N,V");
  }
  out += gsa(e.used_gps, e.fix, e.pdop, e.hdop, e.vdop, 1);
  out += gsa(e.used_bds, e.fix, e.pdop, e.hdop, e.vdop, 4);
  out += gsv("GP", e.gps);
  out += gsv("BD", e.bds);
  return out;
}

}  // namespace shikan::sim
