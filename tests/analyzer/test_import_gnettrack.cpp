// G-NetTrack Pro exports: the comma .csv (ucc layout) and the tab .txt cell log (Dakar layout),
// with fixtures written for these tests in the same layouts.
#include <catch2/catch.hpp>

#include "import_test_support.hpp"

using namespace shikan;
using namespace shikan::analyzer;
using shikan::test::import_one;
using shikan::test::measurement_fixture;

namespace {
ImportOptions utc_plus(int minutes) {
  ImportOptions o;
  o.gnettrack_utc_offset_min = minutes;
  return o;
}
}  // namespace

TEST_CASE("G-NetTrack csv: LTE anchor ids from RAWCELLID, 5G as NR-NSA, sentinels dropped", "[analyzer][import]") {
  const auto file = measurement_fixture("gnettrack_small.csv");
  const auto r = import_one(file, utc_plus(0));
  CHECK(r.stats.rows == 8);
  CHECK(r.stats.accepted == 5);
  CHECK(r.stats.rejected == 3);
  REQUIRE(r.rows.size() == 5);

  const Measurement& lte = r.rows[0];
  CHECK(lte.utc == *parse_iso8601("2020-02-13T13:21:45Z"));
  CHECK(lte.rat == Rat::Lte);
  CHECK(lte.eci()->value() == 11016962u);
  CHECK(lte.eci()->enb_id() == 0xA81Bu);  // eNB = RAWCELLID >> 8 = NODEHEX
  CHECK_FALSE(lte.plmn());                // "B": anonymised operator, no PLMN
  CHECK(lte.rsrp.get()->value == Approx(-80));
  CHECK(lte.rsrq.get()->value == Approx(-6));
  CHECK(lte.sinr.get()->value == Approx(-7));
  CHECK(*lte.speed_mps() == Approx(5 / 3.6).margin(0.01));
  CHECK(*lte.dl_mbps() == Approx(4.647));
  CHECK(*lte.ul_mbps() == Approx(0.071));
  CHECK(lte.position()->lon.degrees() == Approx(-8.386923).margin(1e-7));

  const Measurement& nsa = r.rows[1];
  CHECK(nsa.rat == Rat::NrNsa);
  CHECK(nsa.eci()->value() == 11016962u);
  CHECK_FALSE(nsa.rsrp.has());  // -200
  CHECK_FALSE(nsa.nr_rsrp.has());  // NRxRSRP is a neighbour level, never the NR leg
  CHECK(test::dropped_sentinel(r.stats, Field::Rsrp) == 1);

  const Measurement& fallback = r.rows[2];  // RAWCELLID "-": NODEHEX * 256 + CELLHEX
  CHECK(fallback.eci()->value() == 0xA81Bu * 256 + 3);
  CHECK(fallback.plmn() == Plmn("272", "03"));
  CHECK_FALSE(fallback.rsrq.has());
  CHECK_FALSE(fallback.ul_mbps());

  const Measurement& umts = r.rows[3];
  CHECK(umts.rat == Rat::Wcdma);
  CHECK(umts.legacy_cell() == 7352377u);
  CHECK_FALSE(umts.eci());
  CHECK_FALSE(umts.rsrp.has());  // RSCP is not RSRP

  const Measurement& stale_id = r.rows[4];  // "LTE" with the UTRAN identity of the previous cell
  CHECK(stale_id.rat == Rat::Lte);
  CHECK_FALSE(stale_id.eci());
  CHECK(stale_id.rsrp.get()->value == Approx(-96));
  CHECK(test::dropped_range(r.stats, Field::CellId) == 1);

  REQUIRE(r.stats.messages.size() == 3);
  CHECK(r.stats.messages[0] == file.string() + ":7: NetworkMode: unknown 'WiMAX'");
  CHECK(r.stats.messages[1].starts_with(file.string() + ":8: Timestamp: not yyyy.mm.dd_HH.MM.SS"));
  CHECK(r.stats.messages[2] == file.string() + ":9: truncated row: 23 of 26 fields");
}

TEST_CASE("G-NetTrack local time is shifted by the configured offset (default UTC+8)", "[analyzer][import]") {
  const auto beijing = import_one(measurement_fixture("gnettrack_small.csv"));
  CHECK(beijing.rows[0].utc == *parse_iso8601("2020-02-13T05:21:45Z"));
}

TEST_CASE("G-NetTrack txt: eNB*256+cell, PLMN from Operator, TA, band, SNR 0.0 not a value", "[analyzer][import]") {
  const auto file = measurement_fixture("gnettrack_small.txt");
  const auto r = import_one(file, utc_plus(0));
  CHECK(r.stats.rows == 8);
  CHECK(r.stats.accepted == 6);
  CHECK(r.stats.rejected == 2);
  REQUIRE(r.rows.size() == 6);

  const Measurement& o = r.rows[0];
  CHECK(o.utc == *parse_iso8601("2025-07-18T22:11:08Z"));
  CHECK(o.rat == Rat::Lte);
  CHECK(o.plmn() == Plmn("608", "01"));
  CHECK(o.eci()->enb_id() == 21);
  CHECK(o.eci()->cell() == 11);
  CHECK(o.rsrp.get()->value == Approx(-81));
  CHECK(o.rsrq.get()->value == Approx(-8));
  CHECK_FALSE(o.sinr.has());  // 0.0
  CHECK(o.arfcn.get() == 2850u);
  CHECK(o.pci.get() == 325);
  CHECK(o.ta.get() == 0);
  CHECK(o.band.get() == 7);

  CHECK_FALSE(r.rows[1].rsrp.has());  // -164
  CHECK_FALSE(r.rows[1].ta.has());

  const Measurement& umts = r.rows[2];
  CHECK(umts.rat == Rat::Wcdma);
  CHECK(umts.legacy_cell() == (2u << 16 | 10222u));
  CHECK_FALSE(umts.rsrp.has());
  CHECK_FALSE(umts.pci.has());  // PSC is not a PCI

  const Measurement& e = r.rows[3];
  CHECK(e.eci()->value() == 1040u * 256 + 3);
  CHECK(e.sinr.get()->value == Approx(6));
  CHECK(e.ta.get() == 3);

  CHECK(r.rows[4].rat == Rat::None);
  CHECK_FALSE(r.rows[4].plmn());
  CHECK(r.rows[5].rat == Rat::Gsm);

  CHECK(test::dropped_range(r.stats, Field::Rsrp) == 1);
  CHECK(test::dropped_sentinel(r.stats, Field::Sinr) == 2);
  REQUIRE(r.stats.messages.size() == 2);
  CHECK(r.stats.messages[0] == file.string() + ":8: Node/CellID: not an eNB id and 8-bit cell");
  CHECK(r.stats.messages[1] == file.string() + ":9: truncated row: 11 of 21 fields");
}
