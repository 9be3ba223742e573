// Pseudo-terminal devices (I/O edge). A PtyPort owns one pty pair: the master is served with
// Boost.Asio, the slave side is put in raw mode (cfmakeraw) so the probe sees bytes unchanged, and a
// stable symlink (OUT/dev/<id>) points at the slave (/dev/pts/N), like /dev/serial/by-id links for
// real modems. Closing the port is an unplug: the master closes (the probe's reads fail), the link
// goes; opening again creates a fresh pty and re-points the link. Single-threaded: use from the
// io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

namespace shikan::sim {

// Replaces `link` atomically (symlink to a temporary name, then rename). Throws std::system_error.
void replace_symlink(const std::filesystem::path& link, const std::filesystem::path& target);

class PtyPort {
 public:
  using ReadHandler = std::function<void(std::string_view bytes)>;
  // Bytes queued while nobody reads the slave are dropped above this, as a serial line with no
  // listener loses them.
  static constexpr std::size_t kMaxQueued = 16 * 1024;

  // `discard_every`: how often (wall) unread output is checked and dropped (discard_if_unread).
  PtyPort(boost::asio::io_context& io, std::filesystem::path link, ReadHandler on_read,
          std::chrono::milliseconds discard_every = std::chrono::milliseconds(250));
  ~PtyPort();
  PtyPort(const PtyPort&) = delete;
  PtyPort& operator=(const PtyPort&) = delete;

  void open();   // new pty + link; throws std::system_error naming the link
  void close();  // unplug: close master and held slave, remove the link
  bool is_open() const { return master_ != nullptr; }
  void write(std::string bytes);
  const std::string& slave_path() const { return slave_path_; }
  const std::filesystem::path& link() const { return link_; }
  std::size_t dropped_bytes() const { return dropped_; }
  // Bytes waiting unread on the slave side (TIOCINQ).
  std::size_t unread() const;
  // Discards what nobody has read since the previous call (a serial line without a listener loses its
  // bytes; a pty would keep them and hand a late reader minutes-old sentences). Called every 250 ms (wall).
  void discard_if_unread();

 private:
  void start_read();
  void start_write();
  void start_watchdog();

  boost::asio::io_context& io_;
  std::filesystem::path link_;
  ReadHandler on_read_;
  std::chrono::milliseconds discard_every_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> master_;
  int slave_fd_ = -1;  // held open so the master never sees a hang-up while no probe is attached
  std::string slave_path_;
  std::deque<std::string> queue_;
  std::size_t queued_ = 0, dropped_ = 0;
  bool writing_ = false;
  std::size_t written_since_check_ = 0, unread_at_check_ = 0;
  std::unique_ptr<boost::asio::steady_timer> watchdog_;
  std::array<char, 4096> rbuf_{};
  std::shared_ptr<int> generation_ = std::make_shared<int>(0);  // invalidates handlers of a closed pty
};

}  // namespace shikan::sim
