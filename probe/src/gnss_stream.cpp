// The two line-stream GNSS sources: NMEA over a tty and gpsd JSON over TCP. They share the reconnect
// logic (StreamSource) and differ in how the link is opened and what a line means. Kept in one file
// because the shared base is private to them.
#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <exception>
#include <utility>

#include "shikan/probe/gnss.hpp"
#include "shikan/probe/gpsd.hpp"
#include "shikan/probe/nmea.hpp"
#include "shikan/probe/serial.hpp"

namespace shikan::probe {
namespace {

namespace asio = boost::asio;
using ErrorCode = boost::system::error_code;

// A reconnecting line-oriented link. Completion handlers hold a shared_ptr to the source and the
// generation they were started in: after stop() or a reconnect their results are ignored.
class StreamSource : public std::enable_shared_from_this<StreamSource> {
 public:
  StreamSource(asio::io_context& io, GnssCallbacks cb, Backoff backoff)
      : io_(io), cb_(std::move(cb)), timer_(io), backoff_(backoff) {}
  virtual ~StreamSource() = default;

  void start() {
    if (running_) return;
    running_ = true;
    down_reported_ = false;
    backoff_.reset();
    connect();
  }

  void stop() {
    running_ = false;
    ++generation_;
    timer_.cancel();
    close_transport();
  }

  virtual std::string describe() const = 0;

 protected:
  using Done = std::function<void(const std::string& error)>;  // empty error: the link is up

  // Transport: open (asynchronously; call done exactly once), read, close (idempotent).
  virtual void open_transport(Done done) = 0;
  virtual void read_some(asio::mutable_buffer buf, std::function<void(ErrorCode, std::size_t)> handler) = 0;
  virtual void close_transport() = 0;
  // Protocol: a fresh link, one line, the link gone (deliver what is pending).
  virtual void on_opened() = 0;
  virtual void on_line(std::string_view line) = 0;
  virtual void on_closed() = 0;

  asio::io_context& io_;
  GnssCallbacks cb_;

 private:
  bool live(std::uint64_t gen) const { return running_ && gen == generation_; }

  void connect() {
    const auto gen = ++generation_;
    open_transport([self = shared_from_this(), gen](const std::string& error) {
      if (!self->live(gen)) return;
      self->guarded([&] { self->opened(error); });
    });
  }

  void opened(const std::string& error) {
    if (!error.empty()) {
      report_down(error);
      schedule_retry();
      return;
    }
    down_reported_ = false;
    splitter_.reset();
    on_opened();
    if (cb_.on_link_up) cb_.on_link_up();
    read();
  }

  void read() {
    const auto gen = generation_;
    read_some(asio::buffer(buf_), [self = shared_from_this(), gen](ErrorCode ec, std::size_t n) {
      if (!self->live(gen)) return;
      self->guarded([&] { self->received(ec, n); });
    });
  }

  void received(ErrorCode ec, std::size_t n) {
    if (ec) {
      fail(ec == asio::error::eof ? std::string("end of file") : ec.message());
      return;
    }
    backoff_.reset();  // data flowed: the next outage starts from the short delay
    const auto gen = generation_;
    splitter_.feed(std::string_view(buf_.data(), n), [&](std::string_view line, bool truncated) {
      if (!live(gen)) return;  // a callback stopped the source or the link failed mid-buffer
      if (cb_.on_raw) cb_.on_raw(line);
      if (truncated) {
        if (cb_.on_parse_error) cb_.on_parse_error(line, ParseError{"line too long"});
        return;
      }
      on_line(line);
    });
    if (live(gen)) read();
  }

  // Runs f; an exception (from a callback, or an allocation) takes the link down instead of escaping
  // the completion handler.
  template <class F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      fail(std::string("internal error: ") + e.what());
    } catch (...) {
      fail("internal error");
    }
  }

  void fail(const std::string& what) {
    if (!running_) return;
    ++generation_;
    close_transport();
    try {
      on_closed();
    } catch (...) {  // a callback threw while flushing: the link is going down anyway
    }
    report_down(describe() + ": " + what);
    schedule_retry();
  }

  void report_down(const std::string& what) {
    if (down_reported_) return;
    down_reported_ = true;
    if (!cb_.on_link_down) return;
    try {
      cb_.on_link_down(what);
    } catch (...) {  // nothing sensible left to report it to
    }
  }

  void schedule_retry() {
    timer_.expires_after(backoff_.next());
    const auto gen = ++generation_;
    timer_.async_wait([self = shared_from_this(), gen](ErrorCode ec) {
      if (ec || !self->live(gen)) return;
      self->connect();
    });
  }

  asio::steady_timer timer_;
  Backoff backoff_;
  std::uint64_t generation_ = 0;
  bool running_ = false;
  bool down_reported_ = false;
  std::array<char, 2048> buf_{};
  LineSplitter splitter_;
};

// NMEA 0183 from a tty.
class NmeaSerialSource final : public StreamSource {
 public:
  NmeaSerialSource(asio::io_context& io, std::string path, unsigned baud, GnssCallbacks cb, Backoff b)
      : StreamSource(io, std::move(cb), b), path_(std::move(path)), baud_(baud), port_(io) {}

  std::string describe() const override { return "nmea " + path_ + " @" + std::to_string(baud_); }

 private:
  void open_transport(Done done) override {
    std::string error;
    try {
      port_ = open_serial(io_, path_, baud_);
    } catch (const std::exception& e) {
      error = e.what();
    }
    // Completed through the io_context so callbacks never run inside start().
    asio::post(io_, [done = std::move(done), error] { done(error); });
  }

  void read_some(asio::mutable_buffer buf, std::function<void(ErrorCode, std::size_t)> handler) override {
    port_.async_read_some(buf, std::move(handler));
  }

  // The port object lives as long as the source (operations in flight may refer to it); only the
  // descriptor is closed.
  void close_transport() override {
    ErrorCode ignored;
    port_.close(ignored);
  }

  void on_opened() override { decoder_ = nmea::Decoder{}; }

  void on_line(std::string_view line) override {
    const auto p = decoder_.feed(line);
    // Sentences we do not decode (VTG, ZDA, proprietary) are not errors: on_raw has kept them.
    if (!p && !nmea::is_unsupported(p.error()) && cb_.on_parse_error) cb_.on_parse_error(line, p.error());
    deliver();
  }

  void on_closed() override {
    decoder_.flush();
    deliver();
  }

  void deliver() {
    for (const auto& o : decoder_.outcomes()) {
      if (const auto* f = std::get_if<Fix>(&o)) {
        if (cb_.on_fix) cb_.on_fix(*f);
      } else if (cb_.on_no_fix) {
        cb_.on_no_fix();
      }
    }
  }

  std::string path_;
  unsigned baud_;
  asio::serial_port port_;
  nmea::Decoder decoder_;
};

// gpsd JSON over TCP.
class GpsdSource final : public StreamSource {
 public:
  GpsdSource(asio::io_context& io, std::string host, std::uint16_t port, GnssCallbacks cb, Backoff b)
      : StreamSource(io, std::move(cb), b), host_(std::move(host)), port_(port), resolver_(io), socket_(io) {}

  std::string describe() const override { return "gpsd " + host_ + ":" + std::to_string(port_); }

 private:
  // Resolve, connect, send WATCH. The lambdas capture `this`; done holds the shared_ptr that keeps it alive.
  void open_transport(Done done) override {
    resolver_.async_resolve(host_, std::to_string(port_), [this, done](ErrorCode ec, auto results) {
      if (ec) return done("resolve " + host_ + ": " + ec.message());
      asio::async_connect(socket_, results, [this, done](ErrorCode cec, const auto&) {
        if (cec) return done("connect " + host_ + ":" + std::to_string(port_) + ": " + cec.message());
        asio::async_write(socket_, asio::buffer(gpsd::kWatchRequest), [done](ErrorCode wec, std::size_t) {
          done(wec ? "send WATCH: " + wec.message() : std::string());
        });
      });
    });
  }

  void read_some(asio::mutable_buffer buf, std::function<void(ErrorCode, std::size_t)> handler) override {
    socket_.async_read_some(buf, std::move(handler));
  }

  // As for the serial port: the socket object outlives the operations (async_connect keeps a reference
  // to it); only the connection is closed.
  void close_transport() override {
    resolver_.cancel();
    ErrorCode ignored;
    if (!socket_.is_open()) return;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void on_opened() override { assembler_ = gpsd::FixAssembler{}; }

  void on_line(std::string_view line) override {
    const auto m = gpsd::parse(line);
    if (!m) {
      if (cb_.on_parse_error) cb_.on_parse_error(line, m.error());
      return;
    }
    const auto outcome = assembler_.feed(m.value());
    if (!outcome) return;
    if (const auto* f = std::get_if<Fix>(&*outcome)) {
      if (cb_.on_fix) cb_.on_fix(*f);
    } else if (cb_.on_no_fix) {
      cb_.on_no_fix();
    }
  }

  void on_closed() override {}

  std::string host_;
  std::uint16_t port_;
  asio::ip::tcp::resolver resolver_;
  asio::ip::tcp::socket socket_;
  gpsd::FixAssembler assembler_;
};

// The public handle: owns the shared implementation, stops it when destroyed.
class Handle final : public GnssSource {
 public:
  explicit Handle(std::shared_ptr<StreamSource> impl) : impl_(std::move(impl)) {}
  ~Handle() override { impl_->stop(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  void start() override { impl_->start(); }
  void stop() override { impl_->stop(); }
  std::string describe() const override { return impl_->describe(); }

 private:
  std::shared_ptr<StreamSource> impl_;
};

}  // namespace

std::unique_ptr<GnssSource> make_nmea_serial_source(boost::asio::io_context& io, std::string port, unsigned baud,
                                                    GnssCallbacks cb, Backoff backoff) {
  return std::make_unique<Handle>(
      std::make_shared<NmeaSerialSource>(io, std::move(port), baud, std::move(cb), backoff));
}

std::unique_ptr<GnssSource> make_gpsd_source(boost::asio::io_context& io, std::string host, std::uint16_t port,
                                             GnssCallbacks cb, Backoff backoff) {
  return std::make_unique<Handle>(std::make_shared<GpsdSource>(io, std::move(host), port, std::move(cb), backoff));
}

}  // namespace shikan::probe
