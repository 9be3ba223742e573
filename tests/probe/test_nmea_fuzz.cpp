// Seeded mutation fuzzing of the NMEA parser and decoder (HOUSE_STYLE §11, §14): real sentences with
// bytes flipped, dropped, duplicated or cut. Whatever comes in, parse() returns a value or a reason, never
// throws; what it accepts is in range; the JSON it writes parses.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "shikan/probe/nmea.hpp"

namespace nmea = shikan::probe::nmea;

namespace {

// Real lines (quectel-eg25-g-2, ublox-neo-m9n, beidou-bd, beidou-gb, ch-4701, ublox-zed-f9p).
const std::vector<std::string> kSeeds{
    "$GPGGA,051347.00,6001.336799,N,03014.169008,E,1,05,0.9,16.5,M,18.0,M,,*59",
    "$GPRMC,051347.00,A,6001.336799,N,03014.169008,E,0.0,0.0,200922,8.4,E,A,V*4A",
    "$GNRMC,223745.00,A,3806.62964,N,12237.61382,W,0.040,,110720,,,D,V*0E",
    "$GNGGA,223745.00,3806.62964,N,12237.61382,W,2,12,0.54,83.1,M,-29.5,M,,0000*44",
    "$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64",
    "$GNRMC,074150.799,V,,,,,,,250215,,,N*52",
    "$GNGSA,A,3,69,76,78,85,,,,,,,,,1.2,0.9,0.9,2*3D",
    "$GPGSA,A,3,23,13,07,25,,,,,,,,,,,,,,,,,,,,,09.2,07.2,05.7*0D",
    "$GLGSV,2,1,08,78,20,345,17,76,09,239,19,69,14,018,16,87,25,289,11,1*7D",
    "$GBGSV,2,1,05,201,00,000,44,202,14,089,35,204,00,000,42,205,27,091,*66",
    "$GBGSV,3,3,10,21,41,301,,22,82,135,,*4F",
    "$PQGSV,4,4,14,23,09,350,,24,04,248,,0,4*6C",
};

// Recomputes the checksum so that mutations reach the field parsers, not only the checksum check.
std::string refresh_checksum(std::string s) {
  const auto star = s.rfind('*');
  if (s.empty() || s[0] != '$' || star == std::string::npos) return s;
  unsigned x = 0;
  for (std::size_t i = 1; i < star; ++i) x ^= static_cast<unsigned char>(s[i]);
  constexpr char hex[] = "0123456789ABCDEF";
  s.resize(star + 1);
  s += hex[(x >> 4) & 0xF];
  s += hex[x & 0xF];
  return s;
}

std::string mutate(std::string s, std::mt19937& rng) {
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::string alphabet = "0123456789.,*$-+NSEWAVM \t\x01\x7f\xff";
  const int edits = 1 + static_cast<int>(pick(4));
  for (int e = 0; e < edits && !s.empty(); ++e) {
    switch (pick(6)) {
      case 0: s[pick(s.size())] = alphabet[pick(alphabet.size())]; break;           // replace a byte
      case 1: s.erase(pick(s.size()), 1); break;                                    // drop a byte
      case 2: s.insert(pick(s.size()), 1, alphabet[pick(alphabet.size())]); break;  // insert a byte
      case 3: s.resize(pick(s.size())); break;                                      // cut
      case 4: {                                                                     // duplicate a span
        const auto from = pick(s.size());
        s.insert(pick(s.size()), s.substr(from, pick(12)));
        break;
      }
      default: s += s.substr(pick(s.size())); break;  // glue a tail on
    }
  }
  return pick(3) == 0 ? s : refresh_checksum(s);
}

void check_in_range(const nmea::Sentence& s) {
  if (const auto* g = std::get_if<nmea::Gga>(&s)) {
    if (g->time) CHECK((g->time->ms >= 0 && g->time->ms <= 86'400'999));
    if (g->quality) CHECK((*g->quality >= 0 && *g->quality <= 9));
    if (g->hdop) CHECK(*g->hdop >= 0);
    if (g->pos) CHECK((std::abs(g->pos->lat.degrees()) <= 90 && std::abs(g->pos->lon.degrees()) <= 180));
  } else if (const auto* r = std::get_if<nmea::Rmc>(&s)) {
    if (r->course_deg) CHECK((*r->course_deg >= 0 && *r->course_deg < 360));
    if (r->speed_mps) CHECK(*r->speed_mps >= 0);
    if (r->date) CHECK((r->date->month >= 1 && r->date->month <= 12 && r->date->day >= 1 && r->date->day <= 31));
  } else if (const auto* v = std::get_if<nmea::Gsv>(&s)) {
    CHECK(v->sats.size() <= 4);
    CHECK((v->msg_num >= 1 && v->msg_num <= v->msg_count));
  }
}

}  // namespace

TEST_CASE("nmea fuzz: mutated real sentences never throw; accepted ones are in range and print valid JSON",
          "[nmea][fuzz]") {
  std::mt19937 rng(20260315);  // fixed seed: a failure reproduces
  nmea::Decoder dec;
  int accepted = 0, rejected = 0;
  std::string out;
  for (int i = 0; i < 60'000; ++i) {
    const std::string line = mutate(kSeeds[static_cast<std::size_t>(i) % kSeeds.size()], rng);
    CAPTURE(line);
    std::optional<shikan::Parsed<nmea::Sentence>> p;
    REQUIRE_NOTHROW(p.emplace(dec.feed(line)));
    if (!p->ok()) {
      ++rejected;
      CHECK_FALSE(p->error().reason.empty());
      continue;
    }
    ++accepted;
    check_in_range(p->value());
    out.clear();
    nmea::append_json(p->value(), dec, out, "\"line\":1");
    CHECK_NOTHROW(nlohmann::json::parse(out));
  }
  REQUIRE_NOTHROW(dec.flush());
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  CHECK(accepted > 1000);
  CHECK(rejected > 1000);
}
