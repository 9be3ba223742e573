// NMEA output: checksums computed independently, field layout, fix and no-fix (tunnel) forms.
#include <catch2/catch.hpp>

#include <sstream>

#include "shikan/sim/gnss.hpp"

using namespace shikan;
using namespace shikan::sim;

namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t p = 0;
  while (p < s.size()) {
    const auto e = s.find("\r\n", p);
    REQUIRE(e != std::string::npos);  // every sentence ends with CR LF
    out.push_back(s.substr(p, e - p));
    p = e + 2;
  }
  return out;
}

std::vector<std::string> fields(const std::string& sentence) {
  std::vector<std::string> f;
  std::stringstream ss(sentence.substr(1, sentence.find('*') - 1));
  std::string x;
  while (std::getline(ss, x, ',')) f.push_back(x);
  if (!sentence.empty() && sentence[sentence.find('*') - 1] == ',') f.emplace_back();
  return f;
}

// Independent checksum: XOR of every byte between '$' and '*'.
bool checksum_ok(const std::string& s) {
  if (s.size() < 4 || s[0] != '$') return false;
  const auto star = s.find('*');
  if (star == std::string::npos || star + 3 != s.size()) return false;
  int x = 0;
  for (std::size_t i = 1; i < star; ++i) x ^= static_cast<unsigned char>(s[i]);
  return std::stoi(s.substr(star + 1), nullptr, 16) == x;
}

}  // namespace

TEST_CASE("NMEA checksum against a real receiver line", "[sim][nmea]") {
  // gpsd test log quectel-l76k-nmea.log
  CHECK(nmea_checksum("GNGGA,055234.200,4739.71890,N,12219.58362,W,1,14,0.9,76.5,M,-21.6,M,,") == "4A");
  CHECK(nmea_sentence("GNZDA,055234.000,05,08,2026,00,00") == "$GNZDA,055234.000,05,08,2026,00,00*46\r\n");
}

TEST_CASE("NMEA epoch with a fix: sentences, checksums, fields", "[sim][nmea]") {
  GnssParams p;
  p.sigma_m = 0;  // no noise: the reported position is the true one
  GnssModel g(5, p);
  const UtcTime t = *parse_iso8601("2026-05-12T01:02:03.400Z");
  const GnssEpoch e = g.epoch(t, GeoPoint{Latitude(30.25), Longitude(120.16)}, 9.5, 10.0, 45.0, false);
  REQUIRE(e.fix);
  const auto lines = lines_of(format_nmea_epoch(e));
  REQUIRE(lines.size() >= 6);
  for (const std::string& l : lines) CHECK(checksum_ok(l));
  const auto gga = fields(lines[0]);
  REQUIRE(gga.size() == 15);
  CHECK(gga[0] == "GNGGA");
  CHECK(gga[1] == "010203.400");
  CHECK(gga[2] == "3015.00000");
  CHECK(gga[3] == "N");
  CHECK(gga[4] == "12009.60000");
  CHECK(gga[5] == "E");
  CHECK(gga[6] == "1");
  CHECK(std::stoi(gga[7]) == e.sats_used());
  CHECK(std::stoi(gga[7]) >= 4);
  CHECK(gga[9] == "9.5");
  const auto rmc = fields(lines[1]);
  REQUIRE(rmc.size() == 14);
  CHECK(rmc[0] == "GNRMC");
  CHECK(rmc[2] == "A");
  CHECK(rmc[7] == "19.44");  // 10 m/s in knots
  CHECK(rmc[8] == "45.00");
  CHECK(rmc[9] == "120526");
  CHECK(rmc[12] == "A");
  CHECK(fields(lines[2])[0] == "GNGSA");
  CHECK(fields(lines[2]).back() == "1");  // GPS system id
  CHECK(fields(lines[3]).back() == "4");  // BeiDou system id
  int gp = 0, bd = 0;
  for (const std::string& l : lines) {
    gp += l.starts_with("$GPGSV");
    bd += l.starts_with("$BDGSV");
  }
  CHECK(gp >= 1);
  CHECK(bd >= 1);
  CHECK(fields(lines[4])[3] == std::to_string(e.gps.size()));
}

TEST_CASE("NMEA epoch in a tunnel: still talking, no fix, empty position", "[sim][nmea]") {
  GnssModel g(5);
  const UtcTime t = *parse_iso8601("2026-05-12T23:59:59Z");
  const GnssEpoch e = g.epoch(t, GeoPoint{Latitude(30.25), Longitude(120.16)}, 9.5, 10.0, 45.0, true);
  CHECK_FALSE(e.fix);
  const auto lines = lines_of(format_nmea_epoch(e));
  for (const std::string& l : lines) CHECK(checksum_ok(l));
  CHECK(lines[0].starts_with("$GNGGA,235959.000,,,,,0,00,99.99,,,,,,*"));
  CHECK(lines[1].starts_with("$GNRMC,235959.000,V,,,,,,,120526,,,N,V*"));
  CHECK(lines[2].starts_with("$GNGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99,1*"));
  CHECK(lines[4].starts_with("$GPGSV,1,1,00,0*"));
}

TEST_CASE("GNSS noise: a few metres, correlated, seeded", "[sim][nmea]") {
  GnssModel a(9), b(9), c(10);
  const GeoPoint truth{Latitude(30.25), Longitude(120.16)};
  double max_err = 0, sum_step = 0;
  GeoPoint prev = truth;
  for (int i = 0; i < 600; ++i) {
    const UtcTime t{1'700'000'000'000 + i * 1000};
    const GnssEpoch ea = a.epoch(t, truth, 10, 0, 0, false);
    const GnssEpoch eb = b.epoch(t, truth, 10, 0, 0, false);
    const GnssEpoch ec = c.epoch(t, truth, 10, 0, 0, false);
    CHECK(format_nmea_epoch(ea) == format_nmea_epoch(eb));
    if (i == 10) CHECK(format_nmea_epoch(ea) != format_nmea_epoch(ec));
    const double err = haversine(ea.pos, truth).value;
    max_err = std::max(max_err, err);
    if (i) sum_step += haversine(ea.pos, prev).value;
    prev = ea.pos;
  }
  CHECK(max_err < 20.0);
  CHECK(max_err > 1.0);
  CHECK(sum_step / 599 < 1.5);  // correlated: epoch-to-epoch jumps well below the error itself
}
