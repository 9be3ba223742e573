// JSON writers of the decoded record kinds. Key names and units: docs/at-formats.md ("Decode output").
// Levels: rsrp/rssi/rscp/rxlev in dBm, rsrq/sinr/ecio in dB; ids (cell_id, tac) in decimal.
#include "decode_json.hpp"

namespace shikan::probe::dec {
namespace {

std::string_view neighbour_rat(Rat r) {
  switch (r) {
    case Rat::NrSa:
    case Rat::NrNsa: return "NR";
    default: return to_string(r);
  }
}

void write_plmn(Json& j, const std::optional<Plmn>& p, bool carried) {
  if (p) j.str("plmn", p->str());
  else if (carried) j.null("plmn");
}

void write_lte_or_nr_cell(Json& j, const ServingCellReport& r) {
  const ServingCell& c = r.cell;
  const KeySet& k = r.carried;
  if (c.duplex) j.str("duplex", *c.duplex);
  else if (k.has(Key::Duplex)) j.null("duplex");
  write_plmn(j, c.plmn, k.has(Key::Plmn));
  if (c.nci) j.num("cell_id", c.nci->value());
  else if (c.eci) j.num("cell_id", c.eci->value());
  else if (r.legacy_cell_id) j.num("cell_id", *r.legacy_cell_id);
  else if (k.has(Key::CellId)) j.null("cell_id");
  j.opt("pci", c.pci, k.has(Key::Pci));
  const bool legacy = r.form == QengForm::Wcdma || r.form == QengForm::Gsm;
  j.opt(legacy ? "lac" : "tac", c.tac, k.has(Key::Tac));
  j.opt("arfcn", c.arfcn, k.has(Key::Arfcn));
  j.opt("band", c.band, k.has(Key::Band));
  if (k.has(Key::Bandwidth)) {
    if (r.form != QengForm::NrSaUnisoc) j.opt("bandwidth_code", c.bandwidth_code, true);
    j.opt("bandwidth_mhz", r.bandwidth_mhz, true);
  }
  j.opt("rsrp", c.rsrp, k.has(Key::Rsrp));
  j.opt("rsrq", c.rsrq, k.has(Key::Rsrq));
  j.opt("sinr", c.sinr, k.has(Key::Sinr));
  j.opt("rssi", c.rssi, k.has(Key::Rssi));
  j.opt("cqi", c.cqi, k.has(Key::Cqi));
  j.opt("tx_power", c.tx_power, k.has(Key::TxPower));
  j.opt("srxlev", c.srxlev, k.has(Key::Srxlev));
  j.opt("scs", r.scs, k.has(Key::Scs));
  j.opt("psc", r.psc, k.has(Key::Psc));
  j.opt("rscp", r.rscp, k.has(Key::Rscp));
  j.opt("ecio", r.ecio, k.has(Key::Ecio));
  j.opt("bsic", r.bsic, k.has(Key::Bsic));
  j.opt("rxlev", r.rxlev, k.has(Key::Rxlev));
}

void write_nr_leg(Json& j, const ServingCellReport& r) {
  if (!r.cell.nr) return;
  const NrLeg& n = *r.cell.nr;
  const KeySet& k = r.carried;
  j.opt("nr_pci", n.pci, k.has(Key::NrPci));
  j.opt("nr_arfcn", n.arfcn, k.has(Key::NrArfcn));
  j.opt("nr_band", n.band, k.has(Key::NrBand));
  if (k.has(Key::NrBandwidth)) {
    j.opt("nr_bandwidth_code", n.bandwidth_code, true);
    j.opt("nr_bandwidth_mhz", r.nr_bandwidth_mhz, true);
  }
  j.opt("nr_rsrp", n.rsrp, k.has(Key::NrRsrp));
  j.opt("nr_rsrq", n.rsrq, k.has(Key::NrRsrq));
  j.opt("nr_sinr", n.sinr, k.has(Key::NrSinr));
  j.opt("nr_scs", n.scs, k.has(Key::NrScs));
}

}  // namespace

void write_servingcell(std::string& out, const Meta& m, const ServingCellReport& r) {
  Json j(out);
  j.open("servingcell", m);
  j.str("rat", to_string(r.cell.rat));
  j.str("form", to_string(r.form));
  if (r.carried.has(Key::State)) j.opt_str("state", r.cell.state, true);
  write_lte_or_nr_cell(j, r);
  write_nr_leg(j, r);
  j.close();
}

void write_neighbour(std::string& out, const Meta& m, const NeighbourReport& r, bool meas_info) {
  const Neighbour& c = r.cell;
  const KeySet& k = r.carried;
  Json j(out);
  j.open("neighbour", m);
  j.str("rat", neighbour_rat(c.rat));
  j.str("scope", to_string(c.scope));
  if (meas_info) j.str("via", "nr5g_meas_info");
  j.opt("arfcn", c.arfcn, k.has(Key::Arfcn));
  j.opt("pci", c.pci, k.has(Key::Pci));
  j.opt("rsrp", c.rsrp, k.has(Key::Rsrp));
  j.opt("rsrq", c.rsrq, k.has(Key::Rsrq));
  j.opt("rssi", c.rssi, k.has(Key::Rssi));
  j.opt("sinr", c.sinr, k.has(Key::Sinr));
  j.opt("srxlev", c.srxlev, k.has(Key::Srxlev));
  j.close();
}

void write_nwinfo(std::string& out, const Meta& m, const NetworkInfo& r) {
  Json j(out);
  j.open("nwinfo", m);
  j.str("access", r.access);
  if (r.no_service) {
    j.boolean("no_service", true);
  } else {
    write_plmn(j, r.plmn, true);
    j.str("band", r.band);
    j.opt("band_num", r.band_number, true);
    j.opt("arfcn", r.arfcn, true);
  }
  j.close();
}

void write_cainfo(std::string& out, const Meta& m, const CarrierInfo& r) {
  const KeySet& k = r.carried;
  Json j(out);
  j.open("cainfo", m);
  j.str("role", r.role);
  j.opt("arfcn", r.arfcn, k.has(Key::Arfcn));
  j.opt("bandwidth", r.bandwidth, k.has(Key::Bandwidth));
  j.str("band", r.band);
  j.opt("band_num", r.band_number, true);
  j.str("rat", r.nr ? "NR" : "LTE");
  j.opt("state", r.cell_state, k.has(Key::CellState));
  j.opt("pci", r.pci, k.has(Key::Pci));
  j.opt("rsrp", r.rsrp, k.has(Key::Rsrp));
  j.opt("rsrq", r.rsrq, k.has(Key::Rsrq));
  j.opt("rssi", r.rssi, k.has(Key::Rssi));
  j.opt("sinr", r.sinr, k.has(Key::Sinr));
  j.opt("ul_configured", r.ul_configured, k.has(Key::UlConfigured));
  j.close();
}

void write_registration(std::string& out, const Meta& m, const Registration& r) {
  const KeySet& k = r.carried;
  const bool lac = r.command == "CREG" || r.command == "CGREG";
  Json j(out);
  j.open("registration", m);
  j.str("command", r.command);
  j.opt("n", r.n, k.has(Key::N));
  j.num("stat", r.stat);
  j.boolean("registered", r.stat == 1 || r.stat == 5);
  j.opt(lac ? "lac" : "tac", r.tac, k.has(Key::Tac));
  j.opt("cell_id", r.cell_id, k.has(Key::CellId));
  j.opt("act", r.act, k.has(Key::Act));
  if (r.act) j.str("rat", to_string(rat_from_act(*r.act)));
  j.close();
}

void write_signal(std::string& out, const Meta& m, std::string_view command, const SignalQuality& r) {
  Json j(out);
  j.open("signal", m);
  j.str("command", command);
  if (command == "CSQ") {
    j.opt("rssi", r.csq_rssi, true);
    j.opt("ber", r.ber, true);
  } else {
    j.opt("rxlev", r.rxlev, true);
    j.opt("ber", r.ber, true);
    j.opt("rscp", r.rscp, true);
    j.opt("ecno", r.ecno, true);
    j.opt("rsrq", r.rsrq, true);
    j.opt("rsrp", r.rsrp, true);
    if (r.extended) {
      j.opt("ss_rsrq", r.ss_rsrq, true);
      j.opt("ss_rsrp", r.ss_rsrp, true);
      j.opt("ss_sinr", r.ss_sinr, true);
    }
  }
  j.close();
}

void write_operator(std::string& out, const Meta& m, const OperatorSelection& r) {
  const KeySet& k = r.carried;
  Json j(out);
  j.open("operator", m);
  j.num("mode", r.mode);
  j.opt("format", r.format, k.has(Key::Format));
  j.opt_str("oper", r.oper, k.has(Key::Oper));
  if (r.plmn) j.str("plmn", r.plmn->str());
  j.opt("act", r.act, k.has(Key::Act));
  if (r.act) j.str("rat", to_string(r.rat));
  j.close();
}

void write_identity(std::string& out, const Meta& m, std::string_view command, const ModemIdentity& r,
                    std::string_view empty_field) {
  Json j(out);
  j.open("identity", m);
  if (!command.empty()) j.str("command", command);
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"manufacturer", &r.manufacturer}, {"model", &r.model}, {"revision", &r.revision},
      {"imei", &r.imei},                 {"imsi", &r.imsi},   {"iccid", &r.iccid},
      {"text", &r.text},
  };
  for (const auto& [name, v] : fields) j.opt_str(name, *v, name == empty_field);
  j.close();
}

void write_cell_id(std::string& out, const Meta& m, const CellIdentity& r) {
  Json j(out);
  j.open("cell_id", m);
  j.str("rat", r.rat == Rat::Lte ? "LTE" : "NR");
  write_plmn(j, r.plmn, true);
  j.num("cell_id", r.cell_id);
  j.opt(r.rat == Rat::Lte ? "enb_id" : "gnb_id", r.node_id, true);
  if (r.rat != Rat::Lte) j.opt("gnb_id_bits", r.gnb_id_bits, true);
  j.close();
}

void write_at_error(std::string& out, const Meta& m, std::string_view error, std::string_view text,
                    std::string_view command) {
  Json j(out);
  j.open("at_error", m);
  j.str("error", error);
  if (!text.empty()) j.str("text", text);
  if (!command.empty()) j.str("command", command);
  j.close();
}

void write_error(std::string& out, const Meta& m, std::string_view reason, std::string_view raw) {
  Json j(out);
  j.open("error", m);
  j.str("reason", reason);
  // A binary file can hold megabyte "lines": keep the first kMaxRaw bytes and say how long it was.
  constexpr std::size_t kMaxRaw = 4096;
  if (raw.size() > kMaxRaw) {
    j.str("raw", raw.substr(0, kMaxRaw));
    j.num("raw_bytes", static_cast<std::uint64_t>(raw.size()));
  } else {
    j.str("raw", raw);
  }
  j.close();
}

}  // namespace shikan::probe::dec
