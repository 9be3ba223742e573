// AT+QNWINFO, AT+QCAINFO and AT+QNWCFG="nr5g_cell_id"/"lte_cell_id" (Quectel RG520N/RM5x0N manual
// §5.18, §5.21, §5.23; captures in ../shared/data/quectel-at-captures). Layouts: docs/at-formats.md.
#include "at_fields.hpp"
#include "at_levels.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {
namespace {

using at::FieldReader;
using at::Fields;

bool split(std::string_view line, std::string_view want, Fields& f) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body) || !at::iequals(name, want)) return false;
  at::split_fields(body, f);
  return true;
}

ParseError not_answer(std::string_view want) { return ParseError{"not a +" + std::string(want) + " answer"}; }

bool contains_icase(std::string_view s, std::string_view what) {
  for (std::size_t i = 0; i + what.size() <= s.size(); ++i)
    if (at::iequals(s.substr(i, what.size()), what)) return true;
  return false;
}

// QCAINFO signal tail starting at index i: <RSRP>,<RSRQ>[,<SNR>] of NR carriers; SNR in 1/100 dB per the
// manual (§5.21 <NR_SNR>: "NR SNR = <NR_SNR> / 100").
void read_nr_tail(FieldReader& r, std::size_t i, CarrierInfo& c) {
  c.rsrp = at::dbm(r.number(i, Key::Rsrp, "rsrp", at::kRsrp));
  c.rsrq = at::db(r.number(i + 1, Key::Rsrq, "rsrq", at::kRsrq));
  c.sinr = at::sinr_db(r.number(i + 2, Key::Sinr, "snr", at::kRawLevel), 100);
}

// <state>,<PCID>,<RSRP>,<RSRQ>,<RSSI>,<RSSNR dB> from index 4: the LTE layout, also used by the Unisoc
// RM500U for NR carriers ("PCC",633984,100,"NR N78",1,702,-92,-7,-72,10).
void read_lte_like(FieldReader& r, CarrierInfo& c) {
  c.cell_state = at::narrow<int>(r.integer(4, Key::CellState, "state", {0, 5}));
  c.pci = at::narrow<int>(r.integer(5, Key::Pci, "pci", at::kPci));
  c.rsrp = at::dbm(r.number(6, Key::Rsrp, "rsrp", at::kRsrp));
  c.rsrq = at::db(r.number(7, Key::Rsrq, "rsrq", at::kRsrq));
  c.rssi = at::dbm(r.number(8, Key::Rssi, "rssi", at::kRssi));
  c.sinr = at::sinr_db(r.number(9, Key::Sinr, "sinr", at::kRawLevel));
}

// TS 24.008 §10.5.1.3 PLMN in BCD, as 6 hex digits: MCC2 MCC1 MNC3 MCC3 MNC2 MNC1 (MNC3 'F' if absent).
std::optional<Plmn> plmn_from_bcd(std::string_view h) {
  if (h.size() < 6) return std::nullopt;
  const char mcc[3] = {h[1], h[0], h[3]};
  char mnc[3] = {h[5], h[4], h[2]};
  const std::size_t mnc_len = (h[2] == 'F' || h[2] == 'f') ? 2 : 3;
  return Plmn::from_fields(std::string_view(mcc, 3), std::string_view(mnc, mnc_len));
}

}  // namespace

// +QNWINFO: <Act>,<oper>,<band>,<channel>  |  +QNWINFO: No Service
Parsed<NetworkInfo> parse_qnwinfo(std::string_view line) {
  Fields f;
  if (!split(line, "QNWINFO", f)) return not_answer("QNWINFO");
  NetworkInfo out;
  if (f.n >= 1 && at::iequals(f[0], "No Service")) {
    out.access = std::string(f[0]);
    out.no_service = true;
    return out;
  }
  if (f.n < 4) return at::truncated("QNWINFO line", f.n, 4);
  KeySet carried;
  FieldReader r(f, carried);
  out.access = std::string(f[0]);
  if (auto p = r.text(1, Key::Plmn)) {
    out.plmn = Plmn::parse(*p);
    if (!out.plmn) return ParseError{"bad plmn '" + std::string(p->substr(0, 8)) + "'"};
  }
  out.band = std::string(f[2]);
  out.band_number = at::band_number(f[2]);
  out.arfcn = at::narrow<std::uint32_t>(r.integer(3, Key::Arfcn, "channel", at::kArfcn));
  if (r.failed()) return r.error();
  return out;
}

// +QCAINFO: "PCC"|"SCC",<freq>,<bandwidth>,<band>,... The tail depends on the carrier (manual §5.21):
//   LTE PCC:  <pcell_state>,<PCID>,<RSRP>,<RSRQ>,<RSSI>,<RSSNR>                     (6 after band)
//   LTE SCC:  ... as PCC ...,<UL_configured>,<UL_bandwidth>,<UL_EARFCN>               (9)
//   NR (SA PCC, EN-DC NR SCC): <PCID>[,<NR_RSRP>,<NR_RSRQ>[,<NR_SNR>]]                (1, 3, 4)
//   NR SCC:   <scell_state>,<PCID>,<UL_configured>,<NR_UL_bw>,<UL_ARFCN>[,RSRP,RSRQ[,SNR]] (5, 7, 8)
//   Unisoc RM500U NR: the LTE layout, SINR in dB                                        (6)
Parsed<CarrierInfo> parse_qcainfo(std::string_view line) {
  Fields f;
  if (!split(line, "QCAINFO", f)) return not_answer("QCAINFO");
  if (f.n < 5) return at::truncated("QCAINFO line", f.n, 5);
  CarrierInfo c;
  FieldReader r(f, c.carried);
  c.role = std::string(f[0]);
  c.arfcn = at::narrow<std::uint32_t>(r.integer(1, Key::Arfcn, "freq", at::kArfcn));
  c.bandwidth = at::narrow<int>(r.integer(2, Key::Bandwidth, "bandwidth", {0, 400}));
  c.band = std::string(f[3]);
  c.carried.add(Key::Band);
  c.band_number = at::band_number(f[3]);
  c.nr = contains_icase(f[3], "NR");
  const std::size_t tail = f.n - 4;
  if (!c.nr || tail == 6) {
    if (tail < 6) return at::truncated("QCAINFO LTE line", f.n, 10);
    read_lte_like(r, c);
    if (tail >= 7) c.ul_configured = at::narrow<int>(r.integer(10, Key::UlConfigured, "ul configured", {0, 1}));
  } else if (tail == 1 || tail == 3 || tail == 4) {
    c.pci = at::narrow<int>(r.integer(4, Key::Pci, "pci", at::kPci));
    if (tail >= 3) read_nr_tail(r, 5, c);
  } else if (tail == 5 || tail == 7 || tail == 8) {
    c.cell_state = at::narrow<int>(r.integer(4, Key::CellState, "state", {0, 5}));
    c.pci = at::narrow<int>(r.integer(5, Key::Pci, "pci", at::kPci));
    c.ul_configured = at::narrow<int>(r.integer(6, Key::UlConfigured, "ul configured", {0, 1}));
    if (tail >= 7) read_nr_tail(r, 9, c);
  } else {
    return ParseError{"unknown QCAINFO NR layout with " + std::to_string(f.n) + " fields"};
  }
  if (r.failed()) return r.error();
  return c;
}

// +QNWCFG: "nr5g_cell_id",<NCGI>,<NCI>,<gNodeB_ID>   (manual §5.23.2, example
//   +QNWCFG: "nr5g_cell_id",64F000170C23000,170C23000,170C23)
// +QNWCFG: "lte_cell_id",<ECGI>,<ECI>,<eNodeB_ID>      (§5.23.1, example 64F0000D6B5C0,0D6B5C0,0D6B5)
Parsed<CellIdentity> parse_qnwcfg_cell_id(std::string_view line) {
  Fields f;
  if (!split(line, "QNWCFG", f)) return not_answer("QNWCFG");
  CellIdentity out;
  const bool nr = at::iequals(f[0], "nr5g_cell_id");
  if (!nr && !at::iequals(f[0], "lte_cell_id")) return ParseError{"not a cell id answer"};
  if (f.n < 3) return at::truncated("QNWCFG cell id line", f.n, 4);
  out.rat = nr ? Rat::NrSa : Rat::Lte;
  KeySet carried;
  FieldReader r(f, carried);
  const std::uint64_t max = nr ? Nci::kMax : Eci::kMax;
  auto id = r.hex(2, Key::CellId, "cell id", max);
  auto node = r.hex(3, Key::GnbId, "node id", 0xFFFFFFFF);
  (void)r.hex(1, Key::Unkept, "cgi", ~std::uint64_t{0});  // validates the digits
  if (r.failed()) return r.error();
  if (!id) return ParseError{"no valid cell id"};
  out.cell_id = *id;
  out.plmn = plmn_from_bcd(f[1]);
  out.node_id = at::narrow<std::uint32_t>(node);
  if (nr && node) {
    int found = 0;
    for (int len = 22; len <= 32; ++len)
      if ((*id >> (36 - len)) == *node) {
        out.gnb_id_bits = len;
        ++found;
      }
    if (found != 1) out.gnb_id_bits = std::nullopt;
  }
  return out;
}

Parsed<Nci> parse_qnwcfg_nr5g_cell_id(std::string_view line) {
  auto r = parse_qnwcfg_cell_id(line);
  if (!r) return r.error();
  if (r->rat != Rat::NrSa) return ParseError{"not an nr5g_cell_id answer"};
  return Nci(r->cell_id);
}

}  // namespace shikan::probe
