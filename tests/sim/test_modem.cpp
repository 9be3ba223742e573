// Quectel emulator transcripts: command bytes in, exact answer bytes out (no pty). Expected lines are
// pinned against the real captures in shared/data/quectel-at-captures where the values allow.
#include <catch2/catch.hpp>

#include "shikan/sim/modem.hpp"

using namespace shikan;
using namespace shikan::sim;

namespace {

Cell make_cell(const char* band, std::uint32_t arfcn, std::uint64_t id, int pci, std::uint32_t tac) {
  Cell c;
  c.band = *find_band(band);
  c.arfcn = arfcn;
  c.cell_id = id;
  c.pci = pci;
  c.tac = tac;
  return c;
}

CellReport report(Cell c, double rsrp, double rsrq, double sinr, double rssi) { return CellReport{std::move(c), Dbm(rsrp), Db(rsrq), Db(sinr), Dbm(rssi)}; }

ModemSetup setup(Firmware fw, std::string mcc = "460", std::string mnc = "00") {
  ModemSetup s;
  s.op.key = "cmcc";
  s.op.plmn = Plmn(std::move(mcc), std::move(mnc));
  s.op.long_name = "CHINA  MOBILE";
  s.op.short_name = "CMCC";
  s.op.model = fw == Firmware::Unisoc ? "RM500U-CNV" : "RM500Q-GL";
  s.op.revision = fw == Firmware::Unisoc ? "RM500UCNVCAR03A12M2G" : "RM500QGLABR11A06M4G";
  s.firmware = fw;
  s.imei = "869955065336336";
  return s;
}

// The RG801H capture's serving cell: 460-00, NCI 170C23000, PCI 901, TAC 46550B, n41 504990.
OperatorSnapshot sa_snapshot() {
  OperatorSnapshot s;
  s.key = "cmcc";
  s.rat = Rat::NrSa;
  s.serving = report(make_cell("n41", 504990, 0x170C23000, 901, 0x46550B), -54, -10, 16, -30);
  return s;
}

}  // namespace

TEST_CASE("modem: echo, framing, ATE0, CR split across writes", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm));
  const OperatorSnapshot s = sa_snapshot();
  const ModemWorld w{&s, false};
  CHECK(m.feed("AT\r", w) == "AT\r\r\nOK\r\n");
  CHECK(m.feed("ATI\r", w) == "ATI\r\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+CG", w) == "AT+CG");
  CHECK(m.feed("SN\r", w) == "SN\r\r\n869955065336336\r\n\r\nOK\r\n");
  CHECK(m.feed("ATE0\r", w) == "ATE0\r\r\nOK\r\n");  // echoed: echo was still on when it arrived
  CHECK(m.feed("AT\r\n", w) == "\r\nOK\r\n");       // LF after CR ignored
  CHECK(m.feed("at+cpin?\r", w) == "\r\n+CPIN: READY\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+CGMI;+CGMM\r", w) == "\r\nQuectel\r\n\r\nRM500Q-GL\r\n\r\nOK\r\n");
  CHECK(m.feed("hello\r", w).empty());  // not a command: no answer
  CHECK(m.feed("ATE1\r", w) == "\r\nOK\r\n");
  CHECK(m.feed("AT\r", w) == "AT\r\r\nOK\r\n");
  m.reset();
  CHECK(m.echo());
}

TEST_CASE("modem: unknown commands per firmware; QENG error fault", "[sim][modem]") {
  const OperatorSnapshot s = sa_snapshot();
  ModemCore q(setup(Firmware::Qualcomm));
  q.reset();
  CHECK(q.feed("AT+QNWCFG=\"nr5g_cell_id\"\r", {&s, false}) == "AT+QNWCFG=\"nr5g_cell_id\"\r\r\nERROR\r\n");
  ModemCore u(setup(Firmware::Unisoc));
  // RM500U capture: AT+ICCID -> "\r\n+CME ERROR: 4\r\n".
  CHECK(u.feed("AT+ICCID\r", {&s, false}) == "AT+ICCID\r\r\n+CME ERROR: 4\r\n");
  CHECK(q.feed("AT+QENG=\"servingcell\"\r", {&s, true}) == "AT+QENG=\"servingcell\"\r\r\nERROR\r\n");
  CHECK(q.feed("AT+CPIN?;+FOO\r", {&s, false}) == "AT+CPIN?;+FOO\r\r\n+CPIN: READY\r\n\r\nERROR\r\n");
}

TEST_CASE("modem: NR5G-SA servingcell, Qualcomm 17 fields", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm));
  const OperatorSnapshot s = sa_snapshot();
  // Same fields as the RG801H capture (…,504990,41,-,-54,-10,16,-,-) with bandwidth and SCS known.
  CHECK(m.feed("AT+QENG=\"servingcell\"\r", {&s, false}) ==
        "AT+QENG=\"servingcell\"\r\r\n+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,12,-54,-10,16,1,-\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QNWINFO\r", {&s, false}) == "AT+QNWINFO\r\r\n+QNWINFO: \"TDD NR5G\",\"46000\",\"NR5G BAND 41\",504990\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QCAINFO\r", {&s, false}) == "AT+QCAINFO\r\r\n+QCAINFO: \"PCC\",504990,12,\"NR5G BAND 41\",901\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QENG=\"neighbourcell\"\r", {&s, false}) == "AT+QENG=\"neighbourcell\"\r\r\nOK\r\n");
  CHECK(m.feed("AT+COPS?\r", {&s, false}) == "AT+COPS?\r\r\n+COPS: 0,0,\"CHINA  MOBILE\",12\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+COPS=3,2;+COPS?\r", {&s, false}) == "AT+COPS=3,2;+COPS?\r\r\n+COPS: 0,2,\"46000\",12\r\n\r\nOK\r\n");
  // RG801H capture: +C5GREG: 2,1,"46550B","0000000170C23000",11,1,"01"
  CHECK(m.feed("AT+C5GREG=2;+C5GREG?\r", {&s, false}) ==
        "AT+C5GREG=2;+C5GREG?\r\r\n+C5GREG: 2,1,\"46550B\",\"0000000170C23000\",11,1,\"01\"\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+CEREG?\r", {&s, false}) == "AT+CEREG?\r\r\n+CEREG: 0,0\r\n\r\nOK\r\n");
  // TS 27.007 §8.69: ss_rsrq (-10 + 43) * 2 + 1 = 67, ss_rsrp -54 + 157 = 103, ss_sinr (16 + 23) * 2 + 1 = 79.
  CHECK(m.feed("AT+CESQ\r", {&s, false}) == "AT+CESQ\r\r\n+CESQ: 99,99,255,255,255,255,67,103,79\r\n\r\nOK\r\n");
}

TEST_CASE("modem: NR5G-SA servingcell, Unisoc 18 fields equals the RM500U capture", "[sim][modem]") {
  ModemCore m(setup(Firmware::Unisoc, "460", "11"));
  OperatorSnapshot s;
  s.rat = Rat::NrSa;
  s.serving = report(make_cell("n78", 633984, 0x760BF0114, 702, 0x76010F), -89, -8, 15, -72);
  Cell n = make_cell("n78", 633984, 0x760BF0115, 262, 0x76010F);
  s.neighbours.push_back(report(n, -102, -17, -6, -80));
  const std::string capture = "+QENG: \"servingcell\",\"CONNECT\",\"NR5G-SA\",\"TDD\",460,11,760BF0114,702,76010F,633984,78,100,-89,-8,15,18,34,1";
  std::string expected = capture;
  expected.replace(expected.find("CONNECT"), 7, "NOCONN");  // the simulated module holds no data call
  CHECK(m.feed("AT+QENG=\"servingcell\"\r", {&s, false}) == "AT+QENG=\"servingcell\"\r\r\n" + expected + "\r\n\r\nOK\r\n");
  // Capture: +QNWINFO: "NR5G-SA",46011,"NR N78",633984  and  +QCAINFO: "PCC",633984,100,"NR N78",1,702,-92,-7,-72,10
  CHECK(m.feed("AT+QNWINFO\r", {&s, false}) == "AT+QNWINFO\r\r\n+QNWINFO: \"NR5G-SA\",46011,\"NR N78\",633984\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QCAINFO\r", {&s, false}) == "AT+QCAINFO\r\r\n+QCAINFO: \"PCC\",633984,100,\"NR N78\",1,702,-89,-8,-72,15\r\n\r\nOK\r\n");
  // Capture shape: +QENG: "neighbourcell","NR",633984,262,-102,-17,-6,-,32 (srxlev here RSRP + 123)
  CHECK(m.feed("AT+QENG=\"neighbourcell\"\r", {&s, false}) ==
        "AT+QENG=\"neighbourcell\"\r\r\n+QENG: \"neighbourcell\",\"NR\",633984,262,-102,-17,-6,-,21\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+COPS=3,2;+COPS?\r", {&s, false}) == "AT+COPS=3,2;+COPS?\r\r\n+COPS: 0,2,\"46011\",11\r\n\r\nOK\r\n");
}

TEST_CASE("modem: EN-DC three-line form, NR line RSRP,SINR,RSRQ (capture #56)", "[sim][modem]") {
  ModemCore m(setup(Firmware::Endc, "515", "03"));
  OperatorSnapshot s;
  s.rat = Rat::NrNsa;
  s.mode = NetMode::Nsa;
  s.serving = report(make_cell("B1", 150, 0x3359966, 1, 0x4AA3), -89, -13, 12, -58);
  Cell nr = make_cell("n41", 528030, 0, 832, 0);
  nr.band.bandwidth_mhz = 60;  // code 8 as captured
  s.nr_leg = report(nr, -76, -11, 21, -50);
  // Capture: +QENG: "LTE","FDD",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-
  // SINR raw 16 = (12 + 20) / 2; CQI and tx power are modelled (11, 11) rather than captured (15, 20).
  CHECK(m.feed("AT+QENG=\"servingcell\"\r", {&s, false}) ==
        "AT+QENG=\"servingcell\"\r\r\n+QENG: \"servingcell\",\"NOCONN\"\r\n"
        "+QENG: \"LTE\",\"FDD\",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,11,11,-\r\n"
        "+QENG:\"NR5G-NSA\",515,03,832,-76,21,-11,528030,41,8,1\r\n\r\nOK\r\n");
  // Capture: +QNWINFO: "FDD LTE","51503","LTE BAND 1",150 / +QNWINFO: "TDD NR5G","51503","NR5G BAND 41",528030
  CHECK(m.feed("AT+QNWINFO\r", {&s, false}) ==
        "AT+QNWINFO\r\r\n+QNWINFO: \"FDD LTE\",\"51503\",\"LTE BAND 1\",150\r\n+QNWINFO: \"TDD NR5G\",\"51503\",\"NR5G BAND 41\",528030\r\n\r\nOK\r\n");
  // Capture: +QCAINFO: "PCC",150,100,"LTE BAND 1",1,1,-89,-10,-59,15
  CHECK(m.feed("AT+QCAINFO\r", {&s, false}) == "AT+QCAINFO\r\r\n+QCAINFO: \"PCC\",150,100,\"LTE BAND 1\",1,1,-89,-13,-58,16\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+COPS?\r", {&s, false}) == "AT+COPS?\r\r\n+COPS: 0,0,\"CHINA  MOBILE\",13\r\n\r\nOK\r\n");
}

TEST_CASE("modem: LTE fallback single line, LTE neighbours, CEREG, CESQ", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm, "460", "01"));
  OperatorSnapshot s;
  s.rat = Rat::Lte;
  s.serving = report(make_cell("B3", 1650, 0x243800E, 20, 0x3AC9), -86, -13, 10, -52);
  s.neighbours.push_back(report(make_cell("B3", 1650, 0x243800F, 21, 0x3AC9), -95, -15, 0, -52));
  s.neighbours.push_back(report(make_cell("B1", 100, 0x2438010, 22, 0x3AC9), -99, -16, 0, -60));
  // Capture #111 shape: +QENG: "servingcell","NOCONN","LTE","FDD",222,88,243800E,20,3350,7,5,5,3AC9,-86,-13,-52,15,-
  // here with the manual's CQI and tx_power fields before srxlev.
  CHECK(m.feed("AT+QENG=\"servingcell\"\r", {&s, false}) ==
        "AT+QENG=\"servingcell\"\r\r\n+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,01,243800E,20,1650,3,5,5,3AC9,-86,-13,-52,15,9,8,-\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QENG=\"neighbourcell\"\r", {&s, false}) ==
        "AT+QENG=\"neighbourcell\"\r\r\n"
        "+QENG: \"neighbourcell intra\",\"LTE\",1650,21,-15,-95,-52,-,29,3,8,6,62\r\n"
        "+QENG: \"neighbourcell inter\",\"LTE\",100,22,-16,-99,-60,-,25,3,6,8\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+QNWINFO\r", {&s, false}) == "AT+QNWINFO\r\r\n+QNWINFO: \"FDD LTE\",\"46001\",\"LTE BAND 3\",1650\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+CEREG=2;+CEREG?\r", {&s, false}) == "AT+CEREG=2;+CEREG?\r\r\n+CEREG: 2,1,\"3AC9\",\"243800E\",7\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+C5GREG?\r", {&s, false}) == "AT+C5GREG?\r\r\n+C5GREG: 0,0\r\n\r\nOK\r\n");
  // rsrq (-13 + 20) * 2 = 14, rsrp -86 + 141 = 55
  CHECK(m.feed("AT+CESQ\r", {&s, false}) == "AT+CESQ\r\r\n+CESQ: 99,99,255,255,14,55\r\n\r\nOK\r\n");
  CHECK(m.feed("AT+COPS?\r", {&s, false}) == "AT+COPS?\r\r\n+COPS: 0,0,\"CHINA  MOBILE\",7\r\n\r\nOK\r\n");
  // TS 27.007 §8.5: rssi index (-52 + 113) / 2 = 30.
  CHECK(m.feed("AT+CSQ\r", {&s, false}) == "AT+CSQ\r\r\n+CSQ: 30,99\r\n\r\nOK\r\n");
  CHECK(ModemCore::csq_urc(&s) == "\r\n+QIND: \"csq\",30,99\r\n");
  CHECK(ModemCore::csq_urc(nullptr) == "\r\n+QIND: \"csq\",99,99\r\n");
}

TEST_CASE("modem: no service", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm));
  OperatorSnapshot none;
  none.rat = Rat::None;
  for (const ModemWorld& w : {ModemWorld{nullptr, false}, ModemWorld{&none, false}}) {
    m.reset();
    CHECK(m.feed("AT+QENG=\"servingcell\"\r", w) == "AT+QENG=\"servingcell\"\r\r\n+QENG: \"servingcell\",\"SEARCH\"\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+QNWINFO\r", w) == "AT+QNWINFO\r\r\n+QNWINFO: No Service\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+COPS?\r", w) == "AT+COPS?\r\r\n+COPS: 0\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+QCAINFO\r", w) == "AT+QCAINFO\r\r\nOK\r\n");
    CHECK(m.feed("AT+CEREG?\r", w) == "AT+CEREG?\r\r\n+CEREG: 0,2\r\n\r\nOK\r\n");
  }
}

TEST_CASE("modem: registration URCs only when enabled, boot URCs", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm));
  const OperatorSnapshot a = sa_snapshot();
  OperatorSnapshot b = a;
  b.serving->cell.cell_id = 0x170C23001;
  CHECK(m.registration_urcs(&a, &b).empty());
  m.feed("AT+C5GREG=2\r", {&a, false});
  CHECK(m.registration_urcs(&a, &b) == "\r\n+C5GREG: 1,\"46550B\",\"0000000170C23001\",11,1,\"01\"\r\n");
  CHECK(m.registration_urcs(&a, &a).empty());
  m.feed("AT+CEREG=1\r", {&a, false});
  OperatorSnapshot lte = a;
  lte.rat = Rat::Lte;
  CHECK(m.registration_urcs(&a, &lte) == "\r\n+CEREG: 1\r\n\r\n+C5GREG: 0\r\n");
  CHECK(ModemCore::boot_urcs() == "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n");
}

TEST_CASE("modem: LTE SINR encoding and IMEI check digit", "[sim][modem]") {
  CHECK(lte_sinr_raw(Db(12)) == 16);   // capture #56: raw 16 reads as 12 dB
  CHECK(lte_sinr_raw(Db(10)) == 15);   // capture #111: raw 15 reads as 10 dB
  CHECK(lte_sinr_raw(Db(-30)) == 0);
  CHECK(lte_sinr_raw(Db(45)) == 25);
  for (std::uint64_t seed : {1u, 2u, 99u}) {
    const std::string imei = make_imei(seed);
    REQUIRE(imei.size() == 15);
    CHECK(imei.substr(0, 2) == "86");
    int sum = 0;  // Luhn over all 15 digits must be a multiple of 10
    for (std::size_t i = 0; i < 15; ++i) {
      int d = imei[14 - i] - '0';
      if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    CHECK(sum % 10 == 0);
  }
  CHECK(make_imei(1) != make_imei(2));
}

TEST_CASE("modem: basic command concatenation and malformed input", "[sim][modem]") {
  ModemCore m(setup(Firmware::Qualcomm));
  const OperatorSnapshot s = sa_snapshot();
  const ModemWorld w{&s, false};
  CHECK(m.feed("AT&\r", w) == "AT&\r\r\nERROR\r\n");
  CHECK(m.feed("ATX9\r", w) == "ATX9\r\r\nERROR\r\n");
  CHECK(m.feed("AT&F\r", w) == "AT&F\r\r\nOK\r\n");
  CHECK(m.feed("ATE0Q0V1\r", w) == "ATE0Q0V1\r\r\nOK\r\n");  // the quectel-CM opening command
  CHECK_FALSE(m.echo());
  CHECK(m.feed("ATZ\r", w) == "\r\nOK\r\n");
  CHECK(m.echo());
  CHECK(m.feed("AT+CEREG=7\r", w) == "AT+CEREG=7\r\r\nERROR\r\n");
  CHECK(m.feed("AT+COPS=3,9\r", w) == "AT+COPS=3,9\r\r\nERROR\r\n");
}

TEST_CASE("modem: seeded random input never throws and every answer ends a line", "[sim][modem][fuzz]") {
  const OperatorSnapshot s = sa_snapshot();
  const std::string alphabet = "ATat+=?;,\"&EIQVZ0129QENGservingcellCOPS\x80\xff ";
  for (Firmware fw : {Firmware::Qualcomm, Firmware::Unisoc, Firmware::Endc}) {
    ModemCore m(setup(fw));
    Rng rng(77, "fuzz");
    for (int i = 0; i < 3000; ++i) {
      std::string in;
      const int n = rng.uniform_int(0, 40);
      for (int k = 0; k < n; ++k) in += alphabet[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(alphabet.size()) - 1))];
      in += '\r';
      const bool echo = m.echo();
      std::string out;
      REQUIRE_NOTHROW(out = m.feed(in, ModemWorld{rng.chance(0.5) ? &s : nullptr, rng.chance(0.1)}));
      if (echo) {
        REQUIRE(out.substr(0, in.size()) == in);  // every byte echoed as received
        out.erase(0, in.size());
      }
      // One command line: no answer (not a command) or exactly one final result code at the end.
      const bool final_code = out.ends_with("\r\nOK\r\n") || out.ends_with("\r\nERROR\r\n") || out.ends_with("\r\n+CME ERROR: 4\r\n");
      CHECK((out.empty() || final_code));
    }
  }
}
