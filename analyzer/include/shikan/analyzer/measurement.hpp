// The analyzer's compact measurement record: one per imported row, whatever the input format.
// Compact on purpose (sizeof == 80 bytes, checked below): 10 M rows fit in 800 MB. Values are
// stored as small integers with an in-band "absent" code and read back through typed accessors,
// so a missing value never looks like a number and dBm is never read as dB.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "shikan/core/cell_id.hpp"
#include "shikan/core/model.hpp"
#include "shikan/core/plmn.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan::analyzer {

// std::lround for |x| < 2^52, without the call into libm that import otherwise makes for every level and
// coordinate of every row. In that range trunc(x) and x - trunc(x) are exact, so comparing the fraction with
// ±0.5 rounds halfway cases away from zero exactly as lround does. Larger |x| and NaN: undefined.
inline std::int64_t round_half_away(double x) {
  const auto whole = static_cast<std::int64_t>(x);  // towards zero
  const double fraction = x - static_cast<double>(whole);
  return whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0);
}

// An optional unsigned integer whose largest value means "absent".
template <class T>
class Compact {
 public:
  static constexpr T kNone = std::numeric_limits<T>::max();
  std::optional<T> get() const { return raw_ == kNone ? std::nullopt : std::optional<T>(raw_); }
  bool has() const { return raw_ != kNone; }
  // Values >= kNone cannot be stored: callers range-check first (clean.hpp).
  void set(std::optional<T> v) { raw_ = v && *v < kNone ? *v : kNone; }
  T raw() const { return raw_; }

 private:
  T raw_ = kNone;
};

// A level in 0.1 dB steps in 16 bits (range ±3276.7); INT16_MIN means absent. Unit is Dbm or Db.
template <class Unit>
class Level16 {
 public:
  static constexpr std::int16_t kNone = std::numeric_limits<std::int16_t>::min();
  std::optional<Unit> get() const {
    return raw_ == kNone ? std::nullopt : std::optional<Unit>(Unit(raw_ / 10.0));
  }
  bool has() const { return raw_ != kNone; }
  // Callers range-check first (clean.hpp); out of the 16-bit range stores "absent".
  void set(std::optional<Unit> v) {
    if (!v || !(std::fabs(v->value) < 3276.0)) {
      raw_ = kNone;
      return;
    }
    raw_ = static_cast<std::int16_t>(round_half_away(v->value * 10.0));
  }
  std::int16_t raw() const { return raw_; }

 private:
  std::int16_t raw_ = kNone;
};

// Why a measurement is excluded from analysis (bit flags; 0 = usable). Set by the Cleaner.
enum Exclusion : std::uint8_t {
  kExcludedGnssJump = 1 << 0,   // position implies a speed no car reaches from the previous good fix
  kExcludedStaleFix = 1 << 1,   // fix older than CleaningOptions::max_fix_age_ms
  kExcludedDuplicate = 1 << 2,  // same time, position, cell and levels as an earlier row (any file)
};

class Measurement {
 public:
  // WGS-84 position, stored in 1e-7 degrees (~1 cm). Absent when the row had no fix.
  std::optional<GeoPoint> position() const;
  void set_position(std::optional<GeoPoint> p);
  bool has_position() const { return lat_e7_ != kNoCoord; }
  std::int32_t lat_e7() const { return lat_e7_; }
  std::int32_t lon_e7() const { return lon_e7_; }

  std::optional<Plmn> plmn() const;
  void set_plmn(const std::optional<Plmn>& p);
  std::uint32_t plmn_code() const { return plmn_; }  // packed; equal codes = equal PLMNs

  // Serving cell identity. NCI for NR-SA, ECI for LTE and for the LTE anchor of NR-NSA; other RATs
  // (GSM/WCDMA) keep the raw cell id of their format in legacy_cell(). Setting one clears the others.
  std::optional<Nci> nci() const;
  std::optional<Eci> eci() const;
  std::optional<std::uint64_t> legacy_cell() const;
  void set_nci(Nci n);
  void set_eci(Eci e);
  void set_legacy_cell(std::uint64_t id);
  std::uint64_t cell_raw() const { return cell_.raw(); }

  // GNSS quality, when the format gives it.
  std::optional<double> speed_mps() const;  // stored in cm/s
  void set_speed_mps(std::optional<double> v);
  std::optional<double> hdop() const;  // stored in 1/100
  void set_hdop(std::optional<double> v);
  std::optional<std::int64_t> fix_age_ms() const;  // stored in 0.1 s, saturating at 6553.4 s
  void set_fix_age_ms(std::optional<std::int64_t> v);

  // Throughput in Mbit/s; NaN means absent.
  std::optional<double> dl_mbps() const { return std::isnan(dl_) ? std::nullopt : std::optional<double>(dl_); }
  std::optional<double> ul_mbps() const { return std::isnan(ul_) ? std::nullopt : std::optional<double>(ul_); }
  void set_dl_mbps(std::optional<double> v) { dl_ = v ? static_cast<float>(*v) : kNan; }
  void set_ul_mbps(std::optional<double> v) { ul_ = v ? static_cast<float>(*v) : kNan; }

  bool usable() const { return excluded == 0; }

 private:
  static constexpr std::int32_t kNoCoord = std::numeric_limits<std::int32_t>::min();
  static constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
  enum class CellKind : std::uint8_t { None, Nci, Eci, Legacy };

  // Data members below are declared in size order, public and private interleaved, so the record
  // packs into 80 bytes without padding holes (members are laid out in declaration order).
 public:
  // Where the row came from: index into ImportSummary::files, and the 1-based line (CSV/TXT) or
  // 1-based sample ordinal over all sessions (probe database).
  std::uint32_t line = 0;
  std::uint16_t file = 0;
  Rat rat = Rat::None;
  std::uint8_t excluded = 0;  // Exclusion bits
  UtcTime utc;

 private:
  Compact<std::uint64_t> cell_;
  std::int32_t lat_e7_ = kNoCoord, lon_e7_ = kNoCoord;
  std::uint32_t plmn_ = Compact<std::uint32_t>::kNone;  // mcc*1000 + mnc, bit 30 set for 3-digit MNC

 public:
  Compact<std::uint32_t> arfcn;     // EARFCN or NR-ARFCN of the serving cell
  Compact<std::uint32_t> nr_arfcn;  // NR leg of NR-NSA

 private:
  float dl_ = kNan, ul_ = kNan;

 public:
  Compact<std::uint16_t> pci;     // PCI 0..1007
  Compact<std::uint16_t> band;    // LTE band or NR n-band number
  Compact<std::uint16_t> ta;      // timing advance as reported (LTE 0..1282, NR 0..3846)
  Compact<std::uint16_t> nr_pci;  // NR leg of NR-NSA
  Level16<Dbm> rsrp;              // serving RSRP (LTE anchor in NR-NSA, SS-RSRP in NR-SA)
  Level16<Db> rsrq;
  Level16<Db> sinr;
  Level16<Dbm> nr_rsrp;  // NR leg of NR-NSA
  Level16<Db> nr_rsrq;
  Level16<Db> nr_sinr;

 private:
  Compact<std::uint16_t> speed_cms_, hdop_x100_, fix_age_ds_;
  CellKind cell_kind_ = CellKind::None;
};

}  // namespace shikan::analyzer
