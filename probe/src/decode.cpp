// The transcript decoder: line prefixes (timestamps, direction, source), per-source answer context,
// multi-line groups, dispatch to the AT parsers and the NMEA decoder. Contract: decode.hpp.
#include "shikan/probe/decode.hpp"

#include <array>
#include <memory>
#include <vector>

#include "at_fields.hpp"
#include "decode_json.hpp"
#include "decode_prefix.hpp"
#include "shikan/probe/nmea.hpp"

namespace shikan::probe {
namespace {

using dec::Dir;
using dec::Meta;
using dec::Split;

struct AtErrorText {
  std::string_view error, text;
};
std::optional<AtErrorText> at_error(std::string_view t) {
  if (t == "ERROR" || t == "COMMAND NOT SUPPORT") return AtErrorText{t, {}};
  for (std::string_view p : {std::string_view("+CME ERROR"), std::string_view("+CMS ERROR")})
    if (at::starts_with_icase(t, p)) {
      std::string_view rest = t.substr(p.size());
      if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
      return AtErrorText{p, at::trim(rest)};
    }
  return std::nullopt;
}

// Identity answers that come labelled ("+CGMM: ...") and the command whose field they fill.
std::optional<IdentityCommand> identity_answer(std::string_view name) {
  static constexpr std::pair<std::string_view, IdentityCommand> kNames[] = {
      {"CGMI", IdentityCommand::Cgmi}, {"GMI", IdentityCommand::Cgmi},   {"CGMM", IdentityCommand::Cgmm},
      {"GMM", IdentityCommand::Cgmm},  {"CGMR", IdentityCommand::Cgmr},  {"GMR", IdentityCommand::Cgmr},
      {"QGMR", IdentityCommand::Cgmr}, {"CGSN", IdentityCommand::Cgsn},  {"GSN", IdentityCommand::Cgsn},
      {"CIMI", IdentityCommand::Cimi}, {"QCCID", IdentityCommand::Ccid}, {"CCID", IdentityCommand::Ccid},
      {"ICCID", IdentityCommand::Ccid},
  };
  for (const auto& [n, c] : kNames)
    if (at::iequals(name, n)) return c;
  return std::nullopt;
}

std::string_view identity_field(IdentityCommand c) {
  switch (c) {
    case IdentityCommand::Cgmi: return "manufacturer";
    case IdentityCommand::Cgmm: return "model";
    case IdentityCommand::Cgmr: return "revision";
    case IdentityCommand::Cgsn: return "imei";
    case IdentityCommand::Cimi: return "imsi";
    case IdentityCommand::Ccid: return "iccid";
    case IdentityCommand::Ati: break;
  }
  return {};
}

RecordKind nmea_kind(std::string_view type) {
  if (type == "GSA") return RecordKind::Dop;
  if (type == "GSV") return RecordKind::Sky;
  return RecordKind::Fix;
}

constexpr std::size_t kMaxGroup = 8;  // an EN-DC group has 3 lines; ATI answers a handful

}  // namespace

std::string_view to_string(RecordKind k) {
  static constexpr std::string_view kNames[] = {"servingcell", "neighbour", "nwinfo", "cainfo", "registration",
                                                "signal", "operator", "identity", "cell_id", "at_error",
                                                "fix", "dop", "sky", "error"};
  const auto i = static_cast<std::size_t>(k);
  return i < std::size(kNames) ? kNames[i] : "?";
}

std::uint64_t DecodeStats::total_records() const {
  std::uint64_t n = 0;
  for (auto v : records) n += v;
  return n;
}

struct TranscriptDecoder::Impl {
  enum class Pending : std::uint8_t { None, Serving, Identity };

  // The state of one source (one modem or receiver) of the transcript.
  struct Context {
    std::string source;
    std::string command;  // last echoed command
    bool answer_open = false;
    Pending pending = Pending::None;
    std::array<std::string, kMaxGroup> lines;
    std::size_t n = 0;
    std::uint64_t first_line = 0;
    std::optional<UtcTime> first_ts;
    std::string first_ts_local;
    IdentityCommand idcmd = IdentityCommand::Ati;
    nmea::Decoder nmea;
  };

  DecodeOptions opt;
  DecodeStats stats;
  std::vector<std::unique_ptr<Context>> contexts;
  std::array<char, 18> local{};
  std::string scratch;  // joined raw lines of a failed group; NMEA prefix

  explicit Impl(DecodeOptions o) : opt(o) {}

  Context& context(std::string_view source) {
    for (auto& c : contexts)
      if (c->source == source) return *c;
    contexts.push_back(std::make_unique<Context>());
    contexts.back()->source = std::string(source);
    return *contexts.back();
  }

  void count(RecordKind k) { ++stats.records[static_cast<std::size_t>(k)]; }

  void error(std::string& out, const Meta& m, std::string_view reason, std::string_view raw) {
    dec::write_error(out, m, reason, raw);
    count(RecordKind::Error);
  }

  void start_group(Context& c, const Meta& m, std::string_view text, Pending what) {
    c.pending = what;
    c.n = 0;
    c.first_line = m.line;
    c.first_ts = m.ts;
    c.first_ts_local.assign(m.ts_local);
    c.lines[c.n++].assign(text);
  }

  void append_group(Context& c, std::string& out, const Meta& m, std::string_view text) {
    if (c.n == kMaxGroup) {  // a runaway group (garbage repeating a continuation tag): cut it here
      const Pending what = c.pending;
      flush(c, out);
      start_group(c, m, text, what);
      return;
    }
    c.lines[c.n++].assign(text);
  }

  void flush(Context& c, std::string& out) {
    if (c.pending == Pending::None) return;
    const Meta m{c.first_line, c.first_ts, c.first_ts_local, c.source};
    std::array<std::string_view, kMaxGroup> views{};
    for (std::size_t i = 0; i < c.n; ++i) views[i] = c.lines[i];
    const std::span<const std::string_view> span(views.data(), c.n);
    if (c.pending == Pending::Serving) {
      auto r = parse_qeng_servingcell_report(span, opt.quectel);
      if (r) {
        dec::write_servingcell(out, m, r.value());
        count(RecordKind::ServingCell);
      } else {
        scratch.clear();
        for (std::size_t i = 0; i < c.n; ++i) {
          if (i) scratch += '\n';
          scratch += c.lines[i];
        }
        error(out, m, r.error().reason, scratch);
      }
    } else {
      const ModemIdentity id = parse_identity(span, c.idcmd);
      dec::write_identity(out, m, c.command, id, identity_field(c.idcmd));
      count(RecordKind::Identity);
    }
    c.pending = Pending::None;
    c.n = 0;
  }

  void feed(std::string_view raw, std::string& out) {
    const std::uint64_t ln = ++stats.lines;
    while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n')) raw.remove_suffix(1);
    const Split sp = dec::split_prefix(raw, local);
    if (sp.host_log) {
      ++stats.skipped;
      return;
    }
    Context& c = context(sp.source);
    const Meta m{ln, sp.ts, sp.has_local ? std::string_view(local.data(), local.size()) : std::string_view{},
                 sp.source};
    const std::string_view text = at::trim(sp.text);
    if (text.empty()) {
      ++stats.skipped;
      return;
    }
    if (text.front() == '#') {
      flush(c, out);
      ++stats.skipped;
      return;
    }
    if (sp.dir == Dir::Sent || at::starts_with_icase(text, "AT")) {
      flush(c, out);
      c.command.assign(text);
      c.answer_open = true;
      ++stats.skipped;
      return;
    }
    if (text.front() == '$' || text.front() == '!') {
      nmea_line(c, m, text, raw, out);
      return;
    }
    if (text == "OK") {
      flush(c, out);
      c.answer_open = false;
      ++stats.skipped;
      return;
    }
    if (const auto e = at_error(text)) {
      flush(c, out);
      dec::write_at_error(out, m, e->error, e->text, c.answer_open ? std::string_view(c.command) : std::string_view{});
      count(RecordKind::AtError);
      c.answer_open = false;
      return;
    }
    std::string_view name, body;
    if (at::split_answer(text, name, body)) {
      answer(c, m, name, body, text, raw, out);
      return;
    }
    if (c.answer_open) {
      if (const auto id = identity_command(c.command)) {
        if (c.pending == Pending::Identity) {
          append_group(c, out, m, text);
        } else {
          flush(c, out);
          start_group(c, m, text, Pending::Identity);
          c.idcmd = *id;
        }
        return;
      }
    }
    flush(c, out);
    error(out, m, "unrecognised line", raw);
  }

  void answer(Context& c, const Meta& m, std::string_view name, std::string_view body, std::string_view text,
              std::string_view raw, std::string& out) {
    at::Fields f;
    if (at::iequals(name, "QENG")) {
      at::split_fields(body, f);
      const std::string_view tag = f[0];
      if (at::iequals(tag, "LTE") || at::iequals(tag, "NR5G-NSA")) {
        if (c.pending == Pending::Serving) {
          append_group(c, out, m, text);
        } else {
          flush(c, out);
          start_group(c, m, text, Pending::Serving);
        }
        return;
      }
      flush(c, out);
      if (at::iequals(tag, "servingcell")) {
        if (f.n <= 2) {
          start_group(c, m, text, Pending::Serving);  // a state-only line or an EN-DC header
          return;
        }
        const std::string_view one[] = {text};
        auto r = parse_qeng_servingcell_report(one, opt.quectel);
        if (!r) return error(out, m, r.error().reason, raw);
        dec::write_servingcell(out, m, r.value());
        return count(RecordKind::ServingCell);
      }
      if (at::starts_with_icase(tag, "neighbourcell")) return neighbour(m, text, raw, out, false);
      return error(out, m, "unsupported answer +QENG", raw);
    }
    flush(c, out);
    if (at::iequals(name, "QNWINFO")) {
      auto r = parse_qnwinfo(text);
      if (!r) return error(out, m, r.error().reason, raw);
      dec::write_nwinfo(out, m, r.value());
      return count(RecordKind::NwInfo);
    }
    if (at::iequals(name, "QCAINFO")) {
      auto r = parse_qcainfo(text);
      if (!r) return error(out, m, r.error().reason, raw);
      dec::write_cainfo(out, m, r.value());
      return count(RecordKind::CaInfo);
    }
    if (at::iequals(name, "QNWCFG")) {
      at::split_fields(body, f);
      if (at::iequals(f[0], "nr5g_cell_id") || at::iequals(f[0], "lte_cell_id")) {
        auto r = parse_qnwcfg_cell_id(text);
        if (!r) return error(out, m, r.error().reason, raw);
        dec::write_cell_id(out, m, r.value());
        return count(RecordKind::CellId);
      }
      // "nr5g_meas_info",<0|1> is the setting; with the measurement fields it is an NR neighbour.
      if (at::iequals(f[0], "nr5g_meas_info") && f.n > 2) return neighbour(m, text, raw, out, true);
      return error(out, m, "unsupported answer +QNWCFG", raw);
    }
    if (at::iequals(name, "CREG") || at::iequals(name, "CGREG") || at::iequals(name, "CEREG") ||
        at::iequals(name, "C5GREG")) {
      auto r = parse_registration(text);
      if (!r) return error(out, m, r.error().reason, raw);
      dec::write_registration(out, m, r.value());
      return count(RecordKind::Registration);
    }
    if (at::iequals(name, "CESQ") || at::iequals(name, "CSQ")) {
      const bool csq = at::iequals(name, "CSQ");
      auto r = csq ? parse_csq(text) : parse_cesq(text);
      if (!r) return error(out, m, r.error().reason, raw);
      dec::write_signal(out, m, csq ? "CSQ" : "CESQ", r.value());
      return count(RecordKind::Signal);
    }
    if (at::iequals(name, "COPS")) {
      auto r = parse_cops(text);
      if (!r) return error(out, m, r.error().reason, raw);
      dec::write_operator(out, m, r.value());
      return count(RecordKind::Operator);
    }
    if (const auto id = identity_answer(name)) {
      const std::string_view one[] = {text};
      const ModemIdentity ident = parse_identity(one, *id);
      dec::write_identity(out, m, c.answer_open ? std::string_view(c.command) : std::string_view{}, ident,
                          identity_field(*id));
      return count(RecordKind::Identity);
    }
    std::string reason = "unsupported answer +";
    reason += name.substr(0, 16);
    error(out, m, reason, raw);
  }

  void neighbour(const Meta& m, std::string_view text, std::string_view raw, std::string& out, bool meas_info) {
    auto r = parse_neighbour_line(text, opt.quectel);
    if (!r) return error(out, m, r.error().reason, raw);
    dec::write_neighbour(out, m, r.value(), meas_info);
    count(RecordKind::Neighbour);
  }

  void nmea_line(Context& c, const Meta& m, std::string_view text, std::string_view raw, std::string& out) {
    if (!opt.nmea) return error(out, m, "nmea disabled", raw);
    auto s = c.nmea.feed(text);
    if (!s) return error(out, m, s.error().reason, raw);
    scratch.clear();
    dec::append_meta_members(scratch, m);
    nmea::append_json(s.value(), c.nmea, out, scratch);
    out += '\n';
    count(nmea_kind(nmea::sentence_type(s.value())));
  }

  void finish(std::string& out) {
    for (auto& c : contexts) {
      flush(*c, out);
      c->nmea.flush();
    }
  }
};

TranscriptDecoder::TranscriptDecoder(DecodeOptions opt) : impl_(std::make_unique<Impl>(opt)) {}
TranscriptDecoder::~TranscriptDecoder() = default;
TranscriptDecoder::TranscriptDecoder(TranscriptDecoder&&) noexcept = default;
TranscriptDecoder& TranscriptDecoder::operator=(TranscriptDecoder&&) noexcept = default;

void TranscriptDecoder::feed(std::string_view line, std::string& out_jsonl) { impl_->feed(line, out_jsonl); }
void TranscriptDecoder::finish(std::string& out_jsonl) { impl_->finish(out_jsonl); }
const DecodeStats& TranscriptDecoder::stats() const { return impl_->stats; }

}  // namespace shikan::probe
