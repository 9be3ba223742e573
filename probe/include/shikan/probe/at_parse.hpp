// Pure parsers for modem AT answers: Quectel (FIELD_GUIDE §4) and generic 3GPP TS 27.007.
// They take the text lines of one answer and return values; no I/O. Used by the live drivers and by
// `shikan-probe decode`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/core/result.hpp"

namespace shikan::probe {

// How a firmware encodes LTE SINR in AT+QENG="servingcell". The manual says 0..250 in 1/5 dB
// (dB = raw/5 - 20); real captures read sensibly only as dB = 2*raw - 20 (FIELD_GUIDE §4), and
// some firmware prints dB directly.
enum class LteSinrEncoding { TwiceMinus20, FifthMinus20, Db };

struct QuectelOptions {
  LteSinrEncoding lte_sinr = LteSinrEncoding::TwiceMinus20;
};

// AT+QNWINFO
struct NetworkInfo {
  std::string access;  // "FDD LTE", "NR5G-SA", "TDD NR5G", "No Service", ...
  std::optional<Plmn> plmn;
  std::string band;  // "LTE BAND 3", "NR N78"
  std::optional<std::uint32_t> arfcn;
};

// AT+QCAINFO, one component carrier
struct CarrierInfo {
  std::string role;  // "PCC" | "SCC"
  std::optional<std::uint32_t> arfcn;
  std::optional<int> bandwidth;  // as printed (RB count for LTE, code or MHz for NR)
  std::string band;
  std::optional<int> pci;
  std::optional<Dbm> rsrp;
  std::optional<Db> rsrq;
  std::optional<Dbm> rssi;
  std::optional<Db> sinr;
};

// +CREG / +CGREG / +CEREG / +C5GREG (TS 27.007 §7.2, §10.1.19, §10.1.22)
struct Registration {
  std::string command;  // "CREG", "CGREG", "CEREG", "C5GREG"
  std::optional<int> n;
  int stat = 0;  // 1 home, 5 roaming, 2 searching, 3 denied, 0 not registered, 4 unknown
  std::optional<std::uint32_t> tac;
  std::optional<std::uint64_t> cell_id;  // ECI or NCI, from hex
  std::optional<int> act;                // access technology (7 E-UTRAN, 11 NR 5GCN, 13 E-UTRA-NR ...)
};

// +CESQ (TS 27.007 §8.69), converted to levels; absent where the modem says "not known" (99/255).
struct SignalQuality {
  std::optional<Dbm> rscp;
  std::optional<Db> ecno;
  std::optional<Db> rsrq;
  std::optional<Dbm> rsrp;
  std::optional<Db> ss_rsrq;  // extended 5G fields, if present
  std::optional<Dbm> ss_rsrp;
  std::optional<Db> ss_sinr;
};

// +COPS? (TS 27.007 §7.3)
struct OperatorSelection {
  int mode = 0;
  std::optional<int> format;
  std::string oper;  // as printed (long/short name or numeric)
  std::optional<Plmn> plmn;  // when the format is numeric
  std::optional<int> act;
  Rat rat = Rat::None;  // derived from act
};

// ATI / AT+CGMI / AT+CGMM / AT+CGMR / AT+CGSN
struct ModemIdentity {
  std::string manufacturer, model, revision, imei;
};

// Quectel
Parsed<ServingCell> parse_qeng_servingcell(std::span<const std::string_view> lines, const QuectelOptions& opt = {});
std::vector<Parsed<Neighbour>> parse_qeng_neighbourcell(std::span<const std::string_view> lines);
Parsed<NetworkInfo> parse_qnwinfo(std::string_view line);
Parsed<CarrierInfo> parse_qcainfo(std::string_view line);
// AT+QNWCFG="nr5g_cell_id" answer, where the firmware supports it: the NCI.
Parsed<Nci> parse_qnwcfg_nr5g_cell_id(std::string_view line);

// Generic 3GPP
Parsed<Registration> parse_registration(std::string_view line);
Parsed<SignalQuality> parse_cesq(std::string_view line);
Parsed<OperatorSelection> parse_cops(std::string_view line);
// Lines of ATI (or the +CGMx answers) to an identity; fields not present stay empty.
ModemIdentity parse_identity(std::span<const std::string_view> lines);

}  // namespace shikan::probe
