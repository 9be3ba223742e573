#include "shikan/sim/rig.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <csignal>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rig_setup.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/modem.hpp"
#include "shikan/sim/pty.hpp"
#include "shikan/sim/random.hpp"
#include "shikan/sim/sim_clock.hpp"
#include "shikan/sim/simulation.hpp"

namespace shikan::sim {
namespace {

namespace asio = boost::asio;
using Steady = std::chrono::steady_clock;

std::string toml_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

// Random high bytes (never valid UTF-8 on their own) followed by a truncated line.
std::string garbage_bytes(Rng& rng, bool gnss) {
  std::string g;
  const int n = rng.uniform_int(16, 64);
  for (int i = 0; i < n; ++i) g += static_cast<char>(rng.uniform_int(0x80, 0xFF));
  const std::string half = gnss ? "$GNGGA,0123" : "+QENG: \"servingcell\",\"NOC";
  g += half.substr(0, static_cast<std::size_t>(rng.uniform_int(3, static_cast<int>(half.size()))));
  return g;
}

// One emulated modem: its core, its pty, and output paced by response latency.
struct ModemDevice {
  std::string id;
  ModemCore core;
  std::unique_ptr<PtyPort> port;
  std::unique_ptr<asio::steady_timer> timer;
  std::deque<std::pair<Steady::time_point, std::string>> pending;
  std::optional<OperatorSnapshot> last;  // for registration URCs
  Rng latency, urc;
  std::int64_t next_csq_ms = 0;          // simulated time of the next +QIND: "csq"

  ModemDevice(std::string i, ModemSetup setup, std::uint64_t seed)
      : id(std::move(i)), core(std::move(setup)), latency(seed, "modem/latency/" + id), urc(seed, "modem/urc/" + id) {
    next_csq_ms = urc.uniform_int(20, 120) * 1000;
  }

  void send(std::string bytes, Steady::duration delay) {
    if (bytes.empty() || !port->is_open()) return;
    Steady::time_point due = Steady::now() + delay;
    if (!pending.empty() && pending.back().first > due) due = pending.back().first;
    pending.emplace_back(due, std::move(bytes));
    if (pending.size() == 1) arm();
  }
  void arm() {
    timer->expires_at(pending.front().first);
    timer->async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      while (!pending.empty() && pending.front().first <= Steady::now()) {
        port->write(std::move(pending.front().second));
        pending.pop_front();
      }
      if (!pending.empty()) arm();
    });
  }
  void unplug() {
    timer->cancel();
    pending.clear();
    port->close();
    core.reset();
  }
};

class Rig {
 public:
  Rig(const RigOptions& o, std::ostream& out, std::ostream& err) : opt_(o), out_(out), err_(err), garbage_(o.seed, "faults/garbage") {}

  int run() {
    CityBundle city = load_city(opt_.city_dir);
    if (!opt_.route.empty()) use_route(city, opt_.route);
    sim_ = std::make_unique<Simulation>(city, detail::sim_options_for(opt_, city));
    detail::report_warnings(*sim_, err_);

    std::filesystem::create_directories(opt_.out_dir / "dev");
    out_dir_ = std::filesystem::canonical(opt_.out_dir);
    truth_.open(out_dir_ / "truth.jsonl", std::ios::binary | std::ios::trunc);
    if (!truth_) throw std::system_error(errno, std::generic_category(), (out_dir_ / "truth.jsonl").string());
    truth_ << sim_->meta_line() << '\n';
    {
      std::ofstream gpx(out_dir_ / "route.gpx", std::ios::binary | std::ios::trunc);
      gpx << to_gpx(sim_->route_points(), city.config.name);
    }
    std::ofstream(out_dir_ / "true_sites.csv", std::ios::binary | std::ios::trunc) << true_sites_csv(city);
    open_devices();
    write_descriptions();
    announce();

    clock_ = std::make_unique<SimClock>(sim_->utc(0), opt_.accel);
    tick_timer_ = std::make_unique<asio::steady_timer>(io_);
    progress_timer_ = std::make_unique<asio::steady_timer>(io_);
    asio::signal_set signals(io_, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      err_ << "signal " << sig << ": stopping\n";
      finish();
    });
    schedule_tick();
    schedule_progress();
    io_.run();
    err_ << fmt::format("sim done: {} s simulated, {:.3f} km driven\n", last_t_ / 1000, sim_->km_driven(last_t_));
    return 0;
  }

 private:
  void open_devices() {
    for (const OperatorConfig& o : sim_->operators()) {
      ModemSetup setup{o, o.firmware, opt_.echo.value_or(true), make_imei(derive_seed(opt_.seed, "imei/" + o.key))};
      auto dev = std::make_unique<ModemDevice>(o.key, setup, opt_.seed);
      ModemDevice* d = dev.get();
      dev->timer = std::make_unique<asio::steady_timer>(io_);
      dev->port = std::make_unique<PtyPort>(io_, out_dir_ / "dev" / o.key, [this, d](std::string_view bytes) {
        const ModemWorld w{sim_->snapshot(d->id), sim_->qeng_error(d->id, last_t_)};
        const auto ms = std::chrono::microseconds(static_cast<int>(d->latency.uniform(3000, 12000)));  // 3-12 ms
        d->send(d->core.feed(bytes, w), ms);
      });
      dev->port->open();
      modems_.push_back(std::move(dev));
    }
    gnss_ = std::make_unique<PtyPort>(io_, out_dir_ / "dev" / "gnss", [](std::string_view) {});  // the receiver ignores input
    gnss_->open();
  }

  // Announced only after every file is on disk: scripts start the probe as soon as they read these lines.
  void announce() {
    for (const auto& m : modems_) out_ << "device " << m->id << " " << m->port->link().string() << "\n";
    out_ << "device gnss " << gnss_->link().string() << "\n";
    out_ << "truth " << (out_dir_ / "truth.jsonl").string() << "\n";
    out_ << "probe_config " << (out_dir_ / "probe.toml").string() << std::endl;
  }

  void write_descriptions() {
    nlohmann::json devices = nlohmann::json::array();
    std::vector<std::string> ids;
    for (const auto& m : modems_) {
      const ModemSetup& s = m->core.setup();
      ids.push_back(m->id);
      devices.push_back({{"id", m->id}, {"kind", "modem"}, {"path", m->port->link().string()}, {"pty", m->port->slave_path()},
                         {"plmn", s.op.plmn.str()}, {"mode", to_string(sim_->mode_of(m->id))}, {"firmware", to_string(s.firmware)},
                         {"model", s.op.model}, {"revision", s.op.revision}, {"imei", s.imei}, {"echo", s.echo}, {"baud", 115200},
                         {"lte_sinr", "twice_minus_20"}});
    }
    devices.push_back({{"id", "gnss"}, {"kind", "gnss"}, {"path", gnss_->link().string()}, {"pty", gnss_->slave_path()},
                       {"protocol", "nmea"}, {"talkers", {"GN", "GP", "BD"}}, {"rate_hz", opt_.nmea_rate_hz}, {"baud", 9600}});
    nlohmann::json j{{"devices", devices},
                     {"start_utc", to_iso8601(sim_->utc(0))},
                     {"seed", opt_.seed},
                     {"accel", opt_.accel},
                     {"duration_s", static_cast<double>(sim_->end_ms()) / 1000.0},
                     {"truth", (out_dir_ / "truth.jsonl").string()},
                     {"probe_config", (out_dir_ / "probe.toml").string()}};
    std::ofstream(out_dir_ / "devices.json", std::ios::binary | std::ios::trunc) << j.dump(2) << "\n";
    std::ofstream(out_dir_ / "probe.toml", std::ios::binary | std::ios::trunc) << probe_toml(out_dir_, ids);
  }

  void schedule_tick() {
    tick_timer_->expires_at(clock_->wall_at(next_t_));
    tick_timer_->async_wait([this](const boost::system::error_code& ec) {
      if (ec || done_) return;
      const std::int64_t now = clock_->sim_ms();
      // Catch up on every due epoch (bounded, so I/O still gets served under load).
      for (int n = 0; n < 2000 && !done_; ++n) {
        if (next_t_ > sim_->end_ms()) {
          finish();
          return;
        }
        process(sim_->tick(next_t_));
        last_t_ = next_t_;
        next_t_ += sim_->nmea_period_ms();
        if (next_t_ > now) break;
      }
      if (!done_) schedule_tick();
    });
  }

  void process(const Tick& t) {
    for (const std::string& line : t.truth) truth_ << line << '\n';
    for (const FaultEdge& e : t.edges) apply(e);
    gnss_->write(t.nmea);
    if (!t.stepped) return;
    for (const auto& m : modems_) {
      const OperatorSnapshot* now = sim_->snapshot(m->id);
      if (m->port->is_open()) m->send(m->core.registration_urcs(m->last ? &*m->last : nullptr, now), Steady::duration::zero());
      if (now) m->last = *now;
      if (opt_.csq_urcs && t.t_ms >= m->next_csq_ms) {
        m->send(ModemCore::csq_urc(now), Steady::duration::zero());
        m->next_csq_ms = t.t_ms + m->urc.uniform_int(20, 120) * 1000;
      }
    }
  }

  ModemDevice* modem(const std::string& id) {
    for (const auto& m : modems_)
      if (m->id == id) return m.get();
    return nullptr;
  }

  void apply(const FaultEdge& e) {
    const Fault& f = e.fault;
    const char* phase = f.duration_ms == 0 ? "instant" : e.start ? "start" : "end";
    err_ << fmt::format("fault {} {} {} at sim {} s\n", to_string(f.kind), f.device, phase, (e.start ? f.at_ms : f.at_ms + f.duration_ms) / 1000);
    if (f.kind == FaultKind::Garbage) {
      if (f.device == "gnss") gnss_->write(garbage_bytes(garbage_, true));
      else if (ModemDevice* m = modem(f.device)) m->send(garbage_bytes(garbage_, false), Steady::duration::zero());
      return;
    }
    if (f.kind != FaultKind::Unplug) return;
    ModemDevice* m = modem(f.device);
    if (!m) return;
    if (e.start) {
      m->unplug();
      return;
    }
    m->port->open();
    out_ << "device " << m->id << " " << m->port->link().string() << std::endl;
    // A module needs a moment to boot before it prints its power-up URCs (seeded 100-500 ms wall).
    m->send(ModemCore::boot_urcs(), std::chrono::milliseconds(garbage_.uniform_int(100, 500)));
  }

  void schedule_progress() {
    progress_timer_->expires_after(std::chrono::milliseconds(static_cast<int>(opt_.progress_interval_s * 1000)));
    progress_timer_->async_wait([this](const boost::system::error_code& ec) {
      if (ec || done_) return;
      const GeoPoint p = sim_->true_position(last_t_);
      std::string line = fmt::format("sim {} t={}s pos {:.6f},{:.6f} {:.2f} km", to_iso8601(sim_->utc(last_t_)), last_t_ / 1000,
                                     p.lat.degrees(), p.lon.degrees(), sim_->km_driven(last_t_));
      for (const auto& m : modems_) {
        const OperatorSnapshot* s = sim_->snapshot(m->id);
        line += fmt::format(" | {} {}", m->id, s ? to_string(s->rat) : "NONE");
        if (s && s->serving) line += fmt::format(" {:.0f}dBm", s->serving->rsrp.value);
        if (!m->port->is_open()) line += " (unplugged)";
      }
      err_ << line << std::endl;
      schedule_progress();
    });
  }

  void finish() {
    if (done_) return;
    done_ = true;
    truth_.flush();
    for (const auto& m : modems_) m->unplug();
    gnss_->close();
    io_.stop();
  }

  RigOptions opt_;
  std::ostream& out_;
  std::ostream& err_;
  Rng garbage_;
  asio::io_context io_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<SimClock> clock_;
  std::filesystem::path out_dir_;
  std::ofstream truth_;
  std::vector<std::unique_ptr<ModemDevice>> modems_;
  std::unique_ptr<PtyPort> gnss_;
  std::unique_ptr<asio::steady_timer> tick_timer_, progress_timer_;
  std::int64_t next_t_ = 0, last_t_ = 0;
  bool done_ = false;
};

}  // namespace

std::string probe_toml(const std::filesystem::path& out_dir, const std::vector<std::string>& modem_ids) {
  std::string t;
  t += "probe_id = \"sim-probe\"\n";
  t += "database = " + toml_string((out_dir / "probe.db").string()) + "\n";
  t += "sample_interval_ms = 1000\n";
  t += "[gnss]\n";
  t += "source = \"nmea\"\n";
  t += "port = " + toml_string((out_dir / "dev" / "gnss").string()) + "\n";
  t += "baud = 9600\n";
  for (const std::string& id : modem_ids) {
    t += "[[modem]]\n";
    t += "id = " + toml_string(id) + "\n";
    t += "port = " + toml_string((out_dir / "dev" / id).string()) + "\n";
    t += "baud = 115200\n";
    t += "driver = \"quectel\"\n";
    t += "lte_sinr = \"twice_minus_20\"\n";
  }
  return t;
}

int run_rig(const RigOptions& options, std::ostream& out, std::ostream& err) {
  Rig rig(options, out, err);
  return rig.run();
}

}  // namespace shikan::sim
