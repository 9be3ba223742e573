// A small planned town for the checklist and campaign tests: 30 sites of every type and operator (one with a
// hostile id and address), a hospital with an outline and a hole, a university as a circle, a station as a
// MultiPolygon. The plan is a census made with 2 h days, so there are several.
#pragma once

#include <string>
#include <vector>

#include "shikan/survey/plan.hpp"

namespace shikan::survey::test {

inline const std::string kHostileId = "<script>alert('x')</script>&\"";
inline const std::string kHostileAddress = std::string("文三路 \x01\xff 号 <b>");  // a control byte and invalid UTF-8

inline std::vector<ReportedSite> town_sites() {
  std::vector<ReportedSite> out;
  const char* ops[] = {"cmcc", "cucc", "ctcc", "mno_x"};
  const SiteType types[] = {SiteType::Macro, SiteType::Micro, SiteType::Indoor, SiteType::Pico};
  for (int i = 0; i < 30; ++i) {
    ReportedSite s;
    s.site_id = i == 7 ? kHostileId : std::string("XL-").append(std::to_string(100 + i));
    s.operator_text = ops[i % 4];
    if (const auto op = parse_site_operator(ops[i % 4])) s.op = op.value();  // "mno_x": Operator::Other
    s.pos = GeoPoint{Latitude(30.22 + 0.03 * ((i * 37) % 100) / 100.0), Longitude(120.13 + 0.035 * ((i * 61) % 100) / 100.0)};
    if (i % 5 != 4) s.type = types[i % 4];  // every fifth without a type
    s.address = i == 7 ? kHostileAddress : std::string("西陵路 ").append(std::to_string(i)).append(" 号");
    s.line = static_cast<std::size_t>(i + 2);
    out.push_back(s);
  }
  return out;
}

inline std::vector<GeoPoint> square(double lat, double lon, double half_deg) {
  return {GeoPoint{Latitude(lat - half_deg), Longitude(lon - half_deg)},
          GeoPoint{Latitude(lat - half_deg), Longitude(lon + half_deg)},
          GeoPoint{Latitude(lat + half_deg), Longitude(lon + half_deg)},
          GeoPoint{Latitude(lat + half_deg), Longitude(lon - half_deg)},
          GeoPoint{Latitude(lat - half_deg), Longitude(lon - half_deg)}};
}

inline std::vector<KeyPlace> town_places() {
  KeyPlace hospital;
  hospital.name = "西陵人民医院";
  hospital.category = PlaceCategory::Hospital;
  hospital.area.push_back(PlacePolygon{square(30.235, 120.145, 0.002), {square(30.235, 120.145, 0.0005)}});
  KeyPlace university;
  university.name = "西陵大学";
  university.category = PlaceCategory::University;
  university.circle = PlaceCircle{GeoPoint{Latitude(30.24), Longitude(120.155)}, Metres(400)};
  KeyPlace station;
  station.name = "西陵站";
  station.category = PlaceCategory::Station;
  station.area.push_back(PlacePolygon{square(30.228, 120.15, 0.001), {}});
  station.area.push_back(PlacePolygon{square(30.2285, 120.153, 0.0008), {}});
  return {hospital, university, station};
}

// 99 % and 1 % on 30 sites: a census, so the hostile site is always on the plan.
inline PlanOptions town_options() {
  PlanOptions o;
  o.schedule.hours_per_day = 2;
  o.sample.seed = 7;
  o.sample.confidence = 0.99;
  o.sample.tolerable_phantom = 0.01;
  return o;
}

inline Plan town_plan() { return make_plan(town_sites(), town_places(), town_options()); }

}  // namespace shikan::survey::test
