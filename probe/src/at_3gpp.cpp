// Generic 3GPP TS 27.007 answers: +CREG/+CGREG/+CEREG/+C5GREG, +CESQ, +CSQ, +COPS.
#include "at_fields.hpp"
#include "at_levels.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {
namespace {

using at::FieldReader;
using at::Fields;

// Index -> level: value = base + index * step for index in [0, max]; `unknown` (99 or 255) and
// anything outside -> empty.
std::optional<double> index_level(std::optional<std::int64_t> idx, int max, double base, double step) {
  if (!idx || *idx < 0 || *idx > max) return std::nullopt;
  return base + static_cast<double>(*idx) * step;
}

}  // namespace

Rat rat_from_act(int act) {
  switch (act) {
    case 0: case 1: case 3: case 8: return Rat::Gsm;     // GSM, GSM Compact, GSM w/EGPRS, EC-GSM-IoT
    case 2: case 4: case 5: case 6: return Rat::Wcdma;   // UTRAN (+HSDPA/HSUPA)
    case 7: case 9: case 10: return Rat::Lte;            // E-UTRAN, E-UTRAN NB-S1, E-UTRA connected to 5GCN
    case 11: case 12: return Rat::NrSa;                  // NR connected to 5GCN, NG-RAN
    case 13: return Rat::NrNsa;                          // E-UTRA-NR dual connectivity
    default: return Rat::None;
  }
}

// Read form:        +CEREG: <n>,<stat>[,[<tac>],[<ci>],[<AcT>][,...]]
// Unsolicited form: +CEREG: <stat>[,[<tac>],[<ci>],[<AcT>][,...]]
// Told apart by count and quoting: one field = unsolicited <stat>; two = read <n>,<stat>; with more,
// a quoted second field is the unsolicited form's "<tac>" (27.007 prints tac/ci as quoted strings).
// +C5GREG carries <tac> (3 octets) and <ci> (NCI, often printed as 16 hex digits); +CREG/+CGREG <lac>/<ci>.
Parsed<Registration> parse_registration(std::string_view line) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body)) return ParseError{"not an AT answer"};
  Registration out;
  if (at::iequals(name, "CREG")) out.command = "CREG";
  else if (at::iequals(name, "CGREG")) out.command = "CGREG";
  else if (at::iequals(name, "CEREG")) out.command = "CEREG";
  else if (at::iequals(name, "C5GREG")) out.command = "C5GREG";
  else return ParseError{"not a registration answer"};
  Fields f;
  at::split_fields(body, f);
  if (f.n == 0) return ParseError{"empty registration answer"};
  const bool read_form = f.n == 2 || (f.n >= 3 && !f.is_quoted(1));
  std::size_t i = 0;
  FieldReader r(f, out.carried);
  if (read_form) {
    out.n = at::narrow<int>(r.integer(i++, Key::N, "n", {0, 5}));
    if (!out.n && !r.failed()) return ParseError{"bad n '" + std::string(f[0].substr(0, 8)) + "'"};
  }
  auto stat = r.integer(i++, Key::State, "stat", {0, 11});
  if (r.failed()) return r.error();
  if (!stat) return ParseError{"bad stat '" + std::string(f[i - 1].substr(0, 8)) + "'"};
  out.stat = static_cast<int>(*stat);
  const bool nr = out.command == "C5GREG";
  out.tac = r.tac(i++);
  out.cell_id = r.hex(i++, Key::CellId, "ci", nr ? Nci::kMax : Eci::kMax);
  out.act = at::narrow<int>(r.integer(i++, Key::Act, "act", {0, 20}));
  if (r.failed()) return r.error();
  return out;
}

// +CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>[,<ss_rsrq>,<ss_rsrp>,<ss_sinr>]  (TS 27.007 §8.69)
// Each index names a 1 dB (0.5 dB) interval; we report its lower edge, e.g. rsrp 0 "< -140 dBm" -> -141,
// rsrp 1 "-140 <= rsrp < -139" -> -140, rsrp 97 "-44 <= rsrp" -> -44.
Parsed<SignalQuality> parse_cesq(std::string_view line) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body) || !at::iequals(name, "CESQ"))
    return ParseError{"not a +CESQ answer"};
  Fields f;
  at::split_fields(body, f);
  if (f.n < 6) return at::truncated("CESQ line", f.n, 6);
  SignalQuality q;
  KeySet carried;
  FieldReader r(f, carried);
  auto idx = [&](std::size_t i, std::string_view n) { return r.integer(i, Key::Unkept, n, {0, 255}); };
  q.rxlev = at::dbm(index_level(idx(0, "rxlev"), 63, -111, 1));
  if (auto ber = idx(1, "ber"); ber && *ber <= 7) q.ber = static_cast<int>(*ber);
  q.rscp = at::dbm(index_level(idx(2, "rscp"), 96, -121, 1));
  q.ecno = at::db(index_level(idx(3, "ecno"), 49, -24.5, 0.5));
  q.rsrq = at::db(index_level(idx(4, "rsrq"), 34, -20, 0.5));
  q.rsrp = at::dbm(index_level(idx(5, "rsrp"), 97, -141, 1));
  if (f.n >= 9) {
    q.extended = true;
    q.ss_rsrq = at::db(index_level(idx(6, "ss_rsrq"), 127, -43.5, 0.5));
    q.ss_rsrp = at::dbm(index_level(idx(7, "ss_rsrp"), 127, -157, 1));
    q.ss_sinr = at::db(index_level(idx(8, "ss_sinr"), 127, -23.5, 0.5));
  }
  if (r.failed()) return r.error();
  return q;
}

// +CSQ: <rssi>,<ber> (TS 27.007 §8.5): rssi 0 "-113 dBm or less", 1 "-111", 2..30 "-109..-53",
// 31 "-51 or greater", 99 unknown -> -113 + 2N.
Parsed<SignalQuality> parse_csq(std::string_view line) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body) || !at::iequals(name, "CSQ"))
    return ParseError{"not a +CSQ answer"};
  Fields f;
  at::split_fields(body, f);
  if (f.n < 2) return at::truncated("CSQ line", f.n, 2);
  SignalQuality q;
  KeySet carried;
  FieldReader r(f, carried);
  q.csq_rssi = at::dbm(index_level(r.integer(0, Key::Rssi, "rssi", {0, 255}), 31, -113, 2));
  if (auto ber = r.integer(1, Key::Unkept, "ber", {0, 255}); ber && *ber <= 7) q.ber = static_cast<int>(*ber);
  if (r.failed()) return r.error();
  return q;
}

// +COPS: <mode>[,<format>,<oper>[,<AcT>]]  (TS 27.007 §7.3)
Parsed<OperatorSelection> parse_cops(std::string_view line) {
  std::string_view name, body;
  if (!at::split_answer(at::trim(line), name, body) || !at::iequals(name, "COPS"))
    return ParseError{"not a +COPS answer"};
  Fields f;
  at::split_fields(body, f);
  if (f.n == 0) return ParseError{"empty +COPS answer"};
  if (f.n > 0 && !f[0].empty() && f[0].front() == '(') return ParseError{"unsupported answer +COPS=? list"};
  OperatorSelection out;
  FieldReader r(f, out.carried);
  auto mode = r.integer(0, Key::Unkept, "mode", {0, 4});
  if (r.failed()) return r.error();
  if (!mode) return ParseError{"bad mode '" + std::string(f[0].substr(0, 8)) + "'"};
  out.mode = static_cast<int>(*mode);
  out.format = at::narrow<int>(r.integer(1, Key::Format, "format", {0, 2}));
  if (auto o = r.text(2, Key::Oper)) out.oper = std::string(*o);
  if (out.format == 2) out.plmn = Plmn::parse(out.oper);
  out.act = at::narrow<int>(r.integer(3, Key::Act, "act", {0, 20}));
  if (out.act) out.rat = rat_from_act(*out.act);
  if (r.failed()) return r.error();
  return out;
}

}  // namespace shikan::probe
