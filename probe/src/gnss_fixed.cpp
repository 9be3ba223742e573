// A fixed, surveyed position for a static probe (rooftop, lab bench): no receiver, a Manual-quality Fix
// every period, stamped with the injected clock's UTC.
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <utility>

#include "shikan/probe/gnss.hpp"

namespace shikan::probe {
namespace {

namespace asio = boost::asio;

class FixedImpl : public std::enable_shared_from_this<FixedImpl> {
 public:
  FixedImpl(asio::io_context& io, GeoPoint pos, std::optional<Metres> alt, std::chrono::milliseconds period,
            const Clock& clock, GnssCallbacks cb)
      : io_(io), timer_(io), pos_(pos), alt_(alt), period_(period), clock_(clock), cb_(std::move(cb)) {}

  void start() {
    if (running_) return;
    running_ = true;
    const auto gen = ++generation_;
    asio::post(io_, [self = shared_from_this(), gen] {
      if (!self->live(gen)) return;
      self->guarded([&] {
        if (self->cb_.on_link_up) self->cb_.on_link_up();
      });
      self->next_ = std::chrono::steady_clock::now();
      self->tick(gen);
    });
  }

  void stop() {
    running_ = false;
    ++generation_;
    timer_.cancel();
  }

  std::string describe() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "fixed %.7f,%.7f every %lld ms", pos_.lat.degrees(), pos_.lon.degrees(),
                  static_cast<long long>(period_.count()));
    return buf;
  }

 private:
  bool live(std::uint64_t gen) const { return running_ && gen == generation_; }

  // A callback that throws is reported as a link problem; the source keeps ticking.
  template <class F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      if (cb_.on_link_down) try_report(std::string("internal error: ") + e.what());
    } catch (...) {
      if (cb_.on_link_down) try_report("internal error");
    }
  }
  void try_report(const std::string& what) {
    try {
      cb_.on_link_down(what);
    } catch (...) {
    }
  }

  void tick(std::uint64_t gen) {
    guarded([&] {
      if (cb_.on_fix)
        cb_.on_fix(Fix{.utc = clock_.utc_now(),
                       .pos = pos_,
                       .quality = FixQuality::Manual,
                       .alt = alt_,
                       .hdop = std::nullopt,
                       .sats = std::nullopt,
                       .speed_mps = std::nullopt,
                       .course_deg = std::nullopt});
    });
    if (!live(gen)) return;
    // Absolute deadlines: the period does not drift by the callbacks' run time.
    next_ += period_;
    timer_.expires_at(next_);
    timer_.async_wait([self = shared_from_this(), gen](boost::system::error_code ec) {
      if (ec || !self->live(gen)) return;
      self->tick(gen);
    });
  }

  asio::io_context& io_;
  asio::steady_timer timer_;
  GeoPoint pos_;
  std::optional<Metres> alt_;
  std::chrono::milliseconds period_;
  const Clock& clock_;
  GnssCallbacks cb_;
  std::chrono::steady_clock::time_point next_{};
  std::uint64_t generation_ = 0;
  bool running_ = false;
};

class FixedSource final : public GnssSource {
 public:
  explicit FixedSource(std::shared_ptr<FixedImpl> impl) : impl_(std::move(impl)) {}
  ~FixedSource() override { impl_->stop(); }
  FixedSource(const FixedSource&) = delete;
  FixedSource& operator=(const FixedSource&) = delete;
  void start() override { impl_->start(); }
  void stop() override { impl_->stop(); }
  std::string describe() const override { return impl_->describe(); }

 private:
  std::shared_ptr<FixedImpl> impl_;
};

}  // namespace

std::unique_ptr<GnssSource> make_fixed_source(boost::asio::io_context& io, GeoPoint pos, std::optional<Metres> alt,
                                              std::chrono::milliseconds period, const Clock& clock, GnssCallbacks cb) {
  if (period.count() <= 0) throw std::invalid_argument("fixed GNSS source: period must be positive");
  return std::make_unique<FixedSource>(std::make_shared<FixedImpl>(io, pos, alt, period, clock, std::move(cb)));
}

}  // namespace shikan::probe
