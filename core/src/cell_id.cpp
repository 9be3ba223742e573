#include "shikan/core/cell_id.hpp"

#include <stdexcept>

namespace shikan {

Nci::Nci(std::uint64_t v) : v_(v) {
  if (v > kMax) throw std::out_of_range("NCI exceeds 36 bits: " + std::to_string(v));
}

Eci::Eci(std::uint32_t v) : v_(v) {
  if (v > kMax) throw std::out_of_range("ECI exceeds 28 bits: " + std::to_string(v));
}

GnbIdLength::GnbIdLength(int bits) : bits_(bits) {
  if (bits < 22 || bits > 32) throw std::out_of_range("gNB-ID length must be 22..32 bits, got " + std::to_string(bits));
}

GnbSplit split(Nci nci, GnbIdLength len) {
  const int cell_bits = 36 - len.bits();
  return GnbSplit{static_cast<std::uint32_t>(nci.value() >> cell_bits),
                  static_cast<std::uint32_t>(nci.value() & ((std::uint64_t{1} << cell_bits) - 1))};
}

GnbIdLength GnbIdLengths::for_plmn(const Plmn& plmn) const {
  auto it = by_plmn_.find(plmn.str());
  return it == by_plmn_.end() ? fallback_ : it->second;
}

}  // namespace shikan
