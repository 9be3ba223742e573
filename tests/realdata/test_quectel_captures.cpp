// Golden tests over every real Quectel/OpenLuat capture in ../shared/data/quectel-at-captures (SOURCE.md
// there names devices, firmware and origins). The expected outputs in tests/golden/quectel/ are our own
// decoder's output, read line by line against the captures before they were committed: they are the
// specification. Regenerate with SHIKAN_UPDATE_GOLDEN=1 build/bin/realdata_tests "[quectel]" and give the
// reason for every changed line in the commit message. The shared data is never copied into the repo.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shikan/probe/decode.hpp"
#include "golden.hpp"
#include "test_paths.hpp"

using namespace shikan::probe;
using nlohmann::json;
namespace fs = std::filesystem;

using shikan::test::check_golden;
using shikan::test::read_file;

namespace {

std::string decode_text(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  decode_stream(in, out);
  return out.str();
}

std::vector<json> records(const std::string& jsonl) {
  std::vector<json> out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

fs::path golden_dir() { return shikan::test::source_dir() / "tests" / "golden" / "quectel"; }

std::string unhex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

const json* find(const std::vector<json>& recs, const std::string& kind, int line) {
  for (const json& r : recs)
    if (r["kind"] == kind && r["line"] == line) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("quectel captures: issue-thread-captures.txt", "[realdata][quectel]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path src = shared / "data" / "quectel-at-captures" / "issue-thread-captures.txt";
  const std::string out = decode_text(read_file(src));
  check_golden(golden_dir() / "issue-thread-captures.expected.jsonl", out);
  const auto recs = records(out);

  const json* lte = find(recs, "servingcell", 10);  // issue #111, LTE 222-88
  REQUIRE(lte);
  CHECK((*lte)["rat"] == "LTE");
  CHECK((*lte)["plmn"] == "22288");
  CHECK((*lte)["cell_id"] == 0x243800E);
  CHECK((*lte)["tac"] == 0x3AC9);
  CHECK((*lte)["sinr"] == 10);  // raw 15, 2X-20

  const json* endc = find(recs, "servingcell", 18);  // issue #56, EN-DC 515-03, "+QENG:\"NR5G-NSA\""
  REQUIRE(endc);
  CHECK((*endc)["rat"] == "NR-NSA");
  CHECK((*endc)["plmn"] == "51503");
  CHECK((*endc)["cell_id"] == 0x3359966);
  CHECK((*endc)["nr_pci"] == 832);
  CHECK((*endc)["nr_rsrp"] == -76);
  CHECK((*endc)["nr_sinr"] == 21);
  CHECK((*endc)["nr_rsrq"] == -11);

  const json* amari = find(recs, "servingcell", 25);  // libqmi PR #2, old 7-field NSA line
  REQUIRE(amari);
  CHECK((*amari)["form"] == "endc_old_nsa");
  CHECK((*amari)["plmn"] == "00101");
  CHECK((*amari)["sinr"] == 30);     // qmicli: LTE SNR 30.0 dB
  CHECK((*amari)["nr_sinr"] == 18);  // raw 180 in 0.1 dB; qmicli: 18.5 dB

  const json* reg = find(recs, "registration", 49);  // issue #57 C5GREG = the servingcell of line 52
  const json* sa = find(recs, "servingcell", 52);
  REQUIRE(reg);
  REQUIRE(sa);
  CHECK((*reg)["cell_id"] == (*sa)["cell_id"]);
  CHECK((*reg)["tac"] == (*sa)["tac"]);
  CHECK((*sa)["cell_id"] == 0x100072000LL);
}

TEST_CASE("quectel captures: quectel-CM log (RG801H, 460-00)", "[realdata][quectel]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path src = shared / "data" / "quectel-at-captures" / "quectel-cm-log" / "ecm_ncm_rndis.txt";
  const std::string out = decode_text(read_file(src));
  check_golden(golden_dir() / "ecm_ncm_rndis.expected.jsonl", out);
  const auto recs = records(out);
  const json* first = find(recs, "servingcell", 62);
  REQUIRE(first);
  CHECK((*first)["ts_local"] == "04-21T17:35:15.441");
  CHECK((*first)["plmn"] == "46000");
  CHECK((*first)["cell_id"] == 0x170C23000LL);
  CHECK((*first)["pci"] == 901);
  CHECK((*first)["arfcn"] == 504990);
  CHECK((*first)["band"] == 41);
  CHECK((*first)["bandwidth_mhz"].is_null());
  CHECK((*first)["bandwidth_code"].is_null());
  const json* reg = find(recs, "registration", 56);
  REQUIRE(reg);
  CHECK((*reg)["cell_id"] == 0x170C23000LL);
  CHECK((*reg)["tac"] == 0x46550B);
  int serving = 0;
  for (const json& r : recs) serving += r["kind"] == "servingcell";
  CHECK(serving == 4);
}

TEST_CASE("quectel captures: qmodem-testcases-decoded.txt", "[realdata][quectel]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path src = shared / "data" / "quectel-at-captures" / "qmodem-testcases-decoded.txt";
  const std::string out = decode_text(read_file(src));
  check_golden(golden_dir() / "qmodem-testcases-decoded.expected.jsonl", out);
  const auto recs = records(out);
  bool saw_sa = false, saw_ati = false;
  for (const json& r : recs) {
    if (r["kind"] == "servingcell") {
      saw_sa = true;
      CHECK(r["plmn"] == "46011");
      CHECK(r["cell_id"] == 0x760BF0114LL);
      CHECK(r["tac"] == 0x76010F);
      CHECK(r["rsrp"] == -89);
      CHECK(r["rsrq"] == -8);
      CHECK(r["sinr"] == 15);
    }
    if (r["kind"] == "identity" && r.contains("revision") && r["command"] == "ATI") {
      saw_ati = true;
      CHECK(r["manufacturer"] == "Quectel");
      CHECK(r["model"] == "RM500U-CNV");
      CHECK(r["revision"] == "RM500UCNVCAR03A12M2G");
    }
  }
  CHECK(saw_sa);
  CHECK(saw_ati);
}

TEST_CASE("quectel captures: every QModem JSON fixture's response_hex", "[realdata][quectel]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path root = shared / "data" / "quectel-at-captures" / "qmodem-testcases";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string rel = fs::relative(e.path(), root).generic_string();
    if (e.is_regular_file() && e.path().extension() == ".json" && rel.find("/expected/") == std::string::npos)
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 67);  // SOURCE.md: 67 raw fixtures incl. recognition/
  std::string out;
  for (const fs::path& p : files) {
    const json fx = json::parse(read_file(p));
    // One header line per fixture, then the records of its response.
    out += json{{"fixture", fs::relative(p, root).generic_string()}, {"command", fx["command"]}}.dump();
    out += '\n';
    out += decode_text(unhex(fx["response_hex"].get<std::string>()));
  }
  check_golden(golden_dir() / "qmodem-fixtures.expected.jsonl", out);

  // The RM500U servingcell fixture by hand.
  const fs::path sc = root / "quectel" / "unisoc" / "rm500u-cnv-49196729" / "AT_QENG__servingcell_-e19a6a5b.json";
  const auto recs = records(decode_text(unhex(json::parse(read_file(sc))["response_hex"].get<std::string>())));
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["kind"] == "servingcell");
  CHECK(recs[0]["line"] == 2);
  CHECK(recs[0]["cell_id"] == 0x760BF0114LL);
  CHECK(recs[0]["pci"] == 702);
  CHECK(recs[0]["bandwidth_mhz"] == 100);
  CHECK(recs[0]["srxlev"] == 34);
}
