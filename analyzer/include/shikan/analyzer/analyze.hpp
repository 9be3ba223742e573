// `shikan analyze`: the whole analysis (docs/analyzer.md). analyze() is the I/O edge that reads the inputs and
// runs the pure stages: import + clean (importer.hpp) -> Observer (observe.hpp) -> gNB lengths and nodes
// (nodes.hpp) -> CRS hypotheses and reconciliation (crs_detect.hpp, reconcile.hpp) -> figures and verdicts
// (figures.hpp). Errors name the file and line (ImportError, csv::CsvError, ProfileError, AnalyzeError).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shikan/analyzer/crs_detect.hpp"
#include "shikan/analyzer/figures.hpp"
#include "shikan/analyzer/importer.hpp"
#include "shikan/analyzer/nodes.hpp"
#include "shikan/analyzer/reconcile.hpp"
#include "shikan/analyzer/report_html.hpp"
#include "shikan/core/places.hpp"
#include "shikan/core/sites.hpp"

namespace shikan::analyzer {

class AnalyzeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AnalyzeOptions {
  std::vector<std::filesystem::path> measurements;
  std::filesystem::path sites;
  std::optional<Crs> sites_crs = Crs::Wgs84;  // nullopt: auto (detect and correct GCJ-02 / BD-09)
  std::optional<std::filesystem::path> places, claims, profile;
  std::vector<std::pair<std::string, std::string>> operator_plmn;  // list operator text -> PLMN
  SiteReadOptions site_read;                                       // column aliases (crs is set from sites_crs)
  ImportOptions import;
  CleaningOptions cleaning;
  // Progress lines for long runs ("imported 2000000 rows"); called from the analysing thread.
  std::function<void(const std::string&)> progress;
};

struct InputFile {
  std::string role;  // measurements, sites, places, claims, profile
  std::filesystem::path path;
  std::uintmax_t bytes = 0;
  std::string sha256;
  std::string format;
};

struct Analysis {
  Profile profile;
  Claims claims;
  std::vector<InputFile> inputs;
  MeasurementInput input;  // import and cleaning summaries
  SiteList list;           // as read; positions WGS-84 under the CRS finally used
  std::optional<PlaceList> places;
  Observations obs;
  std::vector<GnbLength> lengths;
  std::vector<Node> nodes;
  CrsFinding crs;
  Reconciliation recon;
  SiteCounts counts;
  CoverageFigures coverage;
  std::vector<CoverageFigures> coverage_by_op;
  ResidencyFigures residency;
  std::vector<ResidencyFigures> residency_by_op;
  std::optional<std::vector<PlaceFinding>> place_findings;
  std::vector<Indicator> indicators;
  std::vector<std::string> warnings;  // e.g. "sites.csv: 12 of 40 entries lie outside the measured area"
};

Analysis analyze(const AnalyzeOptions& options);

// The pure part after the inputs are read (for tests): everything from the observations on.
void reconcile_and_judge(Analysis& a, std::optional<Crs> sites_crs);

// report.json (schema shikan.report/1) and the output folder (report.json, report.html, sites.csv, bins.csv).
nlohmann::json report_json(const Analysis& a, ReportLang lang);
void write_outputs(const Analysis& a, const std::filesystem::path& dir, ReportLang lang);

}  // namespace shikan::analyzer
