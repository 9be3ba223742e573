// AT+QENG="servingcell" and AT+QENG="neighbourcell" (Quectel RG50xQ/RM5xxQ and RG520N/RM5x0N manuals
// §5.20; real captures in ../shared/data/quectel-at-captures; layouts field by field in docs/at-formats.md).
#include "at_fields.hpp"
#include "at_levels.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {
namespace {

using at::FieldReader;
using at::Fields;

// Minimum field counts (the tag included): every form must carry its fields up to SINR; later fields
// (CQI, tx power, srxlev, scs) are missing on older firmware (issue #111's LTE line has 18 of 20 fields,
// libqmi PR #2's EN-DC LTE line 16 of 18). A shorter line is a line cut by the port and is rejected
// rather than decoded into a wrong value.
constexpr std::size_t kSaMin = 15, kLteMin = 17, kEnDcLteMin = 15, kNsaOld = 7, kNsaNew = 11, kWcdmaMin = 12,
                      kGsmMin = 11, kNeighbourMin = 6, kUnisocSa = 18;

// NR5G-SA (b = 3): <duplex>,<MCC>,<MNC>,<cellID>,<PCID>,<TAC>,<ARFCN>,<band>,<bw>,<RSRP>,<RSRQ>,<SINR>,
// <scs>,<srxlev>. Unisoc RM500U (18 fields): ...,<bw MHz>,<RSRP>,<RSRQ>,<SINR>,<?>,<srxlev>,<?>; the two
// unnamed fields are not decoded: no public document names them (QModem's parser also reads srxlev from
// the 17th field).
void read_sa(FieldReader& r, const Fields& f, ServingCellReport& out) {
  ServingCell& c = out.cell;
  c.rat = Rat::NrSa;
  const bool unisoc = f.n == kUnisocSa;
  out.form = unisoc ? QengForm::NrSaUnisoc : QengForm::NrSa;
  if (auto d = r.text(3, Key::Duplex)) c.duplex = std::string(*d);
  c.plmn = r.plmn(4, 5);
  c.nci = at::nci_of(r.hex(6, Key::CellId, "cell id", Nci::kMax));
  c.pci = at::narrow<int>(r.integer(7, Key::Pci, "pci", at::kPci));
  c.tac = r.tac(8);
  c.arfcn = at::narrow<std::uint32_t>(r.integer(9, Key::Arfcn, "arfcn", at::kArfcn));
  c.band = at::narrow<int>(r.integer(10, Key::Band, "band", at::kBand));
  if (unisoc) {
    out.bandwidth_mhz = at::narrow<double>(r.integer(11, Key::Bandwidth, "bandwidth", {1, 400}));
  } else {
    c.bandwidth_code = at::narrow<int>(r.integer(11, Key::Bandwidth, "bandwidth", at::kBwCode));
    if (c.bandwidth_code) out.bandwidth_mhz = at::nr_bw_mhz(*c.bandwidth_code);
  }
  c.rsrp = at::dbm(r.number(12, Key::Rsrp, "rsrp", at::kRsrp));
  c.rsrq = at::db(r.number(13, Key::Rsrq, "rsrq", at::kRsrq));
  c.sinr = at::sinr_db(r.number(14, Key::Sinr, "sinr", at::kRawLevel));  // NR SINR: dB
  if (unisoc) {
    c.srxlev = at::narrow<int>(r.integer(16, Key::Srxlev, "srxlev"));
  } else {
    out.scs = at::narrow<int>(r.integer(15, Key::Scs, "scs", {0, 4}));
    c.srxlev = at::narrow<int>(r.integer(16, Key::Srxlev, "srxlev"));
  }
}

// LTE body from index b: <is_tdd>,<MCC>,<MNC>,<cellID>,<PCID>,<earfcn>,<band>,<UL_bw>,<DL_bw>,<TAC>,<RSRP>,
// <RSRQ>,<RSSI>,<SINR>,<CQI>,<tx_power>,<srxlev>. Used by the single-line form (b = 3) and the EN-DC
// "LTE" line (b = 1).
void read_lte(FieldReader& r, std::size_t b, ServingCellReport& out, const QuectelOptions& opt) {
  ServingCell& c = out.cell;
  if (auto d = r.text(b, Key::Duplex)) c.duplex = std::string(*d);
  c.plmn = r.plmn(b + 1, b + 2);
  c.eci = at::eci_of(r.hex(b + 3, Key::CellId, "cell id", Eci::kMax));
  c.pci = at::narrow<int>(r.integer(b + 4, Key::Pci, "pci", at::kPci));
  c.arfcn = at::narrow<std::uint32_t>(r.integer(b + 5, Key::Arfcn, "earfcn", at::kArfcn));
  c.band = at::narrow<int>(r.integer(b + 6, Key::Band, "band", at::kBand));
  (void)r.integer(b + 7, Key::Unkept, "ul bandwidth", {0, 5});  // UL code: validated, not kept
  c.bandwidth_code = at::narrow<int>(r.integer(b + 8, Key::Bandwidth, "bandwidth", {0, 5}));
  if (c.bandwidth_code) out.bandwidth_mhz = at::lte_bw_mhz(*c.bandwidth_code);
  c.tac = r.tac(b + 9);
  c.rsrp = at::dbm(r.number(b + 10, Key::Rsrp, "rsrp", at::kRsrp));
  c.rsrq = at::db(r.number(b + 11, Key::Rsrq, "rsrq", at::kRsrq));
  c.rssi = at::dbm(r.number(b + 12, Key::Rssi, "rssi", at::kRssi));
  c.sinr = at::lte_sinr(r.number(b + 13, Key::Sinr, "sinr", at::kRawLevel), opt.lte_sinr);
  c.cqi = at::narrow<int>(r.integer(b + 14, Key::Cqi, "cqi", {0, 30}));
  c.tx_power = at::narrow<int>(r.integer(b + 15, Key::TxPower, "tx power", {-1000, 1000}));
  c.srxlev = at::narrow<int>(r.integer(b + 16, Key::Srxlev, "srxlev"));
}

// "NR5G-NSA" line: <MCC>,<MNC>,<PCID>,<RSRP>,<SINR>,<RSRQ>,<ARFCN>,<band>,<bw>,<scs> (SINR before RSRQ!).
// The old 7-field line (MCC,MNC,PCID,RSRP,SINR,RSRQ) prints SINR in 0.1 dB: libqmi PR #2's capture has
// raw 180 where qmicli, read at the same moment, says "SNR 18.5 dB" (and 180 dB is impossible; the new
// line's range is -23..40 dB).
void read_nsa(FieldReader& r, const Fields& f, ServingCellReport& out) {
  NrLeg leg;
  const bool old = f.n == kNsaOld;
  leg.pci = at::narrow<int>(r.integer(3, Key::NrPci, "nr pci", at::kPci));
  leg.rsrp = at::dbm(r.number(4, Key::NrRsrp, "nr rsrp", at::kRsrp));
  leg.sinr = at::sinr_db(r.number(5, Key::NrSinr, "nr sinr", at::kRawLevel), old ? 10 : 1);
  leg.rsrq = at::db(r.number(6, Key::NrRsrq, "nr rsrq", at::kRsrq));
  if (!old) {
    leg.arfcn = at::narrow<std::uint32_t>(r.integer(7, Key::NrArfcn, "nr arfcn", at::kArfcn));
    leg.band = at::narrow<int>(r.integer(8, Key::NrBand, "nr band", at::kBand));
    leg.bandwidth_code = at::narrow<int>(r.integer(9, Key::NrBandwidth, "nr bandwidth", at::kBwCode));
    if (leg.bandwidth_code) out.nr_bandwidth_mhz = at::nr_bw_mhz(*leg.bandwidth_code);
    leg.scs = at::narrow<int>(r.integer(10, Key::NrScs, "nr scs", {0, 4}));
  }
  out.cell.nr = leg;
}

// WCDMA (b = 3): <MCC>,<MNC>,<LAC>,<cellID>,<uarfcn>,<PSC>,<RAC>,<RSCP>,<ecio>,<phych>,<SF>,<slot>,...
void read_wcdma(FieldReader& r, ServingCellReport& out) {
  ServingCell& c = out.cell;
  c.rat = Rat::Wcdma;
  out.form = QengForm::Wcdma;
  c.plmn = r.plmn(3, 4);
  c.tac = at::narrow<std::uint32_t>(at::cap(r.hex(5, Key::Tac, "lac", 0xFFFF), 0xFFFE));
  out.legacy_cell_id = at::narrow<std::uint32_t>(r.hex(6, Key::CellId, "cell id", 0xFFFFFFF));
  c.arfcn = at::narrow<std::uint32_t>(r.integer(7, Key::Arfcn, "uarfcn", {0, 16383}));
  out.psc = at::narrow<int>(r.integer(8, Key::Psc, "psc", {0, 511}));
  (void)r.integer(9, Key::Unkept, "rac", {0, 255});
  out.rscp = at::dbm(r.number(10, Key::Rscp, "rscp", {-130, -20}));
  out.ecio = at::db(r.number(11, Key::Ecio, "ecio", {-30, 0}));
}

// GSM (b = 3): <MCC>,<MNC>,<LAC>,<cellid>,<bsic>,<arfcn>,<band>,<rxlev>,<txp>,<rla>,<drx>,<c1>,<c2>,...
void read_gsm(FieldReader& r, ServingCellReport& out) {
  ServingCell& c = out.cell;
  c.rat = Rat::Gsm;
  out.form = QengForm::Gsm;
  c.plmn = r.plmn(3, 4);
  c.tac = at::narrow<std::uint32_t>(at::cap(r.hex(5, Key::Tac, "lac", 0xFFFF), 0xFFFE));
  out.legacy_cell_id = at::narrow<std::uint32_t>(r.hex(6, Key::CellId, "cell id", 0xFFFF));
  out.bsic = at::narrow<int>(r.integer(7, Key::Bsic, "bsic", {0, 63}));
  c.arfcn = at::narrow<std::uint32_t>(r.integer(8, Key::Arfcn, "arfcn", {0, 1023}));
  c.band = at::narrow<int>(r.integer(9, Key::Band, "band", {0, 1024}));
  out.rxlev = at::dbm(r.number(10, Key::Rxlev, "rxlev", {-120, -10}));
}

// A split "+QENG:" line of an answer.
struct QengLine {
  Fields f;
  bool ok = false;
};

bool split_qeng(std::string_view line, Fields& f) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body) || !at::iequals(name, "QENG")) return false;
  at::split_fields(body, f);
  return f.n > 0;
}

Parsed<ServingCellReport> single_line(const Fields& f, ServingCellReport out, const QuectelOptions& opt) {
  FieldReader r(f, out.carried);
  const std::string_view tag = f[2];
  if (at::iequals(tag, "NR5G-SA")) {
    if (f.n < kSaMin) return at::truncated("NR5G-SA line", f.n, kSaMin);
    read_sa(r, f, out);
  } else if (at::iequals(tag, "LTE")) {
    if (f.n < kLteMin) return at::truncated("LTE line", f.n, kLteMin);
    out.cell.rat = Rat::Lte;
    out.form = QengForm::Lte;
    read_lte(r, 3, out, opt);
  } else if (at::iequals(tag, "WCDMA")) {
    if (f.n < kWcdmaMin) return at::truncated("WCDMA line", f.n, kWcdmaMin);
    read_wcdma(r, out);
  } else if (at::iequals(tag, "GSM")) {
    if (f.n < kGsmMin) return at::truncated("GSM line", f.n, kGsmMin);
    read_gsm(r, out);
  } else {
    return ParseError{"unknown servingcell rat '" + std::string(tag.substr(0, 16)) + "'"};
  }
  if (r.failed()) return r.error();
  return out;
}

}  // namespace

std::string_view to_string(QengForm f) {
  switch (f) {
    case QengForm::StateOnly: return "state_only";
    case QengForm::NrSa: return "nr_sa";
    case QengForm::NrSaUnisoc: return "nr_sa_unisoc";
    case QengForm::Lte: return "lte";
    case QengForm::EnDc: return "endc";
    case QengForm::EnDcOldNsa: return "endc_old_nsa";
    case QengForm::EnDcLteOnly: return "endc_lte_only";
    case QengForm::Wcdma: return "wcdma";
    case QengForm::Gsm: return "gsm";
  }
  return "?";
}

Parsed<ServingCellReport> parse_qeng_servingcell_report(std::span<const std::string_view> lines,
                                                        const QuectelOptions& opt) {
  ServingCellReport out;
  Fields f;
  bool header = false, lte = false, nsa = false;
  for (std::string_view line : lines) {
    if (!split_qeng(line, f)) continue;
    const std::string_view tag = f[0];
    if (at::iequals(tag, "servingcell")) {
      if (header) return ParseError{"two servingcell lines in one answer"};
      header = true;
      out.carried.add(Key::State);
      if (f.has(1)) out.cell.state = std::string(f[1]);
      if (f.n > 2) return single_line(f, std::move(out), opt);
    } else if (at::iequals(tag, "LTE")) {
      if (lte) return ParseError{"two LTE lines in one answer"};
      if (f.n < kEnDcLteMin) return at::truncated("LTE line", f.n, kEnDcLteMin);
      lte = true;
      FieldReader r(f, out.carried);
      read_lte(r, 1, out, opt);
      if (r.failed()) return r.error();
    } else if (at::iequals(tag, "NR5G-NSA")) {
      if (nsa) return ParseError{"two NR5G-NSA lines in one answer"};
      if (f.n != kNsaOld && f.n < kNsaNew) return at::truncated("NR5G-NSA line", f.n, kNsaNew);
      nsa = true;
      out.form = f.n == kNsaOld ? QengForm::EnDcOldNsa : QengForm::EnDc;
      FieldReader r(f, out.carried);
      read_nsa(r, f, out);
      if (r.failed()) return r.error();
    } else {
      return ParseError{"not a servingcell line: '" + std::string(tag.substr(0, 24)) + "'"};
    }
  }
  if (!header && !lte && !nsa) return ParseError{"no +QENG servingcell line"};
  if (nsa && !lte) return ParseError{"NR5G-NSA line without its LTE anchor line"};
  if (lte && !nsa) {
    out.cell.rat = Rat::Lte;  // EN-DC-capable anchor, but no NR leg: the UE is on LTE only
    out.form = QengForm::EnDcLteOnly;
  } else if (lte) {
    out.cell.rat = Rat::NrNsa;
  } else {
    out.cell.rat = Rat::None;
    out.form = QengForm::StateOnly;
  }
  return out;
}

Parsed<ServingCell> parse_qeng_servingcell(std::span<const std::string_view> lines, const QuectelOptions& opt) {
  auto r = parse_qeng_servingcell_report(lines, opt);
  if (!r) return r.error();
  return std::move(r.value().cell);
}

// LTE: "neighbourcell intra"|"neighbourcell inter","LTE",<earfcn>,<PCID>,<RSRQ>,<RSRP>,<RSSI>,<SINR>,
//      <srxlev>,... (RSRQ before RSRP; SINR raw as in the serving line, see LteSinrEncoding).
// NR (Unisoc RM500U): "neighbourcell","NR",<arfcn>,<pci>,<rsrp>,<rsrq>,<sinr>,...
// NR (AT+QNWCFG="nr5g_meas_info"): +QNWCFG: "nr5g_meas_info",<n>,<arfcn>,<pci>,<rsrp>,<rsrq>. Not in any
//      manual; layout as documented by a public RG520N-CN tool from its device. Unverified by a capture.
Parsed<NeighbourReport> parse_neighbour_line(std::string_view line, const QuectelOptions& opt) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body)) return ParseError{"not an AT answer"};
  Fields f;
  at::split_fields(body, f);
  NeighbourReport out;
  Neighbour& c = out.cell;
  FieldReader r(f, out.carried);
  if (at::iequals(name, "QNWCFG") && at::iequals(f[0], "nr5g_meas_info")) {
    if (f.n < 6) return at::truncated("nr5g_meas_info line", f.n, 6);
    c.rat = Rat::NrSa;
    c.scope = NeighbourScope::Nr;
    c.arfcn = at::narrow<std::uint32_t>(r.integer(2, Key::Arfcn, "arfcn", at::kArfcn));
    c.pci = at::narrow<int>(r.integer(3, Key::Pci, "pci", at::kPci));
    c.rsrp = at::dbm(r.number(4, Key::Rsrp, "rsrp", at::kRsrp));
    c.rsrq = at::db(r.number(5, Key::Rsrq, "rsrq", at::kRsrq));
  } else if (at::iequals(name, "QENG") && at::starts_with_icase(f[0], "neighbourcell")) {
    if (f.n < kNeighbourMin) return at::truncated("neighbourcell line", f.n, kNeighbourMin);
    const std::string_view scope = at::trim(f[0].substr(13));
    const std::string_view rat = f[1];
    if (at::iequals(rat, "LTE")) {
      c.rat = Rat::Lte;
      c.scope = at::iequals(scope, "intra")   ? NeighbourScope::Intra
                : at::iequals(scope, "inter") ? NeighbourScope::Inter
                                              : NeighbourScope::Unknown;
      c.arfcn = at::narrow<std::uint32_t>(r.integer(2, Key::Arfcn, "earfcn", at::kArfcn));
      c.pci = at::narrow<int>(r.integer(3, Key::Pci, "pci", at::kPci));
      c.rsrq = at::db(r.number(4, Key::Rsrq, "rsrq", at::kRsrq));
      c.rsrp = at::dbm(r.number(5, Key::Rsrp, "rsrp", at::kRsrp));
      c.rssi = at::dbm(r.number(6, Key::Rssi, "rssi", at::kRssi));
      c.sinr = at::lte_sinr(r.number(7, Key::Sinr, "sinr", at::kRawLevel), opt.lte_sinr);
      c.srxlev = at::narrow<int>(r.integer(8, Key::Srxlev, "srxlev"));
    } else if (at::iequals(rat, "NR") || at::iequals(rat, "NR5G")) {
      c.rat = Rat::NrSa;
      c.scope = NeighbourScope::Nr;
      c.arfcn = at::narrow<std::uint32_t>(r.integer(2, Key::Arfcn, "arfcn", at::kArfcn));
      c.pci = at::narrow<int>(r.integer(3, Key::Pci, "pci", at::kPci));
      c.rsrp = at::dbm(r.number(4, Key::Rsrp, "rsrp", at::kRsrp));
      c.rsrq = at::db(r.number(5, Key::Rsrq, "rsrq", at::kRsrq));
      c.sinr = at::sinr_db(r.number(6, Key::Sinr, "sinr", at::kRawLevel));
    } else {
      return ParseError{"unsupported neighbour rat '" + std::string(rat.substr(0, 16)) + "'"};
    }
  } else {
    return ParseError{"not a neighbour line"};
  }
  if (r.failed()) return r.error();
  return out;
}

std::vector<Parsed<Neighbour>> parse_qeng_neighbourcell(std::span<const std::string_view> lines) {
  std::vector<Parsed<Neighbour>> out;
  for (std::string_view line : lines) {
    std::string_view name, body;
    if (!at::split_answer(at::trim(line), name, body)) continue;  // OK, echo, blank
    auto n = parse_neighbour_line(line);
    if (n) {
      out.emplace_back(std::move(n.value().cell));
    } else {
      out.emplace_back(n.error());
    }
  }
  return out;
}

}  // namespace shikan::probe
