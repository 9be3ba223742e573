// ATI / AT+CGMI / AT+CGMM / AT+CGMR / AT+CGSN / AT+CIMI / AT+QCCID (TS 27.007 §5.1-§5.6, V.25ter ATI).
// Modems answer these either bare ("Quectel") or labelled ("+CGMM: \"Air724UG\"", "Revision: ...").
#include <array>
#include <utility>

#include "at_fields.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {
namespace {

std::string& field_of(ModemIdentity& id, IdentityCommand c) {
  switch (c) {
    case IdentityCommand::Cgmi: return id.manufacturer;
    case IdentityCommand::Cgmm: return id.model;
    case IdentityCommand::Cgmr: return id.revision;
    case IdentityCommand::Cgsn: return id.imei;
    case IdentityCommand::Cimi: return id.imsi;
    case IdentityCommand::Ccid: return id.iccid;
    case IdentityCommand::Ati: break;
  }
  return id.text;
}

// Answer prefixes ("+CGMM") and ATI labels ("Model") with the field they fill.
constexpr std::array<std::pair<std::string_view, IdentityCommand>, 12> kPrefixes{{
    {"CGMI", IdentityCommand::Cgmi}, {"GMI", IdentityCommand::Cgmi}, {"CGMM", IdentityCommand::Cgmm},
    {"GMM", IdentityCommand::Cgmm},  {"CGMR", IdentityCommand::Cgmr}, {"GMR", IdentityCommand::Cgmr},
    {"QGMR", IdentityCommand::Cgmr}, {"CGSN", IdentityCommand::Cgsn}, {"GSN", IdentityCommand::Cgsn},
    {"CIMI", IdentityCommand::Cimi}, {"QCCID", IdentityCommand::Ccid}, {"CCID", IdentityCommand::Ccid},
}};
constexpr std::array<std::pair<std::string_view, IdentityCommand>, 6> kLabels{{
    {"Manufacturer", IdentityCommand::Cgmi}, {"Model", IdentityCommand::Cgmm},
    {"Revision", IdentityCommand::Cgmr},     {"IMEI", IdentityCommand::Cgsn},
    {"IMSI", IdentityCommand::Cimi},         {"ICCID", IdentityCommand::Ccid},
}};

std::string_view unquote(std::string_view v) {
  v = at::trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

bool is_final(std::string_view l) {
  return l == "OK" || l == "ERROR" || at::starts_with_icase(l, "+CME ERROR") || at::starts_with_icase(l, "+CMS ERROR");
}

}  // namespace

std::optional<IdentityCommand> identity_command(std::string_view c) {
  c = at::trim(c);
  if (!at::starts_with_icase(c, "AT")) return std::nullopt;
  c.remove_prefix(2);
  while (!c.empty() && (c.back() == ';' || c.back() == ' ')) c.remove_suffix(1);
  if (const auto eq = c.find('='); eq != std::string_view::npos) {
    if (c.substr(eq) == "=?") return std::nullopt;  // a test command lists ranges, not values
    c = c.substr(0, eq);
  }
  if (at::iequals(c, "I") || at::iequals(c, "I0")) return IdentityCommand::Ati;
  if (c.empty() || c.front() != '+') return std::nullopt;
  c.remove_prefix(1);
  for (const auto& [name, cmd] : kPrefixes)
    if (at::iequals(c, name)) return cmd;
  if (at::iequals(c, "ICCID")) return IdentityCommand::Ccid;
  return std::nullopt;
}

ModemIdentity parse_identity(std::span<const std::string_view> lines, IdentityCommand cmd) {
  ModemIdentity id;
  std::array<std::string_view, 2> bare{};
  std::size_t n_bare = 0;
  for (std::string_view raw : lines) {
    const std::string_view l = at::trim(raw);
    if (l.empty() || is_final(l) || at::starts_with_icase(l, "AT")) continue;
    std::string_view name, body;
    if (at::split_answer(l, name, body)) {
      for (const auto& [p, c] : kPrefixes)
        if (at::iequals(name, p)) field_of(id, c) = std::string(unquote(body));
      if (at::iequals(name, "ICCID")) id.iccid = std::string(unquote(body));
      continue;
    }
    bool labelled = false;
    if (const auto colon = l.find(':'); colon != std::string_view::npos) {
      const std::string_view label = at::trim(l.substr(0, colon));
      for (const auto& [lab, c] : kLabels)
        if (at::iequals(label, lab)) {
          field_of(id, c) = std::string(unquote(l.substr(colon + 1)));
          labelled = true;
        }
    }
    if (labelled) continue;
    if (cmd != IdentityCommand::Ati) {
      std::string& f = field_of(id, cmd);
      if (f.empty()) f = std::string(unquote(l));
    } else if (n_bare < bare.size()) {
      bare[n_bare++] = l;
    }
  }
  if (cmd == IdentityCommand::Ati) {
    if (n_bare >= 2) {
      if (id.manufacturer.empty()) id.manufacturer = std::string(bare[0]);
      if (id.model.empty()) id.model = std::string(bare[1]);
    } else if (n_bare == 1) {
      id.text = std::string(bare[0]);
    }
  }
  return id;
}

ModemIdentity parse_identity(std::span<const std::string_view> lines) {
  return parse_identity(lines, IdentityCommand::Ati);
}

}  // namespace shikan::probe
