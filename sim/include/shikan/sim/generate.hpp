// Generated cities for analyzer tests and benchmarks (docs/simulator.md §10): a seeded city folder the
// simulator loads (city.toml, sites.csv, keyplaces.csv), plus a REPORTED site list derived from the true
// sites with planted discrepancies and an answer key saying which entry is what. generate_city is pure
// (options in, texts out); write_city is the file edge.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shikan/core/sites.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan::sim {

struct GenerateOptions {
  std::uint64_t seed = 1;
  std::string name = "Generated city";
  GeoPoint centre{Latitude(30.25), Longitude(120.16)};         // WGS-84; inside China so GCJ-02 shifts apply
  UtcTime start{1'778'547'600'000};                            // 2026-05-12T01:00:00Z
  std::vector<std::string> operators{"cmcc", "cucc", "ctcc"};  // presets: cmcc SA n41, cucc SA n78, ctcc NSA n78
  int sites_per_operator = 16;                                 // true sites per operator, 1..2000
  double spacing_m = 600;                                      // grid step between an operator's sites, 200..5000 m
  double jitter = 0.25;      // each site moves up to ± jitter·spacing per axis, 0..0.45
  double micro_share = 0.2;  // share of sites that are one-sector micro sites, 0..1
  // Planted discrepancies, each as a share of sites_per_operator, rounded to whole sites per operator.
  double phantom = 0.1;      // reported entries with no site in the world (new ids, positions in the gaps)
  double relocated = 0.05;   // reported with the true id but relocate_min_m..relocate_max_m from the true site
  double unreported = 0.05;  // true sites left out of the reported list (relocated + unreported <= 1)
  double relocate_min_m = 400, relocate_max_m = 1500;
  bool gcj02 = false;  // reported lat/lon written in GCJ-02 (core crs.hpp from_wgs84), as Amap-traced lists are
  bool ids = true;     // false: a location-only list (no gnb_id, gnb_id_bits, enb_id columns)
  int keyplaces = 4;   // key places (rotating kinds) the generated route visits, 0..20
};

enum class Planted : std::uint8_t { Correct, Phantom, Relocated, Unreported };
std::string_view to_string(Planted p);  // "correct", "phantom", "relocated", "unreported"

// One site of an operator: a true site in the world, or a phantom that only the reported list has.
struct GeneratedSite {
  std::string site_id;
  std::string op;  // operator key (cmcc, cucc, ctcc)
  Plmn plmn{"460", "00"};
  int gnb_id_bits = 24;
  std::uint32_t gnb_id = 0;  // NR gNB ID; the LTE layer's eNB ID is gnb_id & 0xFFFFF
  std::uint32_t enb_id() const { return gnb_id & 0xFFFFFu; }
  SiteType type = SiteType::Macro;
  std::string band;                              // "n41", "n78"
  std::vector<int> azimuths_deg;                 // macro: 3 sectors 120° apart; micro: 1
  GeoPoint true_pos{Latitude(0), Longitude(0)};  // WGS-84 (a phantom's is its reported position)
  std::optional<GeoPoint> reported;              // WGS-84 position in the reported list; empty: unreported
  Planted status = Planted::Correct;
  double offset_m = 0;  // reported to true distance (relocated), else 0
};

struct GeneratedCity {
  GenerateOptions options;
  std::vector<GeneratedSite> sites;  // true sites and phantoms, by operator then site_id
  // Folder contents, file name -> text: city.toml, sites.csv, keyplaces.csv (when keyplaces > 0),
  // reported_sites.csv, answer_key.json.
  std::vector<std::pair<std::string, std::string>> files;
};

// Pure and seeded: the same options give byte-identical files. Throws std::invalid_argument naming the
// option when an option is out of its range or an operator key has no preset.
GeneratedCity generate_city(const GenerateOptions& options);

// Writes every file into `dir` (created if needed). Throws std::system_error naming the file.
void write_city(const GeneratedCity& city, const std::filesystem::path& dir);

}  // namespace shikan::sim
