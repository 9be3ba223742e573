// ModemSession over a real pseudo-terminal: init, samples every interval, then the modem goes away
// (master closed) -> modem_lost and a reconnect wait, while nothing else stops.
#include <pty.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <map>

#include "shikan/probe/modem_session.hpp"
#include "shikan/probe/serial.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

namespace {

// A Quectel-like modem with echo on (its power-up default) until ATE0.
class FakeQuectel {
 public:
  FakeQuectel(boost::asio::io_context& io, int fd) : fd_(io, fd) {}
  void start() { read(); }
  void close() {
    boost::system::error_code ec;
    fd_.close(ec);
  }

 private:
  std::string answer(const std::string& cmd) {
    static const std::map<std::string, std::string> kReplies{
        {"ATE0", ""},
        {"ATI", "\r\nQuectel\r\nRG801H-EA\r\nRevision: RG801HEAAAR03A01M8G\r\n"},
        {"AT+CGSN", "\r\n869710030002905\r\n"},
        {"AT+CEREG=2", ""},
        {"AT+C5GREG=2", ""},
        {"AT+QENG=\"servingcell\"",
         "\r\n+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,-54,-10,"
         "16,-,-\r\n\r\n+CEREG: 1\r\n"},
        {"AT+QNWCFG=\"nr5g_cell_id\"", "\r\n+QNWCFG: \"nr5g_cell_id\",64F000170C23000,170C23000,5C308C\r\n"}};
    std::string out = echo_ ? cmd + "\r" : "";
    if (cmd == "ATE0") echo_ = false;
    auto it = kReplies.find(cmd);
    return out + (it == kReplies.end() ? "\r\nERROR\r\n" : it->second + "\r\nOK\r\n");
  }
  void read() {
    fd_.async_read_some(boost::asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return;
      std::string out;
      splitter_.feed(std::string_view(buf_.data(), n),
                     [&](std::string_view l, bool) { out += answer(std::string(l)); });
      if (!out.empty()) boost::asio::write(fd_, boost::asio::buffer(out));
      read();
    });
  }
  boost::asio::posix::stream_descriptor fd_;
  std::array<char, 256> buf_{};
  LineSplitter splitter_;
  bool echo_ = true;
};

}  // namespace

TEST_CASE("modem session over a pty: samples, then modem_lost and a reconnect wait", "[probe][session][pty]") {
  boost::asio::io_context io;
  SystemClock clock;
  int master = -1, slave = -1;
  std::array<char, 256> name{};
  REQUIRE(::openpty(&master, &slave, name.data(), nullptr, nullptr) == 0);
  FakeQuectel modem(io, master);
  modem.start();

  ModemConfig cfg;
  cfg.id = "cmcc";
  cfg.port = name.data();
  cfg.neighbours = false;
  cfg.info_every = 1000;
  cfg.command_timeout = 1000ms;
  std::vector<Sample> samples;
  std::vector<Event> events;
  std::vector<DeviceInfo> devices;
  std::size_t raw = 0;
  SessionSink sink;
  sink.on_sample = [&](const Sample& s) {
    samples.push_back(s);
    if (samples.size() == 3) {
      modem.close();  // USB unplugged
      ::close(slave);
    }
  };
  sink.on_event = [&](const Event& e) {
    events.push_back(e);
    if (e.kind == EventKind::ModemLost) io.stop();
  };
  sink.on_raw = [&](const RawLine&) { ++raw; };
  sink.on_device = [&](const DeviceInfo& d) { devices.push_back(d); };
  ModemSession session(io, cfg, 100ms, clock, sink);
  session.start();
  io.run_for(10s);

  REQUIRE(samples.size() == 3);
  CHECK(samples[0].modem == "cmcc");
  CHECK(samples[0].serving.rat == Rat::NrSa);
  CHECK(samples[0].serving.nci->value() == 0x170C23000ULL);
  CHECK(samples[1].mono.ns - samples[0].mono.ns == Approx(100'000'000).margin(60'000'000));  // fixed rate
  REQUIRE(devices.size() == 1);
  CHECK(devices[0].model == "RG801H-EA");
  CHECK(devices[0].imei == "869710030002905");
  CHECK(raw > 20);
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().kind == EventKind::ModemLost);
  CHECK(events.back().detail.find(name.data()) != std::string::npos);
  const ModemStatus st = session.status();
  CHECK(st.state == SessionState::Waiting);
  CHECK(st.samples == 3);
  REQUIRE(st.retry_at);
  session.stop();
  CHECK(session.status().state == SessionState::Closed);
}
