// AT+QENG="servingcell" / "neighbourcell": every layout of FIELD_GUIDE §4 and the captures in
// ../shared/data/quectel-at-captures (copied here as single lines, with their source), plus garbage.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shikan/probe/at_parse.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {

Parsed<ServingCellReport> serving(std::vector<std::string_view> lines, QuectelOptions opt = {}) {
  return parse_qeng_servingcell_report(lines, opt);
}

double v(const std::optional<Dbm>& x) { return x.value().value; }
double v(const std::optional<Db>& x) { return x.value().value; }

}  // namespace

TEST_CASE("SA: Unisoc RM500U 18-field line (QModem fixture)", "[probe][at][qeng]") {
  auto r = serving({"+QENG: \"servingcell\",\"CONNECT\",\"NR5G-SA\",\"TDD\",460,11,760BF0114,702,76010F,633984,78,100,"
                    "-89,-8,15,18,34,1"});
  REQUIRE(r.ok());
  const ServingCell& c = r->cell;
  CHECK(r->form == QengForm::NrSaUnisoc);
  CHECK(c.rat == Rat::NrSa);
  CHECK(c.state == "CONNECT");
  CHECK(c.duplex == "TDD");
  CHECK(c.plmn->str() == "46011");
  CHECK(c.nci->value() == 0x760BF0114ULL);
  CHECK_FALSE(c.eci);
  CHECK(c.pci == 702);
  CHECK(c.tac == 0x76010FU);
  CHECK(c.arfcn == 633984U);
  CHECK(c.band == 78);
  CHECK_FALSE(c.bandwidth_code);  // Unisoc prints MHz, not a code
  CHECK(r->bandwidth_mhz == 100);
  CHECK(v(c.rsrp) == -89);
  CHECK(v(c.rsrq) == -8);
  CHECK(v(c.sinr) == 15);
  CHECK(c.srxlev == 34);
  CHECK_FALSE(r->scs);
}

TEST_CASE("SA: Qualcomm 17-field lines, '-' fields and odd spacing", "[probe][at][qeng]") {
  SECTION("quectel-CM log, RG801H on 460-00: bandwidth and trailing fields '-'") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,"
                      "-54,-10,16,-,-"});
    REQUIRE(r.ok());
    CHECK(r->form == QengForm::NrSa);
    CHECK(r->cell.plmn->str() == "46000");
    CHECK(r->cell.nci->value() == 0x170C23000ULL);
    CHECK(r->cell.pci == 901);
    CHECK(r->cell.tac == 0x46550BU);
    CHECK(r->cell.arfcn == 504990U);
    CHECK(r->cell.band == 41);
    CHECK(r->carried.has(Key::Bandwidth));
    CHECK_FALSE(r->cell.bandwidth_code);
    CHECK_FALSE(r->bandwidth_mhz);
    CHECK(v(r->cell.rsrp) == -54);
    CHECK(v(r->cell.sinr) == 16);
    CHECK(r->carried.has(Key::Scs));
    CHECK_FALSE(r->scs);
    CHECK_FALSE(r->cell.srxlev);
  }
  SECTION("manual example: MNC 01 stays two digits; bandwidth code 12 = 100 MHz") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\", 460,01,9013B004,299,690E0F,633984,78,12,"
                      "-107,-13,2,1,-"});
    REQUIRE(r.ok());
    CHECK(r->cell.plmn->mnc() == "01");
    CHECK(r->cell.nci->value() == 0x9013B004ULL);
    CHECK(r->cell.tac == 0x690E0FU);
    CHECK(r->cell.bandwidth_code == 12);
    CHECK(r->bandwidth_mhz == 100);
    CHECK(v(r->cell.sinr) == 2);  // NR SINR is dB as printed
    CHECK(r->scs == 1);
  }
  SECTION("issue #57 (515-66): space after \"TDD\",") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\", 515,66,100072000,538,114000,620640,78,12,"
                      "-109,-12,14,1,-"});
    REQUIRE(r.ok());
    CHECK(r->cell.plmn->str() == "51566");
    CHECK(r->cell.nci->value() == 0x100072000ULL);
    CHECK(r->cell.tac == 0x114000U);
  }
  SECTION("issue #48: FDD n71, 3-digit MNC") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"FDD\",310,260,939204254,24,60AA00,126490,71,1,"
                      "-104,-13,11,0,-"});
    REQUIRE(r.ok());
    CHECK(r->cell.plmn->str() == "310260");
    CHECK(r->cell.nci->value() == 0x939204254ULL);
    CHECK(r->bandwidth_mhz == 10);
  }
  SECTION("unknown firmware with extra trailing fields: extras ignored") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,12,"
                      "-54,-10,16,1,20,7,8,9"});
    REQUIRE(r.ok());
    CHECK(r->form == QengForm::NrSa);
    CHECK(r->cell.srxlev == 20);
  }
}

TEST_CASE("EN-DC three-line groups", "[probe][at][qeng]") {
  SECTION("issue #56 (515-03): +QENG:\"NR5G-NSA\" without space; NSA orders RSRP,SINR,RSRQ") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\"",
                      "+QENG: \"LTE\",\"FDD\",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-",
                      "+QENG:\"NR5G-NSA\",515,03,832,-76,21,-11,528030,41,8,1"});
    REQUIRE(r.ok());
    const ServingCell& c = r->cell;
    CHECK(r->form == QengForm::EnDc);
    CHECK(c.rat == Rat::NrNsa);
    CHECK(c.state == "NOCONN");
    CHECK(c.plmn->str() == "51503");
    CHECK(c.eci->value() == 0x3359966U);  // the anchor's identity
    CHECK_FALSE(c.nci);
    CHECK(c.tac == 0x4AA3U);
    CHECK(v(c.sinr) == 12);  // LTE raw 16 -> 2*16-20
    CHECK(c.cqi == 15);
    CHECK(c.tx_power == 20);
    CHECK(r->carried.has(Key::Srxlev));
    CHECK_FALSE(c.srxlev);
    REQUIRE(c.nr);
    CHECK(c.nr->pci == 832);
    CHECK(v(c.nr->rsrp) == -76);
    CHECK(v(c.nr->sinr) == 21);
    CHECK(v(c.nr->rsrq) == -11);
    CHECK(c.nr->arfcn == 528030U);
    CHECK(c.nr->band == 41);
    CHECK(c.nr->bandwidth_code == 8);
    CHECK(r->nr_bandwidth_mhz == 60);
    CHECK(c.nr->scs == 1);
  }
  SECTION("libqmi PR #2 (RM500Q on an Amari callbox): PLMN 1,01 and the old 7-field NSA line") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\"",
                      "+QENG: \"LTE\",\"FDD\",1,01,1A2D001,1,1575,3,3,3,1,-70,-9,-46,25,-",
                      "+QENG:\"NR5G-NSA\",1,01,500,-75,180,-11"});
    REQUIRE(r.ok());
    CHECK(r->form == QengForm::EnDcOldNsa);
    CHECK(r->cell.plmn->str() == "00101");
    CHECK(r->cell.eci->value() == 0x1A2D001U);
    CHECK(v(r->cell.sinr) == 30);     // qmicli at the same moment: LTE SNR 30.0 dB
    CHECK(v(r->cell.nr->sinr) == 18);  // raw 180 in 0.1 dB; qmicli: 5G SNR 18.5 dB
    CHECK(v(r->cell.nr->rsrq) == -11);
    CHECK_FALSE(r->cell.nr->arfcn);
    CHECK_FALSE(r->carried.has(Key::NrArfcn));
  }
  SECTION("manual example") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\"",
                      "+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11,9,230,-",
                      "+QENG:\"NR5G-NSA\",460,01,747,-71,13,-11,627264,78,12,1"});
    REQUIRE(r.ok());
    CHECK(r->cell.plmn->str() == "46001");
    CHECK(r->cell.eci->value() == 0x5F1EA15U);
    CHECK(r->cell.tx_power == 230);
    CHECK(r->nr_bandwidth_mhz == 100);
  }
  SECTION("the NR line missing: an LTE-only report") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\"",
                      "+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11,9,230,-"});
    REQUIRE(r.ok());
    CHECK(r->cell.rat == Rat::Lte);
    CHECK(r->form == QengForm::EnDcLteOnly);
    CHECK_FALSE(r->cell.nr);
  }
  SECTION("errors: NR line without its anchor, two anchors, truncated NSA line") {
    CHECK_FALSE(serving({"+QENG:\"NR5G-NSA\",460,01,747,-71,13,-11,627264,78,12,1"}).ok());
    CHECK_FALSE(serving({"+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11",
                         "+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11"})
                     .ok());
    auto t = serving({"+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11",
                      "+QENG:\"NR5G-NSA\",460,01,747,-71,13,-11,627264,78"});
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().reason == "truncated NR5G-NSA line: 9 of 11 fields");
  }
}

TEST_CASE("LTE single line, state-only lines, WCDMA and GSM", "[probe][at][qeng]") {
  SECTION("issue #111 (222-88): 18 fields, no tx power or srxlev") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",222,88,243800E,20,3350,7,5,5,3AC9,-86,-13,-52,"
                      "15,-"});
    REQUIRE(r.ok());
    CHECK(r->form == QengForm::Lte);
    CHECK(r->cell.rat == Rat::Lte);
    CHECK(r->cell.eci->value() == 0x243800EU);
    CHECK(r->cell.eci->enb_id() == 0x24380U);
    CHECK(r->cell.tac == 0x3AC9U);
    CHECK(r->cell.arfcn == 3350U);
    CHECK(r->bandwidth_mhz == 20);
    CHECK(v(r->cell.rssi) == -52);
    CHECK(v(r->cell.sinr) == 10);
    CHECK(r->carried.has(Key::Cqi));
    CHECK_FALSE(r->cell.cqi);
    CHECK_FALSE(r->carried.has(Key::TxPower));
    CHECK_FALSE(r->carried.has(Key::Srxlev));
  }
  SECTION("manual example: 20 fields") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-100,-12,-68,"
                      "11,-,-,27"});
    REQUIRE(r.ok());
    CHECK(v(r->cell.sinr) == 2);
    CHECK(r->cell.srxlev == 27);
  }
  SECTION("state-only lines") {
    for (const char* state : {"SEARCH", "LIMSRV"}) {
      const std::string line = std::string("+QENG: \"servingcell\",\"") + state + "\"";
      auto r = serving({line});
      REQUIRE(r.ok());
      CHECK(r->cell.rat == Rat::None);
      CHECK(r->form == QengForm::StateOnly);
      CHECK(r->cell.state == state);
    }
  }
  SECTION("WCDMA and GSM") {
    auto w = serving({"+QENG: \"servingcell\",\"NOCONN\",\"WCDMA\",460,01,A1B2,1234567,10700,300,0,-85,-8,0,6,7,0,1"});
    REQUIRE(w.ok());
    CHECK(w->cell.rat == Rat::Wcdma);
    CHECK(w->cell.tac == 0xA1B2U);
    CHECK(w->legacy_cell_id == 0x1234567U);
    CHECK(w->psc == 300);
    CHECK(v(w->rscp) == -85);
    CHECK(v(w->ecio) == -8);
    auto g = serving({"+QENG: \"servingcell\",\"NOCONN\",\"GSM\",460,00,550A,2BDC,26,70,0,-61,255,255,0,60,60,1"});
    REQUIRE(g.ok());
    CHECK(g->cell.rat == Rat::Gsm);
    CHECK(g->legacy_cell_id == 0x2BDCU);
    CHECK(g->bsic == 26);
    CHECK(v(g->rxlev) == -61);
  }
}

TEST_CASE("LTE SINR encoding is a per-firmware option", "[probe][at][qeng]") {
  const std::vector<std::string_view> line{
      "+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",222,88,243800E,20,3350,7,5,5,3AC9,-86,-13,-52,15,-"};
  CHECK(v(serving(line, {LteSinrEncoding::TwiceMinus20})->cell.sinr) == 10);
  CHECK(v(serving(line, {LteSinrEncoding::FifthMinus20})->cell.sinr) == -17);
  CHECK(v(serving(line, {LteSinrEncoding::Db})->cell.sinr) == 15);
}

TEST_CASE("servingcell garbage: truncated, junk, sentinels, binary", "[probe][at][qeng][garbage]") {
  struct Bad {
    std::string line;
    std::string reason;
  };
  const std::vector<Bad> bad{
      {"", "no +QENG servingcell line"},
      {"+QENG:", "no +QENG servingcell line"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,5049",
       "truncated NR5G-SA line: 10 of 15 fields"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,-5x4,-10,16,-,-",
       "bad rsrp '-5x4'"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C2G000,901,46550B,504990,41,-,-54,-10,16,-,-",
       "bad cell id '170C2G000'"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",4600,00,170C23000,901,46550B,504990,41,-,-54,-10,16,-,-",
       "bad plmn '4600,00'"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"5GNR\",\"TDD\",460,00", "unknown servingcell rat '5GNR'"},
      {"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,\x01\xff,46550B,504990,41,-,-54,-10,16",
       "bad pci '\x01\xff'"},
      {"+QENG: \"neighbourcell\",\"NR\",633984,262,-102,-17,-6,-,32", "not a servingcell line: 'neighbourcell'"},
  };
  for (const auto& b : bad) {
    INFO(b.line);
    auto r = serving({b.line});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().reason == b.reason);
  }

  SECTION("sentinels and '-' give null values and keep the row") {
    auto r = serving({"+QENG: \"servingcell\",\"CONNECT\",\"NR5G-SA\",\"TDD\",-,-,FFFFFFFFF,65535,FFFFFE,2147483647,41,"
                      "-,-32768,-32768,32767,-,-"});
    REQUIRE(r.ok());
    const ServingCell& c = r->cell;
    for (Key k : {Key::Plmn, Key::CellId, Key::Pci, Key::Tac, Key::Arfcn, Key::Rsrp, Key::Rsrq, Key::Sinr})
      CHECK(r->carried.has(k));
    CHECK_FALSE(c.plmn);
    CHECK_FALSE(c.nci);
    CHECK_FALSE(c.pci);
    CHECK_FALSE(c.tac);
    CHECK_FALSE(c.arfcn);
    CHECK(c.band == 41);
    CHECK_FALSE(c.rsrp);
    CHECK_FALSE(c.rsrq);
    CHECK_FALSE(c.sinr);
  }
  SECTION("LTE TAC FFFE/FFFF and an RSRP of -140 (valid) vs -200 (out of range)") {
    auto r = serving({"+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,FFFE,-140,-12,-68,11"});
    REQUIRE(r.ok());
    CHECK_FALSE(r->cell.tac);
    CHECK(v(r->cell.rsrp) == -140);
    auto s = serving({"+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,ffff,-200,-12,-68,11"});
    REQUIRE(s.ok());
    CHECK_FALSE(s->cell.tac);
    CHECK_FALSE(s->cell.rsrp);
  }
}

TEST_CASE("neighbour lines: LTE intra/inter (RSRQ before RSRP), NR forms, garbage", "[probe][at][qeng]") {
  SECTION("manual examples") {
    auto a = parse_neighbour_line("+QENG: \"neighbourcell intra\",\"LTE\",38950,276,-3,-88,-65,0,37,7,16,6,44");
    REQUIRE(a.ok());
    CHECK(a->cell.rat == Rat::Lte);
    CHECK(a->cell.scope == NeighbourScope::Intra);
    CHECK(a->cell.arfcn == 38950U);
    CHECK(a->cell.pci == 276);
    CHECK(v(a->cell.rsrq) == -3);
    CHECK(v(a->cell.rsrp) == -88);
    CHECK(v(a->cell.rssi) == -65);
    CHECK(v(a->cell.sinr) == -20);  // raw 0 under the default 2X-20 encoding
    CHECK(a->cell.srxlev == 37);
    auto b = parse_neighbour_line("+QENG: \"neighbourcell inter\",\"LTE\",39148,-,-,-,-,-,37,0,30,7");
    REQUIRE(b.ok());
    CHECK(b->cell.scope == NeighbourScope::Inter);
    CHECK(b->carried.has(Key::Pci));
    CHECK_FALSE(b->cell.pci);
    CHECK_FALSE(b->cell.rsrp);
    CHECK(b->cell.srxlev == 37);
  }
  SECTION("Unisoc RM500U NR neighbour (QModem fixture)") {
    auto n = parse_neighbour_line("+QENG: \"neighbourcell\",\"NR\",633984,262,-102,-17,-6,-,32");
    REQUIRE(n.ok());
    CHECK(n->cell.scope == NeighbourScope::Nr);
    CHECK(n->cell.arfcn == 633984U);
    CHECK(n->cell.pci == 262);
    CHECK(v(n->cell.rsrp) == -102);
    CHECK(v(n->cell.rsrq) == -17);
    CHECK(v(n->cell.sinr) == -6);
  }
  SECTION("AT+QNWCFG=\"nr5g_meas_info\" line") {
    auto n = parse_neighbour_line("+QNWCFG: \"nr5g_meas_info\",1,428910,277,-64,-11");
    REQUIRE(n.ok());
    CHECK(n->cell.arfcn == 428910U);
    CHECK(n->cell.pci == 277);
    CHECK(v(n->cell.rsrp) == -64);
    CHECK(v(n->cell.rsrq) == -11);
  }
  SECTION("the list form keeps bad lines as errors in place") {
    const std::vector<std::string_view> lines{"AT+QENG=\"neighbourcell\"",
                                              "+QENG: \"neighbourcell intra\",\"LTE\",38950,276,-3,-88,-65,0,37",
                                              "+QENG: \"neighbourcell intra\",\"LTE\",38950", "OK"};
    auto all = parse_qeng_neighbourcell(lines);
    REQUIRE(all.size() == 2);
    CHECK(all[0].ok());
    REQUIRE_FALSE(all[1].ok());
    CHECK(all[1].error().reason == "truncated neighbourcell line: 3 of 6 fields");
  }
  SECTION("garbage") {
    CHECK(parse_neighbour_line("").error().reason == "not an AT answer");
    CHECK(parse_neighbour_line("+QENG: \"neighbourcell\",\"WCDMA\",10700,300,-85,-8,0,6").error().reason ==
          "unsupported neighbour rat 'WCDMA'");
    CHECK(parse_neighbour_line("+QENG: \"neighbourcell intra\",\"LTE\",38950,276,abc,-88").error().reason ==
          "bad rsrq 'abc'");
    CHECK(parse_neighbour_line("+QNWCFG: \"nr5g_meas_info\",1,428910").error().reason ==
          "truncated nr5g_meas_info line: 3 of 6 fields");
  }
}
