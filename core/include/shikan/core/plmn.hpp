// PLMN identity (MCC + MNC) and the operators behind Chinese PLMNs (FIELD_GUIDE §3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shikan {

// MCC is 3 digits; MNC is 2 or 3 digits kept as text, so "01" and "001" stay different.
class Plmn {
 public:
  // Throws std::invalid_argument on anything but 3 + 2..3 digits.
  Plmn(std::string mcc, std::string mnc);
  // "46001" -> 460/01 (5 digits: 2-digit MNC; 6 digits: 3-digit MNC). nullopt if malformed.
  static std::optional<Plmn> parse(std::string_view digits);
  // From numeric fields as modems print them ("460", "1" -> MNC "01"): MNC padded to 2 digits.
  static std::optional<Plmn> from_fields(std::string_view mcc, std::string_view mnc);

  const std::string& mcc() const { return mcc_; }
  const std::string& mnc() const { return mnc_; }
  std::string str() const { return mcc_ + mnc_; }
  auto operator<=>(const Plmn&) const = default;

 private:
  std::string mcc_, mnc_;
};

enum class Operator { ChinaMobile, ChinaUnicom, ChinaTelecom, ChinaBroadnet, Other };

struct OperatorName {
  std::string_view zh;
  std::string_view en;
  std::string_view key;  // stable ASCII key: "cmcc", "cucc", "ctcc", "cbn", "other"
};

Operator operator_of(const Plmn& plmn);
OperatorName operator_name(Operator op);
// Parses "cmcc"/"cucc"/"ctcc"/"cbn" or the Chinese/English names; nullopt otherwise.
std::optional<Operator> parse_operator(std::string_view s);

}  // namespace shikan
