// The generic measurement CSV importer: mapping, per-row rejections, value cleaning, fatal errors.
#include <catch2/catch.hpp>

#include "import_test_support.hpp"

using namespace shikan;
using namespace shikan::analyzer;
using shikan::test::import_one;
using shikan::test::measurement_fixture;

TEST_CASE("generic CSV: rows are mapped with their units and identities", "[analyzer][import]") {
  const auto r = import_one(measurement_fixture("generic_small.csv"));
  REQUIRE(r.rows.size() == 5);

  const Measurement& sa = r.rows[0];
  CHECK(sa.line == 2);
  CHECK(sa.rat == Rat::NrSa);
  CHECK(sa.utc == *parse_iso8601("2026-11-21T06:00:00Z"));
  CHECK(sa.position()->lat.degrees() == Approx(31.2304).margin(1e-7));
  CHECK(sa.position()->lon.degrees() == Approx(121.4737).margin(1e-7));
  CHECK(sa.plmn() == Plmn("460", "00"));
  REQUIRE(sa.nci());
  CHECK(sa.nci()->value() == 6442450945u);
  CHECK_FALSE(sa.eci());
  CHECK(sa.pci.get() == 101);
  CHECK(sa.rsrp.get()->value == Approx(-85.5));
  CHECK(sa.rsrq.get()->value == Approx(-11));
  CHECK(sa.sinr.get()->value == Approx(12.5));
  CHECK(sa.arfcn.get() == 504990u);
  CHECK(sa.band.get() == 41);
  CHECK(sa.ta.get() == 17);
  CHECK(*sa.speed_mps() == Approx(10.0));  // 36 km/h
  CHECK(*sa.hdop() == Approx(0.9));
  CHECK(*sa.dl_mbps() == Approx(250.5));
  CHECK(*sa.ul_mbps() == Approx(30.25));
  CHECK_FALSE(sa.nr_pci.has());

  const Measurement& nsa = r.rows[1];
  CHECK(nsa.rat == Rat::NrNsa);
  CHECK(nsa.eci()->value() == 123456789u);
  CHECK(nsa.eci()->enb_id() == 123456789u >> 8);
  CHECK(nsa.nr_pci.get() == 300);
  CHECK(nsa.nr_arfcn.get() == 627264u);
  CHECK(nsa.nr_rsrp.get()->value == Approx(-88));
  CHECK(nsa.nr_rsrq.get()->value == Approx(-12));
  CHECK(nsa.nr_sinr.get()->value == Approx(15));
  CHECK_FALSE(nsa.ta.has());
  CHECK_FALSE(nsa.dl_mbps());

  const Measurement& offset = r.rows[2];  // +08:00 is converted to UTC
  CHECK(offset.utc == *parse_iso8601("2026-11-20T22:00:02Z"));

  CHECK(r.rows[3].rat == Rat::None);
  CHECK_FALSE(r.rows[3].eci());
  CHECK(r.rows[4].line == 14);
}

TEST_CASE("generic CSV: sentinels are dropped from the value, not the row", "[analyzer][import][clean]") {
  const auto r = import_one(measurement_fixture("generic_small.csv"));
  const Measurement& s = r.rows[2];  // rsrp -32768, rsrq -50, sinr 2147483647, arfcn 65535
  CHECK(s.eci()->value() == 123456790u);
  CHECK(s.pci.get() == 56);
  CHECK_FALSE(s.rsrp.has());
  CHECK_FALSE(s.rsrq.has());
  CHECK_FALSE(s.sinr.has());
  CHECK_FALSE(s.arfcn.has());
  CHECK(s.band.get() == 3);
  CHECK_FALSE(r.rows[4].rsrp.has());  // "NaN" rsrp
  CHECK(test::dropped_sentinel(r.stats, Field::Rsrp) == 1);
  CHECK(test::dropped_range(r.stats, Field::Rsrp) == 1);
  CHECK(test::dropped_sentinel(r.stats, Field::Sinr) == 1);
  CHECK(test::dropped_range(r.stats, Field::Rsrq) == 1);
  CHECK(test::dropped_sentinel(r.stats, Field::Arfcn) == 1);
  CHECK(r.stats.dropped.total() == 5);
}

TEST_CASE("generic CSV: each bad row is one counted rejection with file, line and reason", "[analyzer][import]") {
  const auto file = measurement_fixture("generic_small.csv");
  const auto r = import_one(file);
  CHECK(r.stats.rows == 14);
  CHECK(r.stats.accepted == 5);
  CHECK(r.stats.rejected == 9);
  REQUIRE(r.stats.messages.size() == 9);
  const std::vector<std::pair<int, std::string>> expected = {
      {6, "time: not ISO-8601 with Z or offset"}, {7, "position out of range"},
      {8, "rat: not NR-SA"},                      {9, "cell_id: missing for rat LTE"},
      {10, "cell_id: ECI has more than 28 bits"}, {11, "rsrp: not a number 'abc'"},
      {12, "plmn: not MCC+MNC '4600'"},          {13, "position out of range"},
      {15, "truncated row: 5 of 23 fields"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(r.stats.messages[i]);
    CHECK(r.stats.messages[i].starts_with(file.string() + ":" + std::to_string(expected[i].first) + ": " +
                                          expected[i].second));
  }
}

TEST_CASE("generic CSV: a missing required column is fatal and named", "[analyzer][import]") {
  const auto file = measurement_fixture("missing_pci.csv");
  CHECK_THROWS_WITH(import_one(file), file.string() + ":1: missing required column 'pci'");
}

TEST_CASE("generic CSV: only the first kMaxMessages rejections are described, all are counted",
          "[analyzer][import]") {
  test::ImportTempDir dir;
  std::string text = "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n";
  for (int i = 0; i < 500; ++i) text += "yesterday,31.2,121.4,46000,LTE,1,1,-90\n";
  text += "2026-11-21T06:00:00Z,31.2,121.4,46000,LTE,1,1,-90\n";
  const auto r = import_one(dir.write("many.csv", text));
  CHECK(r.stats.rejected == 500);
  CHECK(r.stats.messages.size() == ImportStats::kMaxMessages);
  CHECK(r.stats.accepted == 1);
}

TEST_CASE("generic CSV: a row without a fix (empty lat and lon) is kept without a position", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto file = dir.write("nofix.csv",
                              "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n"
                              "2026-05-12T01:00:00Z,,,46000,NR-SA,6187184129,1,-80\n"
                              "2026-05-12T01:00:01Z,30.25,,46000,NR-SA,6187184129,1,-80\n");
  const auto r = import_one(file);
  CHECK(r.stats.accepted == 1);
  REQUIRE(r.rows.size() == 1);
  CHECK_FALSE(r.rows[0].has_position());
  REQUIRE(r.stats.messages.size() == 1);
  CHECK_THAT(r.stats.messages[0], Catch::Contains("nofix.csv:3") && Catch::Contains("only one of latitude"));
}

TEST_CASE("generic CSV: numbers and times off the common form read as before", "[analyzer][import]") {
  // The fast paths (plain decimals, canonical "...Z" times, unquoted lines) hand everything else to the
  // general parsers: padded and signed numbers, exponents, fractions of a second, offsets, quoted fields.
  test::ImportTempDir dir;
  const auto file = dir.write("forms.csv",
                              "time,lat,lon,plmn,rat,cell_id,pci,rsrp,sinr,speed_kmh\r\n"
                              "2026-05-12T01:00:00.5Z, 30.25 ,+120.5,46000,NR-SA,6187184129,7,-9.35e1,1E1,36\r\n"
                              "2026-05-12T09:00:01.25+08:00,30.25,120.5,46000,NR-SA,6187184129,\"8\",\"-93.5\",-,-\r\n"
                              "2026-05-12T01:00:02.123Z,30.25,120.5,46000,NR-SA,6187184129,9,- 93.5,,\r\n"
                              "2026-05-12T01:00:03z,30.25,120.5,46000,NR-SA,6187184129,9,-93.5,,\r\n"
                              "2026-05-13T01:00:04.1234Z,30.25,120.5,46000,NR-SA,6187184129,9,-93.50,,\r\n");
  const auto r = import_one(file);
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].utc.ms == parse_iso8601("2026-05-12T01:00:00Z")->ms + 500);
  CHECK(r.rows[0].lat_e7() == 302500000);
  CHECK(r.rows[0].lon_e7() == 1205000000);
  CHECK(r.rows[0].rsrp.raw() == -935);
  CHECK(r.rows[0].sinr.raw() == 100);
  CHECK(*r.rows[0].speed_mps() == Approx(10.0));
  CHECK(r.rows[1].utc.ms == parse_iso8601("2026-05-12T01:00:01Z")->ms + 250);
  CHECK(r.rows[1].pci.get() == 8);
  CHECK(r.rows[1].rsrp.raw() == -935);
  CHECK_FALSE(r.rows[1].sinr.has());
  CHECK_FALSE(r.rows[1].speed_mps());
  CHECK(r.rows[2].utc.ms == parse_iso8601("2026-05-13T01:00:04Z")->ms + 123);
  REQUIRE(r.stats.messages.size() == 2);
  CHECK_THAT(r.stats.messages[0], Catch::Contains("forms.csv:4: rsrp: not a number '- 93.5'"));
  CHECK_THAT(r.stats.messages[1], Catch::Contains("forms.csv:5: time: not ISO-8601 with Z or offset"));
}

TEST_CASE("generic CSV: a file with more PLMNs than are remembered keeps each row's own", "[analyzer][import]") {
  test::ImportTempDir dir;
  std::string text = "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n";
  std::vector<std::string> plmns;
  for (int round = 0; round < 3; ++round)
    for (int mnc = 0; mnc < 40; ++mnc) {
      const std::string plmn = (mnc % 2 ? "460" : "4600") + std::to_string(mnc % 2 ? 100 + mnc : mnc % 10);
      plmns.push_back(plmn);
      text += "2026-05-12T01:00:00Z,30.25,120.5," + plmn + ",LTE,1,1,-90\n";
    }
  const auto r = import_one(dir.write("plmns.csv", text));
  REQUIRE(r.rows.size() == plmns.size());
  for (std::size_t i = 0; i < plmns.size(); ++i) CHECK(r.rows[i].plmn()->str() == plmns[i]);
}
