// Serial-port edge: opening a tty (real modem, USB-serial GNSS, or a pseudo-terminal) and splitting
// its byte stream into lines. Shared by the AT engine and the NMEA reader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/serial_port.hpp>

namespace shikan::probe {

// Splits a byte stream into lines at CR and/or LF, however the bytes were split across reads.
// Empty lines are dropped. A line longer than max_line is delivered cut, with truncated = true,
// and the rest up to the next terminator is discarded. Pure; no I/O.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line = 4096) : max_line_(max_line) {}

  // on_line(std::string_view line, bool truncated) for every complete line in bytes.
  template <class F>
  void feed(std::string_view bytes, F&& on_line) {
    for (char c : bytes) {
      if (c == '\r' || c == '\n') {
        if (!buf_.empty() || discarding_) {
          if (!discarding_) on_line(std::string_view(buf_), false);
          buf_.clear();
          discarding_ = false;
        }
        continue;
      }
      if (discarding_) continue;
      buf_.push_back(c);
      if (buf_.size() >= max_line_) {
        on_line(std::string_view(buf_), true);
        buf_.clear();
        discarding_ = true;
      }
    }
  }
  // Bytes received since the last terminator (a half line).
  std::string_view partial() const { return buf_; }
  void reset() {
    buf_.clear();
    discarding_ = false;
  }

 private:
  std::size_t max_line_;
  std::string buf_;
  bool discarding_ = false;
};

// Opens path as a raw 8N1 tty at baud. Throws std::system_error whose message names the path.
// Pseudo-terminals ignore the baud rate.
boost::asio::serial_port open_serial(boost::asio::io_context& io, const std::string& path, unsigned baud);

}  // namespace shikan::probe
