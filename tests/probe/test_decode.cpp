// The transcript decoder: golden fixtures (tests/fixtures/at/*.txt -> *.expected.jsonl), prefixes,
// groups, absent-vs-null, line endings, invalid bytes and a seeded garbage run.
//
// Golden files are the specification of the decoder's output. To regenerate them after a deliberate
// change: SHIKAN_UPDATE_GOLDEN=1 build/bin/probe_tests "[golden]"; then read the diff line by line, and
// say in the commit message why the expected output changed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shikan/probe/decode.hpp"
#include "golden.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::probe;
using nlohmann::json;

using shikan::test::check_golden;
using shikan::test::read_file;

namespace {

std::string decode_text(const std::string& text, DecodeStats* stats = nullptr) {
  std::istringstream in(text);
  std::ostringstream out;
  const DecodeStats s = decode_stream(in, out);
  if (stats) *stats = s;
  return out.str();
}

std::vector<json> records(const std::string& jsonl) {
  std::vector<json> out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("golden: decoder fixtures", "[probe][decode][golden]") {
  const auto dir = shikan::test::fixtures() / "at";
  for (const char* name : {"rm500q_endc_drive", "rm520n_rm500u_raw_export", "garbage"}) {
    INFO(name);
    const std::string out = decode_text(read_file(dir / (std::string(name) + ".txt")));
    for (const json& r : records(out)) {  // every line is one JSON object with kind and line
      CHECK(r.contains("kind"));
      CHECK(r["line"].get<int>() > 0);
    }
    check_golden(dir / (std::string(name) + ".expected.jsonl"), out);
  }
}

TEST_CASE("fixture rm500q_endc_drive: key values", "[probe][decode]") {
  DecodeStats st;
  const auto recs = records(decode_text(read_file(shikan::test::fixtures() / "at" / "rm500q_endc_drive.txt"), &st));
  REQUIRE(!recs.empty());
  const json& endc = recs.front();
  CHECK(endc["kind"] == "servingcell");
  CHECK(endc["rat"] == "NR-NSA");
  CHECK(endc["line"] == 7);  // the group's first line, emitted at OK
  CHECK(endc["ts"] == "2026-11-21T06:00:00.050Z");
  CHECK(endc["plmn"] == "46001");
  CHECK(endc["cell_id"] == 0x5F1EA15);
  CHECK(endc["nr_pci"] == 747);
  CHECK(endc["nr_sinr"] == 16);
  CHECK(endc["tx_power"].is_null());  // carried as '-'
  CHECK(st.count(RecordKind::ServingCell) == 4);
  CHECK(st.count(RecordKind::Neighbour) == 2);
  CHECK(st.count(RecordKind::AtError) == 1);
  CHECK(st.errors() == 1);  // +QSPN
  bool saw_lte_only = false, saw_search = false;
  for (const json& r : recs) {
    if (r["kind"] == "servingcell" && r["form"] == "endc_lte_only") {
      saw_lte_only = true;
      CHECK(r["rat"] == "LTE");
      CHECK_FALSE(r.contains("nr_pci"));
    }
    if (r["kind"] == "servingcell" && r["rat"] == "NONE") {
      saw_search = true;
      CHECK(r["state"] == "SEARCH");
      CHECK_FALSE(r.contains("cell_id"));
    }
    if (r["kind"] == "at_error") CHECK(r["command"] == "AT+QCAINFO");
    if (r["kind"] == "cell_id") CHECK(r["gnb_id_bits"] == 24);
  }
  CHECK(saw_lte_only);
  CHECK(saw_search);
}

TEST_CASE("raw export with interleaved sources keeps one answer context per source", "[probe][decode]") {
  const auto recs =
      records(decode_text(read_file(shikan::test::fixtures() / "at" / "rm520n_rm500u_raw_export.txt")));
  int identities = 0, fixes = 0;
  for (const json& r : recs) {
    CHECK(r.contains("source"));
    if (r["kind"] == "identity") {
      ++identities;
      if (r["source"] == "cmcc") {
        CHECK(r["manufacturer"] == "Quectel");
        CHECK(r["model"] == "RM520N-CN");
        CHECK(r["revision"] == "RM520NCNAAR03A03M4G");
      } else {
        CHECK(r["imei"] == "869955065336336");
      }
    }
    if (r["kind"] == "fix") ++fixes;
    if (r["kind"] == "servingcell" && r["source"] == "ctcc") CHECK(r["form"] == "nr_sa_unisoc");
  }
  CHECK(identities == 2);
  CHECK(fixes >= 2);
}

TEST_CASE("prefixes: ISO forms, quectel-CM, raw export; comments, echoes and OK are not records",
          "[probe][decode]") {
  TranscriptDecoder d;
  std::string out;
  d.feed("# a comment", out);
  d.feed("", out);
  d.feed("2026-11-21T14:17:25.5+08:00 +CSQ: 18,99", out);
  d.feed("[04-21_17:35:15:441] AT> AT+CSQ", out);
  d.feed("[04-21_17:35:15:441] AT< +CSQ: 18,99", out);
  d.feed("[04-21_17:35:15:442] AT< OK", out);
  d.feed("[04-21_17:35:15:443] ifconfig usb0 up", out);
  d.feed("2026-11-21T06:17:25.123Z cmcc < +CSQ: 18,99", out);
  d.feed("2026-11-21T06:17:25.123Z cmcc > AT+CSQ", out);
  d.finish(out);
  const auto recs = records(out);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0]["ts"] == "2026-11-21T06:17:25.500Z");
  CHECK(recs[0]["line"] == 3);
  CHECK(recs[1]["ts_local"] == "04-21T17:35:15.441");
  CHECK_FALSE(recs[1].contains("ts"));
  CHECK(recs[2]["source"] == "cmcc");
  CHECK(d.stats().lines == 9);
  CHECK(d.stats().skipped == 6);
  CHECK(d.stats().count(RecordKind::Signal) == 3);
}

TEST_CASE("groups end at the next non-continuation line or at finish", "[probe][decode]") {
  TranscriptDecoder d;
  std::string out;
  d.feed("+QENG: \"servingcell\",\"NOCONN\"", out);
  d.feed("+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10,-99,-12,-67,11,9,230,-", out);
  CHECK(out.empty());
  d.feed("+QENG:\"NR5G-NSA\",460,01,747,-71,13,-11,627264,78,12,1", out);
  d.feed("+CSQ: 18,99", out);  // ends the group: the servingcell record comes first
  d.feed("+QENG: \"servingcell\",\"SEARCH\"", out);
  d.finish(out);
  const auto recs = records(out);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0]["kind"] == "servingcell");
  CHECK(recs[0]["line"] == 1);
  CHECK(recs[1]["kind"] == "signal");
  CHECK(recs[2]["rat"] == "NONE");
  CHECK(recs[2]["line"] == 5);
}

TEST_CASE("absent vs null, and bare IMEI only after AT+CGSN", "[probe][decode]") {
  TranscriptDecoder d;
  std::string out;
  d.feed("+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",222,88,243800E,20,3350,7,5,5,3AC9,-86,-13,-52,15,-", out);
  d.feed("869955065336336", out);
  d.feed("AT+CGSN", out);
  d.feed("869955065336336", out);
  d.feed("OK", out);
  d.feed("869955065336336", out);
  d.finish(out);
  const auto recs = records(out);
  REQUIRE(recs.size() == 4);
  CHECK(recs[0]["cqi"].is_null());
  CHECK_FALSE(recs[0].contains("tx_power"));
  CHECK_FALSE(recs[0].contains("scs"));
  CHECK(recs[1]["kind"] == "error");
  CHECK(recs[1]["reason"] == "unrecognised line");
  CHECK(recs[2]["imei"] == "869955065336336");
  CHECK(recs[2]["line"] == 4);
  CHECK(recs[3]["kind"] == "error");
}

TEST_CASE("invalid UTF-8 and control bytes still give valid JSON", "[probe][decode]") {
  TranscriptDecoder d;
  std::string out;
  static constexpr char kBytes[] = "\xff\xfe+QX\x01\"\\ \xe4\xb8\xad \xc3";
  d.feed(std::string_view(kBytes, sizeof kBytes - 1), out);
  d.finish(out);
  const auto recs = records(out);
  REQUIRE(recs.size() == 1);
  const std::string raw = recs[0]["raw"];
  CHECK(raw == "\u00ff\u00fe+QX\x01\"\\ \xe4\xb8\xad \u00c3");
  CHECK(out.find("\\u00ff\\u00fe+QX\\u0001\\\"\\\\") != std::string::npos);
}

TEST_CASE("decode_stream: LF, CRLF, CR CR LF, lone CR, NUL, no final newline, block boundaries",
          "[probe][decode]") {
  const std::vector<std::string> lines{"+CSQ: 18,99", "+CESQ: 99,99,255,255,19,51", "OK",
                                      std::string("+CSQ: 1\0,99", 11), "+CSQ: 5,99"};
  auto join = [&](std::string_view sep, bool final_sep) {
    std::string s;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      s += lines[i];
      if (i + 1 < lines.size() || final_sep) s += sep;
    }
    return s;
  };
  const std::string lf = decode_text(join("\n", true));
  CHECK(decode_text(join("\r\n", true)) == lf);
  CHECK(decode_text(join("\r\r\n", false)) == lf);
  CHECK(decode_text(join("\r", true)) == lf);
  CHECK(decode_text(join("\n", false)) == lf);
  const auto recs = records(lf);
  REQUIRE(recs.size() == 4);
  CHECK(recs[3]["line"] == 5);

  // A CR LF pair split by the 1 MiB read block must still be one terminator.
  std::string big(std::size_t{1} << 20, ' ');
  big[0] = '#';
  big[(std::size_t{1} << 20) - 1] = '\r';
  big += "\n+CSQ: 18,99\n";
  DecodeStats st;
  const auto r2 = records(decode_text(big, &st));
  REQUIRE(r2.size() == 1);
  CHECK(r2[0]["line"] == 2);
  CHECK(st.lines == 2);
}

TEST_CASE("append_raw_line writes what the decoder reads back", "[probe][decode]") {
  RawLine l;
  l.utc = UtcTime{1'795'242'245'123};
  l.source = "cmcc";
  l.dir = Direction::Received;
  l.text = "+CSQ: 18,99";
  std::string s;
  append_raw_line(l, s);
  CHECK(s == "2026-11-21T06:24:05.123Z cmcc < +CSQ: 18,99");
  TranscriptDecoder d;
  std::string out;
  d.feed(s, out);
  l.dir = Direction::Sent;
  l.text = "AT+CSQ";
  s.clear();
  append_raw_line(l, s);
  CHECK(s == "2026-11-21T06:24:05.123Z cmcc > AT+CSQ");
  d.feed(s, out);
  const auto recs = records(out);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0]["source"] == "cmcc");
  CHECK(recs[0]["ts"] == "2026-11-21T06:24:05.123Z");
  CHECK(d.stats().skipped == 1);
}

TEST_CASE("seeded garbage: never throws, one valid JSON object per output line", "[probe][decode][garbage]") {
  const std::vector<std::string> seeds{
      "+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,-54,-10,16,-,-",
      "+QENG: \"servingcell\",\"NOCONN\"",
      "+QENG: \"LTE\",\"FDD\",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-",
      "+QENG:\"NR5G-NSA\",515,03,832,-76,21,-11,528030,41,8,1",
      "+QCAINFO: \"SCC\",501870,3,\"NR5G BAND 41\",1,271,0,-,-",
      "+C5GREG: 2,1,\"46550B\",\"0000000170C23000\",11,1,\"01\"",
      "+CESQ: 99,99,255,255,19,51",
      "+COPS: 0,2,\"46011\",11",
      "2026-11-21T06:00:00.000Z cmcc < +QNWINFO: \"NR5G-SA\",46011,\"NR N78\",633984",
      "[04-21_17:35:15:441] AT< +QNWCFG: \"nr5g_cell_id\",64F000170C23000,170C23000,170C23",
      "$GNGGA,060000.00,3114.1234,N,12128.5678,E,1,12,0.8,12.3,M,8.9,M,,*79",
      "ATI",
      "Quectel",
  };
  std::mt19937 rng(20261121);
  std::string input;
  for (int i = 0; i < 3000; ++i) {
    std::string l = seeds[rng() % seeds.size()];
    switch (rng() % 4) {
      case 0: l.resize(rng() % (l.size() + 1)); break;                          // cut
      case 1: {  // replace a byte with any byte but a line terminator
        const auto c = static_cast<char>(rng() % 256);
        l[rng() % l.size()] = (c == '\n' || c == '\r') ? 'x' : c;
        break;
      }
      case 2: l.insert(rng() % l.size(), 1, ','); break;                       // extra field
      default: break;
    }
    input += l;
    input += '\n';
  }
  DecodeStats st;
  std::string out;
  REQUIRE_NOTHROW(out = decode_text(input, &st));
  CHECK(st.lines == 3000);
  std::size_t n = 0;
  for (const json& r : records(out)) {
    ++n;
    REQUIRE(r.is_object());
    REQUIRE(r.contains("kind"));
  }
  CHECK(n == st.total_records());
  CHECK(st.errors() > 0);
  CHECK(st.count(RecordKind::ServingCell) > 0);
}
