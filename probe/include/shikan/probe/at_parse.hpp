// Pure parsers for modem AT answers: Quectel (FIELD_GUIDE §4) and generic 3GPP TS 27.007.
// They take the text lines of one answer and return values; no I/O. Used by the live drivers and by
// `shikan-probe decode`. Every format, field by field, with its sources and pitfalls: docs/at-formats.md.
//
// Conventions for every parser here:
//  - Malformed input (wrong prefix, too few fields for the form, non-numeric junk in a numeric field) is a
//    ParseError with a short reason ("bad rsrp 'x1'"); nothing throws.
//  - A value the line carries but marks invalid ("-", an empty field, a sentinel such as -32768,
//    2147483647, TAC FFFE/FFFF/FFFFFE/FFFFFF, an all-ones cell id, a level outside any physical range) is
//    kept as an empty optional and the row is kept. The `carried` set records which fields the line had
//    at all, so a consumer can tell "not in this format" (absent) from "reported invalid" (null).
//  - Extra trailing fields from unknown firmware are ignored. Leading/trailing spaces and double quotes
//    around a field are ignored (`"TDD", 460`).
// Thread safety: all functions are reentrant.
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

// How a firmware encodes LTE SINR in AT+QENG="servingcell" and the LTE neighbour lines. Quectel's
// RG520N/RM5x0N manual (§5.20) gives Y = (1/5)·X·10 − 20 = 2X − 20 dB with range −20..30 dB; older
// manuals say 0..250 in 1/5 dB (dB = raw/5 − 20); some firmware prints dB directly. Pinned by the libqmi
// PR #2 capture: raw 25 read at the same moment as qmicli's "SNR 30.0 dB" (2·25 − 20 = 30).
enum class LteSinrEncoding { TwiceMinus20, FifthMinus20, Db };

struct QuectelOptions {
  LteSinrEncoding lte_sinr = LteSinrEncoding::TwiceMinus20;
};

// Names of the values a parsed line can carry (for the `carried` sets). Shared by all result types.
enum class Key : std::uint8_t {
  State, Duplex, Plmn, CellId, Pci, Tac, Arfcn, Band, Bandwidth, Rsrp, Rsrq, Sinr, Rssi, Cqi, TxPower,
  Srxlev, Scs, NrPci, NrArfcn, NrBand, NrBandwidth, NrRsrp, NrRsrq, NrSinr, NrScs, Rscp, Ecio, Psc, Bsic,
  Rxlev, CellState, UlConfigured, Act, N, Format, Oper, GnbId,
  Unkept,  // a field that is validated but not kept in any result
  Count
};
static_assert(static_cast<int>(Key::Count) <= 64);

// A set of Keys.
class KeySet {
 public:
  constexpr void add(Key k) { bits_ |= std::uint64_t{1} << static_cast<unsigned>(k); }
  constexpr bool has(Key k) const { return (bits_ >> static_cast<unsigned>(k)) & 1U; }
  constexpr bool empty() const { return bits_ == 0; }
  auto operator<=>(const KeySet&) const = default;

 private:
  std::uint64_t bits_ = 0;
};

// Which AT+QENG="servingcell" layout a report came from.
enum class QengForm : std::uint8_t {
  StateOnly,      // "servingcell",<state> alone ("SEARCH", "LIMSRV", or an EN-DC header without body)
  NrSa,           // 17 fields, Qualcomm-based modules (bandwidth is a code)
  NrSaUnisoc,     // 18 fields, Unisoc RM500U (bandwidth in MHz, one more trailing field)
  Lte,            // single-line LTE
  EnDc,           // "servingcell",<state> + "LTE",... + "NR5G-NSA",... (11-field NSA line)
  EnDcOldNsa,     // as EnDc with the old 7-field NSA line (MCC,MNC,PCI,RSRP,SINR in 0.1 dB,RSRQ)
  EnDcLteOnly,    // the multi-line form whose NR5G-NSA line is missing: reported as LTE
  Wcdma,
  Gsm,
};
std::string_view to_string(QengForm f);

// A decoded AT+QENG="servingcell" answer. `cell` is the shared model; the rest is what the model has no
// place for. For WCDMA/GSM, cell.tac holds the LAC and legacy_cell_id the 28/16-bit cell id.
struct ServingCellReport {
  ServingCell cell;
  QengForm form = QengForm::StateOnly;
  KeySet carried;
  std::optional<double> bandwidth_mhz;     // from the code (Qualcomm, LTE DL: 1.4..20) or as printed (Unisoc SA)
  std::optional<double> nr_bandwidth_mhz;  // EN-DC NR leg, from its code
  std::optional<int> scs;  // NR-SA subcarrier spacing code: 0=15 kHz, 1=30, 2=60, 3=120, 4=240
  std::optional<std::uint32_t> legacy_cell_id;
  std::optional<Dbm> rscp;  // WCDMA
  std::optional<Db> ecio;   // WCDMA
  std::optional<int> psc;   // WCDMA primary scrambling code
  std::optional<int> bsic;  // GSM
  std::optional<Dbm> rxlev;  // GSM, as printed by the module in dBm
};

// One decoded neighbour line, with the keys it carried.
struct NeighbourReport {
  Neighbour cell;
  KeySet carried;
};

// AT+QNWINFO
struct NetworkInfo {
  std::string access;  // "FDD LTE", "NR5G-SA", "TDD NR5G", "No Service", ...
  std::optional<Plmn> plmn;
  std::string band;  // "LTE BAND 3", "NR N78", "NR5G BAND 41"
  std::optional<int> band_number;  // 3, 78, 41: the trailing number of `band`
  std::optional<std::uint32_t> arfcn;
  bool no_service = false;  // "+QNWINFO: No Service": only `access` is set
};

// AT+QCAINFO, one component carrier (RG520N/RM5x0N manual §5.21 and the Unisoc RM500U layout).
struct CarrierInfo {
  std::string role;  // "PCC" | "SCC"
  std::optional<std::uint32_t> arfcn;
  std::optional<int> bandwidth;  // as printed: RB count for LTE (6..100), code for NR, MHz on RM500U
  std::string band;
  std::optional<int> band_number;
  bool nr = false;  // band string names an NR band
  std::optional<int> cell_state;  // PCC: registration state; SCC: 0 deconfigured, 1 deactivated, 2 activated
  std::optional<int> pci;
  std::optional<Dbm> rsrp;
  std::optional<Db> rsrq;
  std::optional<Dbm> rssi;
  std::optional<Db> sinr;  // LTE RSSNR in dB; NR SNR converted from 1/100 dB (Qualcomm) or dB (RM500U)
  std::optional<int> ul_configured;
  KeySet carried;
};

// +CREG / +CGREG / +CEREG / +C5GREG (TS 27.007 §7.2, §10.1.19, §10.1.22, §10.1.75), in both the read
// form (+CEREG: <n>,<stat>[,...]) and the unsolicited form (+CEREG: <stat>[,...]).
struct Registration {
  std::string command;  // "CREG", "CGREG", "CEREG", "C5GREG"
  std::optional<int> n;  // only in the read form
  int stat = 0;  // 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming, ...
  std::optional<std::uint32_t> tac;  // TAC (CEREG/C5GREG) or LAC (CREG/CGREG), from hex
  std::optional<std::uint64_t> cell_id;  // ECI, NCI or UTRAN/GSM CI, from hex
  std::optional<int> act;  // access technology (TS 27.007 §7.3 <AcT>)
  KeySet carried;  // Tac, CellId, Act
};

// +CESQ (TS 27.007 §8.69) and +CSQ (§8.5), converted to levels. Each index maps to the lower edge of
// its 1 dB (or 0.5 dB) step; 99/255 ("not known or not detectable") give an empty value.
struct SignalQuality {
  std::optional<Dbm> rxlev;  // GSM: index N -> -111 + N dBm
  std::optional<int> ber;    // 0..7 as printed
  std::optional<Dbm> rscp;   // UTRA: N -> -121 + N dBm
  std::optional<Db> ecno;    // UTRA: N -> -24.5 + N/2 dB
  std::optional<Db> rsrq;    // E-UTRA: N -> -20 + N/2 dB
  std::optional<Dbm> rsrp;   // E-UTRA: N -> -141 + N dBm
  std::optional<Db> ss_rsrq;  // NR (Rel-15 extension): N -> -43.5 + N/2 dB
  std::optional<Dbm> ss_rsrp;  // NR: N -> -157 + N dBm
  std::optional<Db> ss_sinr;   // NR: N -> -23.5 + N/2 dB
  bool extended = false;  // the line had the three NR fields
  std::optional<Dbm> csq_rssi;  // +CSQ only: 0 -> -113, N -> -113 + 2N, 31 -> -51 dBm
};

// +COPS? (TS 27.007 §7.3)
struct OperatorSelection {
  int mode = 0;
  std::optional<int> format;  // 0 long alphanumeric, 1 short, 2 numeric
  std::string oper;  // as printed (long/short name or numeric)
  std::optional<Plmn> plmn;  // when the format is numeric
  std::optional<int> act;
  Rat rat = Rat::None;  // derived from act: 0,1,3,8 GSM; 2,4,5,6 WCDMA; 7,9,10 LTE; 11,12 NR-SA; 13 NR-NSA
  KeySet carried;  // Format, Oper, Act
};

// ATI / AT+CGMI / AT+CGMM / AT+CGMR / AT+CGSN / AT+CIMI / AT+QCCID. Empty strings: not reported.
struct ModemIdentity {
  std::string manufacturer, model, revision, imei, imsi, iccid;
  std::string text;  // an ATI line that names nothing recognisable (e.g. a lone firmware string)
};

// AT+QNWCFG="nr5g_cell_id" (RG520N/RM5x0N manual §5.23.2):
//   +QNWCFG: "nr5g_cell_id",<NCGI hex>,<NCI hex>,<gNodeB_ID hex>
// and AT+QNWCFG="lte_cell_id" (§5.23.1): +QNWCFG: "lte_cell_id",<ECGI hex>,<ECI hex>,<eNodeB_ID hex>.
// NCGI/ECGI = PLMN in TS 24.008 §10.5.1.3 BCD (3 octets, 6 hex digits) + the cell identity.
struct CellIdentity {
  Rat rat = Rat::NrSa;  // NrSa or Lte
  std::optional<Plmn> plmn;
  std::uint64_t cell_id = 0;  // NCI (36 bits) or ECI (28 bits)
  std::optional<std::uint32_t> node_id;  // gNB or eNB id
  std::optional<int> gnb_id_bits;  // NR: the gNB-ID length L (22..32) implied by NCI >> (36 - L) == gNB id
};

// ---- Quectel ----
// lines: the lines of one answer (other lines, e.g. OK or an echo, are ignored).
Parsed<ServingCellReport> parse_qeng_servingcell_report(std::span<const std::string_view> lines,
                                                        const QuectelOptions& opt = {});
Parsed<ServingCell> parse_qeng_servingcell(std::span<const std::string_view> lines, const QuectelOptions& opt = {});
// One line of AT+QENG="neighbourcell": LTE intra/inter (RSRQ before RSRP), Unisoc NR form, WCDMA/GSM are
// reported as unsupported. Also the NR neighbour line of AT+QNWCFG="nr5g_meas_info".
Parsed<NeighbourReport> parse_neighbour_line(std::string_view line, const QuectelOptions& opt = {});
std::vector<Parsed<Neighbour>> parse_qeng_neighbourcell(std::span<const std::string_view> lines);
Parsed<NetworkInfo> parse_qnwinfo(std::string_view line);
Parsed<CarrierInfo> parse_qcainfo(std::string_view line);
// AT+QNWCFG="nr5g_cell_id" answer, where the firmware supports it: the NCI.
Parsed<Nci> parse_qnwcfg_nr5g_cell_id(std::string_view line);
// Both AT+QNWCFG="nr5g_cell_id" and ="lte_cell_id", with the PLMN and node id.
Parsed<CellIdentity> parse_qnwcfg_cell_id(std::string_view line);

// ---- Generic 3GPP ----
Parsed<Registration> parse_registration(std::string_view line);
Parsed<SignalQuality> parse_cesq(std::string_view line);
Parsed<SignalQuality> parse_csq(std::string_view line);
Parsed<OperatorSelection> parse_cops(std::string_view line);
// The identity commands whose answers parse_identity understands.
enum class IdentityCommand : std::uint8_t { Ati, Cgmi, Cgmm, Cgmr, Cgsn, Cimi, Ccid };
// "ATI", "AT+CGMI", "AT+GMM", "at+cgsn", "AT+QCCID"... (case-insensitive; "=1" style suffixes and a
// trailing ';' accepted); nullopt for any other command.
std::optional<IdentityCommand> identity_command(std::string_view at_command);
// Lines of ATI (or the +CGMx answers) to an identity; fields not present stay empty. Labelled lines
// ("Revision: x", "+CGMM: \"x\"", "IMEI: x") go to their field; unlabelled lines go to the field of
// `cmd` (AT+CGSN -> imei, ...); for ATI the first two unlabelled lines are manufacturer and model when
// there are at least two, a lone one goes to `text`. Echoes ("AT...") and final codes are ignored.
ModemIdentity parse_identity(std::span<const std::string_view> lines, IdentityCommand cmd);
ModemIdentity parse_identity(std::span<const std::string_view> lines);  // cmd = Ati

// Access technology of TS 27.007 §7.3 <AcT> as a Rat (None for unknown values).
Rat rat_from_act(int act);

}  // namespace shikan::probe
