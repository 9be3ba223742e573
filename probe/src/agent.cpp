// Agent: wires GNSS, modem sessions, the store, the status screen and the signals on one io_context.
#include "shikan/probe/agent.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "shikan/core/store.hpp"
#include "shikan/probe/geofence.hpp"
#include "shikan/probe/gnss.hpp"
#include "shikan/probe/modem_session.hpp"

namespace shikan::probe {

StoreOptions store_options(const ProbeConfig& cfg) {
  StoreOptions o;
  o.max_db_bytes = cfg.max_db_bytes;
  return o;
}

namespace {

CampaignStatus campaign_status(const GeofenceTracker& t) {
  const auto ref = [&](std::size_t i) {
    const CampaignStop& s = t.stops()[i];
    return CampaignStatus::StopRef{s.order, s.id, s.kind == CampaignStopKind::Place};
  };
  CampaignStatus c;
  c.visited = t.visited();
  c.total = t.stops().size();
  if (const auto in = t.inside()) c.inside = ref(*in);
  if (const auto next = t.next()) {
    c.next = ref(next->stop);
    if (next->distance) c.next_distance_m = next->distance->value;
    c.next_bearing_deg = next->bearing_deg;
  }
  return c;
}

}  // namespace

struct Agent::Impl {
  Impl(LoadedConfig c, const Clock& clk, AgentOptions o)
      : loaded(std::move(c)),
        cfg(loaded.config),
        clock(clk),
        opt(o),
        store(cfg.database, store_options(cfg)),
        fix("gnss", cfg.fix_max_age, clk),
        flush_timer(io),
        status_timer(io),
        stop_timer(io),
        signals(io, SIGINT, SIGTERM) {
    if (opt.campaign) fences.emplace(opt.campaign->stops);
  }

  LoadedConfig loaded;
  const ProbeConfig& cfg;
  const Clock& clock;
  AgentOptions opt;
  boost::asio::io_context io;
  LogStore store;
  SessionId session = 0;
  FixTracker fix;
  std::optional<GeofenceTracker> fences;  // with a campaign
  std::unique_ptr<GnssSource> gnss;
  std::string gnss_desc = "none";
  bool gnss_link_up = false;
  std::vector<std::unique_ptr<ModemSession>> modems;
  boost::asio::steady_timer flush_timer, status_timer, stop_timer;
  boost::asio::signal_set signals;
  std::uint64_t committed = 0, rejected_rows = 0;
  std::uint64_t dropped_raw = 0;  // raw lines not queued while the store could not write (memory bound)
  std::string store_error;
  bool early_flush_posted = false, stopping = false;
  MonoTime started{};
  std::int64_t status_ticks = 0;

  void event(EventKind kind, const std::string& source, std::string detail) {
    add(Event{clock.utc_now(), clock.mono_now(), kind, source, std::move(detail)});
  }
  // A row the store cannot encode is refused at add() (StoreError): that row is reported and dropped;
  // the run goes on (HOUSE_STYLE §8).
  template <class Row>
  void add(const Row& row) {
    // While flushes fail (disk full) the queue is bounded: raw lines beyond max_pending_rows are dropped
    // and counted, samples and events are still kept; a note records the count once writing works again.
    if constexpr (std::is_same_v<Row, RawLine>) {
      if (!store_error.empty() && store.pending() >= cfg.max_pending_rows) {
        ++dropped_raw;
        return;
      }
    }
    try {
      store.add(session, row);
    } catch (const StoreError& e) {
      ++rejected_rows;
      if (opt.screen) *opt.screen << e.what() << std::endl;
      try {
        store.add(session, Event{clock.utc_now(), clock.mono_now(), EventKind::Note, "probe",
                                 std::string("row rejected by the store: ") + e.what()});
      } catch (const StoreError&) {  // already on screen; nothing more to record it with
      }
      return;
    }
    // Early commit at flush_rows; after a failure only the timer retries, not every new row.
    if (store.pending() >= cfg.flush_rows && !early_flush_posted && !stopping && store_error.empty()) {
      early_flush_posted = true;
      boost::asio::post(io, [this] {
        early_flush_posted = false;
        flush();
      });
    }
  }
  void fix_events() {
    for (auto& e : fix.take_events()) add(e);
  }
  // detail "<order> <kind> <id>", e.g. "3 site HB-0042" (docs/log-format.md).
  void geofence_events(const std::vector<GeofenceEvent>& events) {
    for (const GeofenceEvent& e : events) {
      const CampaignStop& s = fences->stops()[e.stop];
      event(e.transition == GeofenceTransition::Enter ? EventKind::GeofenceEnter : EventKind::GeofenceExit,
            "campaign", std::to_string(s.order).append(" ").append(to_string(s.kind)).append(" ").append(s.id));
    }
  }
  bool flush();
  void start_gnss();
  void start_modems();
  void arm_flush();
  void arm_status();
  void show_status();
  StatusSnapshot snapshot() const;
  void shutdown(const std::string& why, std::string_view shown = {});
};

bool Agent::Impl::flush() {
  try {
    const std::size_t n = store.flush();
    store_error.clear();
    if (dropped_raw > 0) {
      const std::uint64_t dropped = std::exchange(dropped_raw, 0);
      event(EventKind::Note, "probe",
            std::to_string(dropped) + " raw lines dropped while the log could not be written (max_pending_rows)");
    }
    if (n > 0) {
      committed += n;
      if (opt.commit_log) *opt.commit_log << "committed " << session << ' ' << committed << std::endl;
    }
    return true;
  } catch (const StoreError& e) {
    // Disk full, I/O error, lock: the store keeps the rows queued; the next tick retries.
    if (store_error != e.what() && opt.screen)
      *opt.screen << msg(Msg::StoreFailed, opt.lang) << ": " << e.what() << std::endl;
    store_error = e.what();
    return false;
  }
}

void Agent::Impl::start_gnss() {
  GnssCallbacks cb;
  cb.on_raw = [this](std::string_view line) {
    add(RawLine{clock.utc_now(), clock.mono_now(), "gnss", Direction::Received, std::string(line)});
  };
  cb.on_fix = [this](const Fix& f) {
    fix.on_fix(f);
    fix_events();
    if (fences) geofence_events(fences->on_fix(f.pos, clock.mono_now()));
  };
  cb.on_no_fix = [this] {
    fix.on_no_fix();
    fix_events();
  };
  cb.on_parse_error = [this](std::string_view line, const ParseError& e) {
    event(EventKind::ParseError, "gnss", e.reason + " | " + std::string(line));
  };
  cb.on_link_down = [this](const std::string& what) {
    gnss_link_up = false;
    event(EventKind::Note, "gnss", "link down: " + what);
  };
  cb.on_link_up = [this] {
    gnss_link_up = true;
    event(EventKind::Note, "gnss", "link up: " + gnss_desc);
  };
  const GnssConfig& g = cfg.gnss;
  switch (g.source) {
    case GnssSourceKind::None: return;
    case GnssSourceKind::Nmea: gnss = make_nmea_serial_source(io, g.port, g.baud, std::move(cb)); break;
    case GnssSourceKind::Gpsd:
      gnss = make_gpsd_source(io, g.host, static_cast<std::uint16_t>(g.gpsd_port), std::move(cb));
      break;
    case GnssSourceKind::Fixed:
      gnss = make_fixed_source(io, *g.fixed, g.alt, g.fixed_period, clock, std::move(cb));
      break;
  }
  gnss_desc = gnss->describe();
  gnss->start();
}

void Agent::Impl::start_modems() {
  for (const ModemConfig& m : cfg.modems) {
    SessionSink sink;
    sink.on_sample = [this](const Sample& s) {
      Sample copy = s;
      fix.attach(copy);
      fix_events();
      if (fences && fix.status().valid) fences->on_sample();
      add(copy);
    };
    sink.on_event = [this](const Event& e) { add(e); };
    sink.on_raw = [this](const RawLine& r) { add(r); };
    sink.on_device = [this](const DeviceInfo& d) {
      try {
        store.upsert_device(session, d);
      } catch (const StoreError& e) {
        event(EventKind::Note, d.modem_id, std::string("device info not stored: ") + e.what());
      }
    };
    modems.push_back(std::make_unique<ModemSession>(io, m, cfg.sample_interval, clock, std::move(sink)));
    modems.back()->start();
  }
}

void Agent::Impl::arm_flush() {
  flush_timer.expires_after(cfg.flush_interval);
  flush_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping) return;
    flush();
    arm_flush();
  });
}

StatusSnapshot Agent::Impl::snapshot() const {
  StatusSnapshot s;
  s.probe_id = cfg.probe_id;
  s.session = session;
  s.now = clock.mono_now();
  s.uptime_s = (s.now.ns - started.ns) / 1'000'000'000;
  for (const auto& m : modems) s.modems.push_back(m->status());
  s.gnss = fix.status();
  s.gnss.source = gnss_desc;
  s.gnss.link_up = gnss_link_up;
  s.database = cfg.database.string();
  s.committed = committed;
  s.pending = store.pending();
  std::error_code ec;
  const auto dir = cfg.database.has_parent_path() ? cfg.database.parent_path() : std::filesystem::path(".");
  const auto sp = std::filesystem::space(dir, ec);
  if (!ec) s.free_bytes = sp.available;
  s.store_error = store_error;
  if (dropped_raw > 0) s.store_error += "; " + std::to_string(dropped_raw) + " raw lines dropped";
  if (fences) s.campaign = campaign_status(*fences);
  return s;
}

void Agent::Impl::show_status() {
  if (!opt.screen) return;
  const StatusSnapshot s = snapshot();
  if (opt.tty) {
    *opt.screen << ansi_redraw(render_screen(s, opt.lang)) << std::flush;
  } else if ((status_ticks - 1) % cfg.log_every.count() == 0) {  // first second, then every log_every
    *opt.screen << render_line(s, opt.lang) << std::endl;
  }
}

// Once per second: staleness of the fix (FixLost without any sample arriving) and the screen.
void Agent::Impl::arm_status() {
  status_timer.expires_after(std::chrono::seconds(1));
  status_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping) return;
    ++status_ticks;
    fix.check();
    fix_events();
    show_status();
    arm_status();
  });
}

// why goes to the log (English, stable); shown, if given, is what the inspector reads on screen.
void Agent::Impl::shutdown(const std::string& why, std::string_view shown) {
  if (stopping) return;
  stopping = true;
  for (auto& m : modems) m->stop();
  if (gnss) gnss->stop();
  flush_timer.cancel();
  status_timer.cancel();
  stop_timer.cancel();
  signals.cancel();
  if (fences) {  // what the session covered of the campaign, for the log's reader
    std::string missing;
    for (std::size_t i = 0; i < fences->stops().size(); ++i)
      if (!fences->progress(i).visited) missing.append(" ").append(std::to_string(fences->stops()[i].order));
    event(EventKind::Note, "campaign",
          fmt::format("campaign visited {}/{} stops{}", fences->visited(), fences->stops().size(),
                      missing.empty() ? std::string() : std::string("; not visited (order):").append(missing)));
  }
  event(EventKind::SessionEnd, "probe", why);
  if (opt.screen) {
    if (opt.tty) *opt.screen << ansi_redraw(render_screen(snapshot(), opt.lang));
    *opt.screen << msg(Msg::Stopping, opt.lang) << ": " << (shown.empty() ? std::string_view(why) : shown)
                << std::endl;
  }
}

Agent::Agent(LoadedConfig config, const Clock& clock, AgentOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), clock, options)) {}

Agent::~Agent() = default;

int Agent::run() {
  Impl& a = *impl_;
  a.started = a.clock.mono_now();
  a.session = a.store.begin_session(SessionInfo{a.cfg.probe_id, SHIKAN_VERSION, a.loaded.text, a.clock.utc_now()});
  for (const auto& w : a.loaded.warnings) a.event(EventKind::Note, "probe", "config: " + w);
  a.signals.async_wait([&a](const boost::system::error_code& ec, int sig) {
    if (!ec) a.shutdown(sig == SIGINT ? "SIGINT" : "SIGTERM");
  });
  if (a.opt.duration) {
    a.stop_timer.expires_after(*a.opt.duration);
    a.stop_timer.async_wait([&a](const boost::system::error_code& ec) {
      if (!ec) a.shutdown("duration elapsed", msg(Msg::DurationElapsed, a.opt.lang));
    });
  }
  a.start_gnss();
  a.event(EventKind::SessionStart, "probe",
          "probe " + a.cfg.probe_id + ", " + std::to_string(a.cfg.modems.size()) + " modem(s), gnss " + a.gnss_desc);
  if (const auto& c = a.opt.campaign)  // which plan this session followed
    a.event(EventKind::Note, "campaign",
            fmt::format("campaign \"{}\" plan_sha256 {} stops {} file {}", c->title, c->plan_sha256, c->stops.size(),
                        c->source));
  a.start_modems();
  a.arm_flush();
  a.arm_status();
  if (a.opt.screen && a.opt.tty) *a.opt.screen << "\x1b[2J";
  while (!a.stopping && a.io.run_one() > 0) {
  }
  // Let the cancelled operations finish (ports closed, timers aborted); bounded in case a source lingers.
  a.io.run_for(std::chrono::milliseconds(500));
  // Commit what is left, then close the session. A failing disk gets three tries.
  bool flushed = a.flush();
  for (int attempt = 1; attempt < 3 && !flushed; ++attempt) flushed = a.flush();
  if (!a.store_error.empty()) {
    std::cerr << "shikan-probe: " << a.cfg.database.string() << ": " << a.store.pending()
              << " rows could not be committed: " << a.store_error << '\n';
    return 1;
  }
  a.store.end_session(a.session, a.clock.utc_now());
  return 0;
}

}  // namespace shikan::probe
