// campaign.json writer (campaign.hpp). Written by hand rather than through nlohmann so that a stop is one line
// (a probe error "campaign.json:14: stops[11].lat" then points at the stop) and positions stay [lon, lat] pairs.
#include "shikan/survey/campaign.hpp"

#include "shikan/core/campaign.hpp"
#include "shikan/core/markup.hpp"

namespace shikan::survey {
namespace {

using markup::fixed;
using markup::json_string;

std::string coord(const GeoPoint& p) {
  return std::string("[").append(fixed(p.lon.degrees(), 7)).append(", ").append(fixed(p.lat.degrees(), 7)).append("]");
}

std::string rings(const PlacePolygon& poly) {
  std::string out = "[";
  const auto ring = [&](const std::vector<GeoPoint>& r) {
    if (out.size() > 1) out += ", ";
    out += '[';
    for (std::size_t i = 0; i < r.size(); ++i) out.append(i ? ", " : "").append(coord(r[i]));
    out += ']';
  };
  ring(poly.outer);
  for (const auto& hole : poly.holes) ring(hole);
  return out + "]";
}

std::string circle(Metres r) {
  return std::string(R"({"type": "circle", "radius_m": )").append(fixed(r.value, 1)).append("}");
}

// The reader requires an operator / category: a stop without either says so rather than breaking the file.
std::string or_unknown(std::string s) { return s.empty() ? std::string("unknown") : s; }

std::string geofence(const Stop& stop, const StopOrigin* origin) {
  if (stop.kind == StopKind::Site)
    return circle(site_geofence_radius(origin && origin->site ? origin->site->type : std::nullopt));
  if (!origin || !origin->place) return circle(kPlaceGeofenceDefault);
  const KeyPlace& p = *origin->place;
  if (p.area.size() == 1) return std::string(R"({"type": "polygon", "rings": )").append(rings(p.area[0])).append("}");
  if (p.area.size() > 1) {
    std::string out = R"({"type": "multipolygon", "polygons": [)";
    for (std::size_t i = 0; i < p.area.size(); ++i) out.append(i ? ", " : "").append(rings(p.area[i]));
    return out + "]}";
  }
  return circle(p.circle ? p.circle->radius : kPlaceGeofenceDefault);
}

}  // namespace

Metres site_geofence_radius(std::optional<SiteType> type) {
  if (!type) return kDecideRadiusMacro;
  switch (*type) {
    case SiteType::Macro: return kDecideRadiusMacro;
    case SiteType::Micro:
    case SiteType::Pico:
    case SiteType::Indoor: return kDecideRadiusMicro;
  }
  return kDecideRadiusMacro;
}

std::string campaign_json(const Plan& plan, std::uint64_t seed, const std::string& plan_sha256,
                          const std::string& title) {
  std::string out = "{\n";
  out.append(R"(  "schema": )").append(json_string(kCampaignSchema)).append(",\n");
  out.append(R"(  "title": )").append(json_string(title)).append(",\n");
  out.append(R"(  "plan_sha256": )").append(json_string(plan_sha256)).append(",\n");
  out.append(R"(  "seed": )").append(std::to_string(seed)).append(",\n");
  out.append(R"(  "stops": [)");
  bool first = true;
  for (const DayRoute& day : plan.days)
    for (const Stop& s : day.stops) {
      const auto k = static_cast<std::size_t>(s.order - 1);
      const StopOrigin* origin = s.order >= 1 && k < plan.origins.size() ? &plan.origins[k] : nullptr;
      out.append(first ? "\n    {" : ",\n    {");
      first = false;
      out.append(R"("order": )").append(std::to_string(s.order));
      out.append(R"(, "day": )").append(std::to_string(s.day));
      if (s.kind == StopKind::Site) {
        out.append(R"(, "kind": "site", "id": )").append(json_string(s.id));
        out.append(R"(, "operator": )").append(json_string(or_unknown(s.op)));
      } else {
        out.append(R"(, "kind": "place", "id": )").append(json_string(s.id));
        out.append(R"(, "category": )")
            .append(json_string(origin && origin->place ? std::string(to_string(origin->place->category)) : or_unknown(s.detail)));
      }
      out.append(R"(, "name": )").append(json_string(s.name));
      out.append(R"(, "lat": )").append(fixed(s.pos.lat.degrees(), 7));
      out.append(R"(, "lon": )").append(fixed(s.pos.lon.degrees(), 7));
      out.append(R"(, "geofence": )").append(geofence(s, origin)).append("}");
    }
  out.append("\n  ]\n}\n");
  return out;
}

}  // namespace shikan::survey
