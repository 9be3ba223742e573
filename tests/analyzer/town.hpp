// Small hand-drawn towns for analyzer tests (HOUSE_STYLE §13): sites and a route in metres around an origin,
// measurements from a noiseless log-distance model, so the right answer is obvious.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "shikan/analyzer/analyze.hpp"
#include "shikan/analyzer/observe.hpp"

namespace shikan::test {

using analyzer::Measurement;
using analyzer::Xy;

struct TownSite {
  Xy at;
  std::uint32_t gnb;  // 24-bit gNB id; cells gnb<<12 | 1..3
};

class Town {
 public:
  int bits = 24;  // gNB-ID length of the town's operator: NCI = gNB << (36 - bits) | sector
  explicit Town(GeoPoint origin = GeoPoint{Latitude(30.25), Longitude(120.16)}) : frame_(origin) {}
  GeoPoint geo(const Xy& p) const { return frame_.to_geo(p); }

  // One row per second along the polyline at `speed` m/s, served by the strongest real site (SA, 46000).
  std::vector<Measurement> drive(const std::vector<TownSite>& real, const std::vector<Xy>& route,
                                 double speed = 10, std::int64_t t0_ms = 1'760'000'000'000) const {
    std::vector<Measurement> out;
    std::int64_t t = t0_ms;
    for (std::size_t i = 0; i + 1 < route.size(); ++i) {
      const double len = analyzer::distance_m(route[i], route[i + 1]);
      for (double s = 0; s < len; s += speed, t += 1000) {
        const double f = s / len;
        const Xy p{route[i].x_m + f * (route[i + 1].x_m - route[i].x_m), route[i].y_m + f * (route[i + 1].y_m - route[i].y_m)};
        out.push_back(sample(real, p, t));
      }
    }
    return out;
  }

  Measurement sample(const std::vector<TownSite>& real, const Xy& p, std::int64_t t_ms) const {
    Measurement m;
    m.utc = UtcTime{t_ms};
    m.set_position(geo(p));
    m.set_plmn(Plmn::parse("46000"));
    const TownSite* best = nullptr;
    double best_level = -1e9;
    for (const TownSite& s : real) {
      const double level = rsrp_at(s, p);
      if (level > best_level) best_level = level, best = &s;
    }
    if (!best || best_level < -125) {
      m.rat = Rat::Lte;  // no NR here
      return m;
    }
    m.rat = Rat::NrSa;
    // Sector by bearing (three 120° sectors), so nodes have several cells.
    const double bearing = std::atan2(p.x_m - best->at.x_m, p.y_m - best->at.y_m);
    const auto sector = static_cast<std::uint64_t>(std::fmod(bearing + 2 * M_PI, 2 * M_PI) / (2 * M_PI / 3)) + 1;
    m.set_nci(Nci((static_cast<std::uint64_t>(best->gnb) << (36 - bits)) | sector));
    m.pci.set(static_cast<std::uint16_t>(best->gnb % 336 * 3 + sector - 1));
    m.rsrp.set(Dbm(best_level));
    m.sinr.set(Db(12));
    return m;
  }

  // Log-distance: -40 dBm at 1 m... -> about -85 dBm at 100 m and -111 dBm at 550 m (exponent 3.5).
  static double rsrp_at(const TownSite& s, const Xy& p) {
    const double d = std::max(10.0, analyzer::distance_m(s.at, p));
    return -15.0 - 35.0 * std::log10(d);
  }

  // A sites CSV: one row per entry (site_id, operator 46000, lat, lon, gnb_id (optional), gnb_id_bits 24).
  struct Entry {
    std::string id;
    Xy at;
    std::optional<std::uint32_t> gnb;
    std::string type = "macro";
  };
  std::string sites_csv(const std::vector<Entry>& entries, Crs crs = Crs::Wgs84) const {
    std::string s = "site_id,operator,lat,lon,gnb_id,gnb_id_bits,type\n";
    for (const Entry& e : entries) {
      const GeoPoint g = from_wgs84(geo(e.at), crs);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.7f,%.7f", g.lat.degrees(), g.lon.degrees());
      s += e.id + ",46000," + buf + "," + (e.gnb ? std::to_string(*e.gnb) : std::string()) + ",24," + e.type + "\n";
    }
    return s;
  }

 private:
  analyzer::LocalFrame frame_;
};

// An Analysis from in-memory rows and list text: the pure stages of analyze() without files.
inline analyzer::Analysis analyse_town(const std::vector<Measurement>& rows, const std::string& sites_csv,
                                       std::optional<Crs> crs = Crs::Wgs84, analyzer::Claims claims = {},
                                       analyzer::Profile profile = {}, std::vector<KeyPlace> places = {}) {
  analyzer::Analysis a;
  a.profile = profile;
  a.claims = claims;
  SiteReadOptions o;
  a.list = parse_sites(sites_csv, csv::TextEncoding::Utf8, "sites.csv", o);
  if (!places.empty()) a.places = PlaceList{"places.geojson", places, {}, places.size()};
  analyzer::Observer obs(a.profile, places);
  for (const Measurement& m : rows) obs.push(m);
  a.obs = obs.finish();
  a.input.cleaning.usable = rows.size();
  analyzer::reconcile_and_judge(a, crs);
  return a;
}

}  // namespace shikan::test
