#include "shikan/sim/modem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "shikan/sim/random.hpp"

namespace shikan::sim {
namespace {

int r(double v) { return static_cast<int>(std::lround(v)); }

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

// Splits "+QNWINFO;+QCAINFO" on ';' outside quotes.
std::vector<std::string_view> split_chain(std::string_view body) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') quoted = !quoted;
    if (body[i] == ';' && !quoted) {
      parts.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(body.substr(start));
  return parts;
}

const char* duplex(const Cell& c) { return c.band.tdd ? "TDD" : "FDD"; }

// CQI 0..15 from SINR (a linear fit of the usual 64QAM CQI table: ~ -6 dB -> 1, 20 dB -> 15).
int cqi_of(Db sinr) { return std::clamp(r((sinr.value + 7.0) / 1.8), 0, 15); }

// Open-loop uplink power estimate, dBm: P0 (-96 dBm) + path loss (EPRE 18 dBm - RSRP), clamped to -40..23.
int tx_power_of(Dbm rsrp) { return std::clamp(r(-96.0 + 18.0 - rsrp.value), -40, 23); }

}  // namespace

int lte_sinr_raw(Db sinr) { return std::clamp(r((sinr.value + 20.0) / 2.0), 0, 25); }

std::string make_imei(std::uint64_t seed) {
  Rng rng(seed, "modem/imei");
  std::string d = "86";
  while (d.size() < 14) d += static_cast<char>('0' + rng.uniform_int(0, 9));
  int sum = 0;  // Luhn over the 14 digits, doubling every second digit from the right of the payload
  for (std::size_t i = 0; i < 14; ++i) {
    int v = d[13 - i] - '0';
    if (i % 2 == 0) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  d += static_cast<char>('0' + (10 - sum % 10) % 10);
  return d;
}

ModemCore::ModemCore(ModemSetup setup) : setup_(std::move(setup)), echo_(setup_.echo) {}

void ModemCore::reset() {
  buf_.clear();
  echo_ = setup_.echo;
  cops_format_ = 0;
  cereg_n_ = 0;
  c5greg_n_ = 0;
}

std::string ModemCore::feed(std::string_view in, const ModemWorld& world) {
  std::string out;
  for (char c : in) {
    if (echo_) out += c;
    if (c == '\r') {
      out += execute(buf_, world);
      buf_.clear();
    } else if (c == '\n' && buf_.empty()) {
      // a line feed after CR (host sent CR LF) is ignored
    } else if (buf_.size() < 1024) {
      buf_ += c;
    }
  }
  return out;
}

std::string ModemCore::execute(std::string_view line, const ModemWorld& world) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\n')) line.remove_prefix(1);
  if (line.size() < 2 || upper(line.substr(0, 2)) != "AT") return {};  // not a command: modules stay silent
  std::string out;
  for (std::string_view cmd : split_chain(line.substr(2))) {
    const Answer a = run(cmd, world);
    if (!a.ok) return out + "\r\n" + a.error + "\r\n";
    if (!a.lines.empty()) {
      out += "\r\n";
      for (std::size_t i = 0; i < a.lines.size(); ++i) out += (i ? "\r\n" : "") + a.lines[i];
      out += "\r\n";
    }
  }
  return out + "\r\nOK\r\n";
}

ModemCore::Answer ModemCore::unknown() const {
  // Unisoc firmware (RM500U capture) reports unsupported commands as +CME ERROR: 4; Qualcomm as ERROR.
  return Answer{false, setup_.firmware == Firmware::Unisoc ? "+CME ERROR: 4" : "ERROR", {}};
}

ModemCore::Answer ModemCore::basic(std::string_view cmd) {
  const std::string u = upper(cmd);
  if (u.empty()) return {};
  if (u == "I" || u == "I0") return Answer{true, {}, {"Quectel", setup_.op.model, "Revision: " + setup_.op.revision}};
  // Basic settings may be concatenated ("E0Q0V1"); Z and &F restore defaults.
  std::size_t i = 0;
  while (i < u.size()) {
    const bool amp = u[i] == '&';
    if (amp && (i + 1 >= u.size() || u[i + 1] != 'F')) return unknown();
    const char c = amp ? 'F' : u[i];
    i += amp ? 2 : 1;
    const std::size_t d0 = i;
    while (i < u.size() && std::isdigit(static_cast<unsigned char>(u[i]))) ++i;
    const std::string_view digits = std::string_view(u).substr(d0, i - d0);
    if (c == 'E' && (digits.empty() || digits == "0" || digits == "1")) echo_ = digits == "1";
    else if ((c == 'Q' && (digits.empty() || digits == "0")) || (c == 'V' && digits == "1")) continue;
    else if ((c == 'Z' || (amp && c == 'F')) && (digits.empty() || digits == "0")) reset();
    else return unknown();
  }
  return {};
}

ModemCore::Answer ModemCore::run(std::string_view cmd, const ModemWorld& world) {
  const std::string u = upper(cmd);
  const OperatorSnapshot* s = world.snap && world.snap->rat != Rat::None ? world.snap : nullptr;
  if (u.empty() || u[0] != '+') return basic(cmd);
  if (u == "+CGMI") return Answer{true, {}, {"Quectel"}};
  if (u == "+CGMM") return Answer{true, {}, {setup_.op.model}};
  if (u == "+CGMR") return Answer{true, {}, {setup_.op.revision}};
  if (u == "+CGSN") return Answer{true, {}, {setup_.imei}};
  if (u == "+CPIN?") return Answer{true, {}, {"+CPIN: READY"}};
  if (u == "+COPS?") return Answer{true, {}, {cops(s)}};
  if (u.starts_with("+COPS=3,") && u.size() == 9 && u[8] >= '0' && u[8] <= '2') {
    cops_format_ = u[8] - '0';
    return {};
  }
  if (u == "+CEREG?") return Answer{true, {}, {cereg(s, false)}};
  if (u == "+C5GREG?") return Answer{true, {}, {c5greg(s, false)}};
  if ((u.starts_with("+CEREG=") || u.starts_with("+C5GREG=")) && u.size() == u.find('=') + 2 && u.back() >= '0' && u.back() <= '2') {
    (u[2] == 'E' ? cereg_n_ : c5greg_n_) = u.back() - '0';
    return {};
  }
  if (u == "+CESQ") return Answer{true, {}, {cesq(s)}};
  if (u == "+CSQ") return Answer{true, {}, {fmt::format("+CSQ: {},99", csq_index(s))}};
  if (u == "+QENG=\"SERVINGCELL\"" || u == "+QENG=\"NEIGHBOURCELL\"") {
    if (world.qeng_error) return Answer{false, "ERROR", {}};
    return Answer{true, {}, u[7] == 'S' ? qeng_serving(s) : qeng_neighbours(s)};
  }
  if (u == "+QNWINFO") return Answer{true, {}, qnwinfo(s)};
  if (u == "+QCAINFO") return Answer{true, {}, qcainfo(s)};
  // AT+QNWCFG="nr5g_cell_id" is not emulated: its answer format is not in our captures, so we answer
  // as a firmware without it would.
  return unknown();
}

std::vector<std::string> ModemCore::qeng_serving(const OperatorSnapshot* s) const {
  if (!s || !s->serving) return {"+QENG: \"servingcell\",\"SEARCH\""};
  const Plmn& p = setup_.op.plmn;
  const CellReport& c = *s->serving;
  const std::string state = "\"NOCONN\"";
  if (s->rat == Rat::NrSa) {
    const Cell& k = c.cell;
    const std::string head = fmt::format("+QENG: \"servingcell\",{},\"NR5G-SA\",\"{}\",{},{},{:X},{},{:X},{},{},", state, duplex(k), p.mcc(),
                                         p.mnc(), k.cell_id, k.pci, k.tac, k.arfcn, k.band.number);
    if (setup_.firmware == Firmware::Unisoc) {
      // RM500U: bandwidth in MHz, then RSRP,RSRQ,SINR, an undocumented field (captured 18 next to
      // SINR 15; we print SINR + 3), srxlev (RSRP + 123 matches the capture), SCS code.
      return {head + fmt::format("{},{},{},{},{},{},{}", k.band.bandwidth_mhz, r(c.rsrp.value), r(c.rsrq.value), r(c.sinr.value),
                                 std::max(0, r(c.sinr.value) + 3), r(c.rsrp.value) + 123, scs_code(k.band.scs_khz))};
    }
    // Qualcomm: bandwidth code, RSRP,RSRQ,SINR, SCS code, srxlev "-" (as in the RG801H/T-Mobile captures).
    return {head + fmt::format("{},{},{},{},{},-", nr_bandwidth_code(k.band.bandwidth_mhz), r(c.rsrp.value), r(c.rsrq.value),
                               r(c.sinr.value), scs_code(k.band.scs_khz))};
  }
  const Cell& k = c.cell;
  const std::string lte = fmt::format("\"LTE\",\"{}\",{},{},{:X},{},{},{},{},{},{:X},{},{},{},{},{},{},-", duplex(k), p.mcc(), p.mnc(), k.cell_id,
                                      k.pci, k.arfcn, k.band.number, lte_bandwidth_code(k.band.bandwidth_mhz),
                                      lte_bandwidth_code(k.band.bandwidth_mhz), k.tac, r(c.rsrp.value), r(c.rsrq.value), r(c.rssi.value),
                                      lte_sinr_raw(c.sinr), cqi_of(c.sinr), tx_power_of(c.rsrp));
  if (s->rat == Rat::NrNsa && s->nr_leg) {
    const CellReport& n = *s->nr_leg;
    return {"+QENG: \"servingcell\"," + state, "+QENG: " + lte,
            // EN-DC NR line: RSRP, SINR, RSRQ order; no space after the colon (captures #56, libqmi #2).
            fmt::format("+QENG:\"NR5G-NSA\",{},{},{},{},{},{},{},{},{},{}", p.mcc(), p.mnc(), n.cell.pci, r(n.rsrp.value), r(n.sinr.value),
                        r(n.rsrq.value), n.cell.arfcn, n.cell.band.number, nr_bandwidth_code(n.cell.band.bandwidth_mhz),
                        scs_code(n.cell.band.scs_khz))};
  }
  return {"+QENG: \"servingcell\"," + state + "," + lte};
}

std::vector<std::string> ModemCore::qeng_neighbours(const OperatorSnapshot* s) const {
  std::vector<std::string> out;
  if (!s || !s->serving) return out;
  if (s->rat == Rat::NrSa) {
    if (setup_.firmware != Firmware::Unisoc) return out;  // Qualcomm lists NR neighbours only via nr5g_meas_info
    for (const CellReport& n : s->neighbours)
      out.push_back(fmt::format("+QENG: \"neighbourcell\",\"NR\",{},{},{},{},{},-,{}", n.cell.arfcn, n.cell.pci, r(n.rsrp.value),
                                r(n.rsrq.value), r(n.sinr.value), r(n.rsrp.value) + 123));
    return out;
  }
  for (const CellReport& n : s->neighbours) {
    const bool intra = n.cell.arfcn == s->serving->cell.arfcn;
    // RSRQ before RSRP (FIELD_GUIDE §4); SINR "-" (not reported for neighbours); then srxlev and the
    // reselection parameters of the manual's layout.
    out.push_back(fmt::format("+QENG: \"neighbourcell {}\",\"LTE\",{},{},{},{},{},-,{},{}", intra ? "intra" : "inter", n.cell.arfcn,
                              n.cell.pci, r(n.rsrq.value), r(n.rsrp.value), r(n.rssi.value), r(n.rsrp.value) + 124,
                              intra ? "3,8,6,62" : "3,6,8"));
  }
  return out;
}

std::vector<std::string> ModemCore::qnwinfo(const OperatorSnapshot* s) const {
  if (!s || !s->serving) return {"+QNWINFO: No Service"};
  const std::string plmn = setup_.op.plmn.str();
  const Cell& k = s->serving->cell;
  if (s->rat == Rat::NrSa) {
    if (setup_.firmware == Firmware::Unisoc)  // RM500U: PLMN unquoted, "NR N78"
      return {fmt::format("+QNWINFO: \"NR5G-SA\",{},\"NR N{}\",{}", plmn, k.band.number, k.arfcn)};
    return {fmt::format("+QNWINFO: \"{} NR5G\",\"{}\",\"NR5G BAND {}\",{}", duplex(k), plmn, k.band.number, k.arfcn)};
  }
  std::vector<std::string> out{fmt::format("+QNWINFO: \"{} LTE\",\"{}\",\"LTE BAND {}\",{}", duplex(k), plmn, k.band.number, k.arfcn)};
  if (s->rat == Rat::NrNsa && s->nr_leg) {
    const Cell& n = s->nr_leg->cell;
    out.push_back(fmt::format("+QNWINFO: \"{} NR5G\",\"{}\",\"NR5G BAND {}\",{}", duplex(n), plmn, n.band.number, n.arfcn));
  }
  return out;
}

std::vector<std::string> ModemCore::qcainfo(const OperatorSnapshot* s) const {
  if (!s || !s->serving) return {};
  const CellReport& c = *s->serving;
  const Cell& k = c.cell;
  if (s->rat == Rat::NrSa) {
    if (setup_.firmware == Firmware::Unisoc)
      return {fmt::format("+QCAINFO: \"PCC\",{},{},\"NR N{}\",1,{},{},{},{},{}", k.arfcn, k.band.bandwidth_mhz, k.band.number, k.pci,
                          r(c.rsrp.value), r(c.rsrq.value), r(c.rssi.value), r(c.sinr.value))};
    return {fmt::format("+QCAINFO: \"PCC\",{},{},\"NR5G BAND {}\",{}", k.arfcn, nr_bandwidth_code(k.band.bandwidth_mhz), k.band.number, k.pci)};
  }
  return {fmt::format("+QCAINFO: \"PCC\",{},{},\"LTE BAND {}\",1,{},{},{},{},{}", k.arfcn, lte_resource_blocks(k.band.bandwidth_mhz),
                      k.band.number, k.pci, r(c.rsrp.value), r(c.rsrq.value), r(c.rssi.value), lte_sinr_raw(c.sinr))};
}

std::string ModemCore::cops(const OperatorSnapshot* s) const {
  if (!s) return "+COPS: 0";
  // Access technology (TS 27.007 §7.3): 7 E-UTRAN, 11 NR connected to 5GCN (RM500U capture),
  // 12 NG-RAN (RG801H capture), 13 E-UTRA-NR dual connectivity.
  int act = 7;
  if (s->rat == Rat::NrSa) act = setup_.firmware == Firmware::Unisoc ? 11 : 12;
  if (s->rat == Rat::NrNsa) act = 13;
  const std::string name = cops_format_ == 0 ? setup_.op.long_name : cops_format_ == 1 ? setup_.op.short_name : setup_.op.plmn.str();
  return fmt::format("+COPS: 0,{},\"{}\",{}", cops_format_, name, act);
}

// TS 27.007 §10.1.22 +CEREG: stat 1 registered (home), 2 searching, 0 not registered (EPS is not used in SA).
std::string ModemCore::cereg(const OperatorSnapshot* s, bool urc) const {
  const std::string head = urc ? "+CEREG: " : fmt::format("+CEREG: {},", cereg_n_);
  if (!s) return head + "2";
  if (s->rat == Rat::NrSa) return head + "0";
  if (cereg_n_ < 2) return head + "1";
  return head + fmt::format("1,\"{:04X}\",\"{:X}\",7", s->serving->cell.tac, s->serving->cell.cell_id);
}

// TS 27.007 §10.1.63 +C5GREG; cell id as 16 hex digits and NSSAI ,1,"01" as the RG801H capture prints.
std::string ModemCore::c5greg(const OperatorSnapshot* s, bool urc) const {
  const std::string head = urc ? "+C5GREG: " : fmt::format("+C5GREG: {},", c5greg_n_);
  if (!s) return head + "2";
  if (s->rat != Rat::NrSa) return head + "0";
  if (c5greg_n_ < 2) return head + "1";
  return head + fmt::format("1,\"{:06X}\",\"{:016X}\",11,1,\"01\"", s->serving->cell.tac, s->serving->cell.cell_id);
}

// TS 27.007 §8.69: rxlev,ber,rscp,ecno,rsrq,rsrp[,ss_rsrq,ss_rsrp,ss_sinr]; 99/255 = not known.
std::string ModemCore::cesq(const OperatorSnapshot* s) const {
  if (!s || !s->serving) return "+CESQ: 99,99,255,255,255,255";
  if (s->rat == Rat::NrSa) {
    const CellReport& c = *s->serving;
    const int ss_rsrq = std::clamp(static_cast<int>(std::floor((c.rsrq.value + 43.0) * 2.0)) + 1, 0, 127);
    const int ss_rsrp = std::clamp(static_cast<int>(std::floor(c.rsrp.value + 157.0)), 0, 126);
    const int ss_sinr = std::clamp(static_cast<int>(std::floor((c.sinr.value + 23.0) * 2.0)) + 1, 0, 127);
    return fmt::format("+CESQ: 99,99,255,255,255,255,{},{},{}", ss_rsrq, ss_rsrp, ss_sinr);
  }
  const CellReport& c = *s->serving;
  const int rsrq = std::clamp(static_cast<int>(std::floor((c.rsrq.value + 20.0) * 2.0)), 0, 34);
  const int rsrp = std::clamp(static_cast<int>(std::floor(c.rsrp.value + 141.0)), 0, 97);
  return fmt::format("+CESQ: 99,99,255,255,{},{}", rsrq, rsrp);
}

std::string ModemCore::registration_urcs(const OperatorSnapshot* before, const OperatorSnapshot* after) const {
  auto norm = [](const OperatorSnapshot* s) { return s && s->rat != Rat::None && s->serving ? s : nullptr; };
  before = norm(before);
  after = norm(after);
  std::string out;
  if (cereg_n_ > 0) {
    const std::string a = cereg(before, true), b = cereg(after, true);
    if (a != b) out += "\r\n" + b + "\r\n";
  }
  if (c5greg_n_ > 0) {
    const std::string a = c5greg(before, true), b = c5greg(after, true);
    if (a != b) out += "\r\n" + b + "\r\n";
  }
  return out;
}

int ModemCore::csq_index(const OperatorSnapshot* s) {
  if (!s || s->rat == Rat::None || !s->serving) return 99;
  return std::clamp(static_cast<int>(std::floor((s->serving->rssi.value + 113.0) / 2.0)), 0, 31);
}

std::string ModemCore::csq_urc(const OperatorSnapshot* s) { return fmt::format("\r\n+QIND: \"csq\",{},99\r\n", csq_index(s)); }

std::string ModemCore::boot_urcs() { return "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n"; }

}  // namespace shikan::sim
