// Measurement export: generic measurement CSV rows from the simulation (docs/simulator.md §9).
#include "shikan/sim/export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "shikan/sim/modem.hpp"

namespace shikan::sim {
namespace {

constexpr double kLightMps = 299'792'458.0;

int whole_db(double v) { return static_cast<int>(std::lround(v)); }

// Column indices of kMeasurementCsvHeader.
enum Col : std::size_t {
  kTime,
  kLat,
  kLon,
  kPlmn,
  kRat,
  kCellId,
  kPci,
  kArfcn,
  kBand,
  kRsrp,
  kRsrq,
  kSinr,
  kTa,
  kSpeed,
  kHdop,
  kNrPci,
  kNrArfcn,
  kNrRsrp,
  kNrRsrq,
  kNrSinr,
  kCols
};
using Row = std::array<std::string, kCols>;

// The position columns from the receiver's epoch; empty without a fix or while the receiver is muted.
// Degrees to 7 decimals (~1 cm; the NMEA ddmm.mmmmm text the probe reads has 1.9 cm steps).
bool fill_fix(Row& row, const GnssEpoch& ep, bool muted) {
  if (muted || !ep.fix) return false;
  row[kLat] = fmt::format("{:.7f}", ep.pos.lat.degrees());
  row[kLon] = fmt::format("{:.7f}", ep.pos.lon.degrees());
  row[kSpeed] = fmt::format("{:.1f}", ep.speed_mps * 3.6);
  row[kHdop] = fmt::format("{:.1f}", ep.hdop);
  return true;
}

// The serving cell as AT+QENG prints it (modem.cpp): whole dB; LTE SINR through the printed raw value.
void fill_serving(Row& row, const CellReport& c, int ta) {
  const Cell& k = c.cell;
  row[kCellId] = std::to_string(k.cell_id);  // NCI (NR-SA) or ECI (LTE, NSA anchor)
  row[kPci] = std::to_string(k.pci);
  row[kArfcn] = std::to_string(k.arfcn);
  row[kBand] = std::to_string(k.band.number);
  row[kRsrp] = std::to_string(whole_db(c.rsrp.value));
  row[kRsrq] = std::to_string(whole_db(c.rsrq.value));
  row[kSinr] = std::to_string(k.is_nr() ? whole_db(c.sinr.value) : 2 * lte_sinr_raw(c.sinr) - 20);
  row[kTa] = std::to_string(ta);
}

// The EN-DC NR leg (the `+QENG:"NR5G-NSA"` line).
void fill_nr_leg(Row& row, const CellReport& n) {
  row[kNrPci] = std::to_string(n.cell.pci);
  row[kNrArfcn] = std::to_string(n.cell.arfcn);
  row[kNrRsrp] = std::to_string(whole_db(n.rsrp.value));
  row[kNrRsrq] = std::to_string(whole_db(n.rsrq.value));
  row[kNrSinr] = std::to_string(whole_db(n.sinr.value));
}

bool unplugged(const Simulation& sim, const std::string& op, std::int64_t t_ms) {
  return std::any_of(sim.faults().begin(), sim.faults().end(),
                     [&](const Fault& f) { return f.kind == FaultKind::Unplug && f.device == op && f.active(t_ms); });
}

void write_row(std::ostream& out, const Row& row) {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) line += ',';
    line += row[i];
  }
  line += '\n';
  out << line;
}

class Exporter {
 public:
  Exporter(Simulation& sim, std::ostream& out, const ExportOptions& o) : sim_(sim), out_(out), opt_(o) {}

  ExportStats run() {
    out_ << kMeasurementCsvHeader << '\n';
    if (opt_.truth) *opt_.truth << sim_.meta_line() << '\n';
    const std::int64_t end = sim_.end_ms();
    std::int64_t next_progress = opt_.progress_every_ms;
    for (std::int64_t t = 0; t <= end; t += sim_.nmea_period_ms()) {
      const Tick k = sim_.tick(t);
      if (opt_.truth)
        for (const std::string& line : k.truth) *opt_.truth << line << '\n';
      if (k.stepped) second(k);
      stats_.simulated_ms = t;
      if (opt_.on_progress && t >= next_progress) {
        opt_.on_progress(ExportProgress{t, end, stats_.rows});
        next_progress += opt_.progress_every_ms;
      }
      if (!out_ || (opt_.truth && !*opt_.truth))
        throw std::runtime_error("measurement export: write failed at t=" + std::to_string(t) + " ms");
    }
    return stats_;
  }

 private:
  void second(const Tick& k) {
    const std::string time = to_iso8601(sim_.utc(k.t_ms));
    for (const OperatorConfig& op : sim_.operators()) {
      if (unplugged(sim_, op.key, k.t_ms) || sim_.qeng_error(op.key, k.t_ms)) {
        ++stats_.rows_skipped;  // the probe could not read a serving cell this second
        continue;
      }
      Row row;
      row[kTime] = time;
      row[kPlmn] = op.plmn.str();  // the modem's operator, also without service
      if (!fill_fix(row, k.gnss, sim_.gnss_muted(k.t_ms))) ++stats_.rows_without_fix;
      const OperatorSnapshot* s = sim_.snapshot(op.key);
      const bool service = s && s->rat != Rat::None && s->serving;
      row[kRat] = to_string(service ? s->rat : Rat::None);
      if (service) {
        const Cell& c = s->serving->cell;
        fill_serving(row, *s->serving, timing_advance(sim_.distance_to(c, k.t_ms), c.band.tech, c.band.scs_khz));
        if (s->rat == Rat::NrNsa && s->nr_leg) fill_nr_leg(row, *s->nr_leg);
      }
      write_row(out_, row);
      ++stats_.rows;
    }
  }

  Simulation& sim_;
  std::ostream& out_;
  const ExportOptions& opt_;
  ExportStats stats_;
};

}  // namespace

int timing_advance(Metres distance, Tech tech, int scs_khz) {
  const double round_trip_s = 2.0 * distance.value / kLightMps;
  if (tech == Tech::Lte) {
    const double step_s = 16.0 / (15000.0 * 2048.0);  // 16 Ts
    return std::clamp(static_cast<int>(std::lround(round_trip_s / step_s)), 0, 1282);
  }
  const int mu = std::max(0, static_cast<int>(std::lround(std::log2(scs_khz / 15.0))));
  const double step_s = 16.0 * 64.0 / (480000.0 * 4096.0) / static_cast<double>(1 << mu);  // 16·64·Tc / 2^μ
  return std::clamp(static_cast<int>(std::lround(round_trip_s / step_s)), 0, 3846);
}

ExportStats export_measurements(Simulation& sim, std::ostream& out, const ExportOptions& options) {
  return Exporter(sim, out, options).run();
}

}  // namespace shikan::sim
