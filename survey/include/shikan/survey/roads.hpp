// Road distances for the survey plan (issue 4, `shikan survey plan --roads FILE`; docs/survey.md, "Road
// distances"): the drivable OpenStreetMap ways of a file as a compact directed graph, points snapped onto it,
// directed road distances between all points, and the street polyline of each leg of the final tour.
// load_road_graph is the file edge (libosmium); everything else is pure. A RoadGraph is immutable: its const
// members may be used from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/units.hpp"
#include "shikan/survey/tour.hpp"

namespace shikan::survey {

// Progress of a long step: `stage` ("reading", "distances", "paths"), `done` of `total` units (bytes of the file
// for reading, points for distances, legs for paths). Called from worker threads, one call at a time.
using RoadProgress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

// A piece of road between two consecutive nodes of a way, with the directions a car may drive it.
struct RoadSegment {
  std::uint32_t a = 0, b = 0;  // node indices
  bool forward = true;         // a -> b allowed
  bool backward = true;        // b -> a allowed
};

// A directed arc of the graph.
struct RoadArc {
  std::uint32_t target = 0;  // node index
  float metres = 0;          // length; float keeps 1 mm below 16 km, and halves the graph's largest array
};

// A point projected onto the nearest road segment.
struct RoadSnap {
  std::uint32_t segment = 0;
  double t = 0;  // position along the segment, 0 = node a, 1 = node b
  GeoPoint pos{Latitude(0), Longitude(0)};  // the projected point, WGS-84
  double offset_m = 0;  // from the query point to pos, metres
};

// Nodes, segments, the directed arcs in CSR form (arcs leaving node v are contiguous) and a grid index of the
// segments for snapping. Lengths: WGS-84 ellipsoid, local (mid-latitude) formula; error below 1 mm for
// segments up to 2 km.
class RoadGraph {
 public:
  RoadGraph() = default;
  // `source`: what the graph was read from, named in messages; `missing_nodes`: references of drivable ways to
  // nodes the file lacked. Throws std::invalid_argument for a segment that names a node index out of range or
  // whose two ends are the same node.
  RoadGraph(std::string source, std::vector<GeoPoint> nodes, std::vector<RoadSegment> segments,
            std::size_t missing_nodes = 0);

  const std::string& source() const { return source_; }
  std::size_t missing_nodes() const { return missing_nodes_; }
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t segment_count() const { return segments_.size(); }
  std::size_t arc_count() const { return arcs_.size(); }
  const GeoPoint& node(std::uint32_t v) const { return nodes_[v]; }
  const RoadSegment& segment(std::uint32_t s) const { return segments_[s]; }
  double segment_m(std::uint32_t s) const { return segment_m_[s]; }
  std::span<const RoadArc> arcs(std::uint32_t v) const {
    return {arcs_.data() + first_arc_[v], arcs_.data() + first_arc_[v + 1]};
  }

  // The nearest point on any segment, if one lies within `search_m` metres (the search stops there).
  std::optional<RoadSnap> nearest(const GeoPoint& p, double search_m) const;

 private:
  std::string source_;
  std::size_t missing_nodes_ = 0;
  std::vector<GeoPoint> nodes_;
  std::vector<RoadSegment> segments_;
  std::vector<double> segment_m_;
  std::vector<std::uint32_t> first_arc_;  // node_count() + 1 offsets into arcs_
  std::vector<RoadArc> arcs_;
  // Grid index: cells of cell_lat_ x cell_lon_ degrees (about 250 m square at the graph's mid-latitude);
  // cell_key_ sorted, the segments of cell_key_[k] are cell_seg_[cell_first_[k] .. cell_first_[k+1]).
  double cell_lat_ = 0, cell_lon_ = 0, cell_min_m_ = 0;  // cell_min_m_: the narrowest cell side, metres
  std::int32_t cx_min_ = 0, cx_max_ = -1, cy_min_ = 0, cy_max_ = -1;
  std::vector<std::uint64_t> cell_key_;
  std::vector<std::uint32_t> cell_first_;
  std::vector<std::uint32_t> cell_seg_;

  void build_arcs();
  void build_grid();
};

// Reads the drivable ways of an OpenStreetMap file (.osm XML, .osm.pbf, .osm.gz, .osm.bz2; format from the
// name) into a graph: highway=motorway, trunk, primary, secondary, tertiary (and their _link forms),
// unclassified, residential, living_street, service, road; not when the most specific of motorcar,
// motor_vehicle, vehicle, access is no or private. oneway=yes|true|1 forward, -1|reverse backward, no|false|0
// both ways; without it, junction=roundabout|circular and highway=motorway are one way forward. Nodes must
// come before ways (as in every OSM export); a way's node whose location the file lacks splits the way there
// and is counted in missing_nodes(). Throws std::runtime_error "FILE:0: reason" for a missing
// file, a file libosmium cannot read, or one without drivable roads.
RoadGraph load_road_graph(const std::filesystem::path& file, const RoadProgress& progress = {});

// How a point of a road matrix is served.
enum class RoadAccess {
  Road,         // snapped, and reachable from and back to the reference point on the graph
  OffRoad,      // farther than max_snap_m from every road
  Unreachable,  // snapped, but the reference cannot reach it or it cannot get back (another component, oneway)
};

struct RoadMatrixOptions {
  double max_snap_m = 500;  // points farther than this from any road are OffRoad
  double detour = 1.3;      // legs touching a point that is not Road: geodesic metres times this
  unsigned threads = 2;     // Dijkstra workers
  RoadProgress progress;
};

// Directed distances between points, metres. The reference point is point 0 (the start) when it is on the
// graph, else the snapped point that most others can reach and be reached from.
struct RoadMatrix {
  std::size_t n = 0;
  std::vector<double> metres;  // n x n, row = from, column = to; zero diagonal; always finite
  std::vector<RoadAccess> access;
  std::vector<std::optional<RoadSnap>> snaps;  // where each point meets the road; empty when OffRoad
  std::vector<double> nearest_road_m;  // per point; infinity when no road within 50 km

  double at(std::size_t from, std::size_t to) const { return metres[from * n + to]; }
  bool road(std::size_t i) const { return access[i] == RoadAccess::Road; }
  // Mean of both directions, for the tour optimiser (which needs a symmetric matrix).
  DistanceMatrix symmetric() const;
};

// Snaps every point, runs one Dijkstra (binary heap, stopping when all points are settled) per snapped point on
// `threads` workers, and marks the points the reference cannot reach both ways. Road metres run between the
// snapped positions (the walk from a point to its road is not counted); pairs with a point that is not Road get
// the geodesic distance times `detour`.
RoadMatrix road_matrix(const RoadGraph& g, std::span<const GeoPoint> points, const RoadMatrixOptions& options = {});

// One leg of the tour: its length (from the matrix) and the polyline to draw, from points[from] to points[to]
// inclusive. Road legs: the point, its snapped position, the graph's nodes along the shortest path, the snapped
// target, the target; other legs: the two points.
struct RoadLeg {
  double metres = 0;
  std::vector<GeoPoint> path;
};

// The legs order[k-1] -> order[k] for k = 1 .. order.size()-1, each road leg searched point to point again
// (memory stays one graph-sized workspace per worker whatever the number of points).
std::vector<RoadLeg> road_legs(const RoadGraph& g, const RoadMatrix& m, std::span<const GeoPoint> points,
                               std::span<const std::size_t> order, const RoadMatrixOptions& options = {});

}  // namespace shikan::survey
