// What the measurements show beyond the site list: coverage, time on 5G, key places, throughput.
#include <string>

#include "report_html_sections.hpp"

namespace shikan::analyzer::html {
namespace {

// "90.3 %" and its bar, right-aligned.
Cell share_cell(std::optional<double> share, const Json* ci) {
  Cell c = num(percent(share));
  c.html += share_bar(share, ci);
  return c;
}

std::string covered_text(const Page& p, const Json& j) {
  const auto covered = boolean(j, "covered");
  return covered ? std::string(p.tr(*covered ? T::Covered : T::NotCovered)) : std::string(kDash);
}

// One line per operator: "中国移动：RSRP -92.1 dBm，SINR 5.2 dB，已覆盖（40 个样本）".
Cell place_operators(const Page& p, const Json& place) {
  Cell c;
  for (const Json& op : items(place, "per_operator")) {
    if (!c.html.empty()) c.html += "<br>";
    c.html += escaped(p.trf(T::PlaceOperatorLine, operator_label(op, "operator", p.lang()),
                            with_unit(number(op, "rsrp_dbm"), 1, "dBm"), with_unit(number(op, "sinr_db"), 1, "dB"),
                            covered_text(p, op), count(number(op, "samples"))));
  }
  return c;
}

std::string yes_no(const Page& p, std::optional<bool> b) {
  return b ? std::string(p.tr(*b ? T::Yes : T::No)) : std::string(kDash);
}

}  // namespace

void coverage(Page& p, const Json& report) {
  const Json* c = field(report, "coverage");
  if (!c || !c->is_object()) return;
  const auto rsrp = number(*c, "rsrp_dbm"), sinr = number(*c, "sinr_db");
  const std::string threshold = rsrp && sinr ? p.trf(T::CoveredIf, plain(rsrp), plain(sinr)) : std::string(kDash);
  p.heading(2, T::HCoverage);
  p.facts({{T::FCoverageThreshold, txt(threshold)},
           {T::FBinSize, num(with_unit(number(*c, "bin_m"), 0, "m"))},
           {T::FBins, num(count(number(*c, "bins")))},
           {T::FCoveredBins, num(count(number(*c, "covered_bins")))},
           {T::FRateBins, share_cell(number(*c, "rate"), field(*c, "ci95"))},
           {T::FInterval, num(interval(field(*c, "ci95"), percent))},
           {T::FRateSamples, num(percent(number(*c, "sample_rate")))},
           {T::FSamples, num(count(number(*c, "samples")))},
           {T::FDesignEffect, num(fixed(number(*c, "design_effect"), 2))}});
  const Json& per_operator = items(*c, "per_operator");
  if (per_operator.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& op : per_operator)
    rows.push_back({txt(operator_label(op, "operator", p.lang())), num(count(number(op, "bins"))),
                    num(count(number(op, "covered_bins"))), share_cell(number(op, "rate"), field(op, "ci95")),
                    num(interval(field(op, "ci95"), percent)), num(percent(number(op, "sample_rate")))});
  p.heading(3, T::HPerOperator);
  p.table({T::ColOperator, T::ColBins, T::ColCoveredBins, T::ColRate, T::ColInterval, T::ColSampleRate}, rows);
}

void residency(Page& p, const Json& report) {
  const Json* r = field(report, "residency");
  if (!r || !r->is_object()) return;
  const auto hours = number(*r, "hours");
  p.heading(2, T::HResidency);
  p.facts({{T::FNrShare, share_cell(number(*r, "nr_time_share"), field(*r, "ci95"))},
           {T::FInterval, num(interval(field(*r, "ci95"), percent))},
           {T::FHours, num(hours ? p.trf(T::HoursValue, fixed(hours, 1)) : std::string(kDash))}});
  const Json& per_operator = items(*r, "per_operator");
  if (per_operator.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& op : per_operator) {
    const auto seconds = [&](std::string_view key) { return num(count(number(op, key))); };
    rows.push_back({txt(operator_label(op, "operator", p.lang())), share_cell(number(op, "nr_time_share"), nullptr),
                    seconds("seconds"), seconds("sa_seconds"), seconds("nsa_seconds"), seconds("lte_seconds"),
                    seconds("other_seconds")});
  }
  p.heading(3, T::HPerOperator);
  p.table({T::ColOperator, T::FNrShare, T::ColSeconds, T::ColSa, T::ColNsa, T::ColLte, T::ColOther}, rows);
}

void key_places(Page& p, const Json& report) {
  const Json& list = items(report, "key_places");
  if (list.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& place : list)
    rows.push_back({txt(scalar_text(place, "name")), txt(p.term_or_key(Term::Category, place, "category")),
                    num(count(number(place, "samples"))), txt(yes_no(p, boolean(place, "reachable"))),
                    place_operators(p, place)});
  p.heading(2, T::HPlaces);
  p.table({T::ColName, T::ColCategory, T::ColSamples, T::ColReachable, T::ColPerOperator}, rows);
}

void throughput(Page& p, const Json& report) {
  const Json* t = field(report, "throughput");
  if (!t || !t->is_object()) return;
  p.heading(2, T::HThroughput);
  p.facts({{T::FDlMedian, num(with_unit(number(*t, "dl_mbps_median"), 1, "Mbit/s"))},
           {T::FUlMedian, num(with_unit(number(*t, "ul_mbps_median"), 1, "Mbit/s"))},
           {T::FSamples, num(count(number(*t, "samples")))}});
}

}  // namespace shikan::analyzer::html
