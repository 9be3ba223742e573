// The page frame of the HTML report: head with the inline style sheet, title, sections, footer.
#include "shikan/analyzer/report_html.hpp"

#include <stdexcept>

#include "report_html_sections.hpp"

namespace shikan::analyzer {
namespace {

using namespace html;

// Screen and A4 print. Fonts are the reader's own (no @font-face, nothing fetched); colours also print.
constexpr std::string_view kStyle = R"(
:root { --ok: #1f7a3d; --high: #a8321f; --open: #5f6368; --line: #cfd4da; --head: #eef1f4; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui,
       sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1b1b1b; max-width: 1180px; margin: 0 auto;
       padding: 16px 20px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 26px 0 6px; padding-bottom: 3px; border-bottom: 2px solid var(--line); }
h3 { font-size: 11pt; margin: 14px 0 4px; }
p { margin: 4px 0 8px; }
.sub, .muted, footer { color: #555; }
.note { font-size: 9pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 9.5pt; }
table.facts { width: auto; min-width: 50%; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.v-ok { color: var(--ok); font-weight: 700; }
.v-high { color: var(--high); font-weight: 700; }
.v-open { color: var(--open); font-weight: 700; }
svg.bar { vertical-align: middle; margin-left: 6px; }
code.hash { font-size: 8pt; word-break: break-all; }
ul.messages { font-family: monospace; font-size: 8.5pt; margin: 4px 0; }
footer { margin-top: 28px; padding-top: 6px; border-top: 1px solid var(--line); font-size: 9pt; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, .facts { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
)";

std::string page_title(const Page& p, const Json& report) {
  const auto city = string_of(child(report, "city"), "name");
  return city ? p.trf(T::DocTitleCity, *city) : std::string(p.tr(T::DocTitle));
}

void head(Page& p, const Json& report) {
  const std::string title = page_title(p, report);
  p.raw("<!DOCTYPE html>\n<html lang=\"").raw(p.lang() == ReportLang::Zh ? "zh-CN" : "en").raw("\">\n<head>\n");
  p.raw("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  p.raw("<title>").text(title).raw("</title>\n<style>").raw(kStyle).raw("</style>\n</head>\n<body>\n");
  p.raw("<header>\n<h1>").text(title).raw("</h1>\n");
  if (const auto population = number(child(report, "city"), "population"))
    p.paragraph(p.trf(T::Population, count(population)), "sub");
  p.paragraph(p.tr(T::Intro), "note").raw("</header>\n<main>\n");
}

void foot(Page& p, const Json& report) {
  const Json& software = child(report, "software");
  p.raw("</main>\n<footer>\n");
  p.paragraph(
      p.trf(T::Footer, scalar_text(software, "name"), scalar_text(software, "version"), scalar_text(report, "schema")));
  p.raw("</footer>\n</body>\n</html>\n");
}

}  // namespace

std::string render_report_html(const nlohmann::json& report, ReportLang lang) {
  if (!report.is_object() || string_of(report, "schema") != "shikan.report/1")
    throw std::invalid_argument("render_report_html: not a report: \"schema\" must be \"shikan.report/1\"");
  Page p(lang);
  head(p, report);
  for (auto section : {verdicts, sites, unreported, coverage, residency, key_places, throughput, crs, data_quality,
                       methodology, inputs})
    section(p, report);
  foot(p, report);
  return p.take();
}

}  // namespace shikan::analyzer
