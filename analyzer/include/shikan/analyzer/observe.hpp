// The streaming half of an analysis: every cleaned measurement passes once through an Observer, which keeps
// only aggregates (coverage bins, thinned cell observations, route cells, time per RAT, key-place samples),
// so memory grows with the area and the cells seen, not with the number of rows (docs/analyzer.md,
// "Pipeline"). Pure: no I/O. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "shikan/analyzer/frame.hpp"
#include "shikan/analyzer/measurement.hpp"
#include "shikan/analyzer/profile.hpp"
#include "shikan/core/places.hpp"

namespace shikan::analyzer {

// Grid cell of a square grid of side s: (floor(x/s), floor(y/s)) packed in 64 bits.
std::uint64_t grid_key(const Xy& p, double side_m);
Xy grid_centre(std::uint64_t key, double side_m);

// One coverage bin of one operator. NR level: SS-RSRP in NR-SA, the NR leg's in NR-NSA.
struct BinAcc {
  std::uint32_t samples = 0;       // usable positioned samples of the operator in the bin
  std::uint32_t nr_samples = 0;    // ... camped on NR (SA or NSA with an NR leg)
  std::uint32_t level_samples = 0; // ... with an NR RSRP
  std::uint32_t sinr_samples = 0;  // ... with an NR SINR
  std::uint32_t good_samples = 0;  // ... meeting both thresholds (SINR when present)
  double rsrp_mw = 0;              // sum of NR RSRP in mW
  double sinr_lin = 0;             // sum of NR SINR as a linear ratio
};

// Measurements of one cell averaged on a thin_m grid (so a car waiting at a light is one point, not 100).
struct PointAcc {
  double sum_x = 0, sum_y = 0, rsrp_mw = 0;
  std::uint32_t n = 0;
  std::uint16_t min_ta = Compact<std::uint16_t>::kNone;
};
struct CellAcc {
  std::uint64_t samples = 0;
  std::optional<std::uint16_t> pci;
  std::optional<std::uint32_t> arfcn;
  double best_rsrp_dbm = -1e9;
  std::unordered_map<std::uint64_t, PointAcc> points;
};

struct RatSeconds {
  double sa = 0, nsa = 0, lte = 0, other = 0;  // other: 2G/3G and no service
  double total() const { return sa + nsa + lte + other; }
  double nr() const { return sa + nsa; }
};

struct PlaceAcc {
  std::uint32_t samples = 0, level_samples = 0, sinr_samples = 0;
  double rsrp_mw = 0, sinr_lin = 0;
};

struct OperatorObs {
  std::string key;           // "cmcc", ... or the PLMN ("27202") outside China
  std::vector<std::string> plmns;
  std::uint64_t samples = 0;     // usable rows
  std::uint64_t positioned = 0;  // usable rows with a position
  std::unordered_map<std::uint64_t, BinAcc> bins;
  std::unordered_map<std::uint64_t, CellAcc> nr_cells;   // by NCI
  std::unordered_map<std::uint64_t, CellAcc> lte_cells;  // by ECI (LTE rows and NR-NSA anchors)
  std::uint64_t nsa_samples = 0, sa_samples = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> route;  // route_m grid -> samples
  RatSeconds time;
  std::map<std::int64_t, RatSeconds> blocks;  // by floor(utc / block_s)
  std::vector<PlaceAcc> places;               // parallel to the key places
  std::vector<float> dl_mbps, ul_mbps;
};

struct Observations {
  std::optional<LocalFrame> frame;  // set by the first positioned row
  double route_m = 25;              // grid of OperatorObs::route
  std::vector<OperatorObs> operators;
  const OperatorObs* find(const std::string& key) const;
  // Bounding box of usable positions (WGS-84 degrees), when any.
  std::optional<std::pair<GeoPoint, GeoPoint>> bbox;
};

// The operator key of a PLMN: cmcc/cucc/ctcc/cbn for Chinese PLMNs, else the PLMN digits.
std::string operator_key(const Plmn& plmn);

class Observer {
 public:
  Observer(const Profile& profile, std::vector<KeyPlace> places);
  void push(const Measurement& m);  // usable rows count; excluded rows are ignored
  Observations finish();            // call once
  const std::vector<KeyPlace>& places() const { return places_; }

 private:
  struct Last {
    std::int64_t utc_ms;
    Rat rat;
  };
  OperatorObs& op_of(std::uint32_t plmn_code, const Measurement& m);
  void add_time(OperatorObs& op, const Measurement& m);
  void add_position(OperatorObs& op, const Measurement& m);
  void add_places(OperatorObs& op, const GeoPoint& p, const Xy& xy, const Measurement& m);
  CellAcc* cell_of(std::unordered_map<std::uint64_t, CellAcc>& cells, std::uint64_t id, bool nr);

  Profile profile_;
  std::vector<KeyPlace> places_;
  std::vector<std::pair<Xy, Xy>> place_boxes_;  // local bbox of each place grown by the margin
  Observations obs_;
  std::unordered_map<std::uint32_t, std::size_t> op_index_;  // PLMN code -> operators index
  bool has_last_op_ = false;  // hot-path caches of the last lookups
  std::uint32_t last_code_ = 0;
  std::size_t last_op_ = 0;
  struct HotCells {  // per operator index: the last route cell and bin (map elements never move)
    std::uint64_t route_key = 0, bin_key = 0;
    std::uint32_t* route = nullptr;
    BinAcc* bin = nullptr;
  };
  std::vector<HotCells> hot_;
  CellAcc* last_cell_ = nullptr;
  const void* last_cell_map_ = nullptr;
  std::uint64_t last_cell_id_ = 0;
  bool last_cell_nr_ = false;
  std::unordered_map<std::uint64_t, Last> last_;             // (file, PLMN code) -> previous row
  double min_lat_ = 90, max_lat_ = -90, min_lon_ = 180, max_lon_ = -180;
};

// The NR level and SINR a sample offers for coverage: SA serving, or the NSA leg.
std::optional<Dbm> nr_rsrp(const Measurement& m);
std::optional<Db> nr_sinr(const Measurement& m);

}  // namespace shikan::analyzer
