// Private to the AT parsers: turning validated raw numbers into the strong types of the model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "at_fields.hpp"
#include "shikan/core/cell_id.hpp"
#include "shikan/core/result.hpp"
#include "shikan/core/units.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe::at {

// Range for a level before its unit conversion (raw LTE SINR, SINR in 0.1 dB): only sentinels drop.
inline constexpr Range kRawLevel{-100000, 100000};

template <class T, class U>
std::optional<T> narrow(std::optional<U> v) {
  if (!v) return std::nullopt;
  return static_cast<T>(*v);
}

inline std::optional<Dbm> dbm(std::optional<double> v) { return v ? std::optional<Dbm>(Dbm(*v)) : std::nullopt; }
inline std::optional<Db> db(std::optional<double> v) { return v ? std::optional<Db>(Db(*v)) : std::nullopt; }

// hex() already capped the value at Nci::kMax / Eci::kMax, so the constructors cannot throw.
inline std::optional<Nci> nci_of(std::optional<std::uint64_t> v) {
  return v ? std::optional<Nci>(Nci(*v)) : std::nullopt;
}
inline std::optional<Eci> eci_of(std::optional<std::uint64_t> v) {
  return v ? std::optional<Eci>(Eci(static_cast<std::uint32_t>(*v))) : std::nullopt;
}

// Drops values >= limit (reserved codes such as LAC FFFE).
inline std::optional<std::uint64_t> cap(std::optional<std::uint64_t> v, std::uint64_t limit) {
  if (v && *v >= limit) return std::nullopt;
  return v;
}

// SINR in dB from a raw value printed in 1/scale dB; outside kSinr -> invalid.
inline std::optional<Db> sinr_db(std::optional<double> raw, double scale = 1) {
  if (!raw) return std::nullopt;
  const double v = *raw / scale;
  if (v < kSinr.lo || v > kSinr.hi) return std::nullopt;
  return Db(v);
}

// LTE SINR of AT+QENG in dB, per firmware encoding (at_parse.hpp, LteSinrEncoding).
inline std::optional<Db> lte_sinr(std::optional<double> raw, LteSinrEncoding enc) {
  if (!raw) return std::nullopt;
  switch (enc) {
    case LteSinrEncoding::TwiceMinus20: return sinr_db(2 * *raw - 20);
    case LteSinrEncoding::FifthMinus20: return sinr_db(*raw / 5 - 20);
    case LteSinrEncoding::Db: return sinr_db(*raw);
  }
  return std::nullopt;
}

inline ParseError truncated(std::string_view what, std::size_t have, std::size_t need) {
  std::string r = "truncated ";
  r += what;
  r += ": ";
  r += std::to_string(have);
  r += " of ";
  r += std::to_string(need);
  r += " fields";
  return ParseError{std::move(r)};
}

}  // namespace shikan::probe::at
