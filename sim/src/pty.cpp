#include "shikan/sim/pty.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace shikan::sim {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

void replace_symlink(const std::filesystem::path& link, const std::filesystem::path& target) {
  std::filesystem::create_directories(link.parent_path());
  const std::filesystem::path tmp = link.string() + ".new";
  std::filesystem::remove(tmp);
  std::filesystem::create_symlink(target, tmp);
  std::filesystem::rename(tmp, link);
}

PtyPort::PtyPort(boost::asio::io_context& io, std::filesystem::path link, ReadHandler on_read, std::chrono::milliseconds discard_every)
    : io_(io), link_(std::move(link)), on_read_(std::move(on_read)), discard_every_(discard_every) {}

PtyPort::~PtyPort() {
  try {
    close();
  } catch (const std::exception&) {
    // destructor: the link may already be gone; nothing else to release
  }
}

void PtyPort::open() {
  if (is_open()) return;
  const int m = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0) fail("posix_openpt for " + link_.string());
  if (::grantpt(m) != 0 || ::unlockpt(m) != 0) {
    ::close(m);
    fail("grantpt/unlockpt for " + link_.string());
  }
  char name[128];
  if (::ptsname_r(m, name, sizeof name) != 0) {
    ::close(m);
    fail("ptsname for " + link_.string());
  }
  const int s = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s < 0) {
    ::close(m);
    fail(std::string("open ") + name);
  }
  termios tio{};
  if (::tcgetattr(s, &tio) == 0) {
    ::cfmakeraw(&tio);  // no echo, no CR/LF translation, byte-at-a-time reads
    ::cfsetispeed(&tio, B115200);
    ::cfsetospeed(&tio, B115200);
    ::tcsetattr(s, TCSANOW, &tio);
  }
  slave_fd_ = s;
  slave_path_ = name;
  master_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, m);
  generation_ = std::make_shared<int>(0);
  queue_.clear();
  queued_ = 0;
  writing_ = false;
  written_since_check_ = 0;
  unread_at_check_ = 0;
  replace_symlink(link_, slave_path_);
  start_read();
  start_watchdog();
}

std::size_t PtyPort::unread() const {
  int n = 0;
  if (slave_fd_ < 0 || ::ioctl(slave_fd_, TIOCINQ, &n) != 0 || n < 0) return 0;
  return static_cast<std::size_t>(n);
}

void PtyPort::discard_if_unread() {
  if (!is_open()) return;
  const std::size_t now = unread();
  const bool nobody_read = now > 0 && now >= unread_at_check_ + written_since_check_;
  if (nobody_read) {
    ::tcflush(slave_fd_, TCIFLUSH);
    dropped_ += now;
    // Our own backlog is just as stale; keep only a write in flight (its buffer must stay valid).
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      queued_ -= queue_.back().size();
      dropped_ += queue_.back().size();
      queue_.pop_back();
    }
  }
  unread_at_check_ = nobody_read ? 0 : now;
  written_since_check_ = 0;
}

void PtyPort::start_watchdog() {
  if (!watchdog_) watchdog_ = std::make_unique<boost::asio::steady_timer>(io_);
  std::weak_ptr<int> gen = generation_;
  watchdog_->expires_after(discard_every_);
  watchdog_->async_wait([this, gen](const boost::system::error_code& ec) {
    if (ec || gen.expired()) return;
    discard_if_unread();
    start_watchdog();
  });
}

void PtyPort::close() {
  if (!is_open()) return;
  generation_.reset();
  if (watchdog_) watchdog_->cancel();
  boost::system::error_code ec;
  master_->close(ec);
  master_.reset();
  ::close(slave_fd_);
  slave_fd_ = -1;
  queue_.clear();
  queued_ = 0;
  writing_ = false;
  std::error_code fec;
  std::filesystem::remove(link_, fec);
}

void PtyPort::write(std::string bytes) {
  if (!is_open() || bytes.empty()) return;
  if (queued_ + bytes.size() > kMaxQueued) {
    dropped_ += bytes.size();
    return;
  }
  queued_ += bytes.size();
  queue_.push_back(std::move(bytes));
  if (!writing_) start_write();
}

void PtyPort::start_write() {
  writing_ = true;
  std::weak_ptr<int> gen = generation_;
  boost::asio::async_write(*master_, boost::asio::buffer(queue_.front()), [this, gen](const boost::system::error_code& ec, std::size_t) {
    if (gen.expired()) return;  // the pty was closed meanwhile
    writing_ = false;
    if (ec) return;
    queued_ -= queue_.front().size();
    written_since_check_ += queue_.front().size();
    queue_.pop_front();
    if (!queue_.empty()) start_write();
  });
}

void PtyPort::start_read() {
  std::weak_ptr<int> gen = generation_;
  master_->async_read_some(boost::asio::buffer(rbuf_), [this, gen](const boost::system::error_code& ec, std::size_t n) {
    if (gen.expired()) return;
    if (ec) return;  // EIO only if the held slave closed, which happens on close()
    on_read_(std::string_view(rbuf_.data(), n));
    if (is_open()) start_read();
  });
}

}  // namespace shikan::sim
