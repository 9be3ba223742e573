// AtEngine over a real pseudo-terminal: a scripted fake modem on the master side answers commands;
// closing the master is a lost port.
#include <pty.h>
#include <unistd.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/serial.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

namespace {

// The master side of a pty, answering each command line with a canned reply (V.250 framing).
class FakeModem {
 public:
  FakeModem(boost::asio::io_context& io, int master_fd, std::map<std::string, std::string> replies)
      : fd_(io, master_fd), replies_(std::move(replies)) {}
  void start() { read(); }
  void close() {
    boost::system::error_code ec;
    fd_.close(ec);
  }
  std::vector<std::string> received;
  std::function<void(const std::string&)> on_command;

 private:
  void read() {
    fd_.async_read_some(boost::asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return;
      splitter_.feed(std::string_view(buf_.data(), n), [&](std::string_view l, bool) {
        received.emplace_back(l);
        auto it = replies_.find(std::string(l));
        out_ += it == replies_.end() ? "\r\nERROR\r\n" : it->second;
        if (on_command) on_command(std::string(l));
      });
      if (!out_.empty() && fd_.is_open()) {
        boost::asio::write(fd_, boost::asio::buffer(out_));
        out_.clear();
      }
      if (fd_.is_open()) read();
    });
  }
  boost::asio::posix::stream_descriptor fd_;
  std::map<std::string, std::string> replies_;
  std::array<char, 256> buf_{};
  LineSplitter splitter_;
  std::string out_;
};

struct Pty {
  int master = -1, slave = -1;
  std::string name;
  Pty() {
    std::array<char, 256> n{};
    REQUIRE(::openpty(&master, &slave, n.data(), nullptr, nullptr) == 0);
    name = n.data();
  }
};

}  // namespace

TEST_CASE("engine over a pty: commands answered, echo, URC, then the port is lost", "[probe][engine][pty]") {
  boost::asio::io_context io;
  SystemClock clock;
  Pty pty;
  FakeModem modem(io, pty.master,
                  {{"ATE0", "ATE0\r\r\nOK\r\n"},
                   {"AT+QENG=\"servingcell\"",
                    "\r\n+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,"
                    "-54,-10,16,-,-\r\n\r\n+CEREG: 1\r\n\r\nOK\r\n"},
                   {"AT+QNWCFG=\"nr5g_cell_id\"", "\r\n+CME ERROR: 58\r\n"}});
  modem.start();
  auto port = open_serial(io, pty.name, 115200);
  ::close(pty.slave);  // the engine holds its own descriptor

  std::vector<std::string> raw, urcs;
  std::string disconnect;
  std::vector<AtResult> results;
  AtEngineCallbacks cb;
  cb.on_raw = [&](Direction d, std::string_view l) {
    raw.push_back((d == Direction::Sent ? "> " : "< ") + std::string(l));
  };
  cb.on_urc = [&](std::string_view l) { urcs.emplace_back(l); };
  cb.on_disconnect = [&](const std::string& why) {
    disconnect = why;
    io.stop();
  };
  AtEngine engine(io, std::move(port), pty.name, clock, cb);
  engine.start();
  auto record = [&](const AtResult& r) { results.push_back(r); };
  engine.submit(at_set("ATE0"), record);
  engine.submit(at_query("AT+QENG=\"servingcell\""), record);
  engine.submit(at_query("AT+QNWCFG=\"nr5g_cell_id\""), [&](const AtResult& r) {
    results.push_back(r);
    // The modem goes away (USB unplugged): the next command fails with Disconnected.
    engine.submit(at_query("AT+QNWINFO", 2000ms), record);
    modem.close();
  });
  io.run_for(10s);

  REQUIRE(results.size() == 4);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  CHECK(results[1].lines.size() == 1);
  CHECK(results[2].status == AtStatus::CmeError);
  CHECK(results[2].error_code == 58);
  CHECK(results[3].status == AtStatus::Disconnected);
  CHECK(urcs == std::vector<std::string>{"+CEREG: 1"});
  CHECK(disconnect.find(pty.name) != std::string::npos);
  CHECK_FALSE(engine.is_open());
  REQUIRE(raw.size() >= 6);
  CHECK(raw[0] == "> ATE0");
  CHECK(raw[1] == "< ATE0");  // the echo is stored verbatim even though the engine drops it
  CHECK(modem.received.at(1) == "AT+QENG=\"servingcell\"");
}

TEST_CASE("engine over a pty: a silent modem makes the command time out on the real timer", "[probe][engine][pty]") {
  boost::asio::io_context io;
  SystemClock clock;
  Pty pty;
  auto port = open_serial(io, pty.name, 115200);
  AtEngine engine(io, std::move(port), pty.name, clock, {}, AtProtocolOptions{50ms});
  engine.start();
  std::optional<AtResult> result;
  engine.submit(at_query("AT+QENG=\"servingcell\"", 100ms), [&](const AtResult& r) {
    result = r;
    io.stop();
  });
  io.run_for(10s);
  ::close(pty.master);
  ::close(pty.slave);
  REQUIRE(result);
  CHECK(result->status == AtStatus::Timeout);
  CHECK(result->done.ns - result->sent.ns >= 100'000'000);
}
