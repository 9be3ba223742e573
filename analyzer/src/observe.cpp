// Observer: one pass over cleaned measurements into per-operator aggregates.
#include "shikan/analyzer/observe.hpp"

#include <algorithm>
#include <cmath>

namespace shikan::analyzer {
namespace {

double to_mw(double dbm) { return std::pow(10.0, dbm / 10.0); }

std::int32_t cell_index(double v, double side) { return static_cast<std::int32_t>(std::floor(v / side)); }

}  // namespace

std::uint64_t grid_key(const Xy& p, double side_m) {
  const auto ix = static_cast<std::uint32_t>(cell_index(p.x_m, side_m));
  const auto iy = static_cast<std::uint32_t>(cell_index(p.y_m, side_m));
  return (static_cast<std::uint64_t>(ix) << 32) | iy;
}

Xy grid_centre(std::uint64_t key, double side_m) {
  const auto ix = static_cast<std::int32_t>(static_cast<std::uint32_t>(key >> 32));
  const auto iy = static_cast<std::int32_t>(static_cast<std::uint32_t>(key & 0xffffffffu));
  return {(ix + 0.5) * side_m, (iy + 0.5) * side_m};
}

std::optional<Dbm> nr_rsrp(const Measurement& m) {
  if (m.rat == Rat::NrSa) return m.rsrp.get();
  if (m.rat == Rat::NrNsa) return m.nr_rsrp.get();
  return std::nullopt;
}

std::optional<Db> nr_sinr(const Measurement& m) {
  if (m.rat == Rat::NrSa) return m.sinr.get();
  if (m.rat == Rat::NrNsa) return m.nr_sinr.get();
  return std::nullopt;
}

std::string operator_key(const Plmn& plmn) {
  const Operator op = operator_of(plmn);
  if (op != Operator::Other) return std::string(operator_name(op).key);
  return plmn.str();
}

const OperatorObs* Observations::find(const std::string& key) const {
  for (const OperatorObs& o : operators)
    if (o.key == key) return &o;
  return nullptr;
}

Observer::Observer(const Profile& profile, std::vector<KeyPlace> places)
    : profile_(profile), places_(std::move(places)) {}

OperatorObs& Observer::op_of(std::uint32_t code, const Measurement& m) {
  if (has_last_op_ && code == last_code_) return obs_.operators[last_op_];  // rows of one operator come in runs
  if (auto it = op_index_.find(code); it != op_index_.end()) {
    has_last_op_ = true, last_code_ = code, last_op_ = it->second;
    return obs_.operators[it->second];
  }
  const std::optional<Plmn> plmn = m.plmn();
  const std::string key = plmn ? operator_key(*plmn) : std::string("unknown");
  std::size_t i = 0;
  while (i < obs_.operators.size() && obs_.operators[i].key != key) ++i;
  if (i == obs_.operators.size()) {
    last_cell_ = nullptr;  // the vector may move every operator's maps: forget the cached cells
    hot_.assign(obs_.operators.size() + 1, HotCells{});
    obs_.operators.emplace_back();
    obs_.operators.back().key = key;
    obs_.operators.back().places.resize(places_.size());
  }
  if (plmn) obs_.operators[i].plmns.push_back(plmn->str());
  op_index_.emplace(code, i);
  has_last_op_ = true, last_code_ = code, last_op_ = i;
  return obs_.operators[i];
}

void Observer::push(const Measurement& m) {
  if (!m.usable()) return;
  OperatorObs& op = op_of(m.plmn_code(), m);
  ++op.samples;
  if (m.rat == Rat::NrSa) ++op.sa_samples;
  if (m.rat == Rat::NrNsa) ++op.nsa_samples;
  add_time(op, m);
  if (auto dl = m.dl_mbps()) op.dl_mbps.push_back(static_cast<float>(*dl));
  if (auto ul = m.ul_mbps()) op.ul_mbps.push_back(static_cast<float>(*ul));
  if (m.has_position()) add_position(op, m);
}

// Time share from time (issue 3): the interval to the next row of the same log and operator belongs to this
// row's RAT, capped at max_gap_s. Attributed when the next row arrives, to the previous row's state.
void Observer::add_time(OperatorObs& op, const Measurement& m) {
  const std::uint64_t key = (static_cast<std::uint64_t>(m.file) << 32) | m.plmn_code();
  const std::int64_t now = m.utc.ms;
  auto it = last_.find(key);
  if (it == last_.end()) {
    last_.emplace(key, Last{now, m.rat});
    return;
  }
  const double dt = std::min(static_cast<double>(now - it->second.utc_ms) / 1000.0, profile_.max_gap_s);
  if (dt > 0) {
    const auto block = static_cast<std::int64_t>(std::floor(static_cast<double>(it->second.utc_ms) / 1000.0 / profile_.block_s));
    for (RatSeconds* r : {&op.time, &op.blocks[block]}) {
      switch (it->second.rat) {
        case Rat::NrSa: r->sa += dt; break;
        case Rat::NrNsa: r->nsa += dt; break;
        case Rat::Lte: r->lte += dt; break;
        default: r->other += dt; break;
      }
    }
  }
  if (now >= it->second.utc_ms) it->second = Last{now, m.rat};
}

void Observer::add_position(OperatorObs& op, const Measurement& m) {
  ++op.positioned;
  const GeoPoint p = *m.position();
  if (!obs_.frame) {
    obs_.frame.emplace(p);
    for (const KeyPlace& place : places_) {
      // Box of the place in the local frame, grown by the margin (anchor-centred, generous).
      const Xy a = obs_.frame->exact(anchor(place));
      double r = place.circle ? place.circle->radius.value : 0;
      for (const PlacePolygon& poly : place.area)
        for (const GeoPoint& v : poly.outer) r = std::max(r, distance_m(a, obs_.frame->exact(v)));
      r += profile_.place_margin_m + 1;
      place_boxes_.push_back({{a.x_m - r, a.y_m - r}, {a.x_m + r, a.y_m + r}});
    }
  }
  min_lat_ = std::min(min_lat_, p.lat.degrees());
  max_lat_ = std::max(max_lat_, p.lat.degrees());
  min_lon_ = std::min(min_lon_, p.lon.degrees());
  max_lon_ = std::max(max_lon_, p.lon.degrees());
  const Xy xy = obs_.frame->project(m.lat_e7(), m.lon_e7());
  // A car stays in one 25 m route cell and one 50 m bin for several rows of its operator: remember them.
  HotCells& hot = hot_[last_op_];
  const std::uint64_t route_key = grid_key(xy, obs_.route_m), bin_key = grid_key(xy, profile_.bin_m);
  if (!hot.route || hot.route_key != route_key) hot.route = &op.route[route_key], hot.route_key = route_key;
  ++*hot.route;
  if (!hot.bin || hot.bin_key != bin_key) hot.bin = &op.bins[bin_key], hot.bin_key = bin_key;
  BinAcc& bin = *hot.bin;
  ++bin.samples;
  const bool on_nr = m.rat == Rat::NrSa || m.rat == Rat::NrNsa;
  if (on_nr) ++bin.nr_samples;
  const std::optional<Dbm> rsrp = nr_rsrp(m);
  const std::optional<Db> sinr = nr_sinr(m);
  if (rsrp) {
    ++bin.level_samples;
    bin.rsrp_mw += to_mw(rsrp->value);
    if (rsrp->value >= profile_.rsrp_dbm && (!sinr || sinr->value >= profile_.sinr_db)) ++bin.good_samples;
  }
  if (sinr) {
    ++bin.sinr_samples;
    bin.sinr_lin += to_mw(sinr->value);
  }
  add_places(op, p, xy, m);

  // Serving-cell observation for the location fit: NR-SA by NCI, LTE and NSA anchors by ECI.
  if (!m.rsrp.has()) return;
  CellAcc* cell = nullptr;
  if (auto n = m.nci(); n && m.rat == Rat::NrSa) cell = cell_of(op.nr_cells, n->value(), true);
  if (auto e = m.eci(); e && (m.rat == Rat::Lte || m.rat == Rat::NrNsa)) cell = cell_of(op.lte_cells, e->value(), false);
  if (!cell) return;
  ++cell->samples;
  if (!cell->pci) cell->pci = m.pci.get();
  if (!cell->arfcn) cell->arfcn = m.arfcn.get();
  const double level = m.rsrp.get()->value;
  cell->best_rsrp_dbm = std::max(cell->best_rsrp_dbm, level);
  PointAcc& pt = cell->points[grid_key(xy, profile_.thin_m)];
  pt.sum_x += xy.x_m;
  pt.sum_y += xy.y_m;
  pt.rsrp_mw += to_mw(level);
  ++pt.n;
  if (m.ta.has()) pt.min_ta = std::min(pt.min_ta, m.ta.raw());
}

// The serving cell changes every few seconds at most: remember the last one (map nodes never move).
CellAcc* Observer::cell_of(std::unordered_map<std::uint64_t, CellAcc>& cells, std::uint64_t id, bool nr) {
  if (last_cell_ && last_cell_map_ == &cells && last_cell_id_ == id && last_cell_nr_ == nr) return last_cell_;
  last_cell_ = &cells[id];
  last_cell_map_ = &cells;
  last_cell_id_ = id;
  last_cell_nr_ = nr;
  return last_cell_;
}

void Observer::add_places(OperatorObs& op, const GeoPoint& p, const Xy& xy, const Measurement& m) {
  for (std::size_t i = 0; i < places_.size(); ++i) {
    const auto& [lo, hi] = place_boxes_[i];
    if (xy.x_m < lo.x_m || xy.x_m > hi.x_m || xy.y_m < lo.y_m || xy.y_m > hi.y_m) continue;
    if (distance_to(places_[i], p).value > profile_.place_margin_m) continue;
    PlaceAcc& a = op.places[i];
    ++a.samples;
    if (auto r = nr_rsrp(m)) {
      ++a.level_samples;
      a.rsrp_mw += to_mw(r->value);
    }
    if (auto s = nr_sinr(m)) {
      ++a.sinr_samples;
      a.sinr_lin += to_mw(s->value);
    }
  }
}

Observations Observer::finish() {
  if (obs_.frame) obs_.bbox = {{GeoPoint{Latitude(min_lat_), Longitude(min_lon_)}, GeoPoint{Latitude(max_lat_), Longitude(max_lon_)}}};
  for (OperatorObs& op : obs_.operators) {
    std::sort(op.plmns.begin(), op.plmns.end());
    op.plmns.erase(std::unique(op.plmns.begin(), op.plmns.end()), op.plmns.end());
  }
  std::sort(obs_.operators.begin(), obs_.operators.end(),
            [](const OperatorObs& a, const OperatorObs& b) { return a.key < b.key; });
  return std::move(obs_);
}

}  // namespace shikan::analyzer
