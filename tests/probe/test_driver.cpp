// Drivers against canned answers: what each phase asks, and how the answers become a sample.
// Serving-cell lines are from real captures (../shared/data/quectel-at-captures, see SOURCE.md).
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "shikan/probe/driver.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {

struct Answer {
  std::vector<std::string> lines;
  AtStatus status = AtStatus::Ok;
};
using Modem = std::map<std::string, Answer>;

// Runs the current phase to its end; unknown commands answer ERROR. Returns the commands sent.
std::vector<std::string> run_phase(Driver& d, const Modem& m) {
  std::vector<std::string> sent;
  while (auto cmd = d.next()) {
    sent.push_back(cmd->text);
    AtResult r;
    r.command = cmd->text;
    auto it = m.find(cmd->text);
    if (it == m.end()) {
      r.status = AtStatus::Error;
      r.final_line = "ERROR";
    } else {
      r.lines = it->second.lines;
      r.status = it->second.status;
    }
    d.absorb(r);
  }
  return sent;
}

// quectel-CM log, RG801H-EA, 460-00 NR5G-SA n41 (ecm_ncm_rndis.txt 17:35:15.441).
const std::string kSa =
    "+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,-54,-10,16,-,-";
// QModem fixture, RM500U-CNV, 460-11 (SOURCE.md §1).
const std::string kNrNeighbour = "+QENG: \"neighbourcell\",\"NR\",633984,262,-102,-17,-6,-,32";

ModemConfig quectel_cfg() {
  ModemConfig c;
  c.id = "cmcc";
  c.port = "/dev/ttyUSB2";
  c.info_every = 10;
  return c;
}

}  // namespace

TEST_CASE("quectel driver: init asks identity and enables registration URCs", "[probe][driver]") {
  const ModemConfig cfg = quectel_cfg();
  auto d = make_driver(cfg);
  d->begin_init();
  const Modem m{{"ATE0", {}},
                {"ATI", {{"Quectel", "RG801H-EA", "Revision: RG801HEAAAR03A01M8G"}}},
                {"AT+CGSN", {{"869710030002905"}}},
                {"AT+CEREG=2", {}},
                {"AT+C5GREG=2", {{}, AtStatus::CmeError}}};
  CHECK(run_phase(*d, m) == std::vector<std::string>{"ATE0", "ATI", "AT+CGSN", "AT+CEREG=2", "AT+C5GREG=2"});
  CHECK(d->identity().manufacturer == "Quectel");
  CHECK(d->identity().model == "RG801H-EA");
  CHECK(d->identity().revision == "RG801HEAAAR03A01M8G");
  CHECK(d->identity().imei == "869710030002905");
  const auto notes = d->take_notes();
  REQUIRE(notes.size() == 1);  // the failed C5GREG=2 is an event, not a stop
  CHECK(notes[0].detail == "AT+C5GREG=2: +CME ERROR");
}

TEST_CASE("quectel driver: an SA cycle, nr5g_cell_id dropped after its first ERROR", "[probe][driver]") {
  const ModemConfig cfg = quectel_cfg();
  auto d = make_driver(cfg);
  const Modem m{{"AT+QENG=\"servingcell\"", {{kSa}}},
                {"AT+QENG=\"neighbourcell\"", {{kNrNeighbour}}},
                {"AT+QNWINFO", {{"+QNWINFO: \"TDD NR5G\",\"46000\",\"NR5G BAND 41\",504990"}}},
                {"AT+QCAINFO", {{"+QCAINFO: \"PCC\",504990,12,\"NR5G BAND 41\",901"}}},
                {"AT+QNWCFG=\"nr5g_cell_id\"", {{}, AtStatus::Error}}};
  d->begin_cycle(0);
  CHECK(run_phase(*d, m) == std::vector<std::string>{"AT+QENG=\"servingcell\"", "AT+QENG=\"neighbourcell\"",
                                                     "AT+QNWINFO", "AT+QCAINFO", "AT+QNWCFG=\"nr5g_cell_id\""});
  auto c = d->take_cycle();
  CHECK(c.serving.rat == Rat::NrSa);
  CHECK(c.serving_ok);
  REQUIRE(c.serving.nci);
  CHECK(c.serving.nci->value() == 0x170C23000ULL);
  CHECK(c.serving.pci == 901);
  CHECK(c.serving.tac == 0x46550BU);
  CHECK(c.serving.arfcn == 504990U);
  CHECK(c.serving.band == 41);
  CHECK(c.serving.rsrp->value == Approx(-54));
  CHECK(c.serving.plmn->str() == "46000");
  REQUIRE(c.neighbours.size() == 1);
  CHECK(c.neighbours[0].pci == 262);
  REQUIRE(c.notes.size() == 2);
  CHECK(c.notes[0].detail == "AT+QNWCFG=\"nr5g_cell_id\": ERROR");
  CHECK(c.notes[1].detail.find("not asked again") != std::string::npos);
  CHECK(c.commands == 5);
  CHECK(c.failed == 1);

  d->begin_cycle(1);  // not an info cycle, and no more nr5g_cell_id
  CHECK(run_phase(*d, m) == std::vector<std::string>{"AT+QENG=\"servingcell\"", "AT+QENG=\"neighbourcell\""});
  CHECK(d->take_cycle().notes.empty());
}

TEST_CASE("quectel driver: nr5g_cell_id answer fills and cross-checks the NCI", "[probe][driver]") {
  ModemConfig cfg = quectel_cfg();
  cfg.neighbours = false;
  auto d = make_driver(cfg);
  const Modem m{{"AT+QENG=\"servingcell\"", {{kSa}}},
                {"AT+QNWCFG=\"nr5g_cell_id\"", {{"+QNWCFG: \"nr5g_cell_id\",64F000170C23000,170C23000,5C308C"}}}};
  d->begin_cycle(1);
  CHECK(run_phase(*d, m) == std::vector<std::string>{"AT+QENG=\"servingcell\"", "AT+QNWCFG=\"nr5g_cell_id\""});
  auto c = d->take_cycle();
  CHECK(c.serving.nci->value() == 0x170C23000ULL);
  for (const auto& n : c.notes) CHECK(n.kind != EventKind::Note);  // agrees: no mismatch note
}

TEST_CASE("quectel driver: a malformed serving line is a ParseError and the cycle goes on", "[probe][driver]") {
  ModemConfig cfg = quectel_cfg();
  auto d = make_driver(cfg);
  const Modem m{{"AT+QENG=\"servingcell\"", {{"+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,XYZ"}}},
                {"AT+QENG=\"neighbourcell\"", {{kNrNeighbour, "+QENG: \"neighbourcell\",\"NR\",abc"}}}};
  d->begin_cycle(3);
  run_phase(*d, m);
  auto c = d->take_cycle();
  CHECK(c.serving.rat == Rat::None);
  CHECK_FALSE(c.serving_ok);
  CHECK(c.neighbours.size() == 1);
  std::size_t parse_errors = 0;
  for (const auto& n : c.notes) {
    if (n.kind == EventKind::ParseError) {
      ++parse_errors;
      CHECK(n.detail.find(" | +QENG: ") != std::string::npos);  // the raw line is in the event
    }
  }
  CHECK(parse_errors == 2);
}

TEST_CASE("quectel driver: neighbours every Nth cycle, timeouts are notes", "[probe][driver]") {
  ModemConfig cfg = quectel_cfg();
  cfg.neighbour_every = 3;
  cfg.info_every = 100;
  auto d = make_driver(cfg);
  const Modem m{{"AT+QENG=\"servingcell\"", {{}, AtStatus::Timeout}}};
  d->begin_cycle(4);
  CHECK(run_phase(*d, m) == std::vector<std::string>{"AT+QENG=\"servingcell\""});
  auto c = d->take_cycle();
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].detail == "AT+QENG=\"servingcell\": TIMEOUT");
  d->begin_cycle(6);
  CHECK(run_phase(*d, m).size() == 2);
}

TEST_CASE("generic driver: COPS, CEREG, C5GREG and CESQ make a serving cell", "[probe][driver]") {
  ModemConfig cfg = quectel_cfg();
  cfg.driver = DriverKind::Generic;
  auto d = make_driver(cfg);
  d->begin_init();
  CHECK(run_phase(*d, {}).size() == 6);
  SECTION("NR SA") {
    const Modem m{{"AT+COPS?", {{"+COPS: 0,2,\"46000\",11"}}},
                  {"AT+CEREG?", {{"+CEREG: 2,0"}}},
                  {"AT+C5GREG?", {{"+C5GREG: 2,1,\"46550B\",\"0000000170C23000\",11,1,\"01\""}}},
                  {"AT+CESQ", {{"+CESQ: 99,99,255,255,255,255,40,60,70"}}}};
    d->begin_cycle(0);
    run_phase(*d, m);
    auto c = d->take_cycle();
    CHECK(c.serving.rat == Rat::NrSa);
    CHECK(c.serving.plmn->str() == "46000");
    CHECK(c.serving.nci->value() == 0x170C23000ULL);
    CHECK(c.serving.tac == 0x46550BU);
    CHECK(c.serving.rsrp->value == Approx(-157 + 60));
    CHECK(c.notes.empty());
  }
  SECTION("LTE, C5GREG unsupported") {
    const Modem m{{"AT+COPS?", {{"+COPS: 0,2,\"46011\",7"}}},
                  {"AT+CEREG?", {{"+CEREG: 2,1,\"2D0F\",\"1A2D003\",7"}}},
                  {"AT+CESQ", {{"+CESQ: 99,99,255,255,19,51"}}}};
    d->begin_cycle(0);
    run_phase(*d, m);
    auto c = d->take_cycle();
    CHECK(c.serving.rat == Rat::Lte);
    CHECK(c.serving.eci->value() == 0x1A2D003U);
    CHECK(c.serving.tac == 0x2D0FU);
    CHECK(c.serving.rsrp->value == Approx(-90));
    CHECK(c.serving.rsrq->value == Approx(-10.5));
    CHECK(c.notes.size() == 2);  // C5GREG? ERROR, then "not asked again"
    d->begin_cycle(1);
    CHECK(run_phase(*d, m) == std::vector<std::string>{"AT+COPS?", "AT+CEREG?", "AT+CESQ"});
  }
}
