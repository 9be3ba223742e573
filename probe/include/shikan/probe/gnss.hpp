// GNSS sources for the probe's run loop (I/O edge; docs/gnss.md): an NMEA receiver on a serial port,
// a gpsd daemon over TCP, or a fixed surveyed position. All run on one single-threaded io_context and
// report through callbacks invoked from that io_context's thread; start()/stop() must be called from
// it too (or before it runs). A source reconnects by itself after losing its port or socket, with
// exponential backoff, until stop(). No callback is invoked after stop() returns. Exceptions never
// leave a completion handler: an exception thrown by a callback is treated as a link failure
// (on_link_down with the exception's message, then reconnect).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "shikan/probe/backoff.hpp"
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "shikan/core/model.hpp"
#include "shikan/core/result.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan::probe {

// Any callback may be empty. Lines are passed without their CR/LF.
struct GnssCallbacks {
  std::function<void(std::string_view line)> on_raw;  // every line received, verbatim (kept as evidence)
  std::function<void(const Fix&)> on_fix;             // each complete valid fix
  std::function<void()> on_no_fix;                    // receiver reports no fix (GGA quality 0 / RMC V / TPV mode<2)
  std::function<void(std::string_view line, const ParseError&)> on_parse_error;
  std::function<void(const std::string& what)> on_link_down;  // port/socket lost or cannot be opened; retries follow
  std::function<void()> on_link_up;                           // port opened / socket connected (for gpsd: WATCH sent)
};

// Sources reconnect with a Backoff (backoff.hpp), reset once data has flowed again. on_link_down is
// reported once per outage (the first failed attempt), not per retry.

class GnssSource {
 public:
  virtual ~GnssSource() = default;
  virtual void start() = 0;
  virtual void stop() = 0;
  // One line for logs, e.g. "nmea /dev/ttyUSB1 @9600", "gpsd 127.0.0.1:2947", "fixed 31.2304,121.4737".
  virtual std::string describe() const = 0;
};

// NMEA 0183 over a tty (nmea.hpp); port may be a symlink (udev by-id path), re-resolved at each reopen.
// Lines longer than 4096 bytes are reported as parse errors ("line too long"). Sentences the parser does
// not decode (nmea::is_unsupported: VTG, ZDA, GSV of proprietary talkers...) go to on_raw only.
std::unique_ptr<GnssSource> make_nmea_serial_source(boost::asio::io_context& io, std::string port, unsigned baud,
                                                    GnssCallbacks cb, Backoff backoff = {});

// gpsd JSON over TCP (gpsd.hpp): connects, sends the WATCH request, reads reports.
std::unique_ptr<GnssSource> make_gpsd_source(boost::asio::io_context& io, std::string host, std::uint16_t port,
                                             GnssCallbacks cb, Backoff backoff = {});

// A surveyed position for a static probe: a Fix (quality Manual, no HDOP/satellites) stamped with
// clock.utc_now() at start() and then every period. clock must outlive the source. on_link_up once at start().
std::unique_ptr<GnssSource> make_fixed_source(boost::asio::io_context& io, GeoPoint pos, std::optional<Metres> alt,
                                              std::chrono::milliseconds period, const Clock& clock, GnssCallbacks cb);

}  // namespace shikan::probe
