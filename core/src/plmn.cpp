#include "shikan/core/plmn.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace shikan {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Plmn::Plmn(std::string mcc, std::string mnc) : mcc_(std::move(mcc)), mnc_(std::move(mnc)) {
  if (mcc_.size() != 3 || !all_digits(mcc_) || mnc_.size() < 2 || mnc_.size() > 3 || !all_digits(mnc_))
    throw std::invalid_argument("invalid PLMN: MCC '" + mcc_ + "' MNC '" + mnc_ + "'");
}

std::optional<Plmn> Plmn::parse(std::string_view digits) {
  if ((digits.size() != 5 && digits.size() != 6) || !all_digits(digits)) return std::nullopt;
  return Plmn(std::string(digits.substr(0, 3)), std::string(digits.substr(3)));
}

std::optional<Plmn> Plmn::from_fields(std::string_view mcc, std::string_view mnc) {
  if (!all_digits(mcc) || !all_digits(mnc) || mnc.size() > 3) return std::nullopt;
  std::string m(mcc);
  if (m.size() < 3) m.insert(0, 3 - m.size(), '0');
  if (m.size() != 3) return std::nullopt;
  std::string n(mnc);
  if (n.size() < 2) n.insert(0, 2 - n.size(), '0');
  return Plmn(std::move(m), std::move(n));
}

Operator operator_of(const Plmn& plmn) {
  if (plmn.mcc() != "460") return Operator::Other;
  const std::string& n = plmn.mnc();
  // FIELD_GUIDE §3.
  if (n == "00" || n == "02" || n == "04" || n == "07" || n == "08") return Operator::ChinaMobile;
  if (n == "01" || n == "06" || n == "09") return Operator::ChinaUnicom;
  if (n == "03" || n == "05" || n == "11") return Operator::ChinaTelecom;
  if (n == "15") return Operator::ChinaBroadnet;
  return Operator::Other;
}

OperatorName operator_name(Operator op) {
  switch (op) {
    case Operator::ChinaMobile: return {"中国移动", "China Mobile", "cmcc"};
    case Operator::ChinaUnicom: return {"中国联通", "China Unicom", "cucc"};
    case Operator::ChinaTelecom: return {"中国电信", "China Telecom", "ctcc"};
    case Operator::ChinaBroadnet: return {"中国广电", "China Broadnet", "cbn"};
    case Operator::Other: break;
  }
  return {"其他运营商", "Other operator", "other"};
}

std::optional<Operator> parse_operator(std::string_view s) {
  for (Operator op : {Operator::ChinaMobile, Operator::ChinaUnicom, Operator::ChinaTelecom, Operator::ChinaBroadnet}) {
    const OperatorName n = operator_name(op);
    if (s == n.key || s == n.zh || s == n.en) return op;
  }
  return std::nullopt;
}

}  // namespace shikan
