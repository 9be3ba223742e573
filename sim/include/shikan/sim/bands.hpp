// Frequency bands the simulator knows: NR (TS 38.101-1 §5.2, §5.4.2.1 NR-ARFCN) and LTE
// (TS 36.101 §5.5, §5.7.3 EARFCN). Values are the downlink side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shikan::sim {

enum class Tech : std::uint8_t { Nr, Lte };

struct Band {
  Tech tech = Tech::Nr;
  int number = 0;           // 78 for n78, 3 for B3
  bool tdd = false;
  std::uint32_t default_arfcn = 0;  // NR-ARFCN or EARFCN of the carrier used when a city does not say
  int bandwidth_mhz = 0;    // carrier bandwidth
  int scs_khz = 15;         // subcarrier spacing (LTE always 15)
  double eirp_per_re_dbm = 0;  // reference-signal EPRE + antenna gain toward boresight, dBm
  std::string name() const;    // "n78", "B3"
};

// "n78"/"N78" -> NR band 78; "B3"/"b3" -> LTE band 3. nullopt for unknown bands.
std::optional<Band> find_band(std::string_view name);

// Downlink frequency in MHz of an NR-ARFCN (TS 38.104 §5.4.2.1, ranges up to 24.25 GHz) or an EARFCN.
double nr_arfcn_to_mhz(std::uint32_t arfcn);
std::optional<double> earfcn_to_mhz(int band, std::uint32_t earfcn);
double carrier_mhz(const Band& band, std::uint32_t arfcn);

// Quectel bandwidth codes (FIELD_GUIDE §4): NR 0=5 MHz, 1=10, 2=15, 3=20, 4=25, 5=30, 6=40, 7=50,
// 8=60, 9=70, 10=80, 11=90, 12=100, 13=200, 14=400; LTE 0=1.4, 1=3, 2=5, 3=10, 4=15, 5=20.
int nr_bandwidth_code(int mhz);
int lte_bandwidth_code(int mhz);
// LTE resource blocks for a bandwidth (TS 36.101 Table 5.6-1): 20 MHz -> 100.
int lte_resource_blocks(int mhz);
// Quectel SCS code: 0=15 kHz, 1=30, 2=60, 3=120, 4=240.
int scs_code(int khz);

}  // namespace shikan::sim
