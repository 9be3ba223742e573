// The output folder: report.json, report.html, sites.csv, bins.csv. CSVs are UTF-8 with a BOM so Excel shows
// Chinese; every position is WGS-84. Each file is written to a temporary name and renamed, so a reader never
// sees half a report.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "shikan/analyzer/analyze.hpp"
#include "shikan/core/files.hpp"

namespace shikan::analyzer {
namespace {

namespace fs = std::filesystem;

std::string field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string fixed(std::optional<double> v, int decimals) {
  if (!v || !std::isfinite(*v)) return {};
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(decimals);
  s << *v;
  return s.str();
}

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string sites_csv(const nlohmann::json& report) {
  std::ostringstream o;
  o << kBom << "site_id,operator,status,reported_lat,reported_lon,observed_id,id_kind,estimated_lat,estimated_lon,"
               "uncertainty_m,offset_m,match,samples,closest_approach_m,note\r\n";
  for (const auto& s : report["sites"]) {
    const auto str = [](const nlohmann::json& v) { return v.is_null() ? std::string() : v.is_string() ? v.get<std::string>() : v.dump(); };
    const auto& est = s["estimated"];
    o << field(str(s["site_id"])) << ',' << field(str(s["operator"])) << ',' << str(s["status"]) << ','
      << fixed(s["reported"]["lat"].get<double>(), 7) << ',' << fixed(s["reported"]["lon"].get<double>(), 7) << ','
      << str(s["observed_id"]) << ',' << str(s["id_kind"]) << ','
      << (est.is_null() ? "" : fixed(est["lat"].get<double>(), 7)) << ','
      << (est.is_null() ? "" : fixed(est["lon"].get<double>(), 7)) << ',' << str(s["uncertainty_m"]) << ','
      << str(s["offset_m"]) << ',' << str(s["evidence"]["match"]) << ',' << str(s["evidence"]["samples"]) << ','
      << str(s["evidence"]["closest_approach_m"]) << ',' << field(str(s["evidence"]["note"])) << "\r\n";
  }
  return o.str();
}

std::string bins_csv(const Analysis& a) {
  std::ostringstream o;
  o << kBom << "operator,lat,lon,bin_m,samples,nr_samples,rsrp_dbm,sinr_db,judged,covered\r\n";
  if (!a.obs.frame) return o.str();
  for (const OperatorObs& op : a.obs.operators) {
    const bool presence = presence_only(op);
    std::vector<std::pair<std::uint64_t, const BinAcc*>> bins;
    for (const auto& [k, b] : op.bins) bins.emplace_back(k, &b);
    std::sort(bins.begin(), bins.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [key, b] : bins) {
      const GeoPoint c = a.obs.frame->to_geo(grid_centre(key, a.profile.bin_m));
      const BinVerdict v = judge_bin(*b, a.profile, presence);
      o << field(op.key) << ',' << fixed(c.lat.degrees(), 7) << ',' << fixed(c.lon.degrees(), 7) << ','
        << a.profile.bin_m << ',' << b->samples << ',' << b->nr_samples << ',' << fixed(v.rsrp_dbm, 1) << ','
        << fixed(v.sinr_db, 1) << ',' << (v.judged ? 1 : 0) << ',' << (v.covered ? 1 : 0) << "\r\n";
    }
  }
  return o.str();
}

}  // namespace

void write_outputs(const Analysis& a, const fs::path& dir, ReportLang lang) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw AnalyzeError(dir.string() + ":0: cannot create the output folder: " + ec.message());
  const nlohmann::json report = report_json(a, lang);
  write_file_atomically(dir / "report.json", report.dump(2) + "\n");
  write_file_atomically(dir / "report.html", render_report_html(report, lang));
  write_file_atomically(dir / "sites.csv", sites_csv(report));
  write_file_atomically(dir / "bins.csv", bins_csv(a));
}

}  // namespace shikan::analyzer
