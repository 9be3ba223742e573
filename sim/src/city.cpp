// city.toml parsing (pure: text in, CityConfig out). Format: docs/simulator.md §1.
#include <toml++/toml.h>

#include "shikan/core/sites.hpp"
#include "shikan/sim/city.hpp"

namespace shikan::sim {
namespace {

[[noreturn]] void fail(const std::string& source, const std::string& what) { throw ConfigError(source + ": " + what); }

struct OperatorDefaults {
  const char* long_name;
  const char* short_name;
};

OperatorDefaults defaults_for(Operator op) {
  switch (op) {
    case Operator::ChinaMobile: return {"CHINA  MOBILE", "CMCC"};  // two spaces, as a real RG801H prints it
    case Operator::ChinaUnicom: return {"CHN-UNICOM", "UNICOM"};
    case Operator::ChinaTelecom: return {"CHN-CT", "CT"};
    case Operator::ChinaBroadnet: return {"CBN", "CBN"};
    case Operator::Other: break;
  }
  return {"OPERATOR", "OP"};
}

OperatorConfig parse_operator_table(const toml::table& t, const std::string& source) {
  OperatorConfig o;
  o.key = t["key"].value_or(std::string{});
  const auto op = parse_site_operator(o.key);  // core/sites.hpp: keys, names, PLMNs
  if (!op) fail(source, "operator key '" + o.key + "' is not cmcc/cucc/ctcc/cbn");
  o.op = op->op;
  const std::string plmn = t["plmn"].value_or(std::string{});
  const auto p = Plmn::parse(plmn);
  if (!p) fail(source, "operator " + o.key + ": bad plmn '" + plmn + "'");
  o.plmn = *p;
  const std::string mode = t["mode"].value_or(std::string{"SA"});
  if (mode == "SA") o.mode = NetMode::Sa;
  else if (mode == "NSA") o.mode = NetMode::Nsa;
  else fail(source, "operator " + o.key + ": mode must be SA or NSA, got '" + mode + "'");
  const std::string fw = t["firmware"].value_or(std::string{o.mode == NetMode::Nsa ? "endc" : "qualcomm"});
  const auto f = parse_firmware(fw);
  if (!f) fail(source, "operator " + o.key + ": firmware must be qualcomm, unisoc or endc, got '" + fw + "'");
  o.firmware = *f;
  o.gnb_id_length = static_cast<int>(t["gnb_id_length"].value_or(std::int64_t{24}));
  if (o.gnb_id_length < 22 || o.gnb_id_length > 32) fail(source, "operator " + o.key + ": gnb_id_length must be 22..32");
  if (const toml::table* arfcns = t["nr_arfcn"].as_table()) {
    for (const auto& [k, v] : *arfcns) {
      const auto b = find_band(k.str());
      const auto a = v.value<std::int64_t>();
      if (!b || b->tech != Tech::Nr || !a || *a <= 0) fail(source, "operator " + o.key + ": bad nr_arfcn entry '" + std::string(k.str()) + "'");
      o.nr_arfcn[b->number] = static_cast<std::uint32_t>(*a);
    }
  }
  const std::string lte = t["lte_band"].value_or(std::string{"B3"});
  const auto lb = find_band(lte);
  if (!lb || lb->tech != Tech::Lte) fail(source, "operator " + o.key + ": lte_band '" + lte + "' is not a known LTE band");
  o.lte_band = *lb;
  o.lte_earfcn = static_cast<std::uint32_t>(t["lte_earfcn"].value_or(std::int64_t{lb->default_arfcn}));
  if (!earfcn_to_mhz(lb->number, o.lte_earfcn)) fail(source, "operator " + o.key + ": lte_earfcn outside " + lte);
  o.tac_base = static_cast<std::uint32_t>(t["tac_base"].value_or(std::int64_t{0x1000}));
  const OperatorDefaults d = defaults_for(o.op);
  o.long_name = t["long_name"].value_or(std::string{d.long_name});
  o.short_name = t["short_name"].value_or(std::string{d.short_name});
  const bool unisoc = o.firmware == Firmware::Unisoc;
  o.model = t["model"].value_or(std::string{unisoc ? "RM500U-CNV" : "RM500Q-GL"});
  o.revision = t["revision"].value_or(std::string{unisoc ? "RM500UCNVCAR03A12M2G" : "RM500QGLABR11A06M4G"});
  return o;
}

void parse_route(const toml::table& t, RouteConfig& r, const std::string& source) {
  const std::string src = t["source"].value_or(std::string{"grid"});
  if (src == "grid") r.source = RouteSource::Grid;
  else if (src == "gpx") r.source = RouteSource::Gpx;
  else fail(source, "[route] source must be grid or gpx, got '" + src + "'");
  r.gpx = t["gpx"].value_or(r.gpx);
  r.block = Metres(t["block_m"].value_or(r.block.value));
  r.extent = Metres(t["extent_m"].value_or(r.extent.value));
  r.visit_keyplaces = t["visit_keyplaces"].value_or(r.visit_keyplaces);
  if (r.block.value < 50 || r.extent.value < 2 * r.block.value) fail(source, "[route] needs block_m >= 50 and extent_m >= 2 * block_m");
}

}  // namespace

std::string_view to_string(Firmware f) {
  switch (f) {
    case Firmware::Qualcomm: return "qualcomm";
    case Firmware::Unisoc: return "unisoc";
    case Firmware::Endc: return "endc";
  }
  return "qualcomm";
}

std::optional<Firmware> parse_firmware(std::string_view s) {
  for (Firmware f : {Firmware::Qualcomm, Firmware::Unisoc, Firmware::Endc})
    if (s == to_string(f)) return f;
  return std::nullopt;
}

std::string_view to_string(NetMode m) { return m == NetMode::Sa ? "SA" : "NSA"; }

std::uint32_t OperatorConfig::arfcn_for(const Band& b) const {
  if (b.tech == Tech::Lte) return b.number == lte_band.number ? lte_earfcn : b.default_arfcn;
  const auto it = nr_arfcn.find(b.number);
  return it == nr_arfcn.end() ? b.default_arfcn : it->second;
}

const OperatorConfig* CityConfig::find(std::string_view key) const {
  for (const OperatorConfig& o : operators)
    if (o.key == key) return &o;
  return nullptr;
}

CityConfig parse_city_toml(std::string_view text, const std::string& source) {
  toml::table t;
  try {
    t = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    fail(source, "line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  CityConfig c;
  c.name = t["name"].value_or(std::string{"unnamed city"});
  const auto lat = t["centre"]["lat"].value<double>();
  const auto lon = t["centre"]["lon"].value<double>();
  if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) fail(source, "centre = { lat, lon } missing or out of range");
  c.centre = GeoPoint{Latitude(*lat), Longitude(*lon)};
  c.altitude = Metres(t["altitude_m"].value_or(10.0));
  const std::string start = t["start"].value_or(std::string{"2026-05-12T01:00:00Z"});
  const auto st = parse_iso8601(start);
  if (!st) fail(source, "start '" + start + "' is not an ISO 8601 UTC time");
  c.start = *st;
  if (const toml::table* r = t["route"].as_table()) parse_route(*r, c.route, source);
  const toml::array* ops = t["operator"].as_array();
  if (!ops || ops->empty()) fail(source, "no [[operator]] tables");
  for (const toml::node& n : *ops) {
    const toml::table* ot = n.as_table();
    if (!ot) fail(source, "[[operator]] must be tables");
    OperatorConfig o = parse_operator_table(*ot, source);
    if (c.find(o.key)) fail(source, "operator " + o.key + " listed twice");
    c.operators.push_back(std::move(o));
  }
  return c;
}

}  // namespace shikan::sim
