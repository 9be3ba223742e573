// Value-level cleaning: sentinel codes and out-of-range values (FIELD_GUIDE §3).
#include "clean_values.hpp"

#include <cmath>

#include "shikan/analyzer/clean.hpp"

namespace shikan::analyzer {

std::string_view to_string(Field f) {
  switch (f) {
    case Field::Rsrp: return "rsrp";
    case Field::Rsrq: return "rsrq";
    case Field::Sinr: return "sinr";
    case Field::NrRsrp: return "nr_rsrp";
    case Field::NrRsrq: return "nr_rsrq";
    case Field::NrSinr: return "nr_sinr";
    case Field::Pci: return "pci";
    case Field::NrPci: return "nr_pci";
    case Field::Arfcn: return "arfcn";
    case Field::NrArfcn: return "nr_arfcn";
    case Field::Band: return "band";
    case Field::Ta: return "ta";
    case Field::SpeedMps: return "speed_mps";
    case Field::Hdop: return "hdop";
    case Field::FixAgeMs: return "fix_age_ms";
    case Field::Mbps: return "mbps";
    case Field::CellId: return "cell_id";
    case Field::kCount: break;
  }
  return "?";
}

ValueRange range_of(Field f) {
  switch (f) {
    case Field::Rsrp:
    case Field::NrRsrp: return {-156, -31};
    case Field::Rsrq:
    case Field::NrRsrq: return {-43, 20};
    case Field::Sinr:
    case Field::NrSinr: return {-23, 40};
    case Field::Pci:
    case Field::NrPci: return {0, 1007};
    case Field::Arfcn:
    case Field::NrArfcn: return {0, 3279165};
    case Field::Band: return {1, 1024};
    case Field::Ta: return {0, 3846};
    case Field::SpeedMps: return {0, 150};
    case Field::Hdop: return {0, 50};
    case Field::FixAgeMs: return {0, 1e15};
    case Field::Mbps: return {0, 100000};
    case Field::CellId: return {0, 68719476735.0};
    case Field::kCount: break;
  }
  return {0, 0};
}

bool is_sentinel(Field f, double raw) {
  // Every code lies outside (-200, 32767): the values of real rows leave after two comparisons (import runs
  // this for every value of every row).
  if (raw > -200 && raw < 32767) return false;
  if (raw == -32768 || raw == 32767 || raw == 65535 || raw == 16777215 || raw == 2147483647 ||
      raw == -2147483647 || raw == -2147483648.0)
    return true;
  return (f == Field::Rsrp || f == Field::NrRsrp) && (raw == -200 || raw == -340);
}

std::uint64_t DroppedValues::total() const {
  std::uint64_t t = 0;
  for (std::size_t i = 0; i < kFieldCount; ++i) t += sentinel[i] + out_of_range[i];
  return t;
}

void DroppedValues::merge(const DroppedValues& o) {
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    sentinel[i] += o.sentinel[i];
    out_of_range[i] += o.out_of_range[i];
  }
}

std::optional<double> accept(Field f, double raw, DroppedValues& dropped) {
  return detail::keep_value(f, raw, dropped) ? std::optional<double>(raw) : std::nullopt;
}

namespace detail {

bool keep_value(Field f, double raw, DroppedValues& dropped) {
  const auto i = static_cast<std::size_t>(f);
  if (is_sentinel(f, raw)) {
    ++dropped.sentinel[i];
    return false;
  }
  const ValueRange r = range_of(f);
  if (!(raw >= r.lo && raw <= r.hi)) {  // false for NaN too
    ++dropped.out_of_range[i];
    return false;
  }
  return true;
}

}  // namespace detail

}  // namespace shikan::analyzer
