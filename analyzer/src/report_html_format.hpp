// Building blocks of the HTML report (report_html_format.cpp): lenient access to report.json, number formats,
// HTML escaping and a small page writer. Nothing here throws on a value of the wrong type: it is "absent".
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_html_text.hpp"

namespace shikan::analyzer::html {

using Json = nlohmann::json;

inline constexpr std::string_view kDash = "—";  // shown for a missing or null value

// ---- lenient access: a missing key, null, a non-object parent or a wrong type all give "absent" ----
const Json* field(const Json& j, std::string_view key);             // nullptr when absent or null
const Json& items(const Json& j, std::string_view key);             // the array, or an empty one
const Json& child(const Json& j, std::string_view key);             // the value, or null
std::optional<double> number(const Json& j, std::string_view key);  // finite numbers only
std::optional<std::string> string_of(const Json& j, std::string_view key);
std::optional<bool> boolean(const Json& j, std::string_view key);
// A scalar as text (a site id may be written as a number); kDash otherwise.
std::string scalar_text(const Json& j, std::string_view key);

// ---- numbers as text; kDash for nullopt ----
std::string fixed(std::optional<double> v, int decimals);
std::string count(std::optional<double> v);        // 40,000; a non-integer keeps one decimal
std::string percent(std::optional<double> share);  // 0.903 -> "90.3 %"
std::string plain(std::optional<double> v);        // shortest exact form: -105, 0.02 (thresholds, parameters)
// "12.5 Mbit/s"; kDash alone when absent.
std::string with_unit(std::optional<double> v, int decimals, std::string_view unit);
std::string metres(std::optional<double> v);  // "40 m"
std::string position(const Json& point);      // "31.23456, 121.47370" (WGS-84 degrees; 5 decimals ≈ 1 m)
using NumberFormat = std::string (*)(std::optional<double>);
// "lo – hi" from a [lo, hi] array; kDash when it is not one.
std::string interval(const Json* ci, NumberFormat f);

// ---- text ----
// HTML-escaped (& < > " '), invalid UTF-8 and control characters other than tab and newline as U+FFFD.
void append_escaped(std::string& out, std::string_view s);
std::string escaped(std::string_view s);

// Operator key ("cmcc") as its name in the language; other text as it is; kDash when absent.
std::string operator_label(const Json& j, std::string_view key, ReportLang lang);

// An inline SVG bar for a share in [0, 1], with its interval as a whisker; empty when the share is absent.
std::string share_bar(std::optional<double> share, const Json* ci);

// ---- the page being written ----
struct Cell {
  std::string html;  // already escaped markup
  bool numeric = false;
};
Cell txt(std::string_view plain);  // escaped text cell
Cell num(std::string_view plain);  // escaped, right-aligned

class Page {
 public:
  explicit Page(ReportLang lang) : lang_(lang) {}
  ReportLang lang() const { return lang_; }
  std::string_view tr(T t) const { return html::text(t, lang_); }
  // A translated template filled with plain-text arguments (the caller escapes the result).
  template <typename... Args>
  std::string trf(T t, Args&&... args) const {
    return fmt::format(fmt::runtime(tr(t)), std::forward<Args>(args)...);
  }
  // A key of report.json in its translated form, or the key itself when the table does not know it.
  std::string term_or_key(Term field, const Json& j, std::string_view key) const;
  // The unit of `n` things at j[key] ("sites", "km") in the language, singular for one; the key itself when the
  // table does not know it; empty when absent.
  std::string unit_text(std::optional<double> n, const Json& j, std::string_view key) const;

  Page& raw(std::string_view markup);
  Page& text(std::string_view plain);
  Page& heading(int level, T t);
  Page& paragraph(std::string_view plain, std::string_view css_class = {});
  Page& table(const std::vector<T>& head, const std::vector<std::vector<Cell>>& rows);
  Page& facts(const std::vector<std::pair<T, Cell>>& rows);  // two columns: label, value
  std::string take() { return std::move(out_); }

 private:
  ReportLang lang_;
  std::string out_;
};

}  // namespace shikan::analyzer::html
