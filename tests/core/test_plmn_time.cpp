#include <catch2/catch.hpp>

#include "shikan/core/model.hpp"
#include "shikan/core/plmn.hpp"
#include "shikan/core/time.hpp"

using namespace shikan;

TEST_CASE("PLMN keeps the MNC as text and maps Chinese operators", "[core][plmn]") {
  auto p = Plmn::parse("46001");
  REQUIRE(p);
  CHECK(p->mcc() == "460");
  CHECK(p->mnc() == "01");
  CHECK(Plmn::parse("310260")->mnc() == "260");
  CHECK_FALSE(Plmn::parse("4600"));
  CHECK_FALSE(Plmn::parse("46A01"));
  CHECK(Plmn::from_fields("460", "1")->str() == "46001");
  CHECK(Plmn::from_fields("1", "01")->str() == "00101");
  CHECK(operator_of(*Plmn::parse("46000")) == Operator::ChinaMobile);
  CHECK(operator_of(*Plmn::parse("46011")) == Operator::ChinaTelecom);
  CHECK(operator_of(*Plmn::parse("46009")) == Operator::ChinaUnicom);
  CHECK(operator_of(*Plmn::parse("46015")) == Operator::ChinaBroadnet);
  CHECK(operator_of(*Plmn::parse("310260")) == Operator::Other);
  CHECK(operator_name(Operator::ChinaTelecom).zh == "中国电信");
  CHECK(parse_operator("cucc") == Operator::ChinaUnicom);
  CHECK(parse_operator("中国移动") == Operator::ChinaMobile);
}

TEST_CASE("ISO-8601 round trip and offsets", "[core][time]") {
  const auto t = parse_iso8601("2026-11-21T06:17:25.123Z");
  REQUIRE(t);
  CHECK(to_iso8601(*t) == "2026-11-21T06:17:25.123Z");
  CHECK(parse_iso8601("2026-11-21 14:17:25+08:00")->ms == parse_iso8601("2026-11-21T06:17:25Z")->ms);
  CHECK(parse_iso8601("1970-01-01T00:00:00Z")->ms == 0);
  CHECK_FALSE(parse_iso8601("2026-13-01T00:00:00Z"));
  CHECK_FALSE(parse_iso8601("garbage"));
  CHECK(to_iso8601(UtcTime{-1}) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("RAT names round trip", "[core][model]") {
  for (Rat r : {Rat::None, Rat::Gsm, Rat::Wcdma, Rat::Lte, Rat::NrNsa, Rat::NrSa})
    CHECK(parse_rat(to_string(r)) == r);
  CHECK(to_string(Rat::NrNsa) == "NR-NSA");
  CHECK(parse_event_kind("modem_lost") == EventKind::ModemLost);
}

TEST_CASE("Iso8601Parser gives parse_iso8601's result for every string, cached date or not", "[core][time]") {
  // Seeded: canonical timestamps (the cached fast path) on a few dates, interleaved so the cache hits and
  // misses, and every kind of deviation that must fall back or be refused exactly as parse_iso8601 does.
  std::uint64_t state = 42;
  const auto rnd = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const auto two = [](std::uint64_t v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  const std::vector<std::string> dates = {"2026-05-12", "2026-05-13", "1970-01-01", "1969-12-31", "2024-02-29",
                                          "2026-02-31", "2026-13-01", "2026-00-10", "2026-05-32", "2026-05-00",
                                          "0000-01-01", "9999-12-31", "2026-5-12",  "-026-05-12", "+026-05-12",
                                          "2026/05/12", "2026-05-1x"};
  const std::vector<std::string> fractions = {"", ".5", ".12", ".123", ".1234", ".", ",5", ".x"};
  const std::vector<std::string> zones = {"Z", "z", "+08:00", "-05:30", "+0800", "", "ZZ", " "};
  shikan::Iso8601Parser parser;
  std::size_t failures = 0, canonical = 0;
  for (int i = 0; i < 200'000; ++i) {
    const bool plain = rnd(4) != 0;  // mostly canonical, from the first two dates
    std::string s = dates[plain ? rnd(2) : rnd(dates.size())];
    s += plain || rnd(8) != 0 ? "T" : (rnd(2) ? " " : "t");
    s += two(rnd(plain ? 24 : 26)) + ":" + two(rnd(plain ? 60 : 62)) + ":" + two(rnd(plain ? 60 : 63));
    if (!plain && rnd(20) == 0) s.replace(11, 2, "-1");  // a sign where an hour belongs
    s += fractions[plain ? rnd(4) : rnd(fractions.size())];
    s += zones[plain ? 0 : rnd(zones.size())];
    canonical += plain;
    const auto want = shikan::parse_iso8601(s);
    const auto got = parser.parse(s);
    if (want != got && ++failures <= 10) FAIL_CHECK("'" << s << "' differs");
  }
  CHECK(failures == 0);
  CHECK(canonical > 100'000);
}
