// report.json (schema shikan.report/1; the full shape is in docs/analyzer.md, "report.json").
#include <algorithm>
#include <cmath>

#include "shikan/analyzer/analyze.hpp"

namespace shikan::analyzer {
namespace {

using nlohmann::json;

json num(std::optional<double> v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }
json round1(std::optional<double> v) { return v && std::isfinite(*v) ? json(std::round(*v * 10) / 10) : json(nullptr); }
json point(const GeoPoint& p) {
  return {{"lat", std::round(p.lat.degrees() * 1e7) / 1e7}, {"lon", std::round(p.lon.degrees() * 1e7) / 1e7}};
}
json interval(const std::optional<stats::Interval>& i) {
  return i ? json::array({i->lower, i->upper}) : json(nullptr);
}

std::string note_of(const SiteFinding& f, const Analysis& a, bool zh) {
  const auto m = [](double v) { return std::to_string(static_cast<long long>(std::llround(v))); };
  switch (f.status) {
    case SiteStatus::Verified: {
      // A loose estimate is "within the radius" because the radius is wide: say what it does show.
      const double unc = a.nodes[*f.node].estimate.uncertainty.value;
      if (unc > a.profile.verify_radius_m)
        return zh ? "已收到该站标识，站点存在；定位不确定度 ±" + m(unc) + " 米，与上报位置相距 " + m(*f.offset_m) +
                        " 米，位置只能粗略核实"
                  : "its identity was received, so the site exists; the estimate (±" + m(unc) + " m) lies " +
                        m(*f.offset_m) + " m from the reported position, a coarse check of the position only";
      return zh ? "实测定位与上报位置相距 " + m(*f.offset_m) + " 米，在判定半径内"
                : "estimated " + m(*f.offset_m) + " m from the reported position, within the verification radius";
    }
    case SiteStatus::Relocated:
      return zh ? "实测定位与上报位置相距 " + m(*f.offset_m) + " 米，超出判定半径（" +
                      m(a.profile.verify_radius_m + a.nodes[*f.node].estimate.uncertainty.value) + " 米）"
                : "estimated " + m(*f.offset_m) + " m from the reported position, beyond the verification radius (" +
                      m(a.profile.verify_radius_m + a.nodes[*f.node].estimate.uncertainty.value) + " m)";
    case SiteStatus::NotObserved:
      return zh ? "测试路线经过上报位置 " + m(*f.decide_radius_m) + " 米内（" + std::to_string(f.samples_near) +
                      " 个样本），未收到该站信号"
                : "the route passed within " + m(*f.decide_radius_m) + " m (" + std::to_string(f.samples_near) +
                      " samples) and no such site was received";
    case SiteStatus::Inconclusive:
      if (!f.operator_measured) return zh ? "未测量该运营商" : "operator not measured";
      if (!f.decide_radius_m) return zh ? "室内站，道路测试无法判定" : "indoor site: not decidable from the road";
      if (!f.closest_approach_m) return zh ? "无定位样本" : "no positioned samples";
      if (f.unplaced_candidate)
        return zh ? "路线经过该处，但实测站 " + std::to_string(*f.unplaced_candidate) + " 定位误差大，可能即为此站"
                  : "the route passed, but node " + std::to_string(*f.unplaced_candidate) +
                        " could not be placed precisely and may be this site";
      if (*f.closest_approach_m <= *f.decide_radius_m)  // came close, but too briefly
        return zh ? "测试路线在上报位置 " + m(*f.decide_radius_m) + " 米内只有 " + std::to_string(f.samples_near) +
                        " 个样本，需至少 " + std::to_string(a.profile.decide_min_samples) + " 个才能判定"
                  : "only " + std::to_string(f.samples_near) + " samples within " + m(*f.decide_radius_m) +
                        " m of the reported position; " + std::to_string(a.profile.decide_min_samples) + " decide";
      return zh ? "测试路线最近距上报位置 " + m(*f.closest_approach_m) + " 米，需进入 " + m(*f.decide_radius_m) +
                      " 米内才能判定"
                : "the route came no closer than " + m(*f.closest_approach_m) + " m; within " +
                      m(*f.decide_radius_m) + " m decides";
  }
  return {};
}

json site_json(const SiteFinding& f, const Analysis& a, bool zh) {
  const ReportedSite& s = a.list.sites[f.site];
  const Node* n = f.node ? &a.nodes[*f.node] : nullptr;
  json ev{{"match", to_string(f.match)},
          {"placed_by", n ? json(n->placed_by == NodePlacement::Fit ? "fit" : "centroid") : json(nullptr)},
          {"samples", n ? n->samples : 0},
          {"cells", n ? n->cells.size() : 0},
          {"best_rsrp_dbm", n ? round1(n->best_rsrp_dbm) : json(nullptr)},
          {"closest_approach_m", round1(f.closest_approach_m)},
          {"decide_radius_m", num(f.decide_radius_m)},
          {"samples_near", f.samples_near},
          {"unplaced_candidate", f.unplaced_candidate ? json(*f.unplaced_candidate) : json(nullptr)},
          {"note", note_of(f, a, zh)}};
  return {{"site_id", s.site_id},
          {"operator", f.op},
          {"line", s.line},
          {"reported", point(s.pos)},
          {"status", to_string(f.status)},
          {"observed_id", n ? json(n->id) : json(nullptr)},
          {"id_kind", n ? json(to_string(n->kind)) : json(nullptr)},
          {"estimated", n ? point(n->where) : json(nullptr)},
          {"uncertainty_m", n ? round1(n->estimate.uncertainty.value) : json(nullptr)},
          {"offset_m", round1(f.offset_m)},
          {"evidence", ev}};
}

json coverage_json(const CoverageFigures& c) {
  json j{{"basis", c.basis}, {"bins", c.bins},       {"covered_bins", c.covered_bins},   {"unjudged_bins", c.unjudged_bins},
         {"rate", num(c.rate)},  {"ci95", interval(c.ci)},           {"sample_rate", num(c.sample_rate)},
         {"samples", c.samples}, {"design_effect", c.design_effect}, {"effective_n", c.effective_n}};
  if (!c.op.empty()) j["operator"] = c.op;
  return j;
}

json residency_json(const ResidencyFigures& r) {
  json j{{"nr_time_share", num(r.share)}, {"ci95", interval(r.ci)},          {"hours", r.time.total() / 3600.0},
         {"seconds", r.time.total()},     {"sa_seconds", r.time.sa},         {"nsa_seconds", r.time.nsa},
         {"lte_seconds", r.time.lte},     {"other_seconds", r.time.other},   {"design_effect", r.design_effect}};
  if (!r.op.empty()) j["operator"] = r.op;
  return j;
}

json places_json(const Analysis& a) {
  json out = json::array();
  if (!a.place_findings) return out;
  for (const PlaceFinding& f : *a.place_findings) {
    const KeyPlace& p = a.places->places[f.place];
    json per = json::array();
    for (const PlaceOperator& o : f.per_operator)
      per.push_back({{"operator", o.op}, {"samples", o.samples}, {"rsrp_dbm", round1(o.rsrp_dbm)},
                     {"sinr_db", round1(o.sinr_db)}, {"covered", o.covered}});
    out.push_back({{"name", p.name}, {"category", to_string(p.category)}, {"anchor", point(anchor(p))},
                   {"samples", f.samples}, {"reachable", f.reachable ? json(*f.reachable) : json(nullptr)},
                   {"per_operator", per}});
  }
  return out;
}

json indicator_json(const Indicator& i) {
  return {{"name", i.name},
          {"reported", num(i.reported)},
          {"estimate", num(i.estimate)},
          {"ci95", interval(i.ci)},
          {"verdict", i.verdict ? json(stats::to_string(*i.verdict)) : json(nullptr)},
          {"n", i.n},
          {"unit", i.unit},
          {"method", i.method},
          {"more_to_decide", i.more ? json{{"count", *i.more}, {"unit", i.more_unit}} : json(nullptr)}};
}

std::optional<double> median(std::vector<float> v) {
  if (v.empty()) return std::nullopt;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

json throughput_json(const Analysis& a) {
  std::vector<float> dl, ul;
  json per = json::array();
  for (const OperatorObs& o : a.obs.operators) {
    dl.insert(dl.end(), o.dl_mbps.begin(), o.dl_mbps.end());
    ul.insert(ul.end(), o.ul_mbps.begin(), o.ul_mbps.end());
    if (!o.dl_mbps.empty() || !o.ul_mbps.empty())
      per.push_back({{"operator", o.key}, {"dl_mbps_median", round1(median(o.dl_mbps))},
                     {"ul_mbps_median", round1(median(o.ul_mbps))}, {"dl_samples", o.dl_mbps.size()},
                     {"ul_samples", o.ul_mbps.size()}});
  }
  return {{"dl_mbps_median", round1(median(dl))}, {"ul_mbps_median", round1(median(ul))},
          {"dl_samples", dl.size()}, {"ul_samples", ul.size()}, {"per_operator", per}};
}

}  // namespace

json report_json(const Analysis& a, ReportLang lang) {
  const bool zh = lang == ReportLang::Zh;
  json j;
  j["schema"] = "shikan.report/1";
  j["software"] = {{"name", "shikan"}, {"version", SHIKAN_VERSION}};
  j["lang"] = zh ? "zh" : "en";
  j["city"] = {{"name", a.claims.city ? json(*a.claims.city) : json(nullptr)}, {"population", num(a.claims.population)}};
  j["inputs"] = json::array();
  for (const InputFile& f : a.inputs)
    j["inputs"].push_back({{"role", f.role}, {"path", f.path.string()}, {"bytes", f.bytes}, {"sha256", f.sha256},
                           {"format", f.format.empty() ? json(nullptr) : json(f.format)}});
  const Profile& p = a.profile;
  j["profile"] = {{"name", p.name}, {"rsrp_dbm", p.rsrp_dbm}, {"sinr_db", p.sinr_db}, {"bin_m", p.bin_m},
                  {"min_nr_share", p.min_nr_share}, {"cluster_m", p.cluster_m}, {"block_s", p.block_s},
                  {"confidence", p.confidence}, {"tolerance", p.tolerance}, {"verify_radius_m", p.verify_radius_m},
                  {"relocate_radius_m", p.relocate_radius_m}, {"decide_radius_macro_m", p.decide_radius_macro_m},
                  {"decide_radius_micro_m", p.decide_radius_micro_m}, {"decide_min_samples", p.decide_min_samples},
                  {"place_margin_m", p.place_margin_m}, {"place_rule", p.place_rule == PlaceRule::All ? "all" : "any"}};
  const ImportStats& t = a.input.import.total;
  j["import"] = {{"rows", t.rows}, {"accepted", t.accepted}, {"rejected", t.rejected}, {"messages", t.messages},
                 {"skipped_files", json::array()}};
  for (const auto& s : a.input.import.skipped) j["import"]["skipped_files"].push_back(s.string());
  j["import"]["duplicate_files"] = json::array();
  for (const DuplicateFile& d : a.input.import.duplicate_files)
    j["import"]["duplicate_files"].push_back({{"path", d.path.string()}, {"same_as", d.same_as.string()}});
  const CleaningReport& c = a.input.cleaning;
  std::uint64_t sentinel = 0, out_of_range = 0;
  for (std::size_t i = 0; i < kFieldCount; ++i) sentinel += c.values.sentinel[i], out_of_range += c.values.out_of_range[i];
  j["cleaning"] = {{"seen", c.seen}, {"usable", c.usable}, {"gnss_jump", c.gnss_jump}, {"stale_fix", c.stale_fix},
                   {"duplicate", c.duplicate}, {"without_position", c.without_position},
                   {"sentinel_values", sentinel}, {"out_of_range_values", out_of_range}};
  j["sites_file"] = {{"rows", a.list.rows}, {"rejected", a.list.rejections.size()}, {"duplicates", a.list.duplicates.size()},
                     {"encoding", a.list.encoding == csv::TextEncoding::Gbk ? "gbk" : "utf-8"}, {"messages", json::array()}};
  for (const SiteRejection& r : a.list.rejections) j["sites_file"]["messages"].push_back(r.message);
  j["gnb_id_length"] = json::array();
  for (const GnbLength& g : a.lengths)
    j["gnb_id_length"].push_back({{"operator", g.op}, {"plmn", g.plmn}, {"bits", g.bits}, {"source", to_string(g.source)}});
  const SiteCounts& k = a.counts;
  j["summary"] = {{"listed", k.listed}, {"verified", k.verified}, {"relocated", k.relocated},
                  {"not_observed", k.not_observed}, {"inconclusive", k.inconclusive}, {"unreported", k.unreported},
                  {"decidable", k.decidable()}};
  j["sites"] = json::array();
  for (const SiteFinding& f : a.recon.sites) j["sites"].push_back(site_json(f, a, zh));
  j["unreported"] = json::array();
  for (std::size_t i : a.recon.unreported) {
    const Node& n = a.nodes[i];
    j["unreported"].push_back({{"operator", n.op}, {"node_id", n.id}, {"id_kind", to_string(n.kind)},
                               {"estimated", point(n.where)}, {"uncertainty_m", round1(n.estimate.uncertainty.value)},
                               {"samples", n.samples}, {"cells", n.cells.size()}});
  }
  j["coverage"] = coverage_json(a.coverage);
  j["coverage"]["rsrp_dbm"] = p.rsrp_dbm;
  j["coverage"]["sinr_db"] = p.sinr_db;
  j["coverage"]["bin_m"] = p.bin_m;
  j["coverage"]["per_operator"] = json::array();
  for (const CoverageFigures& f : a.coverage_by_op) j["coverage"]["per_operator"].push_back(coverage_json(f));
  j["residency"] = residency_json(a.residency);
  j["residency"]["per_operator"] = json::array();
  for (const ResidencyFigures& f : a.residency_by_op) j["residency"]["per_operator"].push_back(residency_json(f));
  j["key_places"] = places_json(a);
  j["crs"] = {{"declared", a.crs.declared ? json(crs_key(*a.crs.declared)) : json("auto")},
              {"used", crs_key(a.crs.used)},
              {"detected_offset_m", a.crs.detected_offset_m
                                        ? json{{"east", std::round(a.crs.detected_offset_m->first * 10) / 10},
                                               {"north", std::round(a.crs.detected_offset_m->second * 10) / 10}}
                                        : json(nullptr)},
              {"likely", a.crs.likely},
              {"pairs", a.crs.pairs}};
  j["throughput"] = throughput_json(a);
  j["indicators"] = json::array();
  for (const Indicator& i : a.indicators) j["indicators"].push_back(indicator_json(i));
  j["warnings"] = a.warnings;
  return j;
}

}  // namespace shikan::analyzer
