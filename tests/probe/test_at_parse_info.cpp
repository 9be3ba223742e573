// +QNWINFO, +QCAINFO, +QNWCFG cell ids, the 27.007 registration/signal/operator answers and identity.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shikan/probe/at_parse.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {
double v(const std::optional<Dbm>& x) { return x.value().value; }
double v(const std::optional<Db>& x) { return x.value().value; }
}  // namespace

TEST_CASE("QNWINFO: quoted and unquoted PLMN, No Service, garbage", "[probe][at][quectel]") {
  auto a = parse_qnwinfo("+QNWINFO: \"FDD LTE\",\"22288\",\"LTE BAND 7\",3350");
  REQUIRE(a.ok());
  CHECK(a->access == "FDD LTE");
  CHECK(a->plmn->str() == "22288");
  CHECK(a->band_number == 7);
  CHECK(a->arfcn == 3350U);
  auto b = parse_qnwinfo("+QNWINFO: \"NR5G-SA\",46011,\"NR N78\",633984");
  REQUIRE(b.ok());
  CHECK(b->plmn->str() == "46011");
  CHECK(b->band_number == 78);
  auto c = parse_qnwinfo("+QNWINFO: \"TDD NR5G\",\"310260\",\"NR5G BAND 41\",521310");
  REQUIRE(c.ok());
  CHECK(c->plmn->mnc() == "260");
  auto ns = parse_qnwinfo("+QNWINFO: No Service");
  REQUIRE(ns.ok());
  CHECK(ns->no_service);
  CHECK_FALSE(ns->plmn);
  CHECK(parse_qnwinfo("+QNWINFO: \"FDD LTE\",\"2228\",\"LTE BAND 7\",3350").error().reason == "bad plmn '2228'");
  CHECK(parse_qnwinfo("+QNWINFO: \"FDD LTE\",\"22288\"").error().reason == "truncated QNWINFO line: 2 of 4 fields");
  CHECK(parse_qnwinfo("+QENG: \"servingcell\"").error().reason == "not a +QNWINFO answer");
}

TEST_CASE("QCAINFO: every captured layout", "[probe][at][quectel]") {
  SECTION("Unisoc RM500U NR PCC: LTE-like tail, SINR in dB") {
    auto r = parse_qcainfo("+QCAINFO: \"PCC\",633984,100,\"NR N78\",1,702,-92,-7,-72,10");
    REQUIRE(r.ok());
    CHECK(r->nr);
    CHECK(r->role == "PCC");
    CHECK(r->arfcn == 633984U);
    CHECK(r->bandwidth == 100);
    CHECK(r->cell_state == 1);
    CHECK(r->pci == 702);
    CHECK(v(r->rsrp) == -92);
    CHECK(v(r->rsrq) == -7);
    CHECK(v(r->rssi) == -72);
    CHECK(v(r->sinr) == 10);
  }
  SECTION("issue #47: SA PCC with PCI only; NR SCC with '-' UL fields") {
    auto p = parse_qcainfo("+QCAINFO: \"PCC\",521310,10,\"NR5G BAND 41\",271");
    REQUIRE(p.ok());
    CHECK(p->pci == 271);
    CHECK_FALSE(p->carried.has(Key::Rsrp));
    auto s = parse_qcainfo("+QCAINFO: \"SCC\",501870,3,\"NR5G BAND 41\",1,271,0,-,-");
    REQUIRE(s.ok());
    CHECK(s->cell_state == 1);
    CHECK(s->pci == 271);
    CHECK(s->ul_configured == 0);
  }
  SECTION("manual: NR SCC with signal extension, SNR in 1/100 dB") {
    auto s = parse_qcainfo("+QCAINFO: \"SCC\",627264,12,\"NR5G BAND 78\",22,-85,-10,1550");
    REQUIRE(s.ok());
    CHECK(s->pci == 22);
    CHECK(v(s->sinr) == 15.5);
  }
  SECTION("RM551E LTE 4CC: PCC and SCC") {
    auto p = parse_qcainfo("+QCAINFO: \"PCC\",2850,100,\"LTE BAND 7\",1,52,-103,-12,-70,7");
    REQUIRE(p.ok());
    CHECK_FALSE(p->nr);
    CHECK(p->band_number == 7);
    CHECK(v(p->sinr) == 7);
    auto s = parse_qcainfo("+QCAINFO: \"SCC\",326,25,\"LTE BAND 1\",1,167,-87,-9,-69,0,0,-,-");
    REQUIRE(s.ok());
    CHECK(s->pci == 167);
    CHECK(s->ul_configured == 0);
  }
  SECTION("garbage") {
    CHECK(parse_qcainfo("+QCAINFO: \"PCC\",2850,100,\"LTE BAND 7\",1,52").error().reason ==
          "truncated QCAINFO LTE line: 6 of 10 fields");
    CHECK(parse_qcainfo("+QCAINFO: \"PCC\",2850").error().reason == "truncated QCAINFO line: 2 of 5 fields");
    CHECK(parse_qcainfo("+QCAINFO: \"SCC\",627264,12,\"NR5G BAND 78\",22,-85").error().reason ==
          "unknown QCAINFO NR layout with 6 fields");
    CHECK(parse_qcainfo("+QCAINFO: \"PCC\",x,100,\"LTE BAND 7\",1,52,-103,-12,-70,7").error().reason == "bad freq 'x'");
  }
}

TEST_CASE("QNWCFG nr5g_cell_id / lte_cell_id (manual §5.23 examples)", "[probe][at][quectel]") {
  auto n = parse_qnwcfg_cell_id("+QNWCFG: \"nr5g_cell_id\",64F000170C23000,170C23000,170C23");
  REQUIRE(n.ok());
  CHECK(n->rat == Rat::NrSa);
  CHECK(n->plmn->str() == "46000");
  CHECK(n->cell_id == 0x170C23000ULL);
  CHECK(n->node_id == 0x170C23U);
  CHECK(n->gnb_id_bits == 24);
  CHECK(parse_qnwcfg_nr5g_cell_id("+QNWCFG: \"nr5g_cell_id\",64F000170C23000,170C23000,170C23")->value() ==
        0x170C23000ULL);
  auto l = parse_qnwcfg_cell_id("+QNWCFG: \"lte_cell_id\",64F0000D6B5C0,0D6B5C0,0D6B5");
  REQUIRE(l.ok());
  CHECK(l->rat == Rat::Lte);
  CHECK(l->plmn->str() == "46000");
  CHECK(l->cell_id == 0xD6B5C0U);
  CHECK(l->node_id == 0xD6B5U);
  CHECK_FALSE(l->gnb_id_bits);
  CHECK_FALSE(parse_qnwcfg_nr5g_cell_id("+QNWCFG: \"lte_cell_id\",64F0000D6B5C0,0D6B5C0,0D6B5").ok());
  CHECK(parse_qnwcfg_cell_id("+QNWCFG: \"nr5g_cell_id\",64F000170C23000,17XC23000,170C23").error().reason ==
        "bad cell id '17XC23000'");
  CHECK(parse_qnwcfg_cell_id("+QNWCFG: \"up/down\",250,0,2").error().reason == "not a cell id answer");
  // A 3-digit MNC: MNC3 in the high nibble of octet 2 (TS 24.008 §10.5.1.3): 310-260 -> 13 00 62.
  auto us = parse_qnwcfg_cell_id("+QNWCFG: \"nr5g_cell_id\",130062939204254,939204254,939204");
  REQUIRE(us.ok());
  CHECK(us->plmn->str() == "310260");
}

TEST_CASE("registration: read and unsolicited forms of CREG/CGREG/CEREG/C5GREG", "[probe][at][3gpp]") {
  SECTION("C5GREG read form, quectel-CM log: 16-digit ci") {
    auto r = parse_registration("+C5GREG: 2,1,\"46550B\",\"0000000170C23000\",11,1,\"01\"");
    REQUIRE(r.ok());
    CHECK(r->command == "C5GREG");
    CHECK(r->n == 2);
    CHECK(r->stat == 1);
    CHECK(r->tac == 0x46550BU);
    CHECK(r->cell_id == 0x170C23000ULL);
    CHECK(r->act == 11);
  }
  SECTION("unsolicited forms") {
    auto u = parse_registration("+CEREG: 1,\"1A2B\",\"01A2D001\",7");
    REQUIRE(u.ok());
    CHECK_FALSE(u->n);
    CHECK(u->stat == 1);
    CHECK(u->tac == 0x1A2BU);
    CHECK(u->cell_id == 0x1A2D001U);
    CHECK(u->act == 7);
    auto s = parse_registration("+CEREG: 5");
    REQUIRE(s.ok());
    CHECK(s->stat == 5);
    CHECK_FALSE(s->n);
    CHECK_FALSE(s->carried.has(Key::Tac));
  }
  SECTION("read form with stat only, CREG with LAC") {
    auto r = parse_registration("+CEREG: 2,1");
    REQUIRE(r.ok());
    CHECK(r->n == 2);
    CHECK(r->stat == 1);
    auto c = parse_registration("+CREG: 2,5,\"550A\",\"2BDC\",0");
    REQUIRE(c.ok());
    CHECK(c->stat == 5);
    CHECK(c->tac == 0x550AU);
    CHECK(c->cell_id == 0x2BDCU);
  }
  SECTION("sentinel TAC and empty fields are null; junk is an error") {
    auto r = parse_registration("+CEREG: 2,2,\"FFFE\",\"\",7");
    REQUIRE(r.ok());
    CHECK(r->carried.has(Key::Tac));
    CHECK_FALSE(r->tac);
    CHECK_FALSE(r->cell_id);
    CHECK(parse_registration("+CEREG: 2,x").error().reason == "bad stat 'x'");
    CHECK(parse_registration("+CEREG:").error().reason == "empty registration answer");
    CHECK(parse_registration("+CPIN: READY").error().reason == "not a registration answer");
  }
}

TEST_CASE("CESQ and CSQ index conversions (TS 27.007 §8.69, §8.5)", "[probe][at][3gpp]") {
  auto q = parse_cesq("+CESQ: 99,99,255,255,19,51");  // Air724UG capture
  REQUIRE(q.ok());
  CHECK_FALSE(q->rxlev);
  CHECK_FALSE(q->ber);
  CHECK_FALSE(q->rscp);
  CHECK_FALSE(q->ecno);
  CHECK(v(q->rsrq) == -10.5);
  CHECK(v(q->rsrp) == -90);
  CHECK_FALSE(q->extended);
  auto edges = parse_cesq("+CESQ: 0,0,0,0,0,0");
  REQUIRE(edges.ok());
  CHECK(v(edges->rxlev) == -111);
  CHECK(v(edges->rscp) == -121);
  CHECK(v(edges->ecno) == -24.5);
  CHECK(v(edges->rsrq) == -20);
  CHECK(v(edges->rsrp) == -141);
  auto top = parse_cesq("+CESQ: 63,7,96,49,34,97,127,127,127");
  REQUIRE(top.ok());
  CHECK(v(top->rxlev) == -48);
  CHECK(v(top->rscp) == -25);
  CHECK(v(top->ecno) == 0);
  CHECK(v(top->rsrq) == -3);
  CHECK(v(top->rsrp) == -44);
  CHECK(v(top->ss_rsrq) == 20);
  CHECK(v(top->ss_rsrp) == -30);
  CHECK(v(top->ss_sinr) == 40);
  auto nr = parse_cesq("+CESQ: 99,99,255,255,255,255,40,60,80");
  REQUIRE(nr.ok());
  CHECK(v(nr->ss_rsrq) == -23.5);
  CHECK(v(nr->ss_rsrp) == -97);
  CHECK(v(nr->ss_sinr) == 16.5);
  CHECK_FALSE(parse_cesq("+CESQ: 64,8,97,50,35,98").value().rsrp);  // out of range: unknown
  CHECK(parse_cesq("+CESQ: 99,99,255").error().reason == "truncated CESQ line: 3 of 6 fields");
  CHECK(parse_cesq("+CESQ: 99,99,255,255,1 9,51").error().reason == "bad rsrq '1 9'");

  CHECK(v(parse_csq("+CSQ: 18,99")->csq_rssi) == -77);
  CHECK(v(parse_csq("+CSQ: 0,0")->csq_rssi) == -113);
  CHECK(v(parse_csq("+CSQ: 31,0")->csq_rssi) == -51);
  CHECK_FALSE(parse_csq("+CSQ: 99,99")->csq_rssi);
}

TEST_CASE("COPS and the AcT mapping", "[probe][at][3gpp]") {
  auto a = parse_cops("+COPS: 0,0,\"CHINA  MOBILE\",12");
  REQUIRE(a.ok());
  CHECK(a->format == 0);
  CHECK(a->oper == "CHINA  MOBILE");
  CHECK_FALSE(a->plmn);
  CHECK(a->rat == Rat::NrSa);
  auto b = parse_cops("+COPS: 0,2,\"46011\",7");
  REQUIRE(b.ok());
  CHECK(b->plmn->str() == "46011");
  CHECK(b->rat == Rat::Lte);
  auto c = parse_cops("+COPS: 0");
  REQUIRE(c.ok());
  CHECK_FALSE(c->format);
  CHECK(c->rat == Rat::None);
  CHECK(rat_from_act(13) == Rat::NrNsa);
  CHECK(rat_from_act(11) == Rat::NrSa);
  CHECK(rat_from_act(10) == Rat::Lte);
  CHECK(rat_from_act(2) == Rat::Wcdma);
  CHECK(rat_from_act(3) == Rat::Gsm);
  CHECK(rat_from_act(99) == Rat::None);
  CHECK(parse_cops("+COPS: x,2").error().reason == "bad mode 'x'");
}

TEST_CASE("identity: ATI, bare and labelled answers", "[probe][at][3gpp]") {
  const std::vector<std::string_view> ati{"ATI", "", "Quectel", "RM500U-CNV", "Revision: RM500UCNVCAR03A12M2G", "",
                                          "OK"};
  auto id = parse_identity(ati);
  CHECK(id.manufacturer == "Quectel");
  CHECK(id.model == "RM500U-CNV");
  CHECK(id.revision == "RM500UCNVCAR03A12M2G");
  CHECK(id.text.empty());
  const std::vector<std::string_view> lone{"LuatOS-Air_V4032_RDA8910_TTS_NOLVGL_FLOAT"};
  auto l = parse_identity(lone);
  CHECK(l.manufacturer.empty());
  CHECK(l.text == "LuatOS-Air_V4032_RDA8910_TTS_NOLVGL_FLOAT");
  const std::vector<std::string_view> imei{"AT+CGSN", "869955065336336", "OK"};
  CHECK(parse_identity(imei, IdentityCommand::Cgsn).imei == "869955065336336");
  const std::vector<std::string_view> labelled{"+CGMM: \"Air724UG\""};
  CHECK(parse_identity(labelled, IdentityCommand::Cgmm).model == "Air724UG");
  const std::vector<std::string_view> qc{"Manufacturer: QUALCOMM", "Model: T99W175", "Revision: T99W175.F0.1",
                                         "IMEI: 860000000000012"};
  auto q = parse_identity(qc);
  CHECK(q.manufacturer == "QUALCOMM");
  CHECK(q.model == "T99W175");
  CHECK(q.imei == "860000000000012");

  CHECK(identity_command("ATI") == IdentityCommand::Ati);
  CHECK(identity_command("at+cgsn") == IdentityCommand::Cgsn);
  CHECK(identity_command("AT+QCCID") == IdentityCommand::Ccid);
  CHECK(identity_command("AT+CGMR;") == IdentityCommand::Cgmr);
  CHECK_FALSE(identity_command("AT+CGSN=?"));
  CHECK_FALSE(identity_command("AT+COPS?"));
  CHECK_FALSE(identity_command("ATE0"));
}
