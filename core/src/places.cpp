// Key places from GeoJSON (RFC 7946): FeatureCollection of Polygon/MultiPolygon, or Point + "radius".
#include "shikan/core/places.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "shikan/core/csv.hpp"
#include "shikan/core/result.hpp"

namespace shikan {

using Json = nlohmann::json;

std::string_view to_string(PlaceCategory c) {
  switch (c) {
    case PlaceCategory::Hospital: return "hospital";
    case PlaceCategory::University: return "university";
    case PlaceCategory::Station: return "station";
    case PlaceCategory::Airport: return "airport";
    case PlaceCategory::Scenic: return "scenic";
    case PlaceCategory::Road: return "road";
  }
  return "hospital";
}

std::optional<PlaceCategory> parse_place_category(std::string_view s) {
  struct Name {
    std::string_view text;
    PlaceCategory cat;
  };
  static constexpr std::array<Name, 14> names = {{
      {"hospital", PlaceCategory::Hospital}, {"医院", PlaceCategory::Hospital},
      {"university", PlaceCategory::University}, {"高校", PlaceCategory::University},
      {"大学", PlaceCategory::University}, {"station", PlaceCategory::Station},
      {"火车站", PlaceCategory::Station}, {"车站", PlaceCategory::Station},
      {"airport", PlaceCategory::Airport}, {"机场", PlaceCategory::Airport},
      {"scenic", PlaceCategory::Scenic}, {"景区", PlaceCategory::Scenic},
      {"road", PlaceCategory::Road}, {"道路", PlaceCategory::Road},
  }};
  s = csv::trim(s);
  for (const auto& n : names)
    if (csv::iequals(n.text, s)) return n.cat;
  return std::nullopt;
}

namespace {

// Thrown inside one feature's parsing and turned into a rejection for that feature only.
struct FeatureError {
  std::string reason;
};

GeoPoint position(const Json& j, Crs crs) {
  if (!j.is_array() || j.size() < 2 || !j[0].is_number() || !j[1].is_number())
    throw FeatureError{"a position must be [lon, lat] numbers"};
  const double lon = j[0].get<double>(), lat = j[1].get<double>();
  if (!std::isfinite(lon) || !std::isfinite(lat) || std::fabs(lat) > 90 || std::fabs(lon) > 180)
    throw FeatureError{fmt::format("position [{}, {}] out of range (GeoJSON order is [lon, lat])", lon, lat)};
  return to_wgs84(GeoPoint{Latitude(lat), Longitude(lon)}, crs);
}

std::vector<GeoPoint> ring(const Json& j, Crs crs) {
  if (!j.is_array() || j.size() < 4) throw FeatureError{"a polygon ring needs at least 4 positions"};
  std::vector<GeoPoint> out;
  out.reserve(j.size());
  for (const auto& p : j) out.push_back(position(p, crs));
  if (!(out.front() == out.back())) throw FeatureError{"a polygon ring must be closed (last position = first)"};
  return out;
}

PlacePolygon polygon(const Json& j, Crs crs) {
  if (!j.is_array() || j.empty()) throw FeatureError{"Polygon coordinates must be a non-empty array of rings"};
  PlacePolygon poly;
  poly.outer = ring(j[0], crs);
  for (std::size_t i = 1; i < j.size(); ++i) poly.holes.push_back(ring(j[i], crs));
  return poly;
}

void geometry(const Json& feature, const PlaceReadOptions& options, KeyPlace& place) {
  const auto g = feature.find("geometry");
  if (g == feature.end() || !g->is_object()) throw FeatureError{"no geometry"};
  const std::string type = g->value("type", "");
  const auto coords = g->find("coordinates");
  if (coords == g->end()) throw FeatureError{fmt::format("{} geometry without coordinates", type)};
  if (type == "Polygon") {
    place.area.push_back(polygon(*coords, options.crs));
  } else if (type == "MultiPolygon") {
    if (!coords->is_array() || coords->empty()) throw FeatureError{"MultiPolygon without polygons"};
    for (const auto& p : *coords) place.area.push_back(polygon(p, options.crs));
  } else if (type == "Point") {
    const auto& props = feature.at("properties");
    const auto r = props.find("radius");
    if (r == props.end() || !r->is_number() || !(r->get<double>() > 0) || !std::isfinite(r->get<double>()))
      throw FeatureError{"a Point needs a positive numeric 'radius' property (metres)"};
    place.circle = PlaceCircle{position(*coords, options.crs), Metres(r->get<double>())};
  } else {
    throw FeatureError{fmt::format("geometry type '{}' not supported (Polygon, MultiPolygon, or Point with radius)", type)};
  }
}

KeyPlace feature_place(const Json& f, std::size_t index, const PlaceReadOptions& options) {
  if (!f.is_object() || f.value("type", "") != "Feature") throw FeatureError{"not a Feature object"};
  const auto props = f.find("properties");
  if (props == f.end() || !props->is_object()) throw FeatureError{"no properties (name and category are required)"};
  KeyPlace place;
  place.feature_index = index;
  const auto name = props->find("name");
  if (name == props->end() || !name->is_string() || csv::trim(name->get<std::string>()).empty())
    throw FeatureError{"missing 'name' property"};
  place.name = std::string(csv::trim(name->get<std::string>()));
  const auto cat = props->find("category");
  if (cat == props->end() || !cat->is_string()) throw FeatureError{"missing 'category' property"};
  const auto parsed = parse_place_category(cat->get<std::string>());
  if (!parsed)
    throw FeatureError{fmt::format("category '{}' is not hospital|university|station|airport|scenic|road "
                                   "(医院/高校/火车站/机场/景区/道路)", cat->get<std::string>())};
  place.category = *parsed;
  geometry(f, options, place);
  return place;
}

std::string feature_label(const Json& f, std::size_t index) {
  if (f.is_object() && f.contains("properties") && f["properties"].is_object()) {
    const auto& p = f["properties"];
    if (p.contains("name") && p["name"].is_string()) return fmt::format("feature {} ('{}')", index, p["name"].get<std::string>());
  }
  return fmt::format("feature {}", index);
}

}  // namespace

PlaceList parse_places(std::string_view geojson, const std::string& source, const PlaceReadOptions& options) {
  Json root;
  try {
    root = Json::parse(geojson);
  } catch (const Json::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: not valid JSON: byte {}: {}", source, e.byte, e.what()));
  } catch (const Json::exception& e) {  // e.g. out_of_range 406: a number too large for a double
    throw std::runtime_error(fmt::format("{}: not usable JSON: {}", source, e.what()));
  }
  Json single = Json::array();
  const Json* features = nullptr;
  if (root.is_object() && root.value("type", "") == "FeatureCollection" && root.contains("features") &&
      root["features"].is_array()) {
    features = &root["features"];
  } else if (root.is_object() && root.value("type", "") == "Feature") {
    single.push_back(root);
    features = &single;
  } else {
    throw std::runtime_error(fmt::format("{}: not a GeoJSON FeatureCollection (or Feature)", source));
  }
  PlaceList list;
  list.source = source;
  for (std::size_t i = 0; i < features->size(); ++i) {
    const Json& f = (*features)[i];
    ++list.features;
    try {
      list.places.push_back(feature_place(f, i, options));
    } catch (const FeatureError& e) {
      list.rejections.push_back({i, fmt::format("{}: {}: {}", source, feature_label(f, i), e.reason)});
    } catch (const Json::exception& e) {
      list.rejections.push_back({i, fmt::format("{}: {}: malformed: {}", source, feature_label(f, i), e.what())});
    }
  }
  return list;
}

PlaceList read_places_file(const std::filesystem::path& path, const PlaceReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", path.string()));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error(fmt::format("{}: read error", path.string()));
  return parse_places(text, path.string(), options);
}

}  // namespace shikan
