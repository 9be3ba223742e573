// checklist.html: structure (one table per day, every stop once, print page breaks), escaping of hostile list
// text, both languages, arrival clock times, and byte-identical output for the same plan. HTML is not XML, so
// the checks are on the text.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>

#include "plan_town.hpp"
#include "shikan/core/markup.hpp"
#include "shikan/survey/checklist.hpp"

using namespace shikan;
using namespace shikan::survey;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::string id_cell(const std::string& id) { return "<td class=\"id\">" + markup::xml(id) + "</td>"; }

}  // namespace

TEST_CASE("checklist: one table per day, every stop once, page breaks for print, nothing external", "[checklist]") {
  const Plan plan = test::town_plan();
  REQUIRE(plan.days.size() >= 2);
  const std::string html = render_checklist(plan, test::town_options());
  CHECK_THAT(html, StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
  CHECK(count(html, "<table class=\"stops\">") == plan.days.size());
  CHECK(count(html, "<section class=\"day\"") == plan.days.size());
  CHECK(count(html, "</tr>\n") >= 30 + 3);
  CHECK_THAT(html, Contains("section.day { break-before: page; page-break-before: always; }"));
  CHECK_THAT(html, Contains("thead { display: table-header-group; }"));
  std::size_t stops = 0;
  for (const DayRoute& d : plan.days)
    for (const Stop& s : d.stops) {
      ++stops;
      INFO(s.id);
      CHECK(count(html, id_cell(s.id)) == 1);
      CHECK(count(html, markup::fixed(s.pos.lat.degrees(), 6) + ", " + markup::fixed(s.pos.lon.degrees(), 6)) >= 1);
    }
  CHECK(stops == 33);
  CHECK(count(html, "<td class=\"notes\"></td>") == stops);
  // Self-contained: no script, no fetched resource.
  for (const char* banned : {"<script", "<link", " src=", "url(", "http:", "https:", "@import"}) {
    INFO(banned);
    CHECK(html.find(banned) == std::string::npos);
  }
  // The signature line closes every day, so the last thing before the footer is one.
  CHECK(count(html, "检查人：<span class=\"line\"></span>日期：<span class=\"line\"></span>") == plan.days.size());
  CHECK(html.rfind("<p class=\"sign\">") > html.rfind("<table class=\"stops\">"));
}

TEST_CASE("checklist: hostile ids and addresses are escaped, invalid UTF-8 and controls replaced", "[checklist]") {
  const std::string html = render_checklist(test::town_plan(), test::town_options());
  CHECK(count(html, id_cell(test::kHostileId)) == 1);
  CHECK_THAT(html, Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
  CHECK_THAT(html, Contains("文三路 \xEF\xBF\xBD\xEF\xBF\xBD 号 &lt;b&gt;"));
  CHECK(markup::clean_utf8(html) == html);  // valid UTF-8, no stray controls
  CHECK(html.find('\x01') == std::string::npos);
}

TEST_CASE("checklist: Chinese by default, English on request; summary, operators, categories, ticks", "[checklist]") {
  const Plan plan = test::town_plan();
  const PlanOptions o = test::town_options();
  const std::string zh = render_checklist(plan, o);
  for (const char* s : {"实地核查清单", "上报站点总数 N</th><td>30</td>", "置信度</th><td>99 %</td>",
                        "可容忍虚报比例</th><td>1 %</td>", "随机种子</th><td>7</td>", "重点场所（抽取 / 总数）</th><td>3 / 3</td>",
                        "每日出发时间</th><td>08:30</td>", "中国移动", "中国电信", "mno_x", "医院", "高校", "车站",
                        "站点 · 宏站", "站点 · 微站", "重点场所", "<span class=\"box\">☐</span> 到达",
                        "<span class=\"box\">☐</span> 找到站址", "<span class=\"box\">☐</span> 未找到",
                        "<span class=\"box\">☐</span> 5G 信号", "<span class=\"box\">☐</span> 已穿行",
                        "PCI / NCI / ARFCN", "第 1 天 · ", "第 2 天 · "}) {
    INFO(s);
    CHECK_THAT(zh, Contains(s));
  }
  ChecklistOptions en_options;
  en_options.lang = ChecklistLang::En;
  const std::string en = render_checklist(plan, o, en_options);
  CHECK_THAT(en, StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  for (const char* s : {"Field checklist", "Reported sites N</th><td>30</td>", "Confidence</th><td>99 %</td>",
                        "China Mobile", "hospital", "site · micro", "key place", "site found", "not found",
                        "walked / driven through", "Inspector: <span class=\"line\"></span>Date: ", "Day 1 · ", "record the serving cell&#39;s PCI / NCI / ARFCN"}) {
    INFO(s);
    CHECK_THAT(en, Contains(s));
  }
  CHECK(en.find("检查人") == std::string::npos);
  CHECK(en.find("中国移动") == std::string::npos);
  // The same stops in both.
  for (const DayRoute& d : plan.days)
    for (const Stop& s : d.stops) CHECK(count(en, id_cell(s.id)) == 1);
}

TEST_CASE("checklist: arrival as clock time from the day's start; same plan, same bytes", "[checklist]") {
  const Plan plan = test::town_plan();
  ChecklistOptions c;
  c.day_start_min = 7 * 60 + 5;
  const std::string html = render_checklist(plan, test::town_options(), c);
  for (const DayRoute& d : plan.days) {
    const Stop& first = d.stops.front();
    const int at = c.day_start_min + static_cast<int>(std::lround(first.arrive_min));
    const std::string clock = fmt::format("{:02}:{:02}", at / 60, at % 60);
    CHECK_THAT(html, Contains("<td class=\"order\">" + std::to_string(first.order) + "</td><td class=\"arrive\">" +
                              clock + "</td>"));
  }
  CHECK_THAT(html, Contains("每日出发时间</th><td>07:05</td>"));
  CHECK(html == render_checklist(test::town_plan(), test::town_options(), c));
  CHECK(html != render_checklist(plan, test::town_options()));
}

TEST_CASE("checklist: clock times and languages parse strictly", "[checklist]") {
  CHECK(parse_clock_time("08:30") == 510);
  CHECK(parse_clock_time("8:30") == 510);
  CHECK(parse_clock_time("00:00") == 0);
  CHECK(parse_clock_time("23:59") == 23 * 60 + 59);
  for (const char* bad : {"", "24:00", "8:3", "08:60", "0830", "ab:cd", "-1:00", "08:30:00", ":30"}) {
    INFO(bad);
    CHECK_FALSE(parse_clock_time(bad));
  }
  CHECK(parse_checklist_lang("zh") == ChecklistLang::Zh);
  CHECK(parse_checklist_lang("en") == ChecklistLang::En);
  CHECK_FALSE(parse_checklist_lang("fr"));
}
