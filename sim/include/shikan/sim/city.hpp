// A simulated city: its configuration (city.toml), its site list (sites.csv) and key places
// (keyplaces.csv). Parsing is pure (text in, values out); load_* functions read the files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/plmn.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/sim/bands.hpp"

namespace shikan::sim {

// Environment or configuration failure; the message names the file (and line where known).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How the modem firmware prints its answers (FIELD_GUIDE §4).
enum class Firmware : std::uint8_t {
  Qualcomm,  // RM500Q/RG50xQ style: 17-field NR5G-SA line, bandwidth as a code
  Unisoc,    // RM500U style: 18-field NR5G-SA line, bandwidth in MHz, +CME ERROR: 4 for unknown commands
  Endc,      // NSA-only module: the three-line EN-DC form, `+QENG:"NR5G-NSA"` without a space
};
std::string_view to_string(Firmware f);  // "qualcomm", "unisoc", "endc"
std::optional<Firmware> parse_firmware(std::string_view s);

enum class NetMode : std::uint8_t { Sa, Nsa };
std::string_view to_string(NetMode m);  // "SA", "NSA"

struct OperatorConfig {
  std::string key;  // "cmcc", "cucc", "ctcc", "cbn": modem id and device name
  Operator op = Operator::Other;
  Plmn plmn{"460", "00"};
  NetMode mode = NetMode::Sa;
  Firmware firmware = Firmware::Qualcomm;
  int gnb_id_length = 24;                       // bits, 22..32 (FIELD_GUIDE §3)
  std::map<int, std::uint32_t> nr_arfcn;        // NR band number -> NR-ARFCN of the operator's carrier
  Band lte_band = *find_band("B3");             // LTE layer: NSA anchor and SA fallback
  std::uint32_t lte_earfcn = 1650;
  std::uint32_t tac_base = 0x1000;              // TAC of the area at the city centre
  std::string long_name, short_name;            // +COPS formats 0 and 1
  std::string model = "RM500Q-GL", revision = "RM500QGLABR11A06M4G";

  std::uint32_t arfcn_for(const Band& b) const;  // the configured carrier or the band's default
};

enum class RouteSource : std::uint8_t { Grid, Gpx };

struct RouteConfig {
  RouteSource source = RouteSource::Grid;
  std::string gpx = "route.gpx";   // relative to the city folder
  Metres block{250};               // street-grid spacing
  Metres extent{2500};             // the grid spans centre +- extent in both axes
  bool visit_keyplaces = true;     // the generated route drives to each key place in turn
};

struct CityConfig {
  std::string name;
  GeoPoint centre{Latitude(0), Longitude(0)};
  Metres altitude{10};             // terrain height above mean sea level
  UtcTime start{};                 // simulated start time (UTC)
  RouteConfig route;
  std::vector<OperatorConfig> operators;
  const OperatorConfig* find(std::string_view key) const;
};

// Parses city.toml text; `source` names the file in error messages. Throws ConfigError.
CityConfig parse_city_toml(std::string_view text, const std::string& source);

// ---- sites.csv: site_id,operator,lat,lon,gnb_id,azimuths,band ----
struct SiteRow {
  int line = 0;                    // 1-based line in the file
  std::string site_id;
  Operator op = Operator::Other;
  GeoPoint pos{Latitude(0), Longitude(0)};
  std::uint32_t gnb_id = 0;        // gNB ID (NR band) or eNB ID (LTE band)
  std::vector<double> azimuths_deg;  // sector boresights, degrees clockwise from north
  Band band;
};

struct SiteTable {
  std::vector<SiteRow> sites;
  std::vector<std::string> errors;  // "file:line: reason", one per rejected row
  int rows = 0;                     // data rows seen (accepted + rejected)
};

// Keeps going past bad rows (HOUSE_STYLE §8). A missing or wrong header is one error and no sites.
SiteTable parse_sites_csv(std::string_view text, const std::string& file);

// ---- keyplaces.csv: name,kind,lat,lon ----
struct KeyPlace {
  std::string name;
  std::string kind;  // hospital | university | station | airport | scenic
  GeoPoint pos{Latitude(0), Longitude(0)};
};
struct KeyPlaceTable {
  std::vector<KeyPlace> places;
  std::vector<std::string> errors;
};
KeyPlaceTable parse_keyplaces_csv(std::string_view text, const std::string& file);

// File edge: reads a whole file, throws ConfigError naming it when it cannot.
std::string read_text_file(const std::filesystem::path& p);

}  // namespace shikan::sim
