// The whole analysis on real drive data (label realdata; skipped without ../shared). Facts asserted are the
// ones checkable independently (commands in comments); what the analysis concludes is recorded in
// docs/analyzer.md, "Real data".
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

#include <unistd.h>

#include "shikan/analyzer/analyze.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::analyzer;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::set<std::uint64_t>> enbs_by_operator(const Observations& obs) {
  std::map<std::string, std::set<std::uint64_t>> out;
  for (const OperatorObs& op : obs.operators)
    for (const auto& [eci, cell] : op.lte_cells) out[op.key].insert(eci >> 8);
  return out;
}

}  // namespace

TEST_CASE("ucc Cork drive against the Irish regulator's site list: location-only matching", "[realdata][analyze]") {
  SHIKAN_REQUIRE_SHARED(shared);
  AnalyzeOptions o;
  o.measurements = {shared / "data/ucc-5g-beyond-throughput"};
  o.sites = shared / "data/ireland-base-stations/base_stations.csv";
  o.site_read.column_aliases = {{"site_id", "bs_id"}, {"operator", "bs_operator"}, {"lat", "bs_lat"}, {"lon", "bs_long"}};
  // The list is anonymised (mno_1, mno_2) and the logs carry no PLMN (Operatorname "B"): both list operators
  // are tried against the measured operator "unknown"; SOURCE.md says only location can tie them.
  o.operator_plmn = {{"mno_1", "unknown"}, {"mno_2", "unknown"}};
  const Analysis a = analyze(o);
  // wc -l base_stations.csv -> 5275 (header + 5274 rows, SOURCE.md).
  CHECK(a.list.rows == 5274);
  CHECK(a.list.sites.size() == 5274);
  CHECK(a.input.import.total.rows == 188711);
  CHECK(a.input.cleaning.duplicate == 1910);
  // The measured LTE anchors are the 87 eNBs of the import test; located ones are a subset.
  const auto enbs = enbs_by_operator(a.obs);
  REQUIRE(enbs.count("unknown"));
  CHECK(enbs.at("unknown").size() == 87);
  for (const Node& n : a.nodes) CHECK((n.kind == NodeKind::Enb && enbs.at(n.op).count(n.id)));
  // The NSA logs carry no NR level (NRxRSRP is a neighbour value): coverage falls back to NR presence.
  CHECK(a.coverage.basis == "presence");
  // The regulator's list is WGS-84 (SOURCE.md): never taken for a Chinese encoding.
  CHECK(a.crs.likely != "gcj02");
  CHECK(a.crs.likely != "bd09");
  // Every entry has a status; nearly all of Ireland lies far from Cork's drive: inconclusive.
  CHECK(a.recon.sites.size() == 5274);
  CHECK(a.counts.inconclusive > 5000);
  CHECK(a.counts.verified >= 20);
  INFO("verified " << a.counts.verified << " relocated " << a.counts.relocated << " not_observed "
                   << a.counts.not_observed << " unreported " << a.counts.unreported);
  CHECK(a.residency.share.has_value());
}

TEST_CASE("gnettrack-dakar: three operators, eNBs per operator, all unreported against a list elsewhere", "[realdata][analyze]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path dir = fs::temp_directory_path() / ("shikan-dakar-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // A list with one entry per operator, 60 km away in Thiès: nothing matches, every located eNB is unreported.
  std::ofstream(dir / "sites.csv") << "site_id,operator,lat,lon\nO1,60801,14.79,-16.93\nY1,60802,14.79,-16.93\n"
                                      "E1,60803,14.79,-16.93\n";
  AnalyzeOptions o;
  o.measurements = {shared / "data/gnettrack-dakar"};
  o.sites = dir / "sites.csv";
  o.import.gnettrack_utc_offset_min = 0;  // Dakar is UTC+0
  const Analysis a = analyze(o);
  CHECK(a.input.import.total.rows == 2625 + 2719 + 2955);
  // awk -F'\t' 'NR>1 && $10=="4G" && $7!="" && $2!=0 {print $5, $7}' X_log.txt | sort -u | cut -d' ' -f1 | uniq -c
  //   -> 60801: 20, 60802: 13, 60803: 6 distinct eNBs (positioned 4G rows).
  const auto enbs = enbs_by_operator(a.obs);
  CHECK(enbs.at("60801").size() == 20);
  CHECK(enbs.at("60802").size() == 13);
  CHECK(enbs.at("60803").size() == 6);
  for (const SiteFinding& f : a.recon.sites) CHECK(f.status == SiteStatus::Inconclusive);
  std::map<std::string, int> unreported;
  for (std::size_t i : a.recon.unreported) ++unreported[a.nodes[i].op];
  // Located eNBs (>= 5 usable samples): awk as above with `uniq -c` per (operator, node) and count >= 5 ->
  // 17, 11, 4 before duplicate removal.
  CHECK(unreported["60801"] <= 17);
  CHECK(unreported["60802"] <= 11);
  CHECK(unreported["60803"] <= 4);
  CHECK(unreported["60801"] >= 14);
  INFO("unreported " << unreported["60801"] << " " << unreported["60802"] << " " << unreported["60803"]);
  // Rows without an operator code (no service) form a fourth group, "unknown".
  CHECK(a.obs.operators.size() == 4);
  CHECK(a.obs.find("unknown") != nullptr);
  fs::remove_all(dir);
}
