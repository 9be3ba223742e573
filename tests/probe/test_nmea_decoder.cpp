// NMEA Decoder: date carried from RMC to GGA, midnight rollover, fix assembly per epoch, and the JSON
// written for `shikan-probe decode`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/time.hpp"
#include "nmea_frame.hpp"
#include "shikan/probe/nmea.hpp"

namespace nmea = shikan::probe::nmea;

namespace {

std::string framed(std::string_view body) { return shikan::test::nmea_frame(body); }

std::string gga(std::string_view time, int quality, std::string_view talker = "GP") {
  return framed(std::string(talker) + "GGA," + std::string(time) + ",3351.1230,S,07012.4560,W," +
                std::to_string(quality) + ",09,0.9,520.0,M,30.1,M,,");
}

std::string rmc(std::string_view time, std::string_view status, std::string_view date) {
  return framed("GPRMC," + std::string(time) + "," + std::string(status) + ",3351.1230,S,07012.4560,W,10.0,270.5," +
                std::string(date) + ",,");
}

std::int64_t utc_ms(std::string_view iso) {
  const auto t = shikan::parse_iso8601(iso);
  REQUIRE(t);
  return t->ms;
}

// Feeds lines, collecting every outcome (including those of flush()).
std::vector<nmea::FixOutcome> run(nmea::Decoder& d, const std::vector<std::string>& lines) {
  std::vector<nmea::FixOutcome> out;
  for (const auto& l : lines) {
    const auto p = d.feed(l);
    INFO(l);
    REQUIRE(p.ok());
    out.insert(out.end(), d.outcomes().begin(), d.outcomes().end());
  }
  d.flush();
  out.insert(out.end(), d.outcomes().begin(), d.outcomes().end());
  return out;
}

const shikan::Fix& fix_at(const std::vector<nmea::FixOutcome>& v, std::size_t i) {
  REQUIRE(i < v.size());
  REQUIRE(std::holds_alternative<shikan::Fix>(v[i]));
  return std::get<shikan::Fix>(v[i]);
}

}  // namespace

TEST_CASE("nmea decoder: GGA then RMC of the same second makes one fix at once", "[nmea]") {
  nmea::Decoder d;
  REQUIRE(d.feed(gga("120000.00", 1)).ok());
  CHECK(d.outcomes().empty());  // waiting for the RMC of this epoch
  REQUIRE(d.feed(rmc("120000.00", "A", "150326")).ok());
  REQUIRE(d.outcomes().size() == 1);
  const auto& f = std::get<shikan::Fix>(d.outcomes()[0]);
  CHECK(f.utc.ms == utc_ms("2026-03-15T12:00:00Z"));
  CHECK(f.pos.lat.degrees() == Approx(-(33.0 + 51.123 / 60)).margin(1e-7));
  CHECK(f.pos.lon.degrees() == Approx(-(70.0 + 12.456 / 60)).margin(1e-7));
  CHECK(f.quality == shikan::FixQuality::Gps);
  CHECK(f.alt->value == Approx(520.0));
  CHECK(*f.hdop == Approx(0.9));
  CHECK(f.sats == 9);
  CHECK(*f.speed_mps == Approx(10.0 * 1852 / 3600));
  CHECK(*f.course_deg == Approx(270.5));
  // A second GGA of the same epoch (another talker) does not make a second fix.
  REQUIRE(d.feed(gga("120000.00", 1, "GL")).ok());
  CHECK(d.outcomes().empty());
  d.flush();
  CHECK(d.outcomes().empty());
}

TEST_CASE("nmea decoder: RMC first, then GGA (u-blox order)", "[nmea]") {
  nmea::Decoder d;
  const auto out =
      run(d, {rmc("235958", "A", "310124"), gga("235958", 2), rmc("235959", "A", "310124"), gga("235959", 2)});
  REQUIRE(out.size() == 2);
  CHECK(fix_at(out, 0).utc.ms == utc_ms("2024-01-31T23:59:58Z"));
  CHECK(fix_at(out, 1).utc.ms == utc_ms("2024-01-31T23:59:59Z"));
  CHECK(fix_at(out, 1).quality == shikan::FixQuality::Dgps);
}

TEST_CASE("nmea decoder: GGA without RMC gets the last date, reported when the next epoch starts", "[nmea]") {
  nmea::Decoder d;
  const auto out = run(d, {rmc("100000", "A", "010226"), gga("100000", 1), gga("100001", 4), gga("100002", 5)});
  REQUIRE(out.size() == 3);
  CHECK(fix_at(out, 1).utc.ms == utc_ms("2026-02-01T10:00:01Z"));
  CHECK(fix_at(out, 1).quality == shikan::FixQuality::RtkFixed);
  CHECK_FALSE(fix_at(out, 1).speed_mps);                          // no RMC in that epoch
  CHECK(fix_at(out, 2).quality == shikan::FixQuality::RtkFloat);  // reported at flush()
}

TEST_CASE("nmea decoder: no date yet means no fix, not a wrong one", "[nmea]") {
  nmea::Decoder d;
  const auto out = run(d, {gga("080000", 1), gga("080001", 1)});
  CHECK(out.empty());
  const auto p = d.feed(gga("080002", 1));
  CHECK_FALSE(d.utc_of(p.value()));
}

TEST_CASE("nmea decoder: date rollover across midnight", "[nmea]") {
  SECTION("GGA of the new day before the new day's RMC") {
    nmea::Decoder d;
    const auto out = run(d, {gga("235959.50", 1), rmc("235959.50", "A", "311224"), gga("000000.50", 1)});
    REQUIRE(out.size() == 2);
    CHECK(fix_at(out, 0).utc.ms == utc_ms("2024-12-31T23:59:59.500Z"));
    CHECK(fix_at(out, 1).utc.ms == utc_ms("2025-01-01T00:00:00.500Z"));  // year rolls over too
  }
  SECTION("a late GGA of the old day after the new day's RMC") {
    nmea::Decoder d;
    REQUIRE(d.feed(rmc("000000", "A", "010325")).ok());
    const auto p = d.feed(gga("235959", 1));
    REQUIRE(d.utc_of(p.value()));
    CHECK(d.utc_of(p.value())->ms == utc_ms("2025-02-28T23:59:59Z"));
  }
  SECTION("RMC carries its own date") {
    nmea::Decoder d;
    REQUIRE(d.feed(rmc("235959", "A", "280224")).ok());
    const auto p = d.feed(rmc("000000", "A", "290224"));
    CHECK(d.utc_of(p.value())->ms == utc_ms("2024-02-29T00:00:00Z"));
    CHECK(d.date() == nmea::Date{2024, 2, 29});
  }
}

TEST_CASE("nmea decoder: the receiver saying no fix", "[nmea]") {
  nmea::Decoder d;
  const auto out = run(d, {rmc("010000", "V", "050526"), gga("010000", 0),  // both say no fix: one report
                           rmc("010001", "V", "050526"),                    // RMC alone says no fix
                           gga("010002", 1), rmc("010002", "A", "050526")});
  REQUIRE(out.size() == 3);
  REQUIRE(std::holds_alternative<nmea::NoFix>(out[0]));
  CHECK(std::get<nmea::NoFix>(out[0]).utc->ms == utc_ms("2026-05-05T01:00:00Z"));
  REQUIRE(std::holds_alternative<nmea::NoFix>(out[1]));
  CHECK(fix_at(out, 2).utc.ms == utc_ms("2026-05-05T01:00:02Z"));

  // No time at all: still a no-fix report, without UTC.
  nmea::Decoder e;
  REQUIRE(e.feed(framed("GPGGA,,,,,,0,00,,,M,,M,,")).ok());
  REQUIRE(e.outcomes().size() == 1);
  CHECK_FALSE(std::get<nmea::NoFix>(e.outcomes()[0]).utc);
}

TEST_CASE("nmea decoder: a GN solution replaces a single-constellation GGA of the same epoch", "[nmea]") {
  nmea::Decoder d;
  const auto gp = framed("GPGGA,090000,0100.000,N,00100.000,E,1,04,2.0,10.0,M,,M,,");
  const auto gn = framed("GNGGA,090000,0100.000,N,00100.000,E,2,12,0.7,11.0,M,,M,,");
  const auto out = run(d, {rmc("085959", "A", "010126"), gp, gn});
  REQUIRE(out.size() == 1);
  CHECK(fix_at(out, 0).sats == 12);
  CHECK(fix_at(out, 0).quality == shikan::FixQuality::Dgps);
}

TEST_CASE("nmea decoder: parse errors do not disturb the epoch", "[nmea]") {
  nmea::Decoder d;
  REQUIRE(d.feed(gga("070000", 1)).ok());
  const auto bad = d.feed("$GPRMC,070000,A,3351.1230,S*00");
  CHECK_FALSE(bad.ok());
  CHECK(d.outcomes().empty());
  REQUIRE(d.feed(rmc("070000", "A", "020226")).ok());
  CHECK(d.outcomes().size() == 1);
}

TEST_CASE("nmea json: members, absent vs null, caller prefix", "[nmea]") {
  nmea::Decoder d;
  SECTION("GGA before any date has a time, not a utc") {
    const auto p = d.feed("$GPGGA,051347.00,6001.336799,N,03014.169008,E,1,05,0.9,16.5,M,18.0,M,,*59");
    std::string out;
    nmea::append_json(p.value(), d, out, "\"line\":9");
    const auto j = nlohmann::json::parse(out);
    CHECK(j["line"] == 9);
    CHECK(j["kind"] == "fix");
    CHECK(j["talker"] == "GP");
    CHECK(j["sentence"] == "GGA");
    CHECK(j["time"] == "05:13:47.000");
    CHECK_FALSE(j.contains("utc"));
    CHECK(j["lat"].get<double>() == Approx(60.022279983).margin(1e-9));
    CHECK(j["lon"].get<double>() == Approx(30.236150133).margin(1e-9));
    CHECK(j["alt"] == 16.5);
    CHECK(j["hdop"] == 0.9);
    CHECK(j["sats"] == 5);
    CHECK(j["quality"] == 1);
    CHECK(j["valid"] == true);
    CHECK_FALSE(j.contains("speed_mps"));  // GGA does not carry it
    CHECK_FALSE(j.contains("status"));
  }
  SECTION("RMC: utc, speed, course; empty fields are null") {
    const auto p = d.feed("$GNRMC,074150.799,V,,,,,,,250215,,,N*52");
    std::string out = "{\"line\":1,";
    nmea::append_json_members(p.value(), d, out);
    out += '}';
    const auto j = nlohmann::json::parse(out);
    CHECK(j["utc"] == "2015-02-25T07:41:50.799Z");
    CHECK(j["status"] == "V");
    CHECK(j["valid"] == false);
    CHECK(j["lat"].is_null());
    CHECK(j["lon"].is_null());
    CHECK(j["speed_mps"].is_null());
    CHECK(j["course"].is_null());
    CHECK(j["mode"] == "N");
    CHECK_FALSE(j.contains("alt"));
    CHECK_FALSE(j.contains("quality"));
    // The GGA after it gets the date.
    const auto g = d.feed("$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64");
    std::string o2;
    nmea::append_json(g.value(), d, o2);
    const auto k = nlohmann::json::parse(o2);
    CHECK(k["utc"] == "2015-02-25T07:41:50.799Z");
    CHECK(k["hdop"].is_null());
    CHECK(k["alt"].is_null());
    CHECK(k["quality"] == 0);
    CHECK(k["valid"] == false);
  }
  SECTION("GSA and GSV") {
    std::string out;
    nmea::append_json(nmea::parse("$GNGSA,A,3,69,76,78,85,,,,,,,,,1.2,0.9,0.9,2*3D").value(), d, out);
    const auto a = nlohmann::json::parse(out);
    CHECK(a["kind"] == "dop");
    CHECK(a["prns"] == nlohmann::json::array({69, 76, 78, 85}));
    CHECK(a["pdop"] == 1.2);
    CHECK(a["system_id"] == 2);
    out.clear();
    nmea::append_json(nmea::parse("$GAGSV,1,1,03,07,23,126,,12,,,,24,19,329,,7*76").value(), d, out);
    const auto s = nlohmann::json::parse(out);
    CHECK(s["kind"] == "sky");
    CHECK(s["msg"] == 1);
    CHECK(s["msgs"] == 1);
    CHECK(s["in_view"] == 3);
    REQUIRE(s["sats"].size() == 3);
    CHECK(s["sats"][0]["prn"] == 7);
    CHECK(s["sats"][0]["snr"].is_null());
    CHECK(s["sats"][1]["el"].is_null());
    CHECK(s["signal_id"] == 7);
    out.clear();
    nmea::append_json(nmea::parse("$GPGSV,7,7,25,04,08,012,*41").value(), d, out);
    CHECK_FALSE(nlohmann::json::parse(out).contains("signal_id"));
    CHECK(out.find('\n') == std::string::npos);
  }
}

TEST_CASE("nmea json: utc text agrees with core to_iso8601 across centuries and leap days", "[nmea]") {
  // decode writes its own ISO-8601 (no snprintf); it must match the core formatter exactly.
  const std::vector<std::string> dates{"010180", "290280", "311299", "010100", "290200",
                                       "280201", "290224", "010325", "311279"};
  for (const auto& date : dates) {
    for (const std::string time : {"000000.000", "235959.999", "120000.5", "000000.001"}) {
      nmea::Decoder d;
      const auto p = d.feed(framed("GPRMC," + time + ",V,,,,,,," + date + ",,"));
      REQUIRE(p.ok());
      const auto utc = d.utc_of(p.value());
      REQUIRE(utc);
      std::string out;
      nmea::append_json(p.value(), d, out);
      CAPTURE(out);
      CHECK(nlohmann::json::parse(out)["utc"] == shikan::to_iso8601(*utc));
    }
  }
}
