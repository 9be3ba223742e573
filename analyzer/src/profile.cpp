// TOML readers for the profile and the claims, strict about keys and ranges.
#include "shikan/analyzer/profile.hpp"

#include <toml++/toml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace shikan::analyzer {
namespace {

class Table {
 public:
  Table(const toml::table& t, std::string prefix, std::string file)
      : t_(t), prefix_(std::move(prefix)), file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node& n, std::string_view key, const std::string& why) const {
    throw ProfileError(file_ + ":" + std::to_string(n.source().begin.line) + ": " + prefix_ + std::string(key) +
                       ": " + why);
  }
  void number(std::string_view key, double lo, double hi, double& out) {
    if (auto v = optional_number(key, lo, hi)) out = *v;
  }
  std::optional<double> optional_number(std::string_view key, double lo, double hi) {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) fail(*n, key, "expected a number");
    const double v = *n->value<double>();
    if (!(v >= lo && v <= hi)) fail(*n, key, "out of range " + fmt(lo) + ".." + fmt(hi) + ": " + fmt(v));
    return v;
  }
  void integer(std::string_view key, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    if (auto v = optional_number(key, static_cast<double>(lo), static_cast<double>(hi))) {
      if (!get(key)->is_integer()) fail(*get(key), key, "expected an integer");
      out = static_cast<std::int64_t>(*v);
    }
  }
  std::optional<std::string> string(std::string_view key) {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail(*n, key, "expected a string");
    return *n->value<std::string>();
  }
  const toml::table* table(std::string_view key) {
    const toml::node* n = get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(*n, key, "expected a table");
    return n->as_table();
  }
  // Every key not read is a mistake (a typo would silently keep a default).
  void finish() const {
    for (const auto& [k, v] : t_)
      if (!used_.count(std::string(k.str()))) fail(v, k.str(), "unknown key");
  }
  const std::string& file() const { return file_; }

 private:
  static std::string fmt(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }
  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return t_.get(key);
  }
  const toml::table& t_;
  std::string prefix_, file_;
  std::set<std::string> used_;
};

toml::table parse_toml(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ProfileError(source + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ProfileError(path + ":0: cannot open the file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void read_thresholds(Table& t, Profile& p) {
  t.number("rsrp_dbm", -156, -31, p.rsrp_dbm);
  t.number("sinr_db", -23, 40, p.sinr_db);
  t.number("bin_m", 5, 1000, p.bin_m);
}

void read_gnb_lengths(const toml::table& tab, const std::string& file, Profile& p) {
  Table t(tab, "gnb_id_length.", file);
  for (const auto& [k, v] : tab) {
    std::int64_t bits = 0;
    t.integer(k.str(), 22, 32, bits);
    if (!Plmn::parse(k.str())) t.fail(v, k.str(), "not a PLMN (e.g. \"46000\")");
    p.gnb_id_length[std::string(k.str())] = static_cast<int>(bits);
  }
}

void read_operator_plmn(const toml::table& tab, const std::string& file, Profile& p) {
  Table t(tab, "operator_plmn.", file);
  for (const auto& [k, v] : tab) {
    const auto s = t.string(k.str());
    if (!valid_operator_target(*s)) t.fail(v, k.str(), "not a PLMN nor an operator key: " + *s);
    p.operator_plmn[std::string(k.str())] = *s;
  }
}

}  // namespace

bool valid_operator_target(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'z') || c == '_' || c == '-')) return false;
  return true;
}

Profile parse_profile(std::string_view text, const std::string& source, Profile p) {
  const toml::table root = parse_toml(text, source);
  Table t(root, "", source);
  if (auto v = t.string("name")) p.name = *v;
  read_thresholds(t, p);
  t.number("min_nr_share", 0, 1, p.min_nr_share);
  t.number("cluster_m", 50, 100000, p.cluster_m);
  t.number("max_gap_s", 1, 3600, p.max_gap_s);
  t.number("block_s", 10, 86400, p.block_s);
  t.number("confidence", 0.5, 0.999, p.confidence);
  t.number("tolerance", 0, 0.5, p.tolerance);
  t.number("verify_radius_m", 10, 5000, p.verify_radius_m);
  t.number("relocate_radius_m", 100, 50000, p.relocate_radius_m);
  t.number("decide_radius_macro_m", 10, 5000, p.decide_radius_macro_m);
  t.number("decide_radius_micro_m", 5, 5000, p.decide_radius_micro_m);
  t.integer("decide_min_samples", 1, 1'000'000, p.decide_min_samples);
  t.integer("min_node_samples", 1, 1'000'000, p.min_node_samples);
  t.number("thin_m", 1, 200, p.thin_m);
  t.number("place_margin_m", 0, 5000, p.place_margin_m);
  t.integer("place_min_samples", 1, 1'000'000, p.place_min_samples);
  if (auto v = t.string("place_rule")) {
    if (*v != "all" && *v != "any") throw ProfileError(source + ":0: place_rule: expected \"all\" or \"any\"");
    p.place_rule = *v == "all" ? PlaceRule::All : PlaceRule::Any;
  }
  if (const toml::table* g = t.table("gnb_id_length")) read_gnb_lengths(*g, source, p);
  if (const toml::table* o = t.table("operator_plmn")) read_operator_plmn(*o, source, p);
  t.finish();
  if (p.decide_radius_macro_m > p.relocate_radius_m || p.verify_radius_m > p.relocate_radius_m)
    throw ProfileError(source + ":0: verify and decide radii must not exceed relocate_radius_m");
  return p;
}

Profile read_profile_file(const std::string& path, Profile base) { return parse_profile(slurp(path), path, base); }

Claims parse_claims(std::string_view text, const std::string& source, Profile& profile) {
  const toml::table root = parse_toml(text, source);
  Table t(root, "", source);
  Claims c;
  if (const toml::table* city = t.table("city")) {
    Table ct(*city, "city.", source);
    c.city = ct.string("name");
    c.population = ct.optional_number("population", 1, 1e9);
    ct.finish();
  }
  if (const toml::table* rep = t.table("reported")) {
    Table rt(*rep, "reported.", source);
    const auto share = [&](std::string_view key) {
      auto v = rt.optional_number(key, 0, 100);
      if (v && *v > 1) *v /= 100.0;  // written as a percentage
      return v;
    };
    c.base_stations_5g = rt.optional_number("base_stations_5g", 0, 1e7);
    c.coverage_rate = share("coverage_rate");
    c.nr_residency = share("nr_residency");
    c.key_place_reachability = share("key_place_reachability");
    rt.finish();
  }
  if (const toml::table* th = t.table("thresholds")) {
    Table tt(*th, "thresholds.", source);
    read_thresholds(tt, profile);
    tt.finish();
  }
  t.finish();
  return c;
}

Claims read_claims_file(const std::string& path, Profile& profile) { return parse_claims(slurp(path), path, profile); }

}  // namespace shikan::analyzer
