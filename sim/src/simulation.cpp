#include "shikan/sim/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

namespace shikan::sim {
namespace {

using nlohmann::json;

// Rounds to `decimals` places so the JSON number is the shortest decimal (12.2, not 12.200000000000001).
double round_to(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

json cell_json(const CellReport& r, const OperatorConfig& op) {
  const Cell& c = r.cell;
  json j;
  j["rat"] = c.is_nr() ? "NR" : "LTE";
  j["site"] = c.site_id;
  j["band"] = c.band.name();
  j["arfcn"] = c.arfcn;
  j["pci"] = c.pci;
  j["tac"] = c.tac;
  if (c.is_nr()) {
    j["nci"] = c.cell_id;
    j["gnb_id"] = c.node_id;
    j["gnb_id_length"] = op.gnb_id_length;
  } else {
    j["eci"] = c.cell_id;
    j["enb_id"] = c.node_id;
  }
  j["cell"] = c.local_id;
  j["rsrp_dbm"] = round_to(r.rsrp.value, 1);
  j["rsrq_db"] = round_to(r.rsrq.value, 1);
  j["sinr_db"] = round_to(r.sinr.value, 1);
  return j;
}

std::vector<Enu> to_enu(const LocalFrame& f, const std::vector<RoutePoint>& pts) {
  std::vector<Enu> out;
  for (const RoutePoint& p : pts) out.push_back(f.to_enu(p.pos));
  return out;
}

}  // namespace

CityBundle load_city(const std::filesystem::path& dir) {
  CityBundle b;
  b.dir = dir;
  const auto toml_path = dir / "city.toml";
  const std::string text = read_text_file(toml_path);
  b.config = parse_city_toml(text, toml_path.string());
  try {
    const toml::table t = toml::parse(text, toml_path.string());
    if (const toml::array* fa = t["faults"].as_array())
      for (const toml::node& n : *fa)
        if (auto s = n.value<std::string>()) b.config_faults.push_back(*s);
  } catch (const toml::parse_error&) {
    // already reported by parse_city_toml
  }
  const auto sites_path = dir / "sites.csv";
  b.sites = parse_sites_csv(read_text_file(sites_path), sites_path.string());
  const auto kp = dir / "keyplaces.csv";
  if (std::filesystem::exists(kp)) b.keyplaces = parse_keyplaces_csv(read_text_file(kp), kp.string());
  if (b.config.route.source == RouteSource::Gpx) use_route(b, dir / b.config.route.gpx);
  return b;
}

void use_route(CityBundle& city, const std::filesystem::path& gpx) {
  auto parsed = parse_gpx(read_text_file(gpx));
  if (!parsed) throw ConfigError(gpx.string() + ": " + parsed.error().reason);
  city.gpx = std::move(parsed.value());
  city.config.route.source = RouteSource::Gpx;
}

struct Simulation::Impl {
  CityBundle city;
  SimOptions opt;
  LocalFrame frame;
  std::vector<OperatorConfig> ops;
  std::map<std::string, NetMode> modes;
  std::optional<Trajectory> traj;
  std::optional<World> world;
  GnssModel gnss;
  std::vector<OperatorSnapshot> latest;
  std::vector<std::string> warnings;
  std::int64_t last_tick = -1;
  std::size_t cells = 0;

  Impl(const CityBundle& c, SimOptions o)
      : city(c), opt(std::move(o)), frame(c.config.centre), gnss(derive_seed(opt.seed, "gnss"), opt.gnss) {}
};

Simulation::Simulation(const CityBundle& city, SimOptions options) : impl_(std::make_unique<Impl>(city, std::move(options))) {
  Impl& m = *impl_;
  for (OperatorConfig o : m.city.config.operators) {
    if (auto f = m.opt.firmware.find(o.key); f != m.opt.firmware.end()) o.firmware = f->second;
    m.modes[o.key] = (o.mode == NetMode::Nsa || o.firmware == Firmware::Endc) ? NetMode::Nsa : NetMode::Sa;
    m.ops.push_back(o);
  }
  m.warnings = m.city.sites.errors;
  for (const std::string& e : m.city.keyplaces.errors) m.warnings.push_back(e);

  // Route and trajectory.
  Rng route_rng(m.opt.seed, "route");
  std::vector<Enu> pts;
  std::vector<std::int64_t> times;
  std::vector<bool> waypoints;
  if (!m.city.gpx.empty()) {
    pts = to_enu(m.frame, m.city.gpx);
    for (const RoutePoint& p : m.city.gpx) waypoints.push_back(p.waypoint);
    const bool timed = std::all_of(m.city.gpx.begin(), m.city.gpx.end(), [](const RoutePoint& p) { return p.time.has_value(); });
    if (timed)
      for (const RoutePoint& p : m.city.gpx) times.push_back(std::max<std::int64_t>(times.empty() ? 0 : times.back(), p.time->ms - m.city.gpx.front().time->ms));
  } else {
    std::vector<Enu> targets;
    if (m.city.config.route.visit_keyplaces)
      for (const KeyPlace& k : m.city.keyplaces.places) targets.push_back(m.frame.to_enu(k.pos));
    // At least 3 h of route whatever the duration, so a shorter run is a prefix of a longer one.
    const double seconds = static_cast<double>(std::max<std::int64_t>(m.opt.duration_ms.value_or(0), 3 * 3600 * 1000)) / 1000.0;
    pts = generate_grid_route(m.city.config.route, targets, Metres(seconds * m.opt.drive.max_kmh / 3.6), route_rng);
  }
  m.traj = times.empty() ? Trajectory::drive(pts, m.opt.drive, route_rng, waypoints) : Trajectory::timed(pts, times);

  // The world covers the route's bounding box plus 500 m.
  Enu lo{1e18, 1e18}, hi{-1e18, -1e18};
  for (const Enu& p : pts) {
    lo = Enu{std::min(lo.east_m, p.east_m), std::min(lo.north_m, p.north_m)};
    hi = Enu{std::max(hi.east_m, p.east_m), std::max(hi.north_m, p.north_m)};
  }
  lo = Enu{lo.east_m - 500, lo.north_m - 500};
  hi = Enu{hi.east_m + 500, hi.north_m + 500};
  CellPlan plan = plan_cells(m.city.config, m.city.sites, m.frame, (m.city.dir / "sites.csv").string());
  for (const std::string& e : plan.errors) m.warnings.push_back(e);
  for (const auto& [k, v] : plan.nr) m.cells += v.size();
  for (const auto& [k, v] : plan.lte) m.cells += v.size();
  m.world.emplace(m.city.config, std::move(plan), lo, hi, m.opt.world, derive_seed(m.opt.seed, "world"), m.modes);
}

Simulation::~Simulation() = default;

std::int64_t Simulation::end_ms() const {
  const std::int64_t route = impl_->traj->duration_ms();
  return impl_->opt.duration_ms ? std::min(*impl_->opt.duration_ms, route) : route;
}
int Simulation::nmea_period_ms() const { return impl_->opt.nmea_period_ms; }
UtcTime Simulation::utc(std::int64_t t_ms) const { return UtcTime{impl_->city.config.start.ms + t_ms}; }
const std::vector<OperatorConfig>& Simulation::operators() const { return impl_->ops; }
NetMode Simulation::mode_of(const std::string& op) const { return impl_->modes.at(op); }
const std::vector<Fault>& Simulation::faults() const { return impl_->opt.faults; }
const std::vector<std::string>& Simulation::warnings() const { return impl_->warnings; }
GeoPoint Simulation::true_position(std::int64_t t_ms) const { return impl_->frame.to_geo(impl_->traj->position(t_ms)); }
Metres Simulation::distance_to(const Cell& cell, std::int64_t t_ms) const {
  const double horizontal = sim::distance_m(impl_->traj->position(t_ms), cell.pos);
  return Metres(std::hypot(horizontal, impl_->opt.world.site_height_m - impl_->opt.world.ue_height_m));
}
double Simulation::km_driven(std::int64_t t_ms) const { return impl_->traj->distance_m(t_ms) / 1000.0; }

const OperatorSnapshot* Simulation::snapshot(const std::string& op) const {
  for (const OperatorSnapshot& s : impl_->latest)
    if (s.key == op) return &s;
  return nullptr;
}

bool Simulation::qeng_error(const std::string& op, std::int64_t t_ms) const {
  return std::any_of(impl_->opt.faults.begin(), impl_->opt.faults.end(),
                     [&](const Fault& f) { return f.kind == FaultKind::Error && f.device == op && f.active(t_ms); });
}

bool Simulation::gnss_muted(std::int64_t t_ms) const {
  return std::any_of(impl_->opt.faults.begin(), impl_->opt.faults.end(),
                     [&](const Fault& f) { return f.kind == FaultKind::Mute && f.active(t_ms); });
}

bool Simulation::tunnel(std::int64_t t_ms) const {
  return std::any_of(impl_->opt.faults.begin(), impl_->opt.faults.end(),
                     [&](const Fault& f) { return f.kind == FaultKind::Tunnel && f.active(t_ms); });
}

std::vector<GeoPoint> Simulation::route_points() const {
  std::vector<GeoPoint> out;
  const std::int64_t end = impl_->traj->duration_ms();
  for (std::int64_t t = 0; t <= end; t += 5000) out.push_back(true_position(t));
  return out;
}

std::string Simulation::meta_line() const {
  const Impl& m = *impl_;
  json j;
  j["kind"] = "meta";
  j["city"] = m.city.config.name;
  j["seed"] = m.opt.seed;
  j["start_utc"] = to_iso8601(m.city.config.start);
  j["duration_s"] = static_cast<double>(end_ms()) / 1000.0;
  j["nmea_period_ms"] = m.opt.nmea_period_ms;
  j["route_km"] = round_to(m.traj->length_m() / 1000.0, 3);
  j["sites"] = m.city.sites.sites.size();
  j["cells"] = m.cells;
  j["rejected_rows"] = m.warnings;
  json ops = json::array();
  for (const OperatorConfig& o : m.ops)
    ops.push_back({{"key", o.key}, {"plmn", o.plmn.str()}, {"mode", to_string(m.modes.at(o.key))}, {"firmware", to_string(o.firmware)},
                   {"gnb_id_length", o.gnb_id_length}});
  j["operators"] = ops;
  json faults = json::array();
  for (const Fault& f : m.opt.faults)
    faults.push_back({{"fault", to_string(f.kind)}, {"device", f.device}, {"at_s", static_cast<double>(f.at_ms) / 1000.0},
                      {"duration_s", static_cast<double>(f.duration_ms) / 1000.0}});
  j["faults"] = faults;
  return j.dump();
}

Tick Simulation::tick(std::int64_t t_ms) {
  Impl& m = *impl_;
  Tick out;
  out.t_ms = t_ms;
  const UtcTime now = utc(t_ms);
  for (const Fault& f : m.opt.faults) {
    const bool starts = f.at_ms > m.last_tick && f.at_ms <= t_ms;
    const std::int64_t end = f.at_ms + f.duration_ms;
    const bool ends = f.duration_ms > 0 && end > m.last_tick && end <= t_ms;
    for (bool start : {true, false}) {
      if (start ? !starts : !ends) continue;
      out.edges.push_back(FaultEdge{f, start});
      json j{{"kind", "fault"}, {"utc", to_iso8601(utc(start ? f.at_ms : end))}, {"t_s", static_cast<double>(start ? f.at_ms : end) / 1000.0},
             {"fault", to_string(f.kind)}, {"device", f.device}, {"phase", f.duration_ms == 0 ? "instant" : start ? "start" : "end"},
             {"duration_s", static_cast<double>(f.duration_ms) / 1000.0}};
      out.truth.push_back(j.dump());
    }
  }
  m.last_tick = t_ms;

  const Enu pos = m.traj->position(t_ms);
  const GeoPoint geo = m.frame.to_geo(pos);
  const double speed = m.traj->speed_mps(t_ms);
  const double course = m.traj->course_deg(t_ms);
  const GnssEpoch ep = m.gnss.epoch(now, geo, m.city.config.altitude.value + 1.5, speed, course, tunnel(t_ms));
  // A muted receiver still runs (its error model advances) but nothing reaches the port.
  if (!gnss_muted(t_ms)) out.nmea = format_nmea_epoch(ep);
  out.gnss = ep;
  if (t_ms % 1000 != 0) return out;

  out.stepped = true;
  m.latest = m.world->step(pos);
  json j;
  j["kind"] = "state";
  j["utc"] = to_iso8601(now);
  j["t_s"] = t_ms / 1000;
  j["true"] = {{"lat", round_to(geo.lat.degrees(), 7)}, {"lon", round_to(geo.lon.degrees(), 7)}};
  j["speed_mps"] = round_to(speed, 2);
  j["course_deg"] = round_to(course, 1);
  j["km"] = round_to(km_driven(t_ms), 3);
  json g{{"fix", ep.fix}, {"sats", ep.sats_used()}};
  if (ep.fix) {
    g["lat"] = round_to(ep.pos.lat.degrees(), 7);
    g["lon"] = round_to(ep.pos.lon.degrees(), 7);
    g["hdop"] = ep.hdop;
  }
  j["gnss"] = g;
  json ops = json::object();
  for (std::size_t i = 0; i < m.latest.size(); ++i) {
    const OperatorSnapshot& s = m.latest[i];
    const OperatorConfig& oc = m.ops[i];
    json o{{"plmn", oc.plmn.str()}, {"mode", to_string(s.mode)}, {"rat", to_string(s.rat)}};
    o["serving"] = s.serving ? cell_json(*s.serving, oc) : json(nullptr);
    o["nr_leg"] = s.nr_leg ? cell_json(*s.nr_leg, oc) : json(nullptr);
    json n = json::array();
    for (const CellReport& c : s.neighbours) n.push_back(cell_json(c, oc));
    o["neighbours"] = n;
    o["qeng_error"] = qeng_error(s.key, t_ms);
    ops[s.key] = o;
  }
  j["ops"] = ops;
  out.truth.push_back(j.dump());
  return out;
}

}  // namespace shikan::sim
