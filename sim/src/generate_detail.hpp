// Internal to shikan::sim: operator presets and the file texts of a generated city.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "shikan/sim/generate.hpp"
#include "shikan/sim/geo.hpp"

namespace shikan::sim::detail {

// The demo city's frequency plan (data/demo/city.toml) per operator key.
struct OperatorPreset {
  const char* key;
  const char* plmn;
  const char* mode;      // SA | NSA
  const char* firmware;  // qualcomm | unisoc | endc
  int gnb_id_bits;
  const char* band;  // NR band of every site
  std::uint32_t nr_arfcn;
  const char* lte_band;
  std::uint32_t lte_earfcn;
  std::uint32_t tac_base;
  std::uint32_t gnb_base;  // first gNB ID; ids are gnb_base + 0..(sites + phantoms - 1)
  const char* prefix;      // site ids PREFIX-0001...
};

// Throws std::invalid_argument for a key without a preset (cmcc, cucc, ctcc have one).
const OperatorPreset& preset(const std::string& key);
// PREFIX-nnnn with nnnn = number + 1.
std::string site_id(const OperatorPreset& p, std::size_t number);
// city.toml, sites.csv, keyplaces.csv, reported_sites.csv, answer_key.json.
std::vector<std::pair<std::string, std::string>> city_files(const GeneratedCity& city, const LocalFrame& frame);

}  // namespace shikan::sim::detail
