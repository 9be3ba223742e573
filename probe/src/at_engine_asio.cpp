// AtEngine: the Boost.Asio adapter around AtProtocol. Reads the port, splits lines, writes commands,
// arms one steady_timer at the protocol's next deadline. Single-threaded io_context.
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <map>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/serial.hpp"

namespace shikan::probe {

// Handlers hold a shared_ptr to Impl, so closing or destroying the AtEngine from inside one of its
// own callbacks is safe: Impl lives until the last handler has run.
struct AtEngine::Impl : std::enable_shared_from_this<AtEngine::Impl> {
  Impl(boost::asio::io_context& io, boost::asio::serial_port p, std::string dev, const Clock& c, AtEngineCallbacks cb,
       AtProtocolOptions opt)
      : port(std::move(p)), timer(io), device(std::move(dev)), clock(c), callbacks(std::move(cb)), protocol(opt) {}

  boost::asio::serial_port port;
  boost::asio::steady_timer timer;
  std::string device;
  const Clock& clock;
  AtEngineCallbacks callbacks;
  AtProtocol protocol;
  LineSplitter splitter;
  std::array<char, 1024> buf{};
  std::map<std::uint64_t, Done> done;
  std::deque<std::string> writes;  // the first one is being written
  bool closed = false;
  bool processing = false;

  void read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void write_next();
  void process();
  void arm_timer();
  void lost(const std::string& reason);
  void shutdown();
};

void AtEngine::Impl::read() {
  port.async_read_some(boost::asio::buffer(buf), [self = shared_from_this()](const boost::system::error_code& ec,
                                                                             std::size_t n) { self->on_read(ec, n); });
}

void AtEngine::Impl::on_read(const boost::system::error_code& ec, std::size_t n) {
  if (closed) return;
  if (ec) {
    lost(ec == boost::asio::error::eof ? device + ": end of file" : device + ": read failed: " + ec.message());
    return;
  }
  splitter.feed(std::string_view(buf.data(), n), [&](std::string_view line, bool truncated) {
    if (callbacks.on_raw) callbacks.on_raw(Direction::Received, line);
    protocol.feed_line(line, truncated, clock.mono_now());
  });
  process();
  if (!closed) read();
}

void AtEngine::Impl::write_next() {
  if (writes.empty() || closed) return;
  boost::asio::async_write(port, boost::asio::buffer(writes.front()),
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                             if (self->closed) return;
                             if (ec) {
                               self->lost(self->device + ": write failed: " + ec.message());
                               return;
                             }
                             self->writes.pop_front();
                             self->write_next();
                           });
}

// Dispatches protocol events. Callbacks may submit more commands (re-entrancy is flattened by the
// processing flag: the outer loop picks the new events up) or close the engine.
void AtEngine::Impl::process() {
  if (processing) return;
  processing = true;
  for (auto events = protocol.take_events(); !events.empty() && !closed; events = protocol.take_events()) {
    for (auto& ev : events) {
      if (closed) break;
      if (auto* s = std::get_if<AtSend>(&ev)) {
        if (callbacks.on_raw) callbacks.on_raw(Direction::Sent, s->text);
        writes.push_back(s->text + "\r");
        if (writes.size() == 1) write_next();
      } else if (auto* d = std::get_if<AtDone>(&ev)) {
        auto it = done.find(d->result.id);
        if (it == done.end()) continue;
        Done fn = std::move(it->second);
        done.erase(it);
        if (fn) fn(d->result);
      } else if (auto* u = std::get_if<AtUrc>(&ev)) {
        if (callbacks.on_urc) callbacks.on_urc(u->line);
      } else if (auto* g = std::get_if<AtGarbage>(&ev)) {
        if (callbacks.on_garbage) callbacks.on_garbage(g->line, g->reason);
      } else if (auto* x = std::get_if<AtUnexpected>(&ev)) {
        if (callbacks.on_unexpected) callbacks.on_unexpected(x->line, x->context);
      }
    }
  }
  processing = false;
  if (!closed) arm_timer();
}

void AtEngine::Impl::arm_timer() {
  const auto deadline = protocol.next_deadline();
  if (!deadline) {
    timer.cancel();
    return;
  }
  const std::int64_t wait_ns = std::max<std::int64_t>(0, deadline->ns - clock.mono_now().ns);
  timer.expires_after(std::chrono::nanoseconds(wait_ns));
  timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed) return;  // cancelled: re-armed elsewhere
    self->protocol.tick(self->clock.mono_now());
    self->process();
  });
}

void AtEngine::Impl::lost(const std::string& reason) {
  if (closed) return;
  protocol.fail_all(reason, clock.mono_now());
  process();
  if (closed) return;  // a completion closed us
  shutdown();
  if (callbacks.on_disconnect) callbacks.on_disconnect(reason);
}

void AtEngine::Impl::shutdown() {
  closed = true;
  done.clear();
  boost::system::error_code ignored;
  timer.cancel();
  port.cancel(ignored);
  port.close(ignored);
}

AtEngine::AtEngine(boost::asio::io_context& io, boost::asio::serial_port port, std::string device, const Clock& clock,
                   AtEngineCallbacks callbacks, AtProtocolOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(port), std::move(device), clock, std::move(callbacks), options)) {}

AtEngine::~AtEngine() { close(); }

void AtEngine::start() { impl_->read(); }

void AtEngine::submit(AtCommand cmd, Done done) {
  if (impl_->closed) {
    AtResult r;
    r.command = cmd.text;
    r.status = AtStatus::Disconnected;
    r.sent = r.done = impl_->clock.mono_now();
    r.detail = impl_->device + ": port closed";
    if (done) done(r);
    return;
  }
  const auto id = impl_->protocol.submit(std::move(cmd), impl_->clock.mono_now());
  impl_->done.emplace(id, std::move(done));
  impl_->process();
}

void AtEngine::close() {
  if (impl_ && !impl_->closed) impl_->shutdown();
}

bool AtEngine::is_open() const { return !impl_->closed; }

const std::string& AtEngine::device() const { return impl_->device; }

}  // namespace shikan::probe
