// Reported sites list: aliases, encodings, CRS, per-row rejections and fatal errors.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "shikan/core/sites.hpp"
#include "test_paths.hpp"

namespace {

using shikan::Crs;
using shikan::Operator;
using shikan::SiteList;
using shikan::csv::TextEncoding;

SiteList parse(const std::string& text, shikan::SiteReadOptions opt = {}) {
  return shikan::parse_sites(text, TextEncoding::Utf8, "s.csv", opt);
}

std::vector<std::string> messages(const SiteList& l) {
  std::vector<std::string> out;
  for (const auto& r : l.rejections) out.push_back(r.message);
  return out;
}

}  // namespace

TEST_CASE("sites: operator spellings", "[sites]") {
  struct Case {
    std::string text;
    Operator op;
    bool has_plmn;
  };
  const std::vector<Case> cases = {
      {"46000", Operator::ChinaMobile, true},   {"46001", Operator::ChinaUnicom, true},
      {"46011", Operator::ChinaTelecom, true},  {"46015", Operator::ChinaBroadnet, true},
      {"27201", Operator::Other, true},         {"CMCC", Operator::ChinaMobile, false},
      {"cucc", Operator::ChinaUnicom, false},   {"Ctcc", Operator::ChinaTelecom, false},
      {"CBN", Operator::ChinaBroadnet, false},  {"中国移动", Operator::ChinaMobile, false},
      {"中国联通", Operator::ChinaUnicom, false}, {"中国电信", Operator::ChinaTelecom, false},
      {"中国广电", Operator::ChinaBroadnet, false}, {"移动", Operator::ChinaMobile, false},
      {"联通", Operator::ChinaUnicom, false},   {"电信", Operator::ChinaTelecom, false},
      {"广电", Operator::ChinaBroadnet, false}, {" China Mobile ", Operator::ChinaMobile, false},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto r = shikan::parse_site_operator(c.text);
    REQUIRE(r.ok());
    CHECK(r->op == c.op);
    CHECK(r->plmn.has_value() == c.has_plmn);
  }
  for (const std::string bad : {"", "中国", "4600", "mobile", "中国铁通"}) {
    INFO(bad);
    CHECK_FALSE(shikan::parse_site_operator(bad).ok());
  }
}

TEST_CASE("sites: site types in English and Chinese", "[sites]") {
  CHECK(shikan::parse_site_type("Macro") == shikan::SiteType::Macro);
  CHECK(shikan::parse_site_type("宏站") == shikan::SiteType::Macro);
  CHECK(shikan::parse_site_type("微站") == shikan::SiteType::Micro);
  CHECK(shikan::parse_site_type("室分") == shikan::SiteType::Indoor);
  CHECK(shikan::parse_site_type("皮站") == shikan::SiteType::Pico);
  CHECK(shikan::parse_site_type("tower") == std::nullopt);
}

TEST_CASE("sites: a good list with optional columns", "[sites]") {
  const auto l = parse(
      "site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,rat,band,type,district,address,azimuth\n"
      "A1,46000,39.9075,116.39723,123456,24,,NR,n41,macro,东城区,\"天安门, 广场\",120\n"
      "A2,ctcc,39.91,116.40,,,524287,LTE,B3,,,,\n");
  REQUIRE(l.sites.size() == 2);
  CHECK(l.rows == 2);
  CHECK(l.rejections.empty());
  CHECK(l.unmapped_columns == std::vector<std::string>{"azimuth"});
  const auto& a = l.sites[0];
  CHECK(a.site_id == "A1");
  CHECK(a.op.op == Operator::ChinaMobile);
  CHECK(a.op.plmn->str() == "46000");
  CHECK(a.gnb_id == 123456u);
  CHECK(a.gnb_id_bits == 24);
  CHECK_FALSE(a.enb_id);
  CHECK(a.rat == "NR");
  CHECK(a.band == "n41");
  CHECK(a.type == shikan::SiteType::Macro);
  CHECK(a.district == "东城区");
  CHECK(a.address == "天安门, 广场");
  CHECK(a.line == 2);
  CHECK(a.pos == a.raw);  // declared WGS-84: no conversion
  CHECK(l.sites[1].enb_id == 524287u);
  CHECK_FALSE(l.sites[1].type);
}

TEST_CASE("sites: bad rows are rejected one by one, the rest kept", "[sites]") {
  struct Case {
    const char* name;
    std::string row;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"empty id", ",46000,30,120", "missing site_id"},
      {"unknown operator", "X,中国铁通,30,120", "unknown operator '中国铁通'"},
      {"empty operator", "X,,30,120", "missing operator"},
      {"missing lat", "X,46000,,120", "missing lat"},
      {"text lat", "X,46000,abc,120", "lat 'abc' is not a number"},
      {"NaN lat", "X,46000,nan,120", "lat 'nan' is not a finite number"},
      {"inf lon", "X,46000,30,inf", "lon 'inf' is not a finite number"},
      {"trailing junk", "X,46000,30.1N,120", "lat '30.1N' is not a number"},
      {"null island", "X,46000,0,0", "placeholder"},
      {"absurd", "X,46000,300,120", "coordinates out of range: lat 300 lon 120"},
      {"swapped", "X,46000,120.15,30.27", "are the lat and lon columns exchanged?"},
      {"gnb bits", "X,46000,30,120,1,40", "gnb_id_bits '40' is not an integer in 22..32"},
      {"gnb too big", "X,46000,30,120,4194304,22", "gnb_id '4194304' is not an integer below 2^22"},
      {"gnb text", "X,46000,30,120,0x12,", "gnb_id '0x12' is not an integer"},
      {"enb too big", "X,46000,30,120,,,1048576", "enb_id '1048576' is not an integer below 2^20"},
      {"bad type", "X,46000,30,120,,,,tower", "type 'tower' is not macro|micro|indoor|pico"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto l = parse("site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,type\nOK,46000,30.2,120.1\n" + c.row + "\n");
    CHECK(l.rows == 2);
    REQUIRE(l.sites.size() == 1);
    CHECK(l.sites[0].site_id == "OK");
    REQUIRE(l.rejections.size() == 1);
    CHECK(l.rejections[0].line == 3);
    CHECK_THAT(l.rejections[0].message, Catch::StartsWith("s.csv:3: ") && Catch::Contains(c.message_part));
  }
  // An out-of-range pair that would not land in China when swapped gets no hint.
  const auto l = parse("site_id,operator,lat,lon\nX,46000,100,-8\n");
  REQUIRE(l.rejections.size() == 1);
  CHECK_THAT(l.rejections[0].message, !Catch::Contains("exchanged"));
}

TEST_CASE("sites: duplicated site_id per operator", "[sites]") {
  const auto l = parse(
      "site_id,operator,lat,lon\n"
      "A,46000,30.1,120.1\n"
      "A,中国移动,30.2,120.2\n"   // same operator, other spelling: duplicate
      "A,46001,30.3,120.3\n"      // same id, another operator: fine
      "A,CMCC,30.4,120.4\n");
  CHECK(l.rows == 4);
  REQUIRE(l.sites.size() == 2);
  CHECK(l.sites[0].raw.lat.degrees() == 30.1);  // the first row is kept
  REQUIRE(l.duplicates.size() == 1);
  CHECK(l.duplicates[0].site_id == "A");
  CHECK(l.duplicates[0].operator_key == "cmcc");
  CHECK(l.duplicates[0].lines == std::vector<std::size_t>{2, 3, 5});
  CHECK(messages(l) == std::vector<std::string>{
                           "s.csv:3: duplicate site_id 'A' for operator cmcc (first at line 2)",
                           "s.csv:5: duplicate site_id 'A' for operator cmcc (first at line 2)"});
}

TEST_CASE("sites: declared CRS converted to WGS-84, raw kept", "[sites]") {
  const shikan::GeoPoint wgs{shikan::Latitude(30.2741), shikan::Longitude(120.1551)};
  for (const Crs crs : {Crs::Gcj02, Crs::Bd09}) {
    INFO(shikan::to_string(crs));
    const auto enc = shikan::from_wgs84(wgs, crs);
    const std::string text = fmt::format("site_id,operator,lat,lon\nA,46000,{:.10f},{:.10f}\n", enc.lat.degrees(),
                                         enc.lon.degrees());
    shikan::SiteReadOptions opt;
    opt.crs = crs;
    const auto l = parse(text, opt);
    REQUIRE(l.sites.size() == 1);
    CHECK(l.crs == crs);
    CHECK(l.sites[0].raw.lat.degrees() == Approx(enc.lat.degrees()).margin(1e-10));
    CHECK(shikan::haversine(l.sites[0].pos, wgs).value < 0.01);
    CHECK(shikan::haversine(l.sites[0].raw, wgs).value > 100.0);
  }
}

TEST_CASE("sites: fatal problems name the file and line", "[sites]") {
  CHECK_THROWS_WITH(parse("site_id,operator,lon\nA,46000,120\n"),
                    Catch::StartsWith("s.csv:1: missing required column 'lat' (aliases: latitude, 纬度)"));
  CHECK_THROWS_WITH(parse(""), "s.csv:1: empty file: no header row");
  CHECK_THROWS_WITH(parse("site_id,operator,lat,lon\n"), "s.csv:1: no site rows after the header");
  CHECK_THROWS_WITH(parse("site_id,operator,lat,lon\nA,46000,\"30,120\n"),
                    Catch::StartsWith("s.csv:2: unterminated quoted field"));
  CHECK_THROWS_WITH(shikan::read_sites_file("/nonexistent/sites.csv"), Catch::StartsWith("/nonexistent/sites.csv: cannot open"));
  shikan::SiteReadOptions bad;
  bad.column_aliases = {{"latt", "x"}};
  CHECK_THROWS_AS(parse("site_id,operator,lat,lon\nA,46000,30,120\n", bad), std::invalid_argument);
}

TEST_CASE("sites: blank rows, tabs, BOM and CRLF", "[sites]") {
  const auto l = parse("\xEF\xBB\xBFSite_ID\tOperator\tLatitude\tLongitude\r\nA\t46000\t30.1\t120.1\r\n\t\t\t\r\nB\t46001\t30.2\t120.2\r\n");
  CHECK(l.rows == 2);
  CHECK(l.blank_rows == 1);
  REQUIRE(l.sites.size() == 2);
  CHECK(l.sites[1].line == 4);
}

TEST_CASE("sites: column and operator aliases for foreign lists", "[sites]") {
  shikan::SiteReadOptions opt;
  opt.column_aliases = {{"site_id", "bs_id"}, {"lat", "bs_lat"}, {"lon", "bs_long"}, {"operator", "bs_operator"}};
  opt.operator_aliases = {{"mno_1", Operator::Other}, {"mno_2", Operator::Other}};
  const auto l = parse("bs_id,bs_operator,bs_lat,bs_long\nx,mno_1,51.9,-8.5\nx,mno_2,51.9,-8.5\nx,mno_1,51.8,-8.4\n", opt);
  CHECK(l.sites.size() == 2);  // same id under two anonymised operators is not a duplicate
  REQUIRE(l.duplicates.size() == 1);
  CHECK(l.duplicates[0].operator_key == "mno_1");
  CHECK(l.sites[0].operator_text == "mno_1");
  CHECK(l.sites[0].pos == l.sites[0].raw);  // Ireland: outside China, no shift even if declared GCJ-02
}

TEST_CASE("sites: UTF-8 fixture with Chinese headers", "[sites][fixtures]") {
  const auto l = shikan::read_sites_file(shikan::test::fixtures() / "sites" / "hangzhou_utf8.csv");
  CHECK(l.encoding == TextEncoding::Utf8);
  CHECK(l.rows == 6);
  REQUIRE(l.sites.size() == 3);
  CHECK(l.sites[0].site_id == "HZ-0001");
  CHECK(l.sites[0].gnb_id_bits == 24);
  CHECK(l.sites[0].gnb_id == 1048577u);
  CHECK(l.sites[0].type == shikan::SiteType::Macro);
  CHECK(l.sites[1].address == "西湖景区, 断桥");
  CHECK(l.sites[1].type == shikan::SiteType::Indoor);
  CHECK(l.sites[2].op.op == Operator::ChinaTelecom);
  REQUIRE(l.rejections.size() == 3);
  CHECK(l.rejections[0].line == 5);
  CHECK_THAT(l.rejections[0].message, Catch::Contains("exchanged"));
  CHECK(l.rejections[1].line == 6);
  CHECK(l.rejections[2].line == 7);
  CHECK_THAT(l.rejections[2].message, Catch::Contains("duplicate site_id 'HZ-0001'"));
}

TEST_CASE("sites: GBK fixture is detected and converted", "[sites][fixtures]") {
  const auto l = shikan::read_sites_file(shikan::test::fixtures() / "sites" / "shenzhen_gbk.csv");
  CHECK(l.encoding == TextEncoding::Gbk);
  CHECK(l.rows == 3);
  CHECK(l.rejections.empty());
  REQUIRE(l.sites.size() == 3);
  CHECK(l.sites[0].op.op == Operator::ChinaMobile);
  CHECK(l.sites[0].address == "深圳市福田区");
  CHECK(l.sites[1].type == shikan::SiteType::Pico);
  CHECK(l.sites[2].line == 4);
}

TEST_CASE("sites: GBK bytes written by the test", "[sites]") {
  // "site_id,operator,lat,lon\nA,中国移动,30,120\n" with 中国移动 in GBK (D6 D0 B9 FA D2 C6 B6 AF).
  const std::string bytes = "site_id,operator,lat,lon\nA,\xD6\xD0\xB9\xFA\xD2\xC6\xB6\xAF,30,120\n";
  const auto text = shikan::csv::decode_text(bytes, "g.csv");
  CHECK(text.encoding == TextEncoding::Gbk);
  const auto l = shikan::parse_sites(text.utf8, text.encoding, "g.csv");
  REQUIRE(l.sites.size() == 1);
  CHECK(l.sites[0].op.op == Operator::ChinaMobile);
  CHECK(l.sites[0].operator_text == "中国移动");
}
