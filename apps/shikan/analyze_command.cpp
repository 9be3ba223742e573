// `shikan analyze` (docs/analyzer.md): options -> AnalyzeOptions, then the analyzer library; prints the
// verdict table and where the report is.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "shikan/analyzer/analyze.hpp"

namespace shikan::app {
namespace {

using namespace shikan::analyzer;

std::string pct_or_num(const std::optional<double>& v, const std::string& name) {
  if (!v) return "-";
  std::ostringstream s;
  s << std::fixed;
  const bool share = name == "coverage_rate" || name == "nr_residency" || name == "key_place_reachability";
  if (share) s << std::setprecision(1) << *v * 100 << "%";
  else s << std::setprecision(name == "base_stations_5g" ? 0 : 2) << *v;
  return s.str();
}

std::string label(const std::string& name, bool zh) {
  if (name == "base_stations_5g") return zh ? "5G基站数" : "5G base stations";
  if (name == "base_stations_5g_per_10k") return zh ? "每万人5G基站数" : "5G sites per 10k people";
  if (name == "coverage_rate") return zh ? "5G覆盖率" : "5G coverage";
  if (name == "nr_residency") return zh ? "5G驻留比" : "5G residency";
  if (name == "key_place_reachability") return zh ? "重点场所5G通达率" : "key places reachable";
  return name;
}

std::string verdict_word(const std::optional<stats::Verdict>& v, bool zh) {
  if (!v) return zh ? "未上报" : "not claimed";
  switch (*v) {
    case stats::Verdict::Consistent: return zh ? "一致" : "consistent";
    case stats::Verdict::Overstated: return zh ? "高于实测" : "overstated";
    case stats::Verdict::Inconclusive: return zh ? "无法判定" : "inconclusive";
  }
  return "?";
}

std::string unit_word(const std::string& unit, bool zh) {
  if (!zh) return unit;
  if (unit == "sites") return "个站点";
  if (unit == "km") return "公里";
  if (unit == "hours") return "小时";
  if (unit == "places") return "个场所";
  return unit;
}

void print_table(const Analysis& a, bool zh, std::ostream& out) {
  out << (zh ? "指标\t上报\t实测\t95%区间\t结论\n" : "indicator\treported\testimate\t95% interval\tverdict\n");
  for (const Indicator& i : a.indicators) {
    std::string ci = "-";
    if (i.ci) ci = pct_or_num(i.ci->lower, i.name) + " .. " + pct_or_num(i.ci->upper, i.name);
    out << label(i.name, zh) << '\t' << pct_or_num(i.reported, i.name) << '\t' << pct_or_num(i.estimate, i.name) << '\t'
        << ci << '\t' << verdict_word(i.verdict, zh);
    if (i.more) out << (zh ? "（再需 " : " (") << *i.more << ' ' << unit_word(i.more_unit, zh) << (zh ? "）" : " more)");
    out << '\n';
  }
  const SiteCounts& c = a.counts;
  out << (zh ? "站点：" : "sites: ") << c.listed << (zh ? " 个上报，核实 " : " listed, verified ") << c.verified
      << (zh ? "，位置不符 " : ", relocated ") << c.relocated << (zh ? "，未发现 " : ", not observed ")
      << c.not_observed << (zh ? "，无法判定 " : ", inconclusive ") << c.inconclusive
      << (zh ? "，未上报的实测站 " : "; observed but unreported ") << c.unreported << '\n';
  if (a.crs.likely == "gcj02" || a.crs.likely == "bd09")
    out << (zh ? "站点表坐标系：检测为 " : "site list CRS: detected ") << a.crs.likely
        << (zh ? "，已按 " : ", analysed as ") << crs_key(a.crs.used) << '\n';
}

}  // namespace

Action register_analyze(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Reconcile drive-test measurements with a city's reported sites and figures; write the report");
  auto o = std::make_shared<AnalyzeOptions>();
  auto crs = std::make_shared<std::string>("wgs84");
  auto lang = std::make_shared<std::string>("zh");
  auto out = std::make_shared<std::string>();
  auto places = std::make_shared<std::string>(), claims = std::make_shared<std::string>(), profile = std::make_shared<std::string>();
  auto ops = std::make_shared<std::vector<std::string>>();
  auto columns = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("--measurements", o->measurements, "Measurement file or folder (probe database, G-NetTrack .csv/.txt, generic CSV); repeatable")->required()->check(CLI::ExistingPath);
  cmd->add_option("--sites", o->sites, "Reported sites CSV (UTF-8 or GBK)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--sites-crs", *crs, "CRS of the sites' coordinates; auto detects and corrects GCJ-02 / BD-09")->capture_default_str()->check(CLI::IsMember({"wgs84", "gcj02", "bd09", "auto"}));
  cmd->add_option("--places", *places, "Key places (GeoJSON: polygons, or points with a radius)")->check(CLI::ExistingFile);
  cmd->add_option("--claims", *claims, "The city's reported figures (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--profile", *profile, "Thresholds profile (TOML; default RSRP -105 dBm, SINR -3 dB, 50 m bins)")->check(CLI::ExistingFile);
  cmd->add_option("--out", *out, "Output folder: report.json, report.html, sites.csv, bins.csv")->required();
  cmd->add_option("--lang", *lang, "Report language")->capture_default_str()->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--operator", *ops, "Operator of list entries named otherwise, TEXT=PLMN (e.g. mno_2=27202); repeatable");
  cmd->add_option("--sites-column", *columns, "Extra header name for a sites column, COLUMN=HEADER (e.g. lat=bs_lat); repeatable");
  cmd->add_flag("--quiet", *quiet, "No progress lines on stderr");
  return [=]() -> int {
    if (!cmd->parsed()) return -1;
    if (*crs != "auto") o->sites_crs = *crs == "wgs84" ? Crs::Wgs84 : *crs == "gcj02" ? Crs::Gcj02 : Crs::Bd09;
    else o->sites_crs.reset();
    if (!places->empty()) o->places = *places;
    if (!claims->empty()) o->claims = *claims;
    if (!profile->empty()) o->profile = *profile;
    for (const std::string& s : *ops) {
      const auto eq = s.find('=');
      if (eq == std::string::npos) throw CLI::ValidationError("--operator", "expected TEXT=PLMN, got " + s);
      o->operator_plmn.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    for (const std::string& s : *columns) {
      const auto eq = s.find('=');
      if (eq == std::string::npos) throw CLI::ValidationError("--sites-column", "expected COLUMN=HEADER, got " + s);
      o->site_read.column_aliases.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    if (!*quiet) o->progress = [](const std::string& line) { std::cerr << "analyze: " << line << "\n"; };
    const bool zh = *lang == "zh";
    const Analysis a = analyze(*o);
    for (const std::string& w : a.warnings) std::cerr << "warning: " << w << "\n";
    write_outputs(a, *out, zh ? ReportLang::Zh : ReportLang::En);
    print_table(a, zh, std::cout);
    std::cout << (zh ? "报告：" : "report: ") << (std::filesystem::path(*out) / "report.html").string() << "\n";
    return 0;
  };
}

}  // namespace shikan::app
