#include "shikan/sim/world.hpp"

#include <algorithm>
#include <cmath>

namespace shikan::sim {
namespace {

std::uint32_t tac_of(const OperatorConfig& op, const Enu& pos) {
  const int col = std::clamp(static_cast<int>(std::floor(pos.east_m / 3000.0)) + 8, 0, 15);
  const int row = std::clamp(static_cast<int>(std::floor(pos.north_m / 3000.0)) + 8, 0, 15);
  return op.tac_base + static_cast<std::uint32_t>(col + 16 * row);
}

std::string where(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

// Resource blocks across a carrier (TS 38.101-1 Table 5.3.2-1 is approximated by 98% occupancy).
int resource_blocks(const Band& b) {
  if (b.tech == Tech::Lte) return lte_resource_blocks(b.bandwidth_mhz);
  return static_cast<int>(b.bandwidth_mhz * 1000.0 * 0.98 / (12.0 * b.scs_khz));
}

struct Selection {
  Rat rat = Rat::None;
  std::optional<std::size_t> serving;  // index into the serving layer's cells
  std::optional<std::size_t> leg;      // NSA NR leg index
};

std::size_t strongest(const std::vector<CellReport>& r) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < r.size(); ++i)
    if (r[i].rsrp.value > r[best].rsrp.value) best = i;
  return best;
}

// Keeps `cur` unless another cell is stronger by the hysteresis (A3-like event).
std::size_t with_hysteresis(const std::vector<CellReport>& r, std::optional<std::size_t> cur, double hyst) {
  const std::size_t best = strongest(r);
  if (!cur || *cur >= r.size()) return best;
  return r[best].rsrp.value > r[*cur].rsrp.value + hyst ? best : *cur;
}

}  // namespace

CellPlan plan_cells(const CityConfig& city, const SiteTable& sites, const LocalFrame& frame, const std::string& file) {
  CellPlan plan;
  for (const SiteRow& row : sites.sites) {
    const OperatorConfig* op = nullptr;
    for (const OperatorConfig& o : city.operators)
      if (o.op == row.op) op = &o;
    if (!op) {
      plan.errors.push_back(where(file, row.line) + "operator " + std::string(operator_name(row.op).key) + " is not configured in city.toml");
      continue;
    }
    const Enu pos = frame.to_enu(row.pos);
    const std::size_t site_index = plan.sites;
    const int L = op->gnb_id_length;
    const std::uint64_t cell_bits = 36u - static_cast<unsigned>(L);
    const bool nr = row.band.tech == Tech::Nr;
    if (nr && row.gnb_id >= (std::uint64_t{1} << L)) {
      plan.errors.push_back(where(file, row.line) + "gnb_id " + std::to_string(row.gnb_id) + " does not fit " + std::to_string(L) + " bits");
      continue;
    }
    if (nr && row.azimuths_deg.size() + 1 > (std::uint64_t{1} << cell_bits)) {
      plan.errors.push_back(where(file, row.line) + "more sectors than the " + std::to_string(cell_bits) + "-bit cell field holds");
      continue;
    }
    const std::uint32_t enb_id = nr ? (row.gnb_id & 0xFFFFFu) : row.gnb_id;
    if (!nr && (enb_id > 0xFFFFFu || row.azimuths_deg.size() > 254)) {
      plan.errors.push_back(where(file, row.line) + "eNB ID " + std::to_string(enb_id) + " does not fit 20 bits");
      continue;
    }
    ++plan.sites;
    for (std::size_t k = 0; k < row.azimuths_deg.size(); ++k) {
      const auto sector = static_cast<int>(k);
      const auto local = static_cast<std::uint32_t>(k + 1);
      Cell base;
      base.site_id = row.site_id;
      base.sector = sector;
      base.pos = pos;
      base.azimuth_deg = row.azimuths_deg[k];
      base.site_index = site_index;
      if (nr) {
        Cell c = base;
        c.band = row.band;
        c.arfcn = op->arfcn_for(row.band);
        c.f_mhz = carrier_mhz(c.band, c.arfcn);
        c.node_id = row.gnb_id;
        c.local_id = local;
        c.cell_id = (std::uint64_t{row.gnb_id} << cell_bits) | local;
        c.pci = 3 * static_cast<int>(row.gnb_id % 336) + sector % 3;
        c.tac = tac_of(*op, pos) & 0xFFFFFFu;
        plan.nr[op->key].push_back(c);
      }
      Cell l = base;
      l.band = nr ? op->lte_band : row.band;
      l.arfcn = op->arfcn_for(l.band);
      l.f_mhz = carrier_mhz(l.band, l.arfcn);
      l.node_id = enb_id;
      l.local_id = local;
      l.cell_id = (std::uint64_t{enb_id} << 8) | local;
      l.pci = 3 * static_cast<int>((7u * enb_id) % 168u) + sector % 3;
      l.tac = tac_of(*op, pos) & 0xFFFFu;
      plan.lte[op->key].push_back(l);
    }
  }
  return plan;
}

struct World::Impl {
  struct Op {
    std::string key;
    NetMode mode;
    std::vector<Cell> nr, lte;
    std::unique_ptr<ShadowField> common;
    Selection sel;
  };
  CellPlan plan;
  WorldParams p;
  std::vector<Op> ops;
  std::vector<ShadowField> site_fields;

  double shadow(const Op& op, const Cell& c, const Enu& pos) const {
    const double s = p.shadow_site_share;
    return std::sqrt(1.0 - s) * op.common->at(pos) + std::sqrt(s) * site_fields[c.site_index].at(pos);
  }

  std::vector<CellReport> measure(const Op& op, const std::vector<Cell>& cells, const Enu& pos) const {
    std::vector<CellReport> out;
    out.reserve(cells.size());
    for (const Cell& c : cells) {
      const double dh = p.site_height_m - p.ue_height_m;
      const double d3 = std::hypot(distance_m(c.pos, pos), dh);
      const double rsrp = c.band.eirp_per_re_dbm - path_loss_db(d3, c.f_mhz, p.path_loss_exponent) +
                          sector_gain_db(off_boresight_deg(c.pos, c.azimuth_deg, pos)) + shadow(op, c, pos);
      out.push_back(CellReport{c, Dbm(rsrp), Db(0), Db(0), Dbm(0)});
    }
    // SINR = S / (sum of co-channel others x load + noise); RSRQ = S / (12 RSSI_RE) with RSSI_RE =
    // S + interference + noise per resource element; RSSI = 12 N_RB RSSI_RE (docs/simulator.md §2).
    // Linear levels once per cell, not once per pair (pow dominated the export's profile); the sum keeps
    // its order, so results are bit-identical to summing db_to_linear() in the loop.
    std::vector<double> lin(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) lin[i] = db_to_linear(out[i].rsrp.value);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CellReport& r = out[i];
      const double s = lin[i];
      double interf = 0;
      for (std::size_t j = 0; j < out.size(); ++j)
        if (j != i && out[j].cell.arfcn == r.cell.arfcn && out[j].cell.band.tech == r.cell.band.tech) interf += p.load * lin[j];
      const double noise = db_to_linear(noise_per_re_dbm(r.cell.band.scs_khz, p.noise_figure_db));
      const double rssi_re = s + interf + noise;
      // Clamped to the reporting ranges: TS 38.133 §10.1 (SS-RSRQ -43..20 dB, SS-SINR -23..40 dB),
      // TS 36.133 §9.1 (RSRQ -19.5..-3 dB).
      const bool nr = r.cell.is_nr();
      r.sinr = Db(std::clamp(linear_to_db(s / (interf + noise)), -23.0, 40.0));
      r.rsrq = Db(std::clamp(linear_to_db(s / (12.0 * rssi_re)), nr ? -43.0 : -19.5, nr ? 20.0 : -3.0));
      r.rssi = Dbm(linear_to_db(12.0 * resource_blocks(r.cell.band) * rssi_re));
    }
    return out;
  }

  std::vector<CellReport> neighbours_of(const std::vector<CellReport>& layer, std::size_t serving) const {
    std::vector<CellReport> n;
    for (std::size_t i = 0; i < layer.size(); ++i)
      if (i != serving && layer[i].rsrp.value >= p.neighbour_floor_dbm) n.push_back(layer[i]);
    std::stable_sort(n.begin(), n.end(), [](const CellReport& a, const CellReport& b) { return a.rsrp.value > b.rsrp.value; });
    if (n.size() > static_cast<std::size_t>(p.neighbours)) n.resize(static_cast<std::size_t>(p.neighbours));
    return n;
  }

  OperatorSnapshot step(Op& op, const Enu& pos) {
    OperatorSnapshot snap;
    snap.key = op.key;
    snap.mode = op.mode;
    const auto nr = measure(op, op.nr, pos);
    const auto lte = measure(op, op.lte, pos);
    Selection& s = op.sel;
    const bool nr_ok = !nr.empty() && nr[strongest(nr)].rsrp.value > p.nr_return_dbm;
    const bool lte_ok = !lte.empty() && lte[strongest(lte)].rsrp.value > p.no_service_dbm;
    if (op.mode == NetMode::Sa) {
      if (s.rat == Rat::NrSa) {
        s.serving = with_hysteresis(nr, s.serving, p.handover_hysteresis_db);
        if (nr[*s.serving].rsrp.value < p.nr_fallback_dbm) s = Selection{lte_ok ? Rat::Lte : Rat::None, std::nullopt, std::nullopt};
      } else if (nr_ok) {
        s = Selection{Rat::NrSa, strongest(nr), std::nullopt};
      } else if (!lte_ok) {
        s = Selection{};
      } else if (s.rat != Rat::Lte) {
        s = Selection{Rat::Lte, std::nullopt, std::nullopt};
      }
      if (s.rat == Rat::Lte) s.serving = with_hysteresis(lte, s.serving, p.handover_hysteresis_db);
      if (s.rat == Rat::NrSa) {
        snap.serving = nr[*s.serving];
        snap.neighbours = neighbours_of(nr, *s.serving);
      }
    } else {
      if (!lte_ok) {
        s = Selection{};
      } else {
        s.serving = with_hysteresis(lte, s.rat == Rat::None ? std::nullopt : s.serving, p.handover_hysteresis_db);
        if (s.leg) {
          s.leg = with_hysteresis(nr, s.leg, p.handover_hysteresis_db);
          if (nr[*s.leg].rsrp.value < p.nr_fallback_dbm) s.leg.reset();
        } else if (nr_ok) {
          s.leg = strongest(nr);
        }
        s.rat = s.leg ? Rat::NrNsa : Rat::Lte;
      }
      if (s.leg) snap.nr_leg = nr[*s.leg];
    }
    if (s.rat == Rat::Lte || s.rat == Rat::NrNsa) {
      snap.serving = lte[*s.serving];
      snap.neighbours = neighbours_of(lte, *s.serving);
    }
    snap.rat = s.rat;
    return snap;
  }
};

World::World(const CityConfig& city, CellPlan plan, Enu lo, Enu hi, const WorldParams& params, std::uint64_t seed,
             const std::map<std::string, NetMode>& modes)
    : impl_(std::make_unique<Impl>()) {
  impl_->plan = std::move(plan);
  impl_->p = params;
  for (const OperatorConfig& o : city.operators) {
    Impl::Op op;
    op.key = o.key;
    const auto m = modes.find(o.key);
    op.mode = m != modes.end() ? m->second : o.mode;
    op.nr = impl_->plan.nr[o.key];
    op.lte = impl_->plan.lte[o.key];
    Rng rng(seed, "shadow/common/" + o.key);
    op.common = std::make_unique<ShadowField>(lo, hi, params.shadow_grid_m, params.shadow_decorrelation_m, params.shadow_sigma_db, rng);
    impl_->ops.push_back(std::move(op));
  }
  for (std::size_t i = 0; i < impl_->plan.sites; ++i) {
    Rng rng(seed, "shadow/site/" + std::to_string(i));
    impl_->site_fields.emplace_back(lo, hi, params.shadow_grid_m, params.shadow_decorrelation_m, params.shadow_sigma_db, rng);
  }
}

World::~World() = default;
World::World(World&&) noexcept = default;

std::vector<OperatorSnapshot> World::step(const Enu& pos) {
  std::vector<OperatorSnapshot> out;
  for (Impl::Op& op : impl_->ops) out.push_back(impl_->step(op, pos));
  return out;
}

std::vector<CellReport> World::measure(const std::string& op, Tech tech, const Enu& pos) const {
  for (const Impl::Op& o : impl_->ops)
    if (o.key == op) return impl_->measure(o, tech == Tech::Nr ? o.nr : o.lte, pos);
  return {};
}

const CellPlan& World::plan() const { return impl_->plan; }
const WorldParams& World::params() const { return impl_->p; }

}  // namespace shikan::sim
