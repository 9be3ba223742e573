#include "shikan/analyzer/measurement.hpp"

#include <string>

namespace shikan::analyzer {

static_assert(sizeof(Measurement) == 80, "Measurement must stay compact: 10 M rows in < 1 GB");

namespace {
constexpr std::uint32_t kMnc3 = 1u << 30;

// The value of a Plmn's MCC or MNC: 2 or 3 ASCII digits, which Plmn guarantees. By hand because std::stoul
// (strtoul with locale and errno) cost more than the rest of a row's PLMN handling.
std::uint32_t digits_value(const std::string& digits) {
  std::uint32_t v = 0;
  for (const char c : digits) v = v * 10 + static_cast<std::uint32_t>(c - '0');
  return v;
}

// v * scale rounded half away from zero (std::round) and saturated at the largest storable value. Saturating
// before rounding gives the same result (a product above `top` rounds to at least `top`) and keeps the
// product in round_half_away's range.
template <class T>
std::optional<T> scaled(std::optional<double> v, double scale) {
  if (!v || !(*v >= 0)) return std::nullopt;
  const double x = *v * scale;
  const double top = static_cast<double>(Compact<T>::kNone - 1);
  return static_cast<T>(x > top ? top : static_cast<double>(round_half_away(x)));
}
}  // namespace

std::optional<GeoPoint> Measurement::position() const {
  if (!has_position()) return std::nullopt;
  return GeoPoint{Latitude(lat_e7_ * 1e-7), Longitude(lon_e7_ * 1e-7)};
}

void Measurement::set_position(std::optional<GeoPoint> p) {
  if (!p) {
    lat_e7_ = lon_e7_ = kNoCoord;
    return;
  }
  lat_e7_ = static_cast<std::int32_t>(round_half_away(p->lat.degrees() * 1e7));
  lon_e7_ = static_cast<std::int32_t>(round_half_away(p->lon.degrees() * 1e7));
}

std::optional<Plmn> Measurement::plmn() const {
  if (plmn_ == Compact<std::uint32_t>::kNone) return std::nullopt;
  const std::uint32_t v = plmn_ & ~kMnc3;
  const bool three = (plmn_ & kMnc3) != 0;
  std::string mnc = std::to_string(v % 1000);
  while (mnc.size() < (three ? 3u : 2u)) mnc.insert(mnc.begin(), '0');
  std::string mcc = std::to_string(v / 1000);
  while (mcc.size() < 3) mcc.insert(mcc.begin(), '0');
  return Plmn(mcc, mnc);
}

void Measurement::set_plmn(const std::optional<Plmn>& p) {
  if (!p) {
    plmn_ = Compact<std::uint32_t>::kNone;
    return;
  }
  const std::uint32_t mcc = digits_value(p->mcc()), mnc = digits_value(p->mnc());
  plmn_ = mcc * 1000 + mnc + (p->mnc().size() == 3 ? kMnc3 : 0);
}

std::optional<Nci> Measurement::nci() const {
  if (cell_kind_ != CellKind::Nci) return std::nullopt;
  return Nci(cell_.raw());
}
std::optional<Eci> Measurement::eci() const {
  if (cell_kind_ != CellKind::Eci) return std::nullopt;
  return Eci(static_cast<std::uint32_t>(cell_.raw()));
}
std::optional<std::uint64_t> Measurement::legacy_cell() const {
  if (cell_kind_ != CellKind::Legacy) return std::nullopt;
  return cell_.raw();
}
void Measurement::set_nci(Nci n) {
  cell_.set(n.value());
  cell_kind_ = CellKind::Nci;
}
void Measurement::set_eci(Eci e) {
  cell_.set(e.value());
  cell_kind_ = CellKind::Eci;
}
void Measurement::set_legacy_cell(std::uint64_t id) {
  cell_.set(id);
  cell_kind_ = cell_.has() ? CellKind::Legacy : CellKind::None;
}

std::optional<double> Measurement::speed_mps() const {
  const auto v = speed_cms_.get();
  return v ? std::optional<double>(*v / 100.0) : std::nullopt;
}
void Measurement::set_speed_mps(std::optional<double> v) { speed_cms_.set(scaled<std::uint16_t>(v, 100.0)); }

std::optional<double> Measurement::hdop() const {
  const auto v = hdop_x100_.get();
  return v ? std::optional<double>(*v / 100.0) : std::nullopt;
}
void Measurement::set_hdop(std::optional<double> v) { hdop_x100_.set(scaled<std::uint16_t>(v, 100.0)); }

std::optional<std::int64_t> Measurement::fix_age_ms() const {
  const auto v = fix_age_ds_.get();
  return v ? std::optional<std::int64_t>(std::int64_t{*v} * 100) : std::nullopt;
}
void Measurement::set_fix_age_ms(std::optional<std::int64_t> v) {
  fix_age_ds_.set(scaled<std::uint16_t>(v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt, 0.01));
}

}  // namespace shikan::analyzer
