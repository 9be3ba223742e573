#include "shikan/sim/route.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace shikan::sim {
namespace {

int line_of(std::string_view xml, std::size_t pos) {
  return 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// Value of attribute `name` inside the tag text `tag` (between '<' and '>').
std::optional<double> attr(std::string_view tag, std::string_view name) {
  std::size_t p = 0;
  while ((p = tag.find(name, p)) != std::string_view::npos) {
    const bool word_start = p > 0 && (tag[p - 1] == ' ' || tag[p - 1] == '\t' || tag[p - 1] == '\n' || tag[p - 1] == '\r');
    std::size_t q = p + name.size();
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (!word_start || q >= tag.size() || tag[q] != '=') {
      p += name.size();
      continue;
    }
    ++q;
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\'')) return std::nullopt;
    const char quote = tag[q];
    const auto end = tag.find(quote, q + 1);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view v = tag.substr(q + 1, end - q - 1);
    double d = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc{} || ptr != v.data() + v.size()) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

}  // namespace

Parsed<std::vector<RoutePoint>> parse_gpx(std::string_view xml) {
  if (xml.find("<gpx") == std::string_view::npos) return parse_error("not a GPX document (no <gpx> element)");
  // A track is the path driven; route points are only the turns of a planned route. A file with both (a
  // survey plan's route.gpx) is driven along its tracks.
  std::vector<RoutePoint> trk, rte;
  std::vector<GeoPoint> wpts;
  std::size_t p = 0;
  while ((p = xml.find('<', p)) != std::string_view::npos) {
    const std::string_view rest = xml.substr(p + 1);
    if (rest.starts_with("wpt ")) {
      const auto close = xml.find('>', p);
      const auto lat = attr(xml.substr(p, close - p), "lat"), lon = attr(xml.substr(p, close - p), "lon");
      if (close == std::string_view::npos || !lat || !lon)
        return parse_error("line " + std::to_string(line_of(xml, p)) + ": waypoint without valid lat/lon");
      wpts.push_back(GeoPoint{Latitude(*lat), Longitude(*lon)});
    }
    const bool is_pt = rest.starts_with("trkpt") || rest.starts_with("rtept");
    if (!is_pt || (rest.size() > 5 && rest[5] != ' ' && rest[5] != '\t' && rest[5] != '\n' && rest[5] != '\r')) {
      ++p;
      continue;
    }
    const auto close = xml.find('>', p);
    if (close == std::string_view::npos) return parse_error("line " + std::to_string(line_of(xml, p)) + ": unterminated point tag");
    const std::string_view tag = xml.substr(p, close - p + 1);
    const auto lat = attr(tag, "lat");
    const auto lon = attr(tag, "lon");
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
      return parse_error("line " + std::to_string(line_of(xml, p)) + ": point without valid lat/lon");
    RoutePoint rp{GeoPoint{Latitude(*lat), Longitude(*lon)}, std::nullopt};
    if (tag[tag.size() - 2] != '/') {
      const std::string_view kind = rest.substr(0, 5);
      const auto end = xml.find("</" + std::string(kind), close);
      if (end == std::string_view::npos) return parse_error("line " + std::to_string(line_of(xml, p)) + ": point not closed");
      const std::string_view body = xml.substr(close + 1, end - close - 1);
      const auto t0 = body.find("<time>");
      const auto t1 = body.find("</time>");
      if (t0 != std::string_view::npos && t1 != std::string_view::npos && t1 > t0) {
        const auto t = parse_iso8601(body.substr(t0 + 6, t1 - t0 - 6));
        if (!t) return parse_error("line " + std::to_string(line_of(xml, p)) + ": bad <time>");
        rp.time = *t;
      }
      p = end;
    } else {
      p = close;
    }
    (rest.starts_with("trkpt") ? trk : rte).push_back(rp);
  }
  if (trk.empty() && rte.empty()) return parse_error("GPX has no <trkpt> or <rtept> points");
  std::vector<RoutePoint>& pts = trk.empty() ? rte : trk;
  for (RoutePoint& rp : pts)
    for (const GeoPoint& w : wpts)
      if (std::fabs(w.lat.degrees() - rp.pos.lat.degrees()) < 1e-5 && std::fabs(w.lon.degrees() - rp.pos.lon.degrees()) < 1e-5)
        rp.waypoint = true;
  return pts;
}

std::string to_gpx(const std::vector<GeoPoint>& points, std::string_view name) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gpx version=\"1.1\" creator=\"shikan sim\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
      "  <trk><name>" + std::string(name) + "</name><trkseg>\n";
  char buf[96];
  for (const GeoPoint& g : points) {
    std::snprintf(buf, sizeof buf, "    <trkpt lat=\"%.7f\" lon=\"%.7f\"/>\n", g.lat.degrees(), g.lon.degrees());
    out += buf;
  }
  out += "  </trkseg></trk>\n</gpx>\n";
  return out;
}

std::vector<Enu> generate_grid_route(const RouteConfig& cfg, const std::vector<Enu>& targets, Metres min_length, Rng& rng) {
  const double b = cfg.block.value;
  const int n = static_cast<int>(cfg.extent.value / b);
  auto node_of = [&](const Enu& e) {
    return std::pair{std::clamp(static_cast<int>(std::lround(e.east_m / b)), -n, n),
                     std::clamp(static_cast<int>(std::lround(e.north_m / b)), -n, n)};
  };
  std::vector<std::pair<int, int>> goals;
  for (const Enu& t : targets) goals.push_back(node_of(t));
  // Seeded visiting order (Fisher-Yates), repeated as a cycle.
  for (std::size_t i = goals.size(); i > 1; --i) std::swap(goals[i - 1], goals[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);

  std::vector<Enu> route{Enu{0, 0}};
  int x = 0, y = 0, last_dir = -1;
  double length = 0;
  std::size_t gi = 0;
  while (length < min_length.value) {
    std::pair<int, int> goal = goals.empty() ? std::pair{rng.uniform_int(-n, n), rng.uniform_int(-n, n)} : goals[gi++ % goals.size()];
    if (goal == std::pair{x, y}) goal = {std::clamp(x + rng.uniform_int(-3, 3), -n, n), std::clamp(y + rng.uniform_int(-3, 3), -n, n)};
    while (std::pair{x, y} != goal && length < min_length.value) {
      const int dx = goal.first - x, dy = goal.second - y;
      // Staircase: keep the current direction with probability 0.7 while it still leads to the goal.
      const bool can_x = dx != 0, can_y = dy != 0;
      bool move_x = can_x && (!can_y || (last_dir == 0 ? rng.chance(0.7) : rng.chance(0.3)));
      if (!can_x) move_x = false;
      if (move_x) x += dx > 0 ? 1 : -1;
      else y += dy > 0 ? 1 : -1;
      last_dir = move_x ? 0 : 1;
      route.push_back(Enu{x * b, y * b});
      length += b;
    }
  }
  return route;
}

Trajectory::Trajectory(std::vector<Enu> pts, std::vector<double> dist_per_s) : pts_(std::move(pts)), dist_per_s_(std::move(dist_per_s)) {
  cum_.resize(pts_.size(), 0.0);
  for (std::size_t i = 1; i < pts_.size(); ++i) cum_[i] = cum_[i - 1] + sim::distance_m(pts_[i - 1], pts_[i]);
  if (dist_per_s_.empty()) dist_per_s_.push_back(0.0);
}

Trajectory Trajectory::drive(std::vector<Enu> points, const DriveProfile& prof, Rng& rng, const std::vector<bool>& waypoints) {
  if (points.size() < 2) return Trajectory(std::move(points), {0.0});
  const std::size_t nv = points.size();
  // Per vertex: speed allowed through it (m/s) and the stop time there (s).
  std::vector<double> vmax(nv, 1e9), stop_s(nv, 0.0), cum(nv, 0.0), cruise(nv, 0.0);
  double street_speed = rng.uniform(prof.min_kmh, prof.max_kmh) / 3.6;
  for (std::size_t i = 1; i < nv; ++i) cum[i] = cum[i - 1] + sim::distance_m(points[i - 1], points[i]);
  for (std::size_t i = 1; i + 1 < nv; ++i) {
    double turn = std::fabs(bearing_deg(points[i - 1], points[i]) - bearing_deg(points[i], points[i + 1]));
    turn = std::min(turn, 360.0 - turn);
    if (turn > 30) {
      vmax[i] = prof.turn_kmh / 3.6;
      street_speed = rng.uniform(prof.min_kmh, prof.max_kmh) / 3.6;  // a new street, a new pace
    }
    cruise[i] = street_speed;
    if (rng.chance(prof.stop_probability)) {
      vmax[i] = 0.0;
      stop_s[i] = rng.uniform(prof.min_stop_s, prof.max_stop_s);
    }
  }
  cruise[0] = cruise.size() > 1 ? cruise[1] : street_speed;
  vmax[nv - 1] = 0.0;
  for (std::size_t i = 1; i < std::min(nv, waypoints.size()); ++i)
    if (waypoints[i] && prof.waypoint_dwell_s > 0) vmax[i] = 0.0, stop_s[i] = std::max(stop_s[i], prof.waypoint_dwell_s);

  constexpr double dt = 0.1;  // s, integration step
  std::vector<double> per_s{0.0};
  double d = 0, v = 0, t = 0, waiting = 0;
  std::size_t next = 1;  // index of the next vertex ahead
  while (next < nv) {
    if (waiting > 0) {
      waiting -= dt;
    } else {
      // Fastest speed that still lets us brake to each upcoming vertex's limit (look 4 vertices ahead).
      double allowed = cruise[next - 1];
      for (std::size_t k = next; k < std::min(nv, next + 4); ++k)
        allowed = std::min(allowed, std::sqrt(vmax[k] * vmax[k] + 2 * prof.decel_mps2 * std::max(0.0, cum[k] - d)));
      v = allowed > v ? std::min(allowed, v + prof.accel_mps2 * dt) : std::max(allowed, v - prof.decel_mps2 * dt);
      if (v < 0.3 && vmax[next] == 0.0 && cum[next] - d < 2.0) v = 0;  // creep the last metres, then stand
      d += std::max(v, cum[next] - d < 2.0 ? 0.5 : 0.0) * dt;
      if (d >= cum[next]) {
        d = cum[next];
        waiting = stop_s[next];
        if (stop_s[next] > 0) v = 0;
        ++next;
      }
    }
    t += dt;
    if (t + 1e-9 >= static_cast<double>(per_s.size())) per_s.push_back(d);
  }
  for (double w = waiting; w > 0; w -= 1.0) per_s.push_back(d);  // the visit at the last point
  return Trajectory(std::move(points), std::move(per_s));
}

Trajectory Trajectory::timed(std::vector<Enu> points, const std::vector<std::int64_t>& times_ms) {
  std::vector<double> cum(points.size(), 0.0);
  for (std::size_t i = 1; i < points.size(); ++i) cum[i] = cum[i - 1] + sim::distance_m(points[i - 1], points[i]);
  std::vector<double> per_s;
  const std::int64_t end = times_ms.empty() ? 0 : times_ms.back();
  std::size_t k = 0;
  for (std::int64_t t = 0; t <= end; t += 1000) {
    while (k + 1 < times_ms.size() && times_ms[k + 1] <= t) ++k;
    if (k + 1 >= times_ms.size()) {
      per_s.push_back(cum.back());
      continue;
    }
    const double span = static_cast<double>(times_ms[k + 1] - times_ms[k]);
    const double f = span > 0 ? static_cast<double>(t - times_ms[k]) / span : 1.0;
    per_s.push_back(cum[k] + f * (cum[k + 1] - cum[k]));
  }
  return Trajectory(std::move(points), std::move(per_s));
}

std::int64_t Trajectory::duration_ms() const { return static_cast<std::int64_t>(dist_per_s_.size() - 1) * 1000; }

double Trajectory::distance_m(std::int64_t t_ms) const {
  if (t_ms <= 0) return dist_per_s_.front();
  const auto s = static_cast<std::size_t>(t_ms / 1000);
  if (s + 1 >= dist_per_s_.size()) return dist_per_s_.back();
  const double f = static_cast<double>(t_ms % 1000) / 1000.0;
  return dist_per_s_[s] + f * (dist_per_s_[s + 1] - dist_per_s_[s]);
}

double Trajectory::speed_mps(std::int64_t t_ms) const {
  const auto s = static_cast<std::size_t>(std::max<std::int64_t>(0, t_ms) / 1000);
  if (s + 1 >= dist_per_s_.size()) return 0.0;
  return dist_per_s_[s + 1] - dist_per_s_[s];
}

std::size_t Trajectory::segment_at(double d) const {
  const auto it = std::upper_bound(cum_.begin(), cum_.end(), d);
  const auto i = static_cast<std::size_t>(std::distance(cum_.begin(), it));
  return std::clamp<std::size_t>(i, 1, pts_.size() - 1) - 1;
}

Enu Trajectory::position(std::int64_t t_ms) const {
  if (pts_.empty()) return {};
  if (pts_.size() == 1) return pts_[0];
  const double d = distance_m(t_ms);
  const std::size_t i = segment_at(d);
  const double len = cum_[i + 1] - cum_[i];
  const double f = len > 0 ? std::clamp((d - cum_[i]) / len, 0.0, 1.0) : 0.0;
  return Enu{pts_[i].east_m + f * (pts_[i + 1].east_m - pts_[i].east_m), pts_[i].north_m + f * (pts_[i + 1].north_m - pts_[i].north_m)};
}

double Trajectory::course_deg(std::int64_t t_ms) const {
  if (pts_.size() < 2) return 0.0;
  std::size_t i = segment_at(distance_m(t_ms));
  while (i + 1 < pts_.size() && sim::distance_m(pts_[i], pts_[i + 1]) < 1e-6) ++i;
  if (i + 1 >= pts_.size()) i = pts_.size() - 2;
  return bearing_deg(pts_[i], pts_[i + 1]);
}

}  // namespace shikan::sim
