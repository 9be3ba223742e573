#include "report_html_format.hpp"

#include <algorithm>
#include <cmath>

#include "shikan/core/markup.hpp"
#include "shikan/core/plmn.hpp"

namespace shikan::analyzer::html {
namespace {

std::optional<double> as_number(const Json& v) {
  if (!v.is_number()) return std::nullopt;
  const double d = v.get<double>();
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

// "-1234567.5" -> "-1,234,567.5". Built by appending: std::string::insert here trips GCC 12's -Wrestrict false
// positive (GCC bug 105329) at -O3.
std::string grouped(std::string_view s) {
  const std::size_t begin = (!s.empty() && s[0] == '-') ? 1 : 0;
  const std::size_t end = std::min(s.find('.'), s.size());
  std::string out(s.substr(0, begin));
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  out += s.substr(end);
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).

}  // namespace

const Json* field(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json& items(const Json& j, std::string_view key) {
  static const Json empty = Json::array();
  const Json* v = field(j, key);
  return v && v->is_array() ? *v : empty;
}

const Json& child(const Json& j, std::string_view key) {
  static const Json null;
  const Json* v = field(j, key);
  return v ? *v : null;
}

std::optional<double> number(const Json& j, std::string_view key) {
  const Json* v = field(j, key);
  return v ? as_number(*v) : std::nullopt;
}

std::optional<std::string> string_of(const Json& j, std::string_view key) {
  const Json* v = field(j, key);
  if (!v || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

std::optional<bool> boolean(const Json& j, std::string_view key) {
  const Json* v = field(j, key);
  if (!v || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

std::string scalar_text(const Json& j, std::string_view key) {
  const Json* v = field(j, key);
  if (!v) return std::string(kDash);
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return v->dump();  // ids: no grouping, no decimals
  if (v->is_number()) return fixed(as_number(*v), 2);
  return std::string(kDash);
}

std::string fixed(std::optional<double> v, int decimals) {
  if (!v) return std::string(kDash);
  std::string s = fmt::format("{:.{}f}", *v, decimals);
  // -0.04 at one decimal would read "-0.0"
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string count(std::optional<double> v) {
  if (!v) return std::string(kDash);
  if (std::abs(*v) >= 1e15) return fixed(v, 0);
  return grouped(fixed(v, *v == std::round(*v) ? 0 : 1));
}

std::string percent(std::optional<double> share) {
  return share ? with_unit(*share * 100.0, 1, "%") : std::string(kDash);
}

std::string plain(std::optional<double> v) { return v ? fmt::format("{}", *v) : std::string(kDash); }

std::string with_unit(std::optional<double> v, int decimals, std::string_view unit) {
  return v ? fixed(v, decimals) + " " + std::string(unit) : std::string(kDash);
}

std::string metres(std::optional<double> v) { return with_unit(v, 0, "m"); }

std::string position(const Json& point) {
  const auto lat = number(point, "lat"), lon = number(point, "lon");
  if (!lat || !lon) return std::string(kDash);
  return fixed(lat, 5) + ", " + fixed(lon, 5);
}

std::string interval(const Json* ci, NumberFormat f) {
  if (!ci || !ci->is_array() || ci->size() != 2) return std::string(kDash);
  const auto lo = as_number((*ci)[0]), hi = as_number((*ci)[1]);
  if (!lo && !hi) return std::string(kDash);
  return f(lo) + " – " + f(hi);
}

// Shared with the survey's map files: UTF-8 cleaned, markup characters as references (core/markup.hpp).
void append_escaped(std::string& out, std::string_view s) { out += markup::xml(s); }

std::string escaped(std::string_view s) {
  std::string out;
  append_escaped(out, s);
  return out;
}

std::string operator_label(const Json& j, std::string_view key, ReportLang lang) {
  const auto s = string_of(j, key);
  if (!s) return scalar_text(j, key);
  const auto op = parse_operator(*s);
  if (!op) return *s;
  const OperatorName name = operator_name(*op);
  return std::string(lang == ReportLang::Zh ? name.zh : name.en);
}

std::string share_bar(std::optional<double> share, const Json* ci) {
  if (!share) return {};
  const auto x = [](std::optional<double> v) { return fixed(std::clamp(*v, 0.0, 1.0) * 100.0, 1); };
  std::string svg =
      "<svg class=\"bar\" width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" aria-hidden=\"true\">"
      "<rect width=\"100\" height=\"10\" fill=\"#e3e3e3\"/><rect width=\"" +
      x(share) + "\" height=\"10\" fill=\"#4a74a8\"/>";
  if (ci && ci->is_array() && ci->size() == 2) {
    const auto lo = as_number((*ci)[0]), hi = as_number((*ci)[1]);
    if (lo && hi)
      svg += "<line x1=\"" + x(lo) + "\" x2=\"" + x(hi) + "\" y1=\"5\" y2=\"5\" stroke=\"#111\" stroke-width=\"2\"/>";
  }
  return svg + "</svg>";
}

Cell txt(std::string_view plain) { return {escaped(plain), false}; }
Cell num(std::string_view plain) { return {escaped(plain), true}; }

std::string Page::term_or_key(Term field_name, const Json& j, std::string_view key) const {
  const auto s = string_of(j, key);
  if (!s) return scalar_text(j, key);
  const auto t = term(field_name, *s);
  return t ? std::string(tr(*t)) : *s;
}

std::string Page::unit_text(std::optional<double> n, const Json& j, std::string_view key) const {
  const auto unit = string_of(j, key);
  if (!unit) return {};
  const auto t = term(n == 1.0 ? Term::UnitOne : Term::UnitMany, *unit);
  return t ? std::string(tr(*t)) : *unit;
}

Page& Page::raw(std::string_view markup) {
  out_ += markup;
  return *this;
}

Page& Page::text(std::string_view plain) {
  append_escaped(out_, plain);
  return *this;
}

Page& Page::heading(int level, T t) {
  const std::string digit(1, static_cast<char>('0' + level));  // h1..h6
  return raw("<h").raw(digit).raw(">").text(tr(t)).raw("</h").raw(digit).raw(">\n");
}

Page& Page::paragraph(std::string_view plain, std::string_view css_class) {
  raw(css_class.empty() ? "<p>" : "<p class=\"" + std::string(css_class) + "\">");
  return text(plain).raw("</p>\n");
}

Page& Page::table(const std::vector<T>& head, const std::vector<std::vector<Cell>>& rows) {
  raw("<table>\n<thead><tr>");
  for (T t : head) raw("<th>").text(tr(t)).raw("</th>");
  raw("</tr></thead>\n<tbody>\n");
  for (const auto& row : rows) {
    raw("<tr>");
    for (const Cell& c : row) raw(c.numeric ? "<td class=\"num\">" : "<td>").raw(c.html).raw("</td>");
    raw("</tr>\n");
  }
  return raw("</tbody>\n</table>\n");
}

Page& Page::facts(const std::vector<std::pair<T, Cell>>& rows) {
  raw("<table class=\"facts\">\n<tbody>\n");
  for (const auto& [label, value] : rows) {
    raw("<tr><th scope=\"row\">").text(tr(label)).raw("</th>");
    raw(value.numeric ? "<td class=\"num\">" : "<td>").raw(value.html).raw("</td></tr>\n");
  }
  return raw("</tbody>\n</table>\n");
}

}  // namespace shikan::analyzer::html
