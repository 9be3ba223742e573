// NMEA 0183 parser: table-driven over sentence types, talkers, hemispheres, empty and extra fields, and
// malformed input. Reference positions are worked by hand from ddmm.mmmm (tolerance 1e-7 degrees).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "nmea_frame.hpp"
#include "shikan/probe/nmea.hpp"

namespace nmea = shikan::probe::nmea;

namespace {

constexpr double kDeg = 1e-7;

std::string framed(std::string_view body) { return shikan::test::nmea_frame(body); }

// By value: the Parsed is usually a temporary.
template <class T>
T as(const shikan::Parsed<nmea::Sentence>& p) {
  REQUIRE(p.ok());
  REQUIRE(std::holds_alternative<T>(p.value()));
  return std::get<T>(p.value());
}

}  // namespace

TEST_CASE("nmea: classic GGA reference sentence", "[nmea]") {
  // NMEA 0183 textbook example; checksum 47 as published.
  const auto p = nmea::parse("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n");
  const auto& g = as<nmea::Gga>(p);
  CHECK(g.talker == "GP");
  CHECK(nmea::sentence_type(p.value()) == "GGA");
  REQUIRE(g.time);
  CHECK(g.time->ms == (12 * 3600 + 35 * 60 + 19) * 1000);
  REQUIRE(g.pos);
  CHECK(g.pos->lat.degrees() == Approx(48.0 + 7.038 / 60).margin(kDeg));
  CHECK(g.pos->lon.degrees() == Approx(11.0 + 31.0 / 60).margin(kDeg));
  CHECK(g.quality == 1);
  CHECK(g.sats == 8);
  CHECK(*g.hdop == Approx(0.9));
  CHECK(g.alt->value == Approx(545.4));
  CHECK(g.geoid_sep->value == Approx(46.9));
  CHECK_FALSE(g.dgps_age_s);
  CHECK_FALSE(g.dgps_station);
}

TEST_CASE("nmea: classic RMC reference sentence", "[nmea]") {
  const auto p = nmea::parse("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A");
  const auto& r = as<nmea::Rmc>(p);
  CHECK(r.valid);
  CHECK(r.date == nmea::Date{1994, 3, 23});
  CHECK(*r.speed_mps == Approx(22.4 * 1852.0 / 3600.0).margin(1e-9));
  CHECK(*r.course_deg == Approx(84.4));
  CHECK(*r.magvar_deg == Approx(-3.1));
  CHECK_FALSE(r.mode);
  CHECK_FALSE(r.nav_status);
}

TEST_CASE("nmea: every talker, every sentence type", "[nmea]") {
  const std::vector<std::string> talkers{"GP", "GL", "GA", "BD", "GB", "GN", "GQ", "QZ", "GI"};
  const std::vector<std::pair<std::string, std::string>> bodies{
      {"GGA", ",074155.799,3114.8770,N,12135.2463,E,1,05,1.3,156.9,M,8.3,M,,0000"},
      {"RMC", ",074157.799,A,3114.8902,N,12135.2443,E,0.32,4.94,250215,,,A"},
      {"GSA", ",A,3,08,10,16,18,27,,,,,,,,1.2,0.9,0.9,1"},
      {"GSV", ",2,1,07,01,00,000,45,02,01,090,35,03,00,000,38,04,00,000,42"},
  };
  for (const auto& t : talkers) {
    for (const auto& [type, rest] : bodies) {
      const std::string line = framed(t + type + rest);
      CAPTURE(line);
      const auto p = nmea::parse(line);
      REQUIRE(p.ok());
      CHECK(nmea::talker(p.value()) == t);
      CHECK(nmea::sentence_type(p.value()) == type);
    }
  }
}

TEST_CASE("nmea: hemispheres and degree formats", "[nmea]") {
  struct Row {
    std::string lat, ns, lon, ew;
    double lat_deg, lon_deg;
  };
  const std::vector<Row> rows{
      {"6001.336799", "N", "03014.169008", "E", 60.0 + 1.336799 / 60, 30.0 + 14.169008 / 60},   // eg25-g-2
      {"3806.62964", "N", "12237.61382", "W", 38.0 + 6.62964 / 60, -(122.0 + 37.61382 / 60)},   // NEO-M9N
      {"4552.65549", "S", "17030.00749", "E", -(45.0 + 52.65549 / 60), 170.0 + 30.00749 / 60},  // ZED-F9P
      {"3351.1230", "S", "07012.4560", "W", -(33.0 + 51.123 / 60), -(70.0 + 12.456 / 60)},
      {"0000.0000", "N", "00000.0000", "E", 0.0, 0.0},
      {"8959.9999", "N", "17959.9999", "W", 89.0 + 59.9999 / 60, -(179.0 + 59.9999 / 60)},
      {"612.5", "S", "512.5", "E", -(6.0 + 12.5 / 60), 5.0 + 12.5 / 60},  // leading zeros dropped
      {"4807", "N", "01131", "E", 48.0 + 7.0 / 60, 11.0 + 31.0 / 60},     // no fraction
  };
  for (const auto& r : rows) {
    const std::string line =
        framed("GNGGA,010203.00," + r.lat + "," + r.ns + "," + r.lon + "," + r.ew + ",1,10,0.8,12.0,M,1.0,M,,");
    CAPTURE(line);
    const auto& g = as<nmea::Gga>(nmea::parse(line));
    REQUIRE(g.pos);
    CHECK(g.pos->lat.degrees() == Approx(r.lat_deg).margin(kDeg));
    CHECK(g.pos->lon.degrees() == Approx(r.lon_deg).margin(kDeg));
  }
}

TEST_CASE("nmea: empty fields stay empty, no fix is a valid sentence", "[nmea]") {
  // SiRF-TriG before its first fix (beidou-bd.log).
  const auto& g = as<nmea::Gga>(nmea::parse("$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64"));
  CHECK(g.time);
  CHECK_FALSE(g.pos);
  CHECK(g.quality == 0);
  CHECK(g.sats == 0);
  CHECK_FALSE(g.hdop);
  CHECK_FALSE(g.alt);

  const auto& r = as<nmea::Rmc>(nmea::parse("$GNRMC,074150.799,V,,,,,,,250215,,,N*52"));
  CHECK_FALSE(r.valid);
  CHECK_FALSE(r.pos);
  CHECK_FALSE(r.speed_mps);
  CHECK_FALSE(r.course_deg);
  CHECK(r.date == nmea::Date{2015, 2, 25});
  CHECK(r.mode == 'N');

  // Empty quality field, as in firefly-II.log (whose own checksums there are off: see the golden summary).
  const auto& f =
      as<nmea::Gga>(nmea::parse(framed("GPGGA,005947.00,3715.6616,N,12157.6709,W,,11,0.8,86.0,M,-30.1,M,,")));
  CHECK_FALSE(f.quality);
  CHECK(f.geoid_sep->value == Approx(-30.1));

  // Everything empty but the talker.
  const auto& e = as<nmea::Gga>(nmea::parse(framed("GPGGA,,,,,,,,,,,,,,")));
  CHECK_FALSE(e.time);
  CHECK_FALSE(e.quality);
}

TEST_CASE("nmea: placeholder positions in no-fix sentences are dropped, not rejected", "[nmea]") {
  // SiRF-II (tn200.log) and MTK (tr737A+.log) print impossible positions until the first fix.
  const auto& r = as<nmea::Rmc>(nmea::parse("$GPRMC,204139.079,V,36000.0000,N,72000.0000,E,0.000000,,290120,,*31"));
  CHECK_FALSE(r.valid);
  CHECK_FALSE(r.pos);
  const auto& g = as<nmea::Gga>(nmea::parse("$GPGGA,071733.929,8960.0000,N,00000.0000,E,0,0,,137.0,M,13.0,M,,*40"));
  CHECK_FALSE(g.pos);
  // The same position with a fix claimed is an error.
  const auto bad = nmea::parse(framed("GPGGA,071733.929,8960.0000,N,00000.0000,E,1,5,,137.0,M,13.0,M,,"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().reason == "bad latitude field");
}

TEST_CASE("nmea: extra and missing trailing fields", "[nmea]") {
  // NMEA 4.1 RMC with mode and navigational status.
  const auto& r = as<nmea::Rmc>(nmea::parse("$GNRMC,223745.00,A,3806.62964,N,12237.61382,W,0.040,,110720,,,D,V*0E"));
  CHECK(r.mode == 'D');
  CHECK(r.nav_status == 'V');
  CHECK_FALSE(r.course_deg);
  // Unknown extra fields after the last one we know are ignored (SiRF-TriG adds a 15th to GGA).
  const auto& g =
      as<nmea::Gga>(nmea::parse("$GNGGA,074155.799,3114.8770,N,12135.2463,E,1,05,1.3,156.9,M,8.3,M,,0000,4.9*77"));
  CHECK(g.dgps_station == 0);
  // Saab R4 stops GGA after the DGPS age field.
  const auto& s = as<nmea::Gga>(nmea::parse("$GPGGA,130711,5012.790800,N,00806.879600,W,2,,,,,,,*6A"));
  CHECK(s.quality == 2);
  CHECK(s.pos->lon.degrees() == Approx(-(8.0 + 6.8796 / 60)).margin(kDeg));
  // RMC without magnetic variation fields at all (9 data fields).
  const auto& m = as<nmea::Rmc>(nmea::parse(framed("GPRMC,000001,A,0100.000,N,00100.000,E,1.0,90.0,010100")));
  CHECK(m.date == nmea::Date{2000, 1, 1});
  CHECK_FALSE(m.magvar_deg);
}

TEST_CASE("nmea: GSA layouts", "[nmea]") {
  const auto& a = as<nmea::Gsa>(nmea::parse("$GNGSA,A,3,69,76,78,85,,,,,,,,,1.2,0.9,0.9,2*3D"));
  CHECK(a.talker == "GN");
  CHECK(a.selection == 'A');
  CHECK(a.fix_type == 3);
  CHECK(a.prns == std::vector<int>{69, 76, 78, 85});
  CHECK(*a.pdop == Approx(1.2));
  CHECK(*a.hdop == Approx(0.9));
  CHECK(*a.vdop == Approx(0.9));
  CHECK(a.system_id == 2);
  // NMEA 3.0 without system id.
  const auto& b = as<nmea::Gsa>(nmea::parse(framed("GPGSA,M,2,01,02,,,,,,,,,,,2.5,1.5,2.0")));
  CHECK(b.selection == 'M');
  CHECK(b.prns == std::vector<int>{1, 2});
  CHECK_FALSE(b.system_id);
  CHECK(*b.vdop == Approx(2.0));
  // 24 PRN slots (ch-4701.log): the DOPs are the last three fields.
  const auto& c = as<nmea::Gsa>(nmea::parse("$GPGSA,A,3,23,13,07,25,,,,,,,,,,,,,,,,,,,,,09.2,07.2,05.7*0D"));
  CHECK(c.prns == std::vector<int>{23, 13, 7, 25});
  CHECK(*c.pdop == Approx(9.2));
  CHECK(*c.vdop == Approx(5.7));
  // A float where the system id belongs (SiRF-TriG BeiDou): ignored.
  const auto& d = as<nmea::Gsa>(nmea::parse(framed("BDGSA,A,3,01,02,03,,,,,,,,,,2.0,1.1,1.6,1.8")));
  CHECK_FALSE(d.system_id);
  CHECK(*d.hdop == Approx(1.1));
}

TEST_CASE("nmea: GSV layouts", "[nmea]") {
  const auto& a = as<nmea::Gsv>(nmea::parse("$GLGSV,2,1,08,78,20,345,17,76,09,239,19,69,14,018,16,87,25,289,11,1*7D"));
  CHECK(a.msg_count == 2);
  CHECK(a.msg_num == 1);
  CHECK(a.in_view == 8);
  REQUIRE(a.sats.size() == 4);
  CHECK(a.sats[0].prn == 78);
  CHECK(a.sats[0].elevation_deg == 20);
  CHECK(a.sats[0].azimuth_deg == 345);
  CHECK(a.sats[0].snr_dbhz == 17);
  CHECK(a.signal_id == 1);
  // Short last message, untracked satellites, no signal id.
  const auto& b = as<nmea::Gsv>(nmea::parse("$GPGSV,7,7,25,04,08,012,*41"));
  REQUIRE(b.sats.size() == 1);
  CHECK_FALSE(b.sats[0].snr_dbhz);
  CHECK_FALSE(b.signal_id);
  // Galileo with unknown elevation/azimuth (eg25-g-2), BeiDou three-digit PRNs (beidou-gb).
  const auto& c = as<nmea::Gsv>(nmea::parse("$GAGSV,1,1,03,07,23,126,,12,,,,24,19,329,,7*76"));
  REQUIRE(c.sats.size() == 3);
  CHECK_FALSE(c.sats[1].elevation_deg);
  CHECK(c.signal_id == 7);
  const auto& d = as<nmea::Gsv>(nmea::parse("$GBGSV,2,2,05,209,07,033,*62"));
  CHECK(d.sats[0].prn == 209);
  // No satellites in view.
  const auto& e = as<nmea::Gsv>(nmea::parse(framed("GPGSV,1,1,00")));
  CHECK(e.sats.empty());
  // Empty signal id field (u-blox ZED-F9P BeiDou).
  const auto& f = as<nmea::Gsv>(nmea::parse("$GBGSV,3,3,10,21,41,301,,22,82,135,,*4F"));
  CHECK(f.sats.size() == 2);
  CHECK_FALSE(f.signal_id);
}

TEST_CASE("nmea: malformed lines give short specific reasons", "[nmea]") {
  struct Row {
    std::string line;
    std::string reason;
  };
  const std::vector<Row> rows{
      {"$GPRMC,051347.00,A,6001.336799,N,03014.169008,E,0.0,0.0,200922,8.4,E,A,V*4B",
       "bad checksum (expected 4A, got 4B)"},
      {"$GPGGA,012530.562,4131.7353,N,09336.8150,W,0,00,50.", "missing checksum"},  // holux: cut short
      {"$GPGSV,3,1,11,01,78,221,47,03,09,042,00,04,05,242,00,06,04,149,00*7", "bad checksum field"},
      {"$GPGSV,3,1,11,01,78,221,47,03,09,042,00,04,05,242,00,06,04,149,00*7G", "bad checksum field"},
      {"$GPGGA,030130$GPGLL,2638.1728,N,08011.3893,W,030131.000,A,A*41", "stray '$' (lines merged)"},
      {"r$GPRMC,175804,V,5125.8697,N,00524.2288,E,0.0000,0.000,200610,,*30", "garbage before '$'"},
      {"5,34,060,48,07,00,023,,13,56,090,49*71", "not NMEA"},
      {"", "not NMEA"},
      {"{\"class\":\"TPV\"}", "not NMEA"},
      {framed("GPVTG,0.0,T,351.6,M,0.0,N,0.0,K,A"), "unsupported sentence GPVTG"},
      {framed("GNZDA,223745.00,11,07,2020,00,00"), "unsupported sentence GNZDA"},
      {"$PQGSV,4,4,14,23,09,350,,24,04,248,,0,4*6C", "unsupported sentence PQGSV"},
      {framed("PUBX,00,081350.00,4717.113210,N"), "unsupported sentence PUBX"},
      {"!AIVDO,1,1,,B,13`kvwO005wJnb2Lfo>@6@8d05`L,0*6E", "unsupported sentence AIVDO"},
      {framed("gpGGA,1"), "unsupported sentence gpGGA"},
      {framed("GPGGA,123519,4807.038,N"), "truncated"},
      {framed("GPRMC,123519,A"), "truncated"},
      {"$GPGSA,A,1,,,,*32", "truncated"},  // iTrek.log
      {framed("GPGSV"), "truncated"},
      {framed("GPGGA,1235,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), "bad time field"},
      {framed("GPGGA,246000,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), "bad time field"},
      {framed("GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), "bad latitude field"},
      {framed("GPGGA,123519,4860.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), "bad latitude field"},
      {framed("GPGGA,123519,9100.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), "bad latitude field"},
      {framed("GPGGA,123519,4807.038,N,,E,1,08,0.9,545.4,M,46.9,M,,"), "bad longitude field"},
      {framed("GPGGA,123519,4807.038,N,18100.000,W,1,08,0.9,545.4,M,46.9,M,,"), "bad longitude field"},
      {framed("GPGGA,123519,4807.038,N,01131.000,E,x,08,0.9,545.4,M,46.9,M,,"), "bad quality field"},
      {framed("GPGGA,123519,4807.038,N,01131.000,E,12,08,0.9,545.4,M,46.9,M,,"), "bad quality field"},
      {framed("GPGGA,123519,4807.038,N,01131.000,E,1,-8,0.9,545.4,M,46.9,M,,"), "bad satellites field"},
      {framed("GPGGA,123519,4807.038,N,01131.000,E,1,08,nan,545.4,M,46.9,M,,"), "bad hdop field"},
      {framed("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,5 45,M,46.9,M,,"), "bad altitude field"},
      {framed("GPRMC,123519,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"), "bad status field"},
      {framed("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,300294,003.1,W"), "bad date field"},
      {framed("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,2303944,003.1,W"), "bad date field"},
      {framed("GPRMC,123519,A,4807.038,N,01131.000,E,-1,084.4,230394,003.1,W"), "bad speed field"},
      {framed("GPRMC,123519,A,4807.038,N,01131.000,E,1,361,230394,003.1,W"), "bad course field"},
      {framed("GPGSA,A,4,,,,,,,,,,,,,1.0,1.0,1.0"), "bad fix type field"},
      {framed("GPGSV,2,3,08,01,02,003,40"), "bad message number field"},
      {framed("GPGSV,1,1,08,01,02,003"), "bad GSV field count"},
      {"$GLGSV,2,2,08,81,11,130,17,68,38,195,16,70,10,331,,,56,279,,1*7A", "bad PRN field"},  // eg25-g
      {framed("GPGSV,1,1,01,01,95,003,40"), "bad elevation field"},
      {"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,\x01*46", "bad byte 0x01"},
      {"$GPGGA,123519,4807.038,N,\xff\xfe*47", "bad byte 0xFF"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    const auto p = nmea::parse(r.line);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().reason == r.reason);
  }
}

TEST_CASE("nmea: framing tolerances", "[nmea]") {
  // Lower-case checksum digits, surrounding whitespace and CR LF.
  CHECK(nmea::parse("  $GPGSV,7,7,25,04,08,012,*41 \r\n").ok());
  CHECK(nmea::parse("$GNRMC,223745.00,A,3806.62964,N,12237.61382,W,0.040,,110720,,,D,V*0e").ok());
  // Fractional seconds: 2, 3 and 4 digits, the 4th rounding half up.
  CHECK(as<nmea::Gga>(nmea::parse(framed("GPGGA,000000.05,,,,,0,,,,,,,,"))).time->ms == 50);
  CHECK(as<nmea::Gga>(nmea::parse(framed("GPGGA,000000.123,,,,,0,,,,,,,,"))).time->ms == 123);
  CHECK(as<nmea::Gga>(nmea::parse(framed("GPGGA,000000.1235,,,,,0,,,,,,,,"))).time->ms == 124);
  // Two-digit years across the century pivot.
  CHECK(as<nmea::Rmc>(nmea::parse(framed("GPRMC,000000,V,,,,,,,311299,,"))).date == nmea::Date{1999, 12, 31});
  CHECK(as<nmea::Rmc>(nmea::parse(framed("GPRMC,000000,V,,,,,,,290280,,"))).date == nmea::Date{1980, 2, 29});
  CHECK_FALSE(nmea::parse(framed("GPRMC,000000,V,,,,,,,290281,,")).ok());  // 1981 is not a leap year
  // Course 360 is north.
  CHECK(*as<nmea::Rmc>(nmea::parse(framed("GPRMC,000000,A,0100.0,N,00100.0,E,1,360,010120,,"))).course_deg == 0.0);
}

TEST_CASE("nmea: fix quality mapping", "[nmea]") {
  CHECK(nmea::fix_quality(0) == shikan::FixQuality::None);
  CHECK(nmea::fix_quality(1) == shikan::FixQuality::Gps);
  CHECK(nmea::fix_quality(2) == shikan::FixQuality::Dgps);
  CHECK(nmea::fix_quality(4) == shikan::FixQuality::RtkFixed);
  CHECK(nmea::fix_quality(5) == shikan::FixQuality::RtkFloat);
  CHECK(nmea::fix_quality(6) == shikan::FixQuality::Estimated);
  CHECK(nmea::fix_quality(8) == shikan::FixQuality::Simulation);
  CHECK(nmea::fix_quality(9) == shikan::FixQuality::Dgps);
  CHECK(nmea::fix_quality(42) == shikan::FixQuality::None);
}
