// report.json -> report.html: order of sections, both languages, number formats, escaping of untrusted text,
// self-containment, and a report with holes (missing keys, nulls, wrong types) that must still render.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "golden.hpp"
#include "shikan/analyzer/report_html.hpp"
#include "test_paths.hpp"

using nlohmann::json;
using shikan::analyzer::render_report_html;
using shikan::analyzer::ReportLang;

namespace {

constexpr std::string_view kHostileId = "<script>alert('x')</script>";

// A small city with every section: two verified sites, one hostile id, nulls where the schema allows them.
json sample_report() {
  json r = R"json({
    "schema": "shikan.report/1",
    "software": {"name": "shikan", "version": "0.3.0"},
    "lang": "zh",
    "city": {"name": "Xiling (demo) & Co", "population": 412000},
    "inputs": [
      {"role": "measurements", "path": "drive/day1.db", "bytes": 1048576, "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "format": "probe-db"},
      {"role": "sites", "path": "sites.csv", "bytes": 2048, "sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", "format": null}
    ],
    "profile": {"rsrp_dbm": -105, "sinr_db": -3, "bin_m": 50, "confidence": 0.95, "tolerance": 0.02,
                "match_radius_m": 300, "place_margin_m": 100},
    "import": {"rows": 41234, "accepted": 41200, "rejected": 34,
               "messages": ["day1.csv:17: time is not ISO-8601", "day1.csv:90: <b>lat</b> out of range"]},
    "cleaning": {"seen": 41200, "usable": 40000, "gnss_jump": 12, "stale_fix": 3, "duplicate": 1185,
                 "without_position": 40, "sentinel_values": 210, "out_of_range_values": 4},
    "gnb_id_length": [{"operator": "cmcc", "plmn": "46000", "bits": 24, "source": "inferred"}],
    "summary": {"listed": 41, "verified": 30, "relocated": 2, "not_observed": 3, "inconclusive": 6,
                "unreported": 2, "decidable": 35},
    "sites": [
      {"site_id": "XL-M01", "operator": "cmcc", "reported": {"lat": 30.123456, "lon": 111.654321},
       "status": "verified", "observed_id": 1510432, "id_kind": "gnb",
       "estimated": {"lat": 30.1238, "lon": 111.6547}, "uncertainty_m": 85.0, "offset_m": 40.2,
       "evidence": {"match": "identity", "samples": 1234, "cells": 3, "best_rsrp_dbm": -71.5,
                    "closest_approach_m": 35.0, "decide_radius_m": 250, "note": "three cells seen"}},
      {"site_id": "<script>alert('x')</script>", "operator": "ctcc", "reported": {"lat": 30.2, "lon": 111.7},
       "status": "not_observed", "observed_id": null, "id_kind": null, "estimated": null,
       "uncertainty_m": null, "offset_m": null,
       "evidence": {"match": "none", "samples": 0, "cells": 0, "best_rsrp_dbm": null,
                    "closest_approach_m": 20.0, "decide_radius_m": 250, "note": null}}
    ],
    "unreported": [{"operator": "cucc", "node_id": 1510440, "id_kind": "gnb",
                    "estimated": {"lat": 30.15, "lon": 111.66}, "uncertainty_m": 120.0, "samples": 530, "cells": 2}],
    "coverage": {"rsrp_dbm": -105, "sinr_db": -3, "bin_m": 50, "bins": 812, "covered_bins": 731, "rate": 0.90,
                 "ci95": [0.86, 0.93], "sample_rate": 0.912, "samples": 40000, "design_effect": 3.2,
                 "per_operator": [
                   {"operator": "cmcc", "bins": 800, "covered_bins": 740, "rate": 0.925, "ci95": [0.904, 0.942],
                    "sample_rate": 0.93},
                   {"operator": "cbn", "bins": 10, "covered_bins": null, "rate": null, "ci95": null,
                    "sample_rate": null}]},
    "residency": {"nr_time_share": 0.873, "ci95": [0.85, 0.89], "hours": 3.0,
                  "per_operator": [{"operator": "cmcc", "nr_time_share": 0.9, "seconds": 10800, "sa_seconds": 8000,
                                    "nsa_seconds": 1720, "lte_seconds": 1000, "other_seconds": 80}]},
    "key_places": [{"name": "Xiling People's Hospital", "category": "hospital", "samples": 120, "reachable": true,
                    "per_operator": [{"operator": "cmcc", "samples": 80, "rsrp_dbm": -92.14, "sinr_db": 5.2,
                                      "covered": true},
                                     {"operator": "cucc", "samples": 40, "rsrp_dbm": null, "sinr_db": null,
                                      "covered": false}]}],
    "crs": {"declared": "auto", "used": "gcj02", "detected_offset_m": {"east": -420.1, "north": 210.3},
            "likely": "gcj02", "pairs": 25},
    "throughput": {"dl_mbps_median": 310.2, "ul_mbps_median": null, "samples": 900},
    "indicators": [
      {"name": "base_stations_5g", "reported": 41, "estimate": 36.5, "ci95": [33, 39], "verdict": "overstated",
       "n": 35, "unit": "sites", "method": "hypergeometric", "more_to_decide": null},
      {"name": "coverage_rate", "reported": 0.95, "estimate": 0.903, "ci95": [0.86, 0.93], "verdict": "overstated",
       "n": 812, "unit": "bins", "method": "clustered clopper-pearson", "more_to_decide": null},
      {"name": "nr_residency", "reported": 0.85, "estimate": 0.873, "ci95": [0.85, 0.89], "verdict": "consistent",
       "n": 3, "unit": "hours", "method": "time blocks", "more_to_decide": null},
      {"name": "base_stations_5g_per_10k", "reported": 1.0, "estimate": 0.8859, "ci95": [0.801, 0.9466],
       "verdict": "inconclusive", "n": 35, "unit": "sites", "method": "hypergeometric",
       "more_to_decide": {"count": 12, "unit": "sites"}},
      {"name": "key_place_reachability", "reported": null, "estimate": null, "ci95": null,
       "verdict": "inconclusive", "n": 1, "unit": "places", "method": "clopper-pearson",
       "more_to_decide": {"count": 1, "unit": "places"}}
    ]
  })json"_json;
  return r;
}

// Only what docs/analyzer.md says report.json contains at least.
json minimal_report() {
  return R"json({
    "schema": "shikan.report/1",
    "sites": [], "unreported": [],
    "coverage": {"rsrp_dbm": -105, "sinr_db": -3, "bin_m": 50, "bins": 0, "covered_bins": 0, "rate": null,
                 "ci95": null, "sample_rate": null},
    "residency": {"nr_time_share": null},
    "crs": {"declared": "wgs84", "used": "wgs84", "detected_offset_m": null, "likely": "unknown"},
    "indicators": []
  })json"_json;
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

// Any code point of the CJK punctuation, CJK ideograph or fullwidth blocks (all three-byte UTF-8).
bool has_cjk(const std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[i + k])); };
    if ((b(0) & 0xF0) != 0xE0) continue;
    const unsigned cp = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

// Calls f on every variant of `j` with one object member removed and with it set to null, recursively.
void for_each_hole(const json& j, const std::function<void(const json&)>& f) {
  std::function<void(json&, json&)> walk = [&](json& node, json& root) {
    if (node.is_object()) {
      for (auto& [key, value] : node.items()) {
        json saved = value;
        value = nullptr;
        f(root);
        value = json::array({1, "x"});  // a value of the wrong type
        f(root);
        value = saved;
        walk(value, root);
      }
      const json before = node;
      for (const auto& [key, value] : before.items()) {
        node.erase(key);
        f(root);
        node[key] = value;
      }
    } else if (node.is_array()) {
      for (auto& e : node) walk(e, root);
    }
  };
  json copy = j;
  walk(copy, copy);
}

}  // namespace

TEST_CASE("report html: lang attribute and UTF-8 in both languages", "[analyzer][html]") {
  const std::string zh = render_report_html(sample_report(), ReportLang::Zh);
  const std::string en = render_report_html(sample_report(), ReportLang::En);
  CHECK(zh.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(en.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(contains(zh, "<meta charset=\"utf-8\">"));
  CHECK(contains(en, "<meta charset=\"utf-8\">"));
  CHECK(render_report_html(sample_report()) == zh);  // Chinese by default
}

TEST_CASE("report html: the verdict table comes first, then the sites, then the rest in order", "[analyzer][html]") {
  const std::string zh = render_report_html(sample_report(), ReportLang::Zh);
  const std::vector<std::string_view> order = {"<h1>Xiling (demo) &amp; Co 5G 网络建设核查报告</h1>",
                                               "<h2>核查结论</h2>",
                                               "<h2>站点核查明细</h2>",
                                               "<h2>未申报的节点</h2>",
                                               "<h2>覆盖率</h2>",
                                               "<h2>5G 驻留比</h2>",
                                               "<h2>重点场所</h2>",
                                               "<h2>坐标系检查</h2>",
                                               "<h2>数据导入与清洗</h2>",
                                               "<h2>方法说明</h2>",
                                               "<h2>输入文件</h2>",
                                               "<footer>"};
  std::size_t at = 0;
  for (std::string_view mark : order) {
    INFO(mark);
    const std::size_t next = zh.find(mark);
    REQUIRE(next != std::string::npos);
    CHECK(next > at);
    at = next;
  }
  // The first table on the page is the verdict table.
  CHECK(zh.find("<table") > zh.find("<h2>核查结论</h2>"));
  CHECK(zh.find("<table") < zh.find("<th>站点编号</th>"));
}

TEST_CASE("report html: labels, verdict words and operators in the page's language", "[analyzer][html]") {
  const std::string zh = render_report_html(sample_report(), ReportLang::Zh);
  const std::string en = render_report_html(sample_report(), ReportLang::En);
  for (std::string_view s : {"站点编号", "高于实测", "一致", "无法判定", "再需 12 个站点", "再需 1 个场所", "中国移动",
                             "中国联通", "中国电信", "中国广电", "已核实", "未观测到", "按标识匹配", "医院",
                             "超几何分布精确区间", "由 shikan 0.3.0 生成"}) {
    INFO(s);
    CHECK(contains(zh, s));
  }
  for (std::string_view s :
       {"Site ID", "Higher than measured", "Consistent", "Inconclusive", "12 more sites needed", "1 more place needed",
        "China Mobile", "China Unicom", "China Telecom", "China Broadnet", "Verified", "Not observed",
        "matched by identity", "hospital", "exact hypergeometric interval", "Generated by shikan 0.3.0"}) {
    INFO(s);
    CHECK(contains(en, s));
  }
  // Every label of the English page is English: the sample's own text is ASCII, so no CJK may remain.
  CHECK_FALSE(has_cjk(en));
  CHECK(has_cjk(zh));
}

TEST_CASE("report html: shares as percentages, counts grouped, nulls as a dash", "[analyzer][html]") {
  const std::string zh = render_report_html(sample_report(), ReportLang::Zh);
  CHECK(contains(zh,
                 "<td class=\"num\">95.0 %</td><td class=\"num\">90.3 %</td>"
                 "<td class=\"num\">86.0 % – 93.0 %</td>"));  // coverage indicator row
  CHECK(contains(zh, "<td class=\"num\">41</td><td class=\"num\">36.5</td><td class=\"num\">33 – 39</td>"));
  CHECK(contains(zh, "<td class=\"num\">1.00</td><td class=\"num\">0.89</td>"));  // per 10,000 people
  CHECK(contains(zh, "87.3 %"));
  CHECK(contains(zh, "常住人口 412,000"));
  CHECK(contains(zh, "<td class=\"num\">40,000</td>"));
  CHECK(contains(zh, "约 470 米（东向 -420 米，北向 210 米）"));
  CHECK(contains(zh, "RSRP ≥ -105 dBm 且 SINR ≥ -3 dB"));
  CHECK(contains(zh, "中国移动：RSRP -92.1 dBm，SINR 5.2 dB，已覆盖（80 个样本）"));
  // key_place_reachability has reported, estimate and interval null
  CHECK(contains(zh,
                 "<td>重点场所 5G 通达率</td><td class=\"num\">—</td><td class=\"num\">—</td>"
                 "<td class=\"num\">—</td>"));
  // the broadcaster's coverage row: covered bins, rate, interval and sample rate are null
  CHECK(contains(zh,
                 "<td>中国广电</td><td class=\"num\">10</td><td class=\"num\">—</td><td class=\"num\">—</td>"
                 "<td class=\"num\">—</td><td class=\"num\">—</td>"));
  CHECK(contains(zh, "RSRP —，SINR —，未覆盖"));
  CHECK(contains(zh, "Xiling People&#39;s Hospital"));
}

TEST_CASE("report html: text from the report is escaped", "[analyzer][html]") {
  json r = sample_report();
  r["key_places"][0]["name"] = "<img src=x onerror=alert(1)>";
  r["inputs"][0]["path"] = "\"><iframe>";
  r["sites"][0]["evidence"]["note"] = std::string("bad \xC3\x28 utf-8 and \x01 control");
  for (ReportLang lang : {ReportLang::Zh, ReportLang::En}) {
    const std::string html = render_report_html(r, lang);
    CHECK_FALSE(contains(html, kHostileId));
    CHECK_FALSE(contains(html, "<script"));
    CHECK(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
    CHECK(contains(html, "&quot;&gt;&lt;iframe&gt;"));
    CHECK(contains(html, "&lt;b&gt;lat&lt;/b&gt;"));  // an import message
    CHECK(contains(html, "bad \xEF\xBF\xBD( utf-8 and \xEF\xBF\xBD control"));
  }
}

TEST_CASE("report html: self-contained, nothing is fetched", "[analyzer][html]") {
  for (ReportLang lang : {ReportLang::Zh, ReportLang::En}) {
    const std::string html = render_report_html(sample_report(), lang);
    for (std::string_view s : {"http://", "https://", "//", "src=", "href=", "url(", "@import", "<link", "<script"}) {
      INFO(s);
      CHECK_FALSE(contains(html, s));
    }
    CHECK(contains(html, "<style>"));
    CHECK(contains(html, "<svg class=\"bar\""));
    CHECK(contains(html, "@page { size: A4;"));
  }
}

TEST_CASE("report html: the CRS finding is explained in words", "[analyzer][html]") {
  const std::string zh = render_report_html(sample_report(), ReportLang::Zh);
  CHECK(contains(zh, "与 GCJ-02 的固定偏移相符"));
  CHECK(contains(zh, "已先将申报坐标由 GCJ-02 换算为 WGS-84"));
  json r = sample_report();
  r["crs"]["used"] = "wgs84";
  CHECK(contains(render_report_html(r, ReportLang::En), "read the listed coordinates as WGS-84 and did not convert"));
  r["crs"]["likely"] = "unknown";
  CHECK(contains(render_report_html(r, ReportLang::En), "not in the way GCJ-02 or BD-09 shift them"));
  r["crs"]["detected_offset_m"] = nullptr;
  CHECK(contains(render_report_html(r, ReportLang::Zh), "可比对的站点不足"));
}

TEST_CASE("report html: a minimal report renders; optional sections are left out", "[analyzer][html]") {
  for (ReportLang lang : {ReportLang::Zh, ReportLang::En}) {
    const std::string html = render_report_html(minimal_report(), lang);
    CHECK(contains(html, "</html>\n"));
    CHECK_FALSE(contains(html, lang == ReportLang::Zh ? "<h2>核查结论</h2>" : "<h2>Verdicts</h2>"));
    CHECK_FALSE(contains(html, lang == ReportLang::Zh ? "<h2>输入文件</h2>" : "<h2>Input files</h2>"));
    CHECK(contains(html, lang == ReportLang::Zh ? "<h2>覆盖率</h2>" : "<h2>Coverage</h2>"));
  }
  const std::string bare = render_report_html(json{{"schema", "shikan.report/1"}}, ReportLang::En);
  CHECK(contains(bare, "<h1>5G network audit report</h1>"));
  CHECK(contains(bare, "<h2>Methodology</h2>"));
}

TEST_CASE("report html: anything but a shikan.report/1 object is refused", "[analyzer][html]") {
  CHECK_THROWS_AS(render_report_html(json::array(), ReportLang::Zh), std::invalid_argument);
  CHECK_THROWS_AS(render_report_html(json{{"schema", "shikan.report/2"}}, ReportLang::Zh), std::invalid_argument);
  CHECK_THROWS_AS(render_report_html(json{{"sites", json::array()}}, ReportLang::Zh), std::invalid_argument);
}

TEST_CASE("report html: every key missing, null or of the wrong type still renders", "[analyzer][html]") {
  json base = sample_report();
  std::size_t variants = 0;
  for_each_hole(base, [&](const json& r) {
    ++variants;
    if (r.contains("schema") && r["schema"] == "shikan.report/1") {
      CHECK_NOTHROW(render_report_html(r, ReportLang::Zh));
      CHECK_NOTHROW(render_report_html(r, ReportLang::En));
    }
  });
  CHECK(variants > 500);
}

TEST_CASE("report html: golden pages of the sample report", "[analyzer][html]") {
  const auto dir = shikan::test::fixtures() / "analyzer";
  shikan::test::check_golden(dir / "report_sample.zh.html", render_report_html(sample_report(), ReportLang::Zh));
  shikan::test::check_golden(dir / "report_sample.en.html", render_report_html(sample_report(), ReportLang::En));
}
