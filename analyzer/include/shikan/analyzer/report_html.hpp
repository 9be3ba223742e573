// report.json ("shikan.report/1", docs/analyzer.md) rendered as one self-contained HTML page for the reader
// of an audit: verdicts first, then the evidence per site, coverage, residency, key places, the CRS finding,
// data cleaning, the methodology and the input files. Pure: no file, no network, no clock.
//
// The page loads nothing: CSS is inline, fonts are the reader's own, the only picture is an inline SVG bar.
// Every string taken from the report (site ids, names, paths, notes) is HTML-escaped, and invalid UTF-8 in it is
// replaced by U+FFFD. Labels come from one strings table in Chinese (zh-CN) or English.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace shikan::analyzer {

enum class ReportLang { Zh, En };

// The page as UTF-8. `report` must be an object whose "schema" is "shikan.report/1"; otherwise throws
// std::invalid_argument. Beyond that nothing is required: a missing or null section is left out, a missing or
// null value (or one of the wrong JSON type) is shown as "—". Shares in [0, 1] are shown as "90.3 %".
std::string render_report_html(const nlohmann::json& report, ReportLang lang = ReportLang::Zh);

}  // namespace shikan::analyzer
