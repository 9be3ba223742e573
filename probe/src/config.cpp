// probe.toml reader: toml++ gives source positions, so every error names file, line and key.
#include "shikan/probe/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "shikan/core/files.hpp"

namespace shikan::probe {
namespace {

using std::chrono::milliseconds;

// Reads keys of one table, remembering which were used so the rest can be warned about.
class Reader {
 public:
  Reader(const toml::table& t, std::string prefix, const std::string& file)
      : t_(t), prefix_(std::move(prefix)), file_(file) {}

  [[noreturn]] void fail(const toml::node* node, std::string_view key, const std::string& why) const {
    const auto& src = node ? node->source() : t_.source();
    throw ConfigError(file_ + ":" + std::to_string(src.begin.line) + ": " + full(key) + ": " + why);
  }
  std::string full(std::string_view key) const { return prefix_ + std::string(key); }
  std::string where(const toml::node& n) const { return file_ + ":" + std::to_string(n.source().begin.line); }

  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return t_.get(key);
  }
  std::optional<std::string> str(std::string_view key, bool required) {
    const toml::node* n = get(key);
    if (!n) {
      if (required) fail(nullptr, key, "missing (required)");
      return std::nullopt;
    }
    if (!n->is_string()) fail(n, key, "expected a string");
    auto v = n->value<std::string>();
    if (v->empty()) fail(n, key, "must not be empty");
    return v;
  }
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) fail(n, key, "expected an integer");
    const std::int64_t v = *n->value<std::int64_t>();
    if (v < lo || v > hi)
      fail(n, key, "out of range " + std::to_string(lo) + ".." + std::to_string(hi) + ": " + std::to_string(v));
    return v;
  }
  std::optional<double> number(std::string_view key) {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) fail(n, key, "expected a number");
    return n->value<double>();
  }
  std::optional<bool> boolean(std::string_view key) {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) fail(n, key, "expected true or false");
    return n->value<bool>();
  }
  template <class E>
  std::optional<E> choice(std::string_view key, std::initializer_list<std::pair<std::string_view, E>> options,
                          bool required) {
    auto s = str(key, required);
    if (!s) return std::nullopt;
    std::string allowed;
    for (const auto& [name, value] : options) {
      if (*s == name) return value;
      allowed += (allowed.empty() ? "" : " | ") + std::string(name);
    }
    fail(t_.get(key), key, "unknown value '" + *s + "' (expected " + allowed + ")");
  }
  void warn_unknown(std::vector<std::string>& warnings) const {
    for (const auto& [k, v] : t_) {
      if (!used_.count(std::string(k.str())))
        warnings.push_back(where(v) + ": unknown key '" + full(k.str()) + "' (ignored)");
    }
  }

 private:
  const toml::table& t_;
  std::string prefix_;
  const std::string& file_;
  std::set<std::string> used_;
};

milliseconds ms(std::int64_t v) { return milliseconds(v); }

GnssConfig read_gnss(Reader& r, std::vector<std::string>& warnings) {
  GnssConfig g;
  g.source = *r.choice<GnssSourceKind>("source",
                                       {{"nmea", GnssSourceKind::Nmea},
                                        {"gpsd", GnssSourceKind::Gpsd},
                                        {"fixed", GnssSourceKind::Fixed},
                                        {"none", GnssSourceKind::None}},
                                       true);
  const bool nmea = g.source == GnssSourceKind::Nmea, gpsd = g.source == GnssSourceKind::Gpsd;
  if (gpsd) {  // port is the TCP port here, the serial device for nmea
    if (auto h = r.str("host", false)) g.host = *h;
    if (auto p = r.integer("port", 1, 65535)) g.gpsd_port = static_cast<unsigned>(*p);
  } else if (nmea) {
    g.port = *r.str("port", true);
    if (auto b = r.integer("baud", 300, 4'000'000)) g.baud = static_cast<unsigned>(*b);
  }
  if (g.source == GnssSourceKind::Fixed) {
    const auto lat = r.number("lat"), lon = r.number("lon");
    if (!lat) r.fail(nullptr, "lat", "missing (required for source = \"fixed\")");
    if (!lon) r.fail(nullptr, "lon", "missing (required for source = \"fixed\")");
    try {
      g.fixed = GeoPoint{Latitude(*lat), Longitude(*lon)};
    } catch (const std::out_of_range& e) {
      r.fail(r.get("lat"), "lat/lon", e.what());
    }
    if (auto a = r.number("alt")) g.alt = Metres(*a);
    if (auto p = r.integer("period_ms", 100, 60'000)) g.fixed_period = ms(*p);
  }
  r.warn_unknown(warnings);
  return g;
}

ModemConfig read_modem(Reader& r, std::vector<std::string>& warnings) {
  ModemConfig m;
  m.id = *r.str("id", true);
  if (!std::all_of(m.id.begin(), m.id.end(),
                   [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }))
    r.fail(r.get("id"), "id", "only letters, digits, '_' and '-' allowed: '" + m.id + "'");
  m.port = *r.str("port", true);
  if (auto b = r.integer("baud", 300, 4'000'000)) m.baud = static_cast<unsigned>(*b);
  if (auto d =
          r.choice<DriverKind>("driver", {{"quectel", DriverKind::Quectel}, {"generic", DriverKind::Generic}}, false))
    m.driver = *d;
  if (auto e = r.choice<LteSinrEncoding>("lte_sinr",
                                         {{"twice_minus_20", LteSinrEncoding::TwiceMinus20},
                                          {"fifth_minus_20", LteSinrEncoding::FifthMinus20},
                                          {"db", LteSinrEncoding::Db}},
                                         false))
    m.lte_sinr = *e;
  if (auto t = r.integer("command_timeout_ms", 100, 60'000)) m.command_timeout = ms(*t);
  if (auto n = r.boolean("neighbours")) m.neighbours = *n;
  if (auto n = r.integer("neighbour_every", 1, 3600)) m.neighbour_every = static_cast<unsigned>(*n);
  if (auto n = r.integer("info_every", 1, 3600)) m.info_every = static_cast<unsigned>(*n);
  if (auto n = r.boolean("nr5g_cell_id")) m.nr5g_cell_id = *n;
  r.warn_unknown(warnings);
  return m;
}

void read_gnb_lengths(Reader& r, const toml::table& t, GnbIdLengths& out, std::vector<std::string>& warnings) {
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    const auto bits = r.integer(key, 22, 32);  // TS 38.413 §9.3.1.6
    if (key == "default") {
      out = GnbIdLengths(GnbIdLength(static_cast<int>(*bits)));
      continue;
    }
    if (!Plmn::parse(key)) r.fail(&v, key, "expected a PLMN of 5 or 6 digits (\"46000\") or 'default'");
  }
  for (const auto& [k, v] : t) {  // per-PLMN after the default, which replaces the whole object
    if (k.str() != "default") out.set(*Plmn::parse(k.str()), GnbIdLength(static_cast<int>(*v.value<std::int64_t>())));
  }
  r.warn_unknown(warnings);
}

}  // namespace

std::string_view to_string(GnssSourceKind k) {
  switch (k) {
    case GnssSourceKind::None: return "none";
    case GnssSourceKind::Nmea: return "nmea";
    case GnssSourceKind::Gpsd: return "gpsd";
    case GnssSourceKind::Fixed: return "fixed";
  }
  return "?";
}

std::string_view to_string(DriverKind k) { return k == DriverKind::Quectel ? "quectel" : "generic"; }

LoadedConfig parse_config(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError(source + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  LoadedConfig out;
  out.text = std::string(text);
  ProbeConfig& c = out.config;
  Reader r(root, "", source);
  c.probe_id = *r.str("probe_id", true);
  c.database = *r.str("database", true);
  if (auto v = r.integer("sample_interval_ms", 100, 3'600'000)) c.sample_interval = ms(*v);
  if (auto v = r.integer("flush_interval_ms", 100, 60'000)) c.flush_interval = ms(*v);
  if (auto v = r.integer("flush_rows", 1, 1'000'000)) c.flush_rows = static_cast<std::size_t>(*v);
  if (auto v = r.integer("fix_max_age_ms", 100, 3'600'000)) c.fix_max_age = ms(*v);
  if (auto v = r.integer("log_every_s", 1, 3600)) c.log_every = std::chrono::seconds(*v);
  if (auto v = r.integer("max_db_kib", 64, std::int64_t{1} << 40)) c.max_db_bytes = *v * 1024;
  if (auto v = r.integer("max_pending_rows", 1000, 50'000'000)) c.max_pending_rows = static_cast<std::size_t>(*v);
  if (auto v = r.str("campaign", false)) c.campaign = *v;

  if (const toml::node* g = r.get("gnss")) {
    if (!g->is_table()) r.fail(g, "gnss", "expected a table [gnss]");
    Reader gr(*g->as_table(), "gnss.", source);
    c.gnss = read_gnss(gr, out.warnings);
  } else {
    out.warnings.push_back(source + ": no [gnss] table: samples will carry no position");
  }
  if (const toml::node* l = r.get("gnb_id_length")) {
    if (!l->is_table()) r.fail(l, "gnb_id_length", "expected a table [gnb_id_length]");
    Reader lr(*l->as_table(), "gnb_id_length.", source);
    read_gnb_lengths(lr, *l->as_table(), c.gnb_id_lengths, out.warnings);
  }
  const toml::node* mods = r.get("modem");
  if (!mods) r.fail(nullptr, "modem", "missing: at least one [[modem]] table is required");
  if (!mods->is_array_of_tables()) r.fail(mods, "modem", "expected [[modem]] tables");
  std::size_t i = 0;
  for (const auto& m : *mods->as_array()) {
    Reader mr(*m.as_table(), "modem[" + std::to_string(i++) + "].", source);
    c.modems.push_back(read_modem(mr, out.warnings));
    for (std::size_t k = 0; k + 1 < c.modems.size(); ++k) {
      if (c.modems[k].id == c.modems.back().id)
        mr.fail(mr.get("id"), "id", "duplicate modem id '" + c.modems[k].id + "'");
    }
  }
  if (c.modems.empty()) r.fail(mods, "modem", "at least one [[modem]] table is required");
  r.warn_unknown(out.warnings);
  return out;
}

LoadedConfig load_config(const std::filesystem::path& path) {
  const auto text = read_file(path);
  if (!text) throw ConfigError(path.string() + ": cannot read the configuration file");
  return parse_config(*text, path.string());
}

}  // namespace shikan::probe
