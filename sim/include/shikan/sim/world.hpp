// The simulated radio world: cells derived from the site list, and per operator the serving cell,
// NR leg and neighbours a UE at a given position would report (docs/simulator.md §2). Pure and
// deterministic: same inputs and seed, same results. step() keeps the hysteresis state, so call it
// in time order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shikan/core/cell_id.hpp"
#include "shikan/core/model.hpp"
#include "shikan/sim/city.hpp"
#include "shikan/sim/geo.hpp"
#include "shikan/sim/radio.hpp"

namespace shikan::sim {

struct Cell {
  std::string site_id;
  int sector = 0;            // 0-based index into the site's azimuth list
  Band band;
  std::uint32_t arfcn = 0;   // NR-ARFCN or EARFCN
  double f_mhz = 0;
  std::uint32_t node_id = 0;     // gNB ID (NR) or eNB ID (LTE)
  std::uint32_t local_id = 0;    // cell part of the NCI/ECI
  std::uint64_t cell_id = 0;     // NCI (36 bits) or ECI (28 bits)
  int pci = 0;
  std::uint32_t tac = 0;
  Enu pos;
  double azimuth_deg = 0;
  std::size_t site_index = 0;    // which site shadowing field applies
  bool is_nr() const { return band.tech == Tech::Nr; }
};

// Cells of one operator and the rows that could not become cells.
struct CellPlan {
  std::map<std::string, std::vector<Cell>> nr;   // by operator key
  std::map<std::string, std::vector<Cell>> lte;
  std::size_t sites = 0;                         // distinct site positions (shadowing fields)
  std::vector<std::string> errors;
};

// Derivation (docs/simulator.md §2): sector k (0-based) of a site is cell k + 1;
//   NR:  NCI = gnb_id << (36 - L) | (k + 1), L = the operator's gNB-ID length; PCI = 3 (gnb_id mod 336) + k mod 3;
//        NR-ARFCN = the operator's carrier in that band (city.toml nr_arfcn, else the band default).
//   LTE: every NR site also carries LTE anchor/fallback cells on the operator's lte_band/lte_earfcn, eNB ID =
//        gnb_id & 0xFFFFF; an LTE row (band "B3") has eNB ID = gnb_id. ECI = enb_id << 8 | (k + 1);
//        PCI = 3 ((7 enb_id) mod 168) + k mod 3.
//   TAC: tac_base + col + 16 row of a 3 km grid centred on the city centre (col, row clamped 0..15);
//        LTE TACs are the low 16 bits.
// Rows of operators the city does not configure, gNB IDs wider than L, and more sectors than the
// cell field holds are errors (file:line).
CellPlan plan_cells(const CityConfig& city, const SiteTable& sites, const LocalFrame& frame, const std::string& file);

struct WorldParams {
  double path_loss_exponent = 3.5;
  double shadow_sigma_db = 7.0;        // log-normal shadowing, urban macro 6-8 dB
  double shadow_decorrelation_m = 50;  // Gudmundson decorrelation distance
  double shadow_grid_m = 20;
  double shadow_site_share = 0.5;      // variance share specific to a site (rest common to the operator)
  double load = 0.5;                   // resource occupancy of interfering cells
  double noise_figure_db = 7;
  double site_height_m = 25, ue_height_m = 1.5;
  double nr_fallback_dbm = -115;       // SA -> LTE, and NSA NR leg released, below this SS-RSRP
  double nr_return_dbm = -112;         // back to NR above this (3 dB hysteresis)
  double handover_hysteresis_db = 3;
  double no_service_dbm = -128;        // below this on every layer: no service
  int neighbours = 4;
  double neighbour_floor_dbm = -130;
};

struct CellReport {
  Cell cell;
  Dbm rsrp{0};
  Db rsrq{0};
  Db sinr{0};
  Dbm rssi{0};  // over the carrier bandwidth
};

struct OperatorSnapshot {
  std::string key;
  NetMode mode = NetMode::Sa;
  Rat rat = Rat::None;
  std::optional<CellReport> serving;  // NR cell (SA) or LTE cell (LTE, NSA anchor)
  std::optional<CellReport> nr_leg;   // NSA only
  std::vector<CellReport> neighbours; // other cells of the serving layer, strongest first
};

class World {
 public:
  // `area_lo`/`area_hi` bound where positions will be evaluated (shadow fields cover it).
  // `modes` overrides an operator's network mode (an NSA-only firmware makes an SA network look NSA).
  World(const CityConfig& city, CellPlan plan, Enu area_lo, Enu area_hi, const WorldParams& params, std::uint64_t seed,
        const std::map<std::string, NetMode>& modes = {});
  ~World();
  World(World&&) noexcept;

  // Measurements and selection at `pos`; advances hysteresis state. Operators in city order.
  std::vector<OperatorSnapshot> step(const Enu& pos);
  // Every cell's report at `pos`, without selection (for tests and tools).
  std::vector<CellReport> measure(const std::string& op, Tech tech, const Enu& pos) const;
  const CellPlan& plan() const;
  const WorldParams& params() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shikan::sim
