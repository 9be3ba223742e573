// load_road_graph: the file edge of the road graph. libosmium reads the file (XML with expat; PBF with its blob
// compression) in one pass: NodeLocationsForWays keeps every node's location in a flex_mem index (sparse or
// dense by the ids' density; about 16 bytes per node of the file) and hands them to the ways; the drivable
// ways become segments between OSM node ids, which are then numbered compactly.
#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include "shikan/survey/roads.hpp"

namespace shikan::survey {
namespace {

bool is_one_of(const char* v, std::initializer_list<const char*> values) {
  if (v == nullptr) return false;
  return std::any_of(values.begin(), values.end(), [v](const char* x) { return std::strcmp(v, x) == 0; });
}

// Roads a car may use (OSM wiki, Key:highway). Paths, tracks, footways, steps, bridleways, cycleways,
// pedestrian areas and roads under construction or only proposed are left out.
bool drivable_class(const char* highway) {
  return is_one_of(highway, {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
                             "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
                             "residential", "living_street", "service", "road"});
}

// Access for a car: the most specific tag present decides (motorcar > motor_vehicle > vehicle > access, the
// OSM access hierarchy); no and private close the way.
bool car_allowed(const osmium::TagList& tags) {
  for (const char* key : {"motorcar", "motor_vehicle", "vehicle", "access"})
    if (const char* v = tags[key]) return !is_one_of(v, {"no", "private"});
  return true;
}

struct Direction {
  bool forward = true, backward = true;
};

// oneway=yes|true|1: along the way; -1|reverse: against it; no|false|0: both (also over implied oneway).
// Implied oneway without the tag: roundabouts and motorways. reversible/alternating change direction by
// the hour; for a plan they are treated as two-way.
Direction direction_of(const osmium::TagList& tags, const char* highway) {
  const char* ow = tags["oneway"];
  if (is_one_of(ow, {"yes", "true", "1"})) return {true, false};
  if (is_one_of(ow, {"-1", "reverse"})) return {false, true};
  if (ow != nullptr) return {};
  if (is_one_of(tags["junction"], {"roundabout", "circular"}) || std::strcmp(highway, "motorway") == 0) return {true, false};
  return {};
}

struct RawSegment {
  osmium::object_id_type a = 0, b = 0;
  Direction dir;
};

class WayCollector : public osmium::handler::Handler {
 public:
  void way(const osmium::Way& w) {
    const char* highway = w.tags()["highway"];
    if (!drivable_class(highway) || !car_allowed(w.tags())) return;
    const Direction dir = direction_of(w.tags(), highway);
    const osmium::NodeRef* prev = nullptr;
    for (const osmium::NodeRef& r : w.nodes()) {
      if (!r.location().valid()) {  // not in the file (a cut extract): the way breaks here
        ++missing;
        prev = nullptr;
        continue;
      }
      nodes.emplace_back(r.ref(), r.location());
      if (prev != nullptr && prev->ref() != r.ref()) segments.push_back({prev->ref(), r.ref(), dir});
      prev = &r;
    }
  }
  std::vector<std::pair<osmium::object_id_type, osmium::Location>> nodes;  // every use; sorted and made unique later
  std::vector<RawSegment> segments;
  std::size_t missing = 0;  // node references without a location
};

RoadGraph build(const std::string& source, WayCollector& c) {
  std::sort(c.nodes.begin(), c.nodes.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  c.nodes.erase(std::unique(c.nodes.begin(), c.nodes.end(), [](const auto& x, const auto& y) { return x.first == y.first; }),
                c.nodes.end());
  std::vector<GeoPoint> nodes;
  nodes.reserve(c.nodes.size());
  for (const auto& [id, loc] : c.nodes) nodes.push_back(GeoPoint{Latitude(loc.lat()), Longitude(loc.lon())});
  const auto index_of = [&](osmium::object_id_type id) {
    const auto it = std::lower_bound(c.nodes.begin(), c.nodes.end(), id, [](const auto& x, auto v) { return x.first < v; });
    return static_cast<std::uint32_t>(it - c.nodes.begin());
  };
  std::vector<RoadSegment> segments;
  segments.reserve(c.segments.size());
  for (const RawSegment& s : c.segments) segments.push_back({index_of(s.a), index_of(s.b), s.dir.forward, s.dir.backward});
  const std::size_t missing = c.missing;
  c = WayCollector{};  // free the raw lists before the graph builds its arrays
  return RoadGraph(source, std::move(nodes), std::move(segments), missing);
}

}  // namespace

RoadGraph load_road_graph(const std::filesystem::path& file, const RoadProgress& progress) {
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw std::runtime_error(name + ":0: cannot open: no such file");
  using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
  WayCollector ways;
  try {
    osmium::io::Reader reader{osmium::io::File{name}, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way,
                              osmium::io::read_meta::no};
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations{index};
    locations.ignore_errors();  // a way's node missing from the file is an invalid location, handled per way
    std::size_t reported = 0;
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, ways);
      // About 10 reports per file.
      if (progress && reader.file_size() > 0 && reader.offset() >= reported + reader.file_size() / 10) {
        reported = reader.offset();
        progress("reading", reported, reader.file_size());
      }
    }
    reader.close();
  } catch (const std::exception& e) {
    throw std::runtime_error(name + ":0: not a readable OpenStreetMap file: " + e.what());
  }
  if (ways.segments.empty())
    throw std::runtime_error(name + ":0: no drivable roads (highway=motorway … residential, service, road)");
  return build(file.filename().string(), ways);
}

}  // namespace shikan::survey
