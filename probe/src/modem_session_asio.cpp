// ModemSession: opens the port, runs the driver over an AtEngine, polls on a fixed-rate timer and
// reconnects with backoff. All on one io_context thread.
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <system_error>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/driver.hpp"
#include "shikan/probe/modem_session.hpp"
#include "shikan/probe/serial.hpp"

namespace shikan::probe {
namespace {
// Consecutive cycles in which every command timed out before the modem counts as hung (lost).
constexpr int kHungCycles = 3;
}  // namespace

struct ModemSession::Impl : std::enable_shared_from_this<ModemSession::Impl> {
  Impl(boost::asio::io_context& i, const ModemConfig& c, std::chrono::milliseconds interval, const Clock& clk,
       SessionSink s)
      : io(i),
        cfg(c),
        sample_interval(interval),
        clock(clk),
        sink(std::move(s)),
        logic(c.id, clk),
        driver(make_driver(c)),
        retry_timer(i),
        sample_timer(i) {}

  boost::asio::io_context& io;
  const ModemConfig& cfg;
  std::chrono::milliseconds sample_interval;
  const Clock& clock;
  SessionSink sink;
  SessionLogic logic;
  std::unique_ptr<Driver> driver;
  std::unique_ptr<AtEngine> engine;
  boost::asio::steady_timer retry_timer, sample_timer;
  std::uint64_t generation = 0;  // bumps on every (re)open: completions of an old port are ignored
  bool in_cycle = false, stopped = false;
  std::uint64_t cycle_no = 0;
  UtcTime cycle_utc{};
  MonoTime cycle_mono{};
  int timeouts_in_cycle = 0, hung_cycles = 0;
  ModemStatus status;

  void open();
  void pump(std::uint64_t gen, bool init);
  void finish_init();
  void finish_cycle();
  void schedule_sample();
  void on_lost(const std::string& reason);
  void flush_events() {
    for (auto& e : logic.take_events()) {
      if (sink.on_event) sink.on_event(e);
    }
    status.state = logic.state();
    status.retry_at = logic.retry_at();
  }
  void notes_to_events(const std::vector<DriverNote>& notes) {
    for (const auto& n : notes) {
      if (sink.on_event) sink.on_event(Event{clock.utc_now(), clock.mono_now(), n.kind, cfg.id, n.detail});
    }
  }
  void raw(Direction d, std::string_view text) {
    if (sink.on_raw) sink.on_raw(RawLine{clock.utc_now(), clock.mono_now(), cfg.id, d, std::string(text)});
  }
};

void ModemSession::Impl::open() {
  if (stopped) return;
  logic.opening();
  ++generation;
  in_cycle = false;
  hung_cycles = 0;
  try {
    auto port = open_serial(io, cfg.port, cfg.baud);
    AtEngineCallbacks cb;
    std::weak_ptr<Impl> weak = shared_from_this();
    cb.on_raw = [weak](Direction d, std::string_view t) {
      if (auto self = weak.lock()) self->raw(d, t);
    };
    cb.on_garbage = [weak](std::string_view, std::string_view) {
      if (auto self = weak.lock()) ++self->status.garbage_lines;
    };
    cb.on_unexpected = [weak](std::string_view line, std::string_view context) {
      auto self = weak.lock();
      if (!self || !self->sink.on_event) return;
      self->sink.on_event(Event{self->clock.utc_now(), self->clock.mono_now(), EventKind::Note, self->cfg.id,
                                "unexpected line (" + std::string(context) + "): " + std::string(line)});
    };
    const std::uint64_t gen = generation;
    cb.on_disconnect = [weak, gen](const std::string& reason) {
      auto self = weak.lock();
      if (self && self->generation == gen) self->on_lost(reason);
    };
    engine = std::make_unique<AtEngine>(io, std::move(port), cfg.port, clock, std::move(cb));
  } catch (const std::system_error& e) {
    status.last_error = e.what();
    logic.open_failed(e.what());
    flush_events();
    retry_timer.expires_after(
        std::chrono::nanoseconds(std::max<std::int64_t>(0, logic.retry_at()->ns - clock.mono_now().ns)));
    retry_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->open();
    });
    return;
  }
  logic.opened();
  flush_events();
  engine->start();
  driver->begin_init();
  pump(generation, true);
}

// Sends the driver's next command; on its answer absorbs it and goes on; at the end finishes the phase.
void ModemSession::Impl::pump(std::uint64_t gen, bool init) {
  if (stopped || gen != generation || !engine) return;
  auto cmd = driver->next();
  if (!cmd) {
    init ? finish_init() : finish_cycle();
    return;
  }
  engine->submit(std::move(*cmd), [weak = std::weak_ptr<Impl>(shared_from_this()), gen, init](const AtResult& r) {
    auto self = weak.lock();
    if (!self || gen != self->generation) return;
    if (r.status == AtStatus::Disconnected) return;  // on_disconnect follows; the phase is abandoned
    if (r.status == AtStatus::Timeout) ++self->timeouts_in_cycle;
    try {
      self->driver->absorb(r);
    } catch (const std::exception& e) {
      // A driver bug on one odd answer must not end the field run: record it, keep the cycle going.
      self->notes_to_events({DriverNote{EventKind::Note, r.command + ": internal error: " + e.what()}});
    }
    self->pump(gen, init);
  });
}

void ModemSession::Impl::finish_init() {
  notes_to_events(driver->take_notes());
  const ModemIdentity& id = driver->identity();
  if (sink.on_device)
    sink.on_device(DeviceInfo{cfg.id, cfg.port, std::string(to_string(cfg.driver)), id.manufacturer, id.model,
                              id.revision, id.imei});
  logic.initialised();
  flush_events();
  status.last_error.clear();
  cycle_no = 0;
  sample_timer.expires_after(std::chrono::milliseconds(0));
  schedule_sample();
}

// Fixed-rate polling: a cycle still running when the next tick comes makes that tick skip.
void ModemSession::Impl::schedule_sample() {
  const std::uint64_t gen = generation;
  sample_timer.async_wait([self = shared_from_this(), gen](const boost::system::error_code& ec) {
    if (ec || self->stopped || gen != self->generation) return;
    self->sample_timer.expires_at(self->sample_timer.expiry() + self->sample_interval);
    self->schedule_sample();
    if (self->in_cycle) return;
    self->in_cycle = true;
    self->timeouts_in_cycle = 0;
    self->cycle_utc = self->clock.utc_now();
    self->cycle_mono = self->clock.mono_now();
    self->driver->begin_cycle(self->cycle_no++);
    self->pump(gen, false);
  });
}

void ModemSession::Impl::finish_cycle() {
  in_cycle = false;
  CycleOutcome out = driver->take_cycle();
  const bool hung = out.commands > 0 && timeouts_in_cycle >= static_cast<int>(out.commands);
  hung_cycles = hung ? hung_cycles + 1 : 0;
  if (hung) {  // no answers at all: neither a measurement nor worth a sample row
    notes_to_events(out.notes);
    if (hung_cycles >= kHungCycles)
      on_lost(cfg.port + ": no answer to any command for " + std::to_string(kHungCycles) + " cycles");
    return;
  }
  Sample s;
  s.utc = cycle_utc;
  s.mono = cycle_mono;
  s.modem = cfg.id;
  s.serving = out.serving;
  s.neighbours = std::move(out.neighbours);
  if (out.serving_ok) logic.observe(s.serving);
  flush_events();  // RAT/cell changes first: they were stamped before the notes
  notes_to_events(out.notes);
  ++status.samples;
  status.last = s.serving;
  if (sink.on_sample) sink.on_sample(s);
}

void ModemSession::Impl::on_lost(const std::string& reason) {
  if (stopped) return;
  ++generation;  // completions and timers of the old port are now stale
  sample_timer.cancel();
  in_cycle = false;
  status.last_error = reason;
  if (engine) {
    engine->close();
    // Destroy outside the engine's own callback stack.
    boost::asio::post(io, [old = std::shared_ptr<AtEngine>(std::move(engine))] {});
  }
  logic.lost(reason);
  flush_events();
  if (!logic.retry_at()) return;
  retry_timer.expires_after(
      std::chrono::nanoseconds(std::max<std::int64_t>(0, logic.retry_at()->ns - clock.mono_now().ns)));
  retry_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->open();
  });
}

ModemSession::ModemSession(boost::asio::io_context& io, const ModemConfig& cfg, std::chrono::milliseconds interval,
                           const Clock& clock, SessionSink sink)
    : impl_(std::make_shared<Impl>(io, cfg, interval, clock, std::move(sink))) {
  impl_->status.id = cfg.id;
}

ModemSession::~ModemSession() { stop(); }

void ModemSession::start() { impl_->open(); }

void ModemSession::stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  ++s.generation;
  s.retry_timer.cancel();
  s.sample_timer.cancel();
  if (s.engine) s.engine->close();
  s.logic.closed();
  s.status.state = SessionState::Closed;
}

ModemStatus ModemSession::status() const { return impl_->status; }

}  // namespace shikan::probe
