// What an analysis judges against: the thresholds profile and the city's claims (docs/analyzer.md, "Profile"
// and "Claims"). Both are TOML; readers throw ProfileError "FILE:LINE: key: reason". Unknown keys are errors:
// a misspelt threshold silently ignored would change a verdict.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "shikan/core/sites.hpp"

namespace shikan::analyzer {

class ProfileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class PlaceRule { All, Any };  // a key place is reachable when all (any) measured operators cover it

struct Profile {
  std::string name = "default";
  // Coverage (FIELD_GUIDE §3): SS-RSRP >= rsrp_dbm AND SS-SINR >= sinr_db, averaged in mW per bin.
  double rsrp_dbm = -105;
  double sinr_db = -3;
  double bin_m = 50;
  double min_nr_share = 0.5;  // a bin is covered only if at least this share of its samples had NR at all
  double cluster_m = 500;     // coverage bins are grouped into squares this wide as the interval's clusters
  // Residency: time between consecutive rows of one log and operator, capped (a logging gap is not time on
  // any RAT); 5-minute blocks are the interval's clusters.
  double max_gap_s = 10;
  double block_s = 300;
  // Statistics.
  double confidence = 0.95;
  double tolerance = 0.02;  // shares: absolute; counts: relative to the claim
  // Sites.
  double verify_radius_m = 300;    // an estimate this close (plus its uncertainty) confirms the position
  double relocate_radius_m = 2000;  // location-only matches beyond this are not the same site
  double decide_radius_macro_m = kDecideRadiusMacro.value;  // a route this close to a real macro site always hears it
  double decide_radius_micro_m = kDecideRadiusMicro.value;  // micro / pico; indoor sites are never decidable from a road
  std::int64_t decide_min_samples = 3;   // of the site's operator within that radius (a pass at 12 s sampling)
  std::int64_t min_node_samples = 5;     // nodes seen less are not located nor listed as unreported
  double thin_m = 10;  // measurements of one cell are averaged on a grid this fine before the location fit
  // Key places: samples within this distance of the outline count (drive tests run on the streets around).
  double place_margin_m = 100;
  std::int64_t place_min_samples = 5;
  PlaceRule place_rule = PlaceRule::All;
  // gNB-ID length per PLMN ("46000" = 24), used when the sites file gives none (FIELD_GUIDE §3).
  std::map<std::string, int> gnb_id_length;
  // Operator of list entries written as something else than a Chinese operator: a PLMN ("mno_2" = "27202")
  // or an operator key as the report writes it ("cmcc", "27202", or "unknown" for logs without a PLMN).
  std::map<std::string, std::string> operator_plmn;
};

struct Claims {
  std::optional<std::string> city;
  std::optional<double> population;
  std::optional<double> base_stations_5g;
  std::optional<double> coverage_rate;           // share in [0, 1] (a value > 1 is read as a percentage)
  std::optional<double> nr_residency;            // share
  std::optional<double> key_place_reachability;  // share
};

// A PLMN or an operator key: lowercase ASCII letters, digits, '_' and '-'.
bool valid_operator_target(std::string_view s);

// Pure parsers (text, source name) and file readers.
Profile parse_profile(std::string_view toml_text, const std::string& source, Profile base = {});
Profile read_profile_file(const std::string& path, Profile base = {});
// Claims may override the profile's thresholds ([thresholds] rsrp_dbm, sinr_db, bin_m): they go into `profile`.
Claims parse_claims(std::string_view toml_text, const std::string& source, Profile& profile);
Claims read_claims_file(const std::string& path, Profile& profile);

}  // namespace shikan::analyzer
