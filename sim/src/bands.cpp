#include "shikan/sim/bands.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace shikan::sim {
namespace {

// EIRP per resource element, dBm, toward the antenna's boresight (our assumption, docs/simulator.md §2):
// 3.5/2.6/4.9 GHz massive-MIMO carriers ~36 dBm (about 200 W over 3276 subcarriers = 18 dBm/RE plus
// ~18 dB SSB beam gain); 700 MHz and LTE macro carriers 30-33 dBm (40-60 W over 1200-1800
// subcarriers plus 15-18 dBi).
constexpr std::array kNrBands = {
    Band{Tech::Nr, 1, false, 427000, 20, 15, 33.0},   Band{Tech::Nr, 3, false, 368500, 20, 15, 33.0},
    Band{Tech::Nr, 28, false, 154810, 30, 15, 30.0},  Band{Tech::Nr, 41, true, 504990, 100, 30, 36.0},
    Band{Tech::Nr, 78, true, 627264, 100, 30, 36.0},  Band{Tech::Nr, 79, true, 723360, 100, 30, 36.0},
};

struct LteRaster {
  int band;
  double f_dl_low_mhz;
  std::uint32_t n_offs_dl;
  std::uint32_t n_max;
};
// TS 36.101 Table 5.7.3-1.
constexpr std::array kLteRaster = {
    LteRaster{1, 2110.0, 0, 599},        LteRaster{3, 1805.0, 1200, 1949},   LteRaster{5, 869.0, 2400, 2649},
    LteRaster{8, 925.0, 3450, 3799},     LteRaster{34, 2010.0, 36200, 36349}, LteRaster{39, 1880.0, 38250, 38649},
    LteRaster{40, 2300.0, 38650, 39649}, LteRaster{41, 2496.0, 39650, 41589},
};
constexpr std::array kLteBands = {
    Band{Tech::Lte, 1, false, 100, 20, 15, 33.0},    Band{Tech::Lte, 3, false, 1650, 20, 15, 33.0},
    Band{Tech::Lte, 5, false, 2452, 10, 15, 30.0},   Band{Tech::Lte, 8, false, 3590, 10, 15, 30.0},
    Band{Tech::Lte, 34, true, 36275, 15, 15, 32.0},  Band{Tech::Lte, 39, true, 38400, 20, 15, 32.0},
    Band{Tech::Lte, 40, true, 38950, 20, 15, 32.0},  Band{Tech::Lte, 41, true, 40936, 20, 15, 32.0},
};

}  // namespace

std::string Band::name() const {
  std::string s(1, tech == Tech::Nr ? 'n' : 'B');
  s += std::to_string(number);
  return s;
}

std::optional<Band> find_band(std::string_view name) {
  if (name.size() < 2) return std::nullopt;
  const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  int number = 0;
  const auto digits = name.substr(1);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
  if (p == 'n') {
    for (const Band& b : kNrBands)
      if (b.number == number) return b;
  } else if (p == 'b') {
    for (const Band& b : kLteBands)
      if (b.number == number) return b;
  }
  return std::nullopt;
}

double nr_arfcn_to_mhz(std::uint32_t arfcn) {
  // TS 38.104 Table 5.4.2.1-1: F_REF = F_REF-Offs + dF_Global (N_REF - N_REF-Offs).
  if (arfcn < 600000) return 0.005 * arfcn;
  if (arfcn < 2016667) return 3000.0 + 0.015 * (arfcn - 600000);
  return 24250.08 + 0.06 * (arfcn - 2016667);
}

std::optional<double> earfcn_to_mhz(int band, std::uint32_t earfcn) {
  for (const LteRaster& r : kLteRaster)
    if (r.band == band && earfcn >= r.n_offs_dl && earfcn <= r.n_max)
      return r.f_dl_low_mhz + 0.1 * (earfcn - r.n_offs_dl);
  return std::nullopt;
}

double carrier_mhz(const Band& band, std::uint32_t arfcn) {
  if (band.tech == Tech::Nr) return nr_arfcn_to_mhz(arfcn);
  if (auto f = earfcn_to_mhz(band.number, arfcn)) return *f;
  return *earfcn_to_mhz(band.number, band.default_arfcn);
}

int nr_bandwidth_code(int mhz) {
  constexpr std::array<int, 15> kMhz = {5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 400};
  for (std::size_t i = 0; i < kMhz.size(); ++i)
    if (kMhz[i] >= mhz) return static_cast<int>(i);
  return 14;
}

int lte_bandwidth_code(int mhz) {
  if (mhz <= 1) return 0;
  if (mhz <= 3) return 1;
  if (mhz <= 5) return 2;
  if (mhz <= 10) return 3;
  if (mhz <= 15) return 4;
  return 5;
}

int lte_resource_blocks(int mhz) {
  if (mhz <= 1) return 6;
  if (mhz <= 3) return 15;
  return mhz * 5;  // 5 -> 25, 10 -> 50, 15 -> 75, 20 -> 100
}

int scs_code(int khz) {
  switch (khz) {
    case 15: return 0;
    case 30: return 1;
    case 60: return 2;
    case 120: return 3;
    default: return 4;
  }
}

}  // namespace shikan::sim
