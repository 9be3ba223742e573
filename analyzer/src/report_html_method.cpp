// How the figures were obtained: the CRS finding, import and cleaning counts, the methodology, the input files.
#include <cmath>
#include <string>

#include "report_html_sections.hpp"

namespace shikan::analyzer::html {
namespace {

constexpr std::size_t kMessagesShown = 20;  // rejections listed; the rest are counted

std::string crs_short(const std::string& key) {
  if (key == "wgs84") return "WGS-84";
  if (key == "gcj02") return "GCJ-02";
  if (key == "bd09") return "BD-09";
  return key;
}

// The finding in words. "likely" is what the listed coordinates look like before any correction; "used" is
// what the analyzer read them as.
std::string crs_finding(const Page& p, const Json& c, bool has_offset) {
  const std::string likely = string_of(c, "likely").value_or("unknown");
  if (likely == "gcj02" || likely == "bd09") {
    const auto used = string_of(c, "used");
    const std::string space = p.lang() == ReportLang::En ? " " : "";
    return p.trf(T::CrsShiftFound, crs_short(likely)) + space +
           (used == likely ? p.trf(T::CrsCorrected, crs_short(likely))
                           : p.trf(T::CrsNotCorrected, used ? crs_short(*used) : std::string(kDash)));
  }
  if (likely == "wgs84") return std::string(p.tr(T::CrsNoShift));
  return std::string(p.tr(has_offset ? T::CrsOtherShift : T::CrsUndetermined));
}

std::string with_plain_unit(std::optional<double> v, std::string_view unit) {
  return v ? plain(v) + " " + std::string(unit) : std::string(kDash);
}

void import_counts(Page& p, const Json& imp) {
  p.heading(3, T::HImport);
  p.facts({{T::FRows, num(count(number(imp, "rows")))},
           {T::FAccepted, num(count(number(imp, "accepted")))},
           {T::FRejected, num(count(number(imp, "rejected")))}});
  const Json& messages = items(imp, "messages");
  if (messages.empty()) return;
  p.paragraph(p.tr(T::HMessages), "sub").raw("<ul class=\"messages\">\n");
  for (std::size_t i = 0; i < messages.size() && i < kMessagesShown; ++i) {
    const Json& m = messages[i];
    p.raw("<li>").text(m.is_string() ? m.get<std::string>() : std::string(kDash)).raw("</li>\n");
  }
  p.raw("</ul>\n");
  if (messages.size() > kMessagesShown)
    p.paragraph(p.trf(T::MoreMessages, count(static_cast<double>(messages.size() - kMessagesShown))), "note");
}

void cleaning_counts(Page& p, const Json& c) {
  const auto n = [&](std::string_view key) { return num(count(number(c, key))); };
  p.heading(3, T::HCleaning);
  p.facts({{T::FSeen, n("seen")},
           {T::FUsable, n("usable")},
           {T::FGnssJump, n("gnss_jump")},
           {T::FStaleFix, n("stale_fix")},
           {T::FDuplicate, n("duplicate")},
           {T::FWithoutPosition, n("without_position")},
           {T::FSentinel, n("sentinel_values")},
           {T::FOutOfRange, n("out_of_range_values")}});
  p.paragraph(p.tr(T::CleaningNote), "note");
}

void thresholds(Page& p, const Json& profile, const Json& coverage) {
  // The profile is what the analyzer was told; coverage repeats the three thresholds it applied.
  const auto pick = [&](std::string_view key) {
    const auto v = number(profile, key);
    return v ? v : number(coverage, key);
  };
  p.heading(3, T::HThresholds);
  p.facts({{T::FRsrp, num(with_plain_unit(pick("rsrp_dbm"), "dBm"))},
           {T::FSinr, num(with_plain_unit(pick("sinr_db"), "dB"))},
           {T::FBinSize, num(with_plain_unit(pick("bin_m"), "m"))},
           {T::FConfidence, num(percent(number(profile, "confidence")))},
           {T::FTolerance, num(plain(number(profile, "tolerance")))},
           {T::FMatchRadius, num(with_plain_unit(number(profile, "match_radius_m"), "m"))},
           {T::FPlaceMargin, num(with_plain_unit(number(profile, "place_margin_m"), "m"))}});
}

void id_lengths(Page& p, const Json& list) {
  std::vector<std::vector<Cell>> rows;
  for (const Json& e : list)
    rows.push_back({txt(operator_label(e, "operator", p.lang())), txt(scalar_text(e, "plmn")),
                    num(count(number(e, "bits"))), txt(p.term_or_key(Term::IdSource, e, "source"))});
  p.heading(3, T::HIdLength).table({T::ColOperator, T::ColPlmn, T::ColBits, T::ColSource}, rows);
}

void sample_sizes(Page& p, const Json& indicators) {
  std::vector<std::vector<Cell>> rows;
  for (const Json& ind : indicators) {
    const auto n = number(ind, "n");
    const std::string unit = n ? p.unit_text(n, ind, "unit") : std::string{};
    rows.push_back({txt(p.term_or_key(Term::Indicator, ind, "name")), num(count(n) + (unit.empty() ? "" : " " + unit)),
                    txt(p.term_or_key(Term::Method, ind, "method"))});
  }
  p.heading(3, T::HSampleSizes).table({T::ColIndicator, T::ColSampleSize, T::ColMethod}, rows);
}

}  // namespace

void crs(Page& p, const Json& report) {
  const Json* c = field(report, "crs");
  if (!c || !c->is_object()) return;
  const Json& offset = child(*c, "detected_offset_m");
  const auto east = number(offset, "east"), north = number(offset, "north");
  const bool has_offset = east && north;
  const std::string offset_text =
      has_offset ? p.trf(T::OffsetValue, fixed(std::hypot(*east, *north), 0), fixed(east, 0), fixed(north, 0))
                 : std::string(kDash);
  p.heading(2, T::HCrs);
  p.facts({{T::FDeclared, txt(p.term_or_key(Term::Crs, *c, "declared"))},
           {T::FUsed, txt(p.term_or_key(Term::Crs, *c, "used"))},
           {T::FLikely, txt(p.term_or_key(Term::Crs, *c, "likely"))},
           {T::FPairs, num(count(number(*c, "pairs")))},
           {T::FOffset, txt(offset_text)}});
  p.paragraph(crs_finding(p, *c, has_offset));
}

void data_quality(Page& p, const Json& report) {
  const Json& imp = child(report, "import");
  const Json& cleaning = child(report, "cleaning");
  if (!imp.is_object() && !cleaning.is_object()) return;
  p.heading(2, T::HData);
  if (imp.is_object()) import_counts(p, imp);
  if (cleaning.is_object()) cleaning_counts(p, cleaning);
}

void methodology(Page& p, const Json& report) {
  const Json& profile = child(report, "profile");
  const Json& coverage = child(report, "coverage");
  p.heading(2, T::HMethod);
  if (profile.is_object() || coverage.is_object()) thresholds(p, profile, coverage);
  if (const Json& list = items(report, "gnb_id_length"); !list.empty()) id_lengths(p, list);
  if (const Json& list = items(report, "indicators"); !list.empty()) sample_sizes(p, list);
  const auto bin = number(profile, "bin_m") ? number(profile, "bin_m") : number(coverage, "bin_m");
  p.paragraph(p.trf(T::MethodSites, count(number(child(report, "summary"), "decidable"))));
  p.paragraph(p.trf(T::MethodCoverage, plain(bin)));
  p.paragraph(p.tr(T::MethodResidency));
  p.paragraph(p.tr(T::MethodVerdict));
}

void inputs(Page& p, const Json& report) {
  const Json& list = items(report, "inputs");
  if (list.empty()) return;
  std::vector<std::vector<Cell>> rows;
  for (const Json& in : list)
    rows.push_back({txt(p.term_or_key(Term::Role, in, "role")), txt(scalar_text(in, "path")),
                    txt(scalar_text(in, "format")), num(count(number(in, "bytes"))),
                    Cell{"<code class=\"hash\">" + escaped(scalar_text(in, "sha256")) + "</code>", false}});
  p.heading(2, T::HInputs);
  p.table({T::ColRole, T::ColPath, T::ColFormat, T::ColBytes, T::ColSha}, rows);
}

}  // namespace shikan::analyzer::html
