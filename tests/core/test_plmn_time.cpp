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
