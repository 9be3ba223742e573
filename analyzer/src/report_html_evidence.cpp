// Verdicts, then the evidence they rest on: each reported site and the nodes nobody reported.
#include <cmath>
#include <string>

#include "report_html_sections.hpp"

namespace shikan::analyzer::html {
namespace {

std::string integer_or_two_decimals(std::optional<double> v) {
  return v && *v == std::trunc(*v) ? count(v) : fixed(v, 2);
}

// Shares are shown as percentages, counts as counts; which one depends on the indicator.
NumberFormat format_of(std::string_view indicator) {
  if (indicator == "coverage_rate" || indicator == "nr_residency" || indicator == "key_place_reachability")
    return percent;
  if (indicator == "base_stations_5g") return count;
  if (indicator == "base_stations_5g_per_10k") return [](std::optional<double> v) { return fixed(v, 2); };
  return integer_or_two_decimals;  // an indicator this page does not know
}

Cell verdict_cell(const Page& p, const Json& indicator) {
  const auto verdict = string_of(indicator, "verdict").value_or("");
  const std::string css = verdict == "consistent"     ? "v-ok"
                          : verdict == "overstated"   ? "v-high"
                          : verdict == "inconclusive" ? "v-open"
                                                      : "";
  const std::string word = escaped(p.term_or_key(Term::Verdict, indicator, "verdict"));
  std::string html = css.empty() ? word : "<span class=\"" + css + "\">" + word + "</span>";
  const Json& more = child(indicator, "more_to_decide");
  const auto n = number(more, "count");
  if (verdict == "inconclusive" && n && *n > 0)
    html += "<br><span class=\"muted\">" + escaped(p.trf(T::MoreToDecide, count(n), p.unit_text(n, more, "unit"))) +
            "</span>";
  return {html, false};
}

// "gNB 1510432"
std::string node_id(const Json& j, std::string_view id_key) {
  const std::string id = scalar_text(j, id_key);
  const auto kind = string_of(j, "id_kind");
  if (!field(j, id_key) || !kind) return id;
  return (*kind == "gnb" ? "gNB" : *kind == "enb" ? "eNB" : *kind) + " " + id;
}

std::string plus_minus_metres(std::optional<double> v) { return v ? "±" + metres(v) : metres(v); }

std::vector<Cell> site_row(const Page& p, const Json& site) {
  const Json& ev = child(site, "evidence");
  Cell observed = txt(node_id(site, "observed_id"));
  const auto match = string_of(ev, "match");
  if (match && *match != "none")
    observed.html += "<br><span class=\"muted\">" + escaped(p.term_or_key(Term::Match, ev, "match")) + "</span>";
  return {txt(scalar_text(site, "site_id")),
          txt(operator_label(site, "operator", p.lang())),
          txt(p.term_or_key(Term::Status, site, "status")),
          observed,
          num(position(child(site, "reported"))),
          num(position(child(site, "estimated"))),
          num(metres(number(site, "offset_m"))),
          num(plus_minus_metres(number(site, "uncertainty_m"))),
          num(count(number(ev, "samples"))),
          num(metres(number(ev, "closest_approach_m"))),
          txt(string_of(ev, "note").value_or(""))};
}

}  // namespace

void verdicts(Page& p, const Json& report) {
  const Json& list = items(report, "indicators");
  if (list.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& ind : list) {
    const NumberFormat f = format_of(string_of(ind, "name").value_or(""));
    rows.push_back({txt(p.term_or_key(Term::Indicator, ind, "name")), num(f(number(ind, "reported"))),
                    num(f(number(ind, "estimate"))), num(interval(field(ind, "ci95"), f)), verdict_cell(p, ind)});
  }
  p.heading(2, T::HVerdicts);
  p.table({T::ColIndicator, T::ColReported, T::ColEstimate, T::ColInterval, T::ColVerdict}, rows);
}

void sites(Page& p, const Json& report) {
  const Json& list = items(report, "sites");
  const Json* summary = field(report, "summary");
  if (list.empty() && !summary) return;
  p.heading(2, T::HSites);
  if (summary) {
    const auto c = [&](std::string_view key) { return count(number(*summary, key)); };
    p.paragraph(p.trf(T::SummaryLine, c("listed"), c("verified"), c("relocated"), c("not_observed"), c("inconclusive"),
                      c("decidable"), c("unreported")));
  }
  if (list.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& site : list) rows.push_back(site_row(p, site));
  p.table({T::ColSiteId, T::ColOperator, T::ColStatus, T::ColObservedId, T::ColReportedPos, T::ColEstimatedPos,
           T::ColOffset, T::ColUncertainty, T::ColSamples, T::ColClosest, T::ColNote},
          rows);
  p.paragraph(p.tr(T::SitesNote), "note");
}

void unreported(Page& p, const Json& report) {
  const Json& list = items(report, "unreported");
  if (list.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& node : list)
    rows.push_back({txt(operator_label(node, "operator", p.lang())), txt(node_id(node, "node_id")),
                    num(position(child(node, "estimated"))), num(plus_minus_metres(number(node, "uncertainty_m"))),
                    num(count(number(node, "samples"))), num(count(number(node, "cells")))});
  p.heading(2, T::HUnreported).paragraph(p.tr(T::UnreportedNote), "note");
  p.table({T::ColOperator, T::ColNodeId, T::ColEstimatedPos, T::ColUncertainty, T::ColSamples, T::ColCells}, rows);
}

}  // namespace shikan::analyzer::html
