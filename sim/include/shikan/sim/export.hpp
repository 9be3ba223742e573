// Measurement export (docs/simulator.md §9): drives a Simulation through its whole duration as fast as
// the CPU allows and writes Shikan's generic measurement CSV (docs/analyzer.md), one row per operator per
// simulated second, holding what the emulated modem and GNSS receiver report at that second. Pure: the
// caller passes the streams; no clock, no files, no ptys.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "shikan/core/units.hpp"
#include "shikan/sim/bands.hpp"
#include "shikan/sim/simulation.hpp"

namespace shikan::sim {

// The analyzer's generic-csv columns, in this order.
inline constexpr std::string_view kMeasurementCsvHeader =
    "time,lat,lon,plmn,rat,cell_id,pci,arfcn,band,rsrp,rsrq,sinr,ta,speed_kmh,hdop,nr_pci,nr_arfcn,nr_rsrp,nr_rsrq,nr_"
    "sinr";

struct ExportProgress {
  std::int64_t t_ms = 0;    // simulated time reached
  std::int64_t end_ms = 0;  // simulated time at which the run ends
  std::uint64_t rows = 0;   // rows written so far
};

struct ExportOptions {
  std::ostream* truth = nullptr;  // when set: truth.jsonl (meta line, then every tick's lines), as the rig writes it
  std::int64_t progress_every_ms = 600'000;                // simulated time between on_progress calls
  std::function<void(const ExportProgress&)> on_progress;  // optional
};

struct ExportStats {
  std::uint64_t rows = 0;
  std::uint64_t rows_without_fix = 0;  // lat/lon/speed/hdop empty (tunnel, mute, too few satellites)
  std::uint64_t rows_skipped = 0;      // operator-seconds without a row: modem unplugged, or AT+QENG answered ERROR
  std::int64_t simulated_ms = 0;
};

// Ticks `sim` from t = 0 to end_ms() at its NMEA period (so the GNSS error advances exactly as in the rig);
// at each whole second writes one row per operator, in city order, after the header. `sim` must be fresh
// (no tick yet). Values follow the modem emulation (modem.cpp): levels rounded to whole dB as AT+QENG prints
// them, LTE SINR as the probe decodes the printed raw value (2·raw − 20 dB), identities from the same
// snapshot. Throws std::runtime_error when a stream fails.
ExportStats export_measurements(Simulation& sim, std::ostream& out, const ExportOptions& options = {});

// Timing advance a connected UE would be commanded for a one-way distance, in the units of the RAR command
// T_A: LTE N_TA = 16·T_A·Ts (TS 36.213 §4.2.3, Ts = 1/(15000·2048) s), 78.07 m per step (often quoted as
// 78.12 m with c = 3e8), 0..1282; NR N_TA = T_A·16·64·Tc/2^μ (TS 38.213 §4.2, Tc = 1/(480000·4096) s,
// μ from the subcarrier spacing 15·2^μ kHz), 39.03 m per step at 30 kHz, 0..3846.
int timing_advance(Metres distance, Tech tech, int scs_khz);

// The true site list of a city, one row per site row the world accepted (rejected rows are left out):
// `site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,band,azimuths`; operator as the PLMN (46000), WGS-84
// degrees; NR rows carry gnb_id, the operator's gNB-ID length, and the eNB ID of their LTE layer
// (gnb_id & 0xFFFFF); LTE rows have gnb_id and gnb_id_bits empty. Readable by core's read_sites_file.
std::string true_sites_csv(const CityBundle& city);

}  // namespace shikan::sim
