// campaign.json reader (schema shikan.campaign/1). nlohmann-json parses; a small walker over the same text
// records the line where every field starts, so errors name "<file>:<line>: stops[3].lat: ..." — nlohmann's
// DOM keeps no positions and its SAX callbacks run with a character of lookahead already consumed.
#include "shikan/core/campaign.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "shikan/core/files.hpp"

namespace shikan {
namespace {

using Json = nlohmann::json;

// Deeper nesting than this is no campaign (the deepest field, a multipolygon position, is at depth 8); the walker
// stops there instead of recursing on a hostile file.
constexpr int kMaxDepth = 16;

// Line (1-based) where each value starts, by field path ("stops[3].geofence.rings[0][2]"). Only run on text that
// nlohmann accepted, so the walker need not diagnose anything.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // UTF-8 byte order mark, as nlohmann skips it
    value("", 0);
  }
  // The line of `path`, or of its nearest recorded parent, or 1.
  int line(std::string path) const {
    for (;;) {
      if (const auto it = lines_.find(path); it != lines_.end()) return it->second;
      if (path.empty()) return 1;
      const auto cut = path.find_last_of(".[");
      path.resize(cut == std::string::npos ? 0 : cut);
    }
  }

 private:
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }
  std::string string() {  // at the opening quote; returns the raw text between the quotes
    const std::size_t begin = ++i_;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    const std::string out(s_.substr(begin, std::min(i_, s_.size()) - begin));
    ++i_;
    return out;
  }
  void value(const std::string& path, int depth) {
    space();
    if (done_ || i_ >= s_.size()) return;
    if (depth > kMaxDepth) {  // the schema check reports the field; its line is the nearest parent's
      done_ = true;
      return;
    }
    lines_.emplace(path, line_);
    const char c = s_[i_];
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      ++i_;
      const char close = c == '{' ? '}' : ']';
      for (std::size_t n = 0;; ++n) {
        space();
        if (i_ >= s_.size()) return;
        if (s_[i_] == close) break;
        if (s_[i_] == ',') {
          ++i_;
          space();
        }
        std::string child;
        if (c == '{') {
          const int key_line = line_;
          const std::string key = string();
          child = path.empty() ? key : path + "." + key;
          space();
          ++i_;  // ':'
          space();
          lines_.emplace(child, key_line);
        } else {
          child = fmt::format("{}[{}]", path, n);
        }
        value(child, depth + 1);
        if (done_) return;
      }
      ++i_;
    } else {
      while (i_ < s_.size() && std::string_view(",]} \t\r\n").find(s_[i_]) == std::string_view::npos) ++i_;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1;
  bool done_ = false;
  std::map<std::string, int> lines_;
};

class Reader {
 public:
  Reader(const std::string& source, const LineIndex& lines) : source_(source), lines_(lines) {}

  [[noreturn]] void fail(const std::string& path, const std::string& why) const {
    throw CampaignError(fmt::format("{}:{}: {}: {}", source_, lines_.line(path), path.empty() ? "(file)" : path, why));
  }
  static std::string at(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }
  const Json& field(const Json& obj, const std::string& path, std::string_view key) const {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) fail(at(path, key), "missing (required)");
    return *it;
  }
  std::string text(const Json& obj, const std::string& path, std::string_view key, bool non_empty) const {
    const Json& v = field(obj, path, key);
    if (!v.is_string()) fail(at(path, key), "expected a string");
    std::string s = v.get<std::string>();
    if (non_empty && s.empty()) fail(at(path, key), "must not be empty");
    return s;
  }
  std::int64_t integer(const Json& obj, const std::string& path, std::string_view key, std::int64_t lo,
                       std::int64_t hi) const {
    const Json& v = field(obj, path, key);
    if (!v.is_number_integer()) fail(at(path, key), "expected an integer");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
      fail(at(path, key), fmt::format("out of range {}..{}: {}", lo, hi, v.dump()));
    const auto n = v.get<std::int64_t>();
    if (n < lo || n > hi) fail(at(path, key), fmt::format("out of range {}..{}: {}", lo, hi, n));
    return n;
  }
  double number(const Json& v, const std::string& path) const {
    if (!v.is_number()) fail(path, "expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(path, "not a finite number");
    return d;
  }
  GeoPoint position(double lat, double lon, const std::string& lat_path, const std::string& lon_path) const {
    if (!(lat >= -90 && lat <= 90)) fail(lat_path, fmt::format("latitude out of range -90..90: {}", lat));
    if (!(lon >= -180 && lon <= 180)) fail(lon_path, fmt::format("longitude out of range -180..180: {}", lon));
    return GeoPoint{Latitude(lat), Longitude(lon)};
  }
  // [lon, lat] or [lon, lat, alt] (RFC 7946 order).
  GeoPoint lon_lat(const Json& v, const std::string& path) const {
    if (!v.is_array() || v.size() < 2 || v.size() > 3) fail(path, "expected a position [lon, lat]");
    const double lon = number(v[0], path + "[0]"), lat = number(v[1], path + "[1]");
    return position(lat, lon, path + "[1]", path + "[0]");
  }
  std::vector<GeoPoint> ring(const Json& v, const std::string& path) const {
    if (!v.is_array() || v.size() < 4) fail(path, "a ring needs at least 4 positions [lon, lat]");
    std::vector<GeoPoint> out;
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(lon_lat(v[i], fmt::format("{}[{}]", path, i)));
    if (!(out.front() == out.back())) fail(path, "a ring must be closed (last position = first)");
    return out;
  }
  PlacePolygon polygon(const Json& rings, const std::string& path) const {
    if (!rings.is_array() || rings.empty()) fail(path, "expected an array of rings (the outline, then holes)");
    PlacePolygon p;
    p.outer = ring(rings[0], path + "[0]");
    for (std::size_t i = 1; i < rings.size(); ++i) p.holes.push_back(ring(rings[i], fmt::format("{}[{}]", path, i)));
    return p;
  }
  Geofence geofence(const Json& obj, const std::string& stop, const GeoPoint& centre) const {
    const std::string path = at(stop, "geofence");
    const Json& g = field(obj, stop, "geofence");
    if (!g.is_object()) fail(path, "expected an object {\"type\": ...}");
    const std::string type = text(g, path, "type", true);
    Geofence out;
    if (type == "circle") {
      const std::string r_path = at(path, "radius_m");
      const double r = number(field(g, path, "radius_m"), r_path);
      if (!(r > 0 && r <= 100'000)) fail(r_path, fmt::format("out of range (0, 100000] metres: {}", r));
      out.circle = PlaceCircle{centre, Metres(r)};
    } else if (type == "polygon") {
      out.area.push_back(polygon(field(g, path, "rings"), at(path, "rings")));
    } else if (type == "multipolygon") {
      const std::string p_path = at(path, "polygons");
      const Json& polys = field(g, path, "polygons");
      if (!polys.is_array() || polys.empty()) fail(p_path, "expected an array of polygons");
      for (std::size_t i = 0; i < polys.size(); ++i) out.area.push_back(polygon(polys[i], fmt::format("{}[{}]", p_path, i)));
    } else {
      fail(at(path, "type"), fmt::format("unknown geofence type \"{}\" (circle, polygon, multipolygon)", type));
    }
    return out;
  }
  CampaignStop stop(const Json& s, const std::string& path) const {
    if (!s.is_object()) fail(path, "expected an object");
    CampaignStop out;
    out.order = static_cast<int>(integer(s, path, "order", 1, 1'000'000));
    out.day = static_cast<int>(integer(s, path, "day", 1, 10'000));
    const std::string kind = text(s, path, "kind", true);
    if (kind == "site") {
      out.kind = CampaignStopKind::Site;
      out.operator_key = text(s, path, "operator", true);
    } else if (kind == "place") {
      out.kind = CampaignStopKind::Place;
      out.category = text(s, path, "category", true);
    } else {
      fail(at(path, "kind"), fmt::format("expected \"site\" or \"place\", got \"{}\"", kind));
    }
    out.id = text(s, path, "id", true);
    out.name = text(s, path, "name", false);
    const double lat = number(field(s, path, "lat"), at(path, "lat"));
    const double lon = number(field(s, path, "lon"), at(path, "lon"));
    out.pos = position(lat, lon, at(path, "lat"), at(path, "lon"));
    out.geofence = geofence(s, path, out.pos);
    return out;
  }

 private:
  const std::string& source_;
  const LineIndex& lines_;
};

// "[json.exception.parse_error.101] parse error at line 4, column 0: syntax error ..." -> "syntax error ...":
// the line is ours (nlohmann's counts the character of lookahead).
std::string parse_reason(const std::string& what) {
  const auto column = what.find("column ");
  const auto colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// 1-based line of the byte at `offset`.
long line_at(std::string_view text, std::size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n');
}

}  // namespace

std::string_view to_string(CampaignStopKind k) { return k == CampaignStopKind::Site ? "site" : "place"; }

Campaign parse_campaign(std::string_view json_text, const std::string& source) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::parse_error& e) {
    const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, json_text.size());
    throw CampaignError(fmt::format("{}:{}: not JSON: {}", source, line_at(json_text, end), parse_reason(e.what())));
  } catch (const Json::exception& e) {
    // A number too large for a double ("1e999"): out_of_range.406 "number overflow parsing '1e999'", no position.
    const std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    std::size_t at = 0;
    if (open != std::string::npos && close > open + 1)
      at = std::min(json_text.find(what.substr(open + 1, close - open - 1)), json_text.size());
    const auto bracket = what.find("] ");
    throw CampaignError(fmt::format("{}:{}: not JSON: {}", source, line_at(json_text, at),
                                    bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }
  const LineIndex lines(json_text);
  const Reader r(source, lines);
  if (!root.is_object()) r.fail("", "expected a JSON object with \"schema\": \"shikan.campaign/1\"");
  const std::string schema = r.text(root, "", "schema", false);
  if (schema != kCampaignSchema)
    r.fail("schema", fmt::format("expected \"{}\", got \"{}\" (not a campaign file, or a newer one)", kCampaignSchema, schema));
  Campaign c;
  c.source = source;
  c.title = r.text(root, "", "title", false);
  c.plan_sha256 = r.text(root, "", "plan_sha256", true);
  if (c.plan_sha256.size() != 64 || c.plan_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    r.fail("plan_sha256", "expected 64 lowercase hex digits (SHA-256 of plan.json)");
  const Json& seed = r.field(root, "", "seed");
  if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
    r.fail("seed", "expected a non-negative integer");
  c.seed = seed.get<std::uint64_t>();
  const Json& stops = r.field(root, "", "stops");
  if (!stops.is_array()) r.fail("stops", "expected an array of stops");
  if (stops.empty()) r.fail("stops", "the campaign has no stops");
  std::set<int> orders;
  for (std::size_t i = 0; i < stops.size(); ++i) {
    const std::string path = fmt::format("stops[{}]", i);
    c.stops.push_back(r.stop(stops[i], path));
    if (!orders.insert(c.stops.back().order).second)
      r.fail(path + ".order", fmt::format("order {} appears twice", c.stops.back().order));
  }
  std::stable_sort(c.stops.begin(), c.stops.end(),
                   [](const CampaignStop& a, const CampaignStop& b) { return a.order < b.order; });
  return c;
}

Campaign read_campaign_file(const std::filesystem::path& path) {
  const auto text = read_file(path);
  if (!text) throw CampaignError(path.string() + ":0: cannot open the campaign file");
  return parse_campaign(*text, path.string());
}

KeyPlace as_place(const CampaignStop& stop) {
  KeyPlace p;
  p.name = stop.name;
  p.area = stop.geofence.area;
  p.circle = stop.geofence.circle;
  return p;
}

}  // namespace shikan
