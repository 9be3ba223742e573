// NR cell identity (36-bit NCI) and LTE E-UTRAN cell identity (28-bit ECI), with the gNB/eNB split.
// TS 38.413 §9.3.1.7 (NR CGI), TS 36.413 §9.2.1.38 (E-UTRAN CGI).
#pragma once

#include <cstdint>
#include <compare>
#include <map>
#include <optional>
#include <string>

#include "shikan/core/plmn.hpp"

namespace shikan {

class Nci {
 public:
  static constexpr std::uint64_t kMax = (std::uint64_t{1} << 36) - 1;
  explicit Nci(std::uint64_t v);  // throws std::out_of_range above 36 bits
  std::uint64_t value() const { return v_; }
  auto operator<=>(const Nci&) const = default;

 private:
  std::uint64_t v_;
};

class Eci {
 public:
  static constexpr std::uint32_t kMax = (std::uint32_t{1} << 28) - 1;
  explicit Eci(std::uint32_t v);  // throws std::out_of_range above 28 bits
  std::uint32_t value() const { return v_; }
  std::uint32_t enb_id() const { return v_ >> 8; }
  std::uint32_t cell() const { return v_ & 0xFF; }
  auto operator<=>(const Eci&) const = default;

 private:
  std::uint32_t v_;
};

// gNB-ID length L in bits, 22..32 (TS 38.413 §9.3.1.6).
class GnbIdLength {
 public:
  explicit GnbIdLength(int bits);  // throws std::out_of_range outside 22..32
  int bits() const { return bits_; }
  auto operator<=>(const GnbIdLength&) const = default;

 private:
  int bits_;
};

struct GnbSplit {
  std::uint32_t gnb_id;
  std::uint32_t cell;  // local cell id, 36 - L bits
};

// gNB ID = NCI >> (36 - L); cell = NCI & ((1 << (36 - L)) - 1).
GnbSplit split(Nci nci, GnbIdLength len);

// The gNB-ID length to assume per PLMN. Operators do not broadcast it; it is configuration.
// Default 24 bits for every PLMN (the length Chinese operators' planning commonly uses, leaving
// 12 bits of cell id); override per PLMN in the probe/analyzer configuration.
class GnbIdLengths {
 public:
  GnbIdLengths() = default;
  explicit GnbIdLengths(GnbIdLength fallback) : fallback_(fallback) {}
  void set(const Plmn& plmn, GnbIdLength len) { by_plmn_.insert_or_assign(plmn.str(), len); }
  GnbIdLength for_plmn(const Plmn& plmn) const;
  GnbIdLength fallback() const { return fallback_; }

 private:
  GnbIdLength fallback_{24};
  std::map<std::string, GnbIdLength> by_plmn_;
};

}  // namespace shikan
