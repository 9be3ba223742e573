// gpsd JSON: parser tables, TPV + SKY fix assembly, and the TCP source against a fake gpsd on a real
// loopback socket (WATCH sent, fixes delivered, connection cut -> reconnect).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "shikan/core/time.hpp"
#include "shikan/probe/gnss.hpp"
#include "shikan/probe/gpsd.hpp"
#include "test_paths.hpp"

namespace gpsd = shikan::probe::gpsd;
using namespace std::chrono_literals;
using boost::asio::ip::tcp;

namespace {

std::int64_t utc_ms(std::string_view iso) {
  const auto t = shikan::parse_iso8601(iso);
  REQUIRE(t);
  return t->ms;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(shikan::test::fixtures() / "nmea" / name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("gpsd: TPV with every member used", "[gpsd]") {
  const auto m = gpsd::parse(
      R"({"class":"TPV","device":"/dev/ttyACM0","status":2,"mode":3,"time":"2026-03-15T12:00:02.000Z","ept":0.005,)"
      R"("lat":31.230416667,"lon":121.473701667,"altHAE":30.100,"altMSL":19.800,"alt":19.800,"track":87.5,)"
      R"("speed":1.25,"climb":0.01,"eph":1.9,"epx":1.1,"epy":1.4,"epv":2.5})");
  REQUIRE(m.ok());
  const auto& t = std::get<gpsd::Tpv>(m.value());
  CHECK(t.device == "/dev/ttyACM0");
  CHECK(t.mode == 3);
  CHECK(t.status == 2);
  CHECK(t.time->ms == utc_ms("2026-03-15T12:00:02Z"));
  CHECK(t.pos->lat.degrees() == Approx(31.230416667).margin(1e-9));
  CHECK(t.pos->lon.degrees() == Approx(121.473701667).margin(1e-9));
  CHECK(t.alt_msl->value == Approx(19.8));
  CHECK(t.alt_hae->value == Approx(30.1));
  CHECK(*t.speed_mps == Approx(1.25));
  CHECK(*t.track_deg == Approx(87.5));
  CHECK(*t.climb_mps == Approx(0.01));
  CHECK(t.eph->value == Approx(1.9));
  CHECK(t.epx->value == Approx(1.1));
  CHECK(t.epy->value == Approx(1.4));
  CHECK(t.epv->value == Approx(2.5));
}

TEST_CASE("gpsd: old TPV with alt only, no-fix TPV", "[gpsd]") {
  const auto old =
      gpsd::parse(R"({"class":"TPV","mode":3,"time":"2015-06-01T00:00:00Z","lat":-1.5,"lon":-2.5,"alt":7})");
  REQUIRE(old.ok());
  CHECK(std::get<gpsd::Tpv>(old.value()).alt_msl->value == Approx(7.0));
  CHECK_FALSE(std::get<gpsd::Tpv>(old.value()).alt_hae);
  const auto none = gpsd::parse(R"({"class":"TPV","device":"/dev/ttyUSB0","mode":1})");
  REQUIRE(none.ok());
  CHECK(std::get<gpsd::Tpv>(none.value()).mode == 1);
  CHECK_FALSE(std::get<gpsd::Tpv>(none.value()).pos);
  CHECK_FALSE(std::get<gpsd::Tpv>(none.value()).time);
}

TEST_CASE("gpsd: SKY", "[gpsd]") {
  const auto m =
      gpsd::parse(R"({"class":"SKY","device":"/dev/ttyACM0","hdop":0.87,"pdop":1.69,"vdop":1.45,"satellites":[)"
                  R"({"PRN":2,"used":true},{"PRN":5,"used":false},{"PRN":12,"used":true},{"PRN":25}]})");
  REQUIRE(m.ok());
  const auto& s = std::get<gpsd::Sky>(m.value());
  CHECK(*s.hdop == Approx(0.87));
  CHECK(*s.pdop == Approx(1.69));
  CHECK(*s.vdop == Approx(1.45));
  CHECK(s.satellites_seen == 4);
  CHECK(s.satellites_used == 2);
  // gpsd 3.23+: counts without the list.
  const auto c = gpsd::parse(R"({"class":"SKY","nSat":20,"uSat":11,"hdop":0.6})");
  REQUIRE(c.ok());
  CHECK(std::get<gpsd::Sky>(c.value()).satellites_seen == 20);
  CHECK(std::get<gpsd::Sky>(c.value()).satellites_used == 11);
}

TEST_CASE("gpsd: other classes are recognised and ignored", "[gpsd]") {
  for (const auto& line : lines_of(read_fixture("gpsd-session.jsonl"))) {
    const auto m = gpsd::parse(line);
    CAPTURE(line);
    REQUIRE(m.ok());
  }
  for (std::string cls : {"VERSION", "DEVICES", "DEVICE", "WATCH", "PPS", "TOFF", "GST", "ATT"}) {
    const auto m = gpsd::parse(R"({"class":")" + cls + R"(","x":1})");
    REQUIRE(m.ok());
    REQUIRE(std::holds_alternative<gpsd::Ignored>(m.value()));
    CHECK(std::get<gpsd::Ignored>(m.value()).cls == cls);
  }
}

TEST_CASE("gpsd: malformed reports", "[gpsd]") {
  struct Row {
    std::string line, reason;
  };
  const std::vector<Row> rows{
      {"", "not JSON"},
      {"{", "not JSON"},
      {"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", "not JSON"},
      {"[1,2,3]", "not JSON"},
      {R"({"class":"TPV","mode":3}{"class":"SKY"})", "not JSON"},  // two objects glued together
      {R"({"mode":3})", "no class"},
      {R"({"class":5})", "no class"},
      {R"({"class":"TPV","lat":1,"lon":2})", "TPV without mode"},
      {R"({"class":"TPV","mode":"3"})", "bad mode"},
      {R"({"class":"TPV","mode":7})", "bad mode"},
      {R"({"class":"TPV","mode":3,"lat":"31.2","lon":121.4})", "bad lat"},
      {R"({"class":"TPV","mode":3,"lat":91.0,"lon":121.4})", "bad lat"},
      {R"({"class":"TPV","mode":3,"lat":31.2,"lon":-180.5})", "bad lon"},
      {R"({"class":"TPV","mode":3,"lat":31.2})", "bad lon"},
      {R"({"class":"TPV","mode":3,"time":"yesterday"})", "bad time"},
      {R"({"class":"TPV","mode":3,"time":1700000000})", "bad time"},
      {R"({"class":"TPV","mode":3,"speed":"fast"})", "bad speed"},
      {R"({"class":"TPV","mode":3,"altMSL":null})", "bad altMSL"},
      {R"({"class":"SKY","hdop":"1"})", "bad hdop"},
      {R"({"class":"SKY","satellites":{}})", "bad satellites"},
      {R"({"class":"ERROR","message":"Unrecognized request 'WATCHX'"})", "gpsd error: Unrecognized request 'WATCHX'"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    const auto m = gpsd::parse(r.line);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().reason == r.reason);
  }
}

TEST_CASE("gpsd: TPV + SKY to fixes", "[gpsd]") {
  gpsd::FixAssembler a;
  std::vector<shikan::probe::nmea::FixOutcome> out;
  for (const auto& line : lines_of(read_fixture("gpsd-session.jsonl"))) {
    const auto m = gpsd::parse(line);
    REQUIRE(m.ok());
    if (auto o = a.feed(m.value())) out.push_back(*o);
  }
  REQUIRE(out.size() == 3);
  REQUIRE(std::holds_alternative<shikan::probe::nmea::NoFix>(out[0]));
  CHECK(std::get<shikan::probe::nmea::NoFix>(out[0]).utc->ms == utc_ms("2026-03-15T12:00:01Z"));
  const auto& f3 = std::get<shikan::Fix>(out[1]);
  CHECK(f3.utc.ms == utc_ms("2026-03-15T12:00:02Z"));
  CHECK(f3.quality == shikan::FixQuality::Dgps);
  CHECK(f3.alt->value == Approx(19.8));
  CHECK(*f3.hdop == Approx(0.87));
  CHECK(f3.sats == 4);
  CHECK(*f3.speed_mps == Approx(1.25));
  CHECK(*f3.course_deg == Approx(87.5));
  const auto& f2 = std::get<shikan::Fix>(out[2]);
  CHECK(f2.pos.lat.degrees() == Approx(-33.856159).margin(1e-9));
  CHECK(f2.pos.lon.degrees() == Approx(-70.208760).margin(1e-9));
  CHECK_FALSE(f2.alt);  // 2D: altitude not measured
  CHECK(f2.quality == shikan::FixQuality::Gps);

  // A 3D TPV without time gives nothing; a SKY of another device is not used.
  gpsd::FixAssembler b;
  CHECK_FALSE(b.feed(gpsd::parse(R"({"class":"TPV","mode":3,"lat":1,"lon":2})").value()));
  CHECK_FALSE(b.feed(gpsd::parse(R"({"class":"SKY","device":"/dev/a","hdop":9.9,"uSat":3,"nSat":5})").value()));
  const auto o =
      b.feed(gpsd::parse(R"({"class":"TPV","device":"/dev/b","mode":3,"time":"2026-01-01T00:00:00Z","lat":1,"lon":2})")
                 .value());
  REQUIRE(o);
  CHECK_FALSE(std::get<shikan::Fix>(*o).hdop);
  CHECK_FALSE(std::get<shikan::Fix>(*o).sats);
}

TEST_CASE("gpsd: TPV status to fix quality", "[gpsd]") {
  gpsd::Tpv t;
  CHECK(gpsd::quality_of(t) == shikan::FixQuality::Gps);
  const std::vector<std::pair<int, shikan::FixQuality>> rows{
      {0, shikan::FixQuality::Gps},       {1, shikan::FixQuality::Gps},      {2, shikan::FixQuality::Dgps},
      {3, shikan::FixQuality::RtkFixed},  {4, shikan::FixQuality::RtkFloat}, {5, shikan::FixQuality::Estimated},
      {6, shikan::FixQuality::Estimated}, {7, shikan::FixQuality::Manual},   {8, shikan::FixQuality::Simulation},
      {9, shikan::FixQuality::Pps},       {10, shikan::FixQuality::Gps}};
  for (const auto& [status, q] : rows) {
    t.status = status;
    CHECK(gpsd::quality_of(t) == q);
  }
}

namespace {

// A fake gpsd on 127.0.0.1: per connection, reads the client's request line, then sends that
// connection's script; every connection but the last is closed after its script (gpsd restarted).
class FakeGpsd {
 public:
  FakeGpsd(boost::asio::io_context& io, std::vector<std::string> scripts)
      : acceptor_(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)), scripts_(std::move(scripts)) {}
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void start() { accept(); }
  std::vector<std::string> requests;

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      conn_ = std::make_shared<tcp::socket>(std::move(s));
      boost::asio::async_read_until(*conn_, in_, '\n', [this, c = conn_](boost::system::error_code rec, std::size_t n) {
        if (rec) return;
        std::string req(boost::asio::buffers_begin(in_.data()), boost::asio::buffers_begin(in_.data()) + n);
        in_.consume(n);
        requests.push_back(req);
        const std::size_t i = std::min(requests.size() - 1, scripts_.size() - 1);
        boost::asio::write(*c, boost::asio::buffer(scripts_[i]));
        if (requests.size() < scripts_.size()) {
          c->close();
          accept();
        }
      });
    });
  }
  tcp::acceptor acceptor_;
  std::vector<std::string> scripts_;
  std::shared_ptr<tcp::socket> conn_;
  boost::asio::streambuf in_;
};

}  // namespace

TEST_CASE("gpsd source over loopback TCP: WATCH, fixes, reconnect after the socket closes", "[gpsd][gnss]") {
  boost::asio::io_context io;
  // First connection: the captured-style session, then gpsd goes away. Second: garbage and one TPV.
  const std::string session = read_fixture("gpsd-session.jsonl");
  const std::string second =
      "not json at all\r\n"
      R"({"class":"TPV","device":"/dev/ttyACM0","mode":3,"time":"2026-03-15T12:00:10.000Z","lat":31.2305,"lon":121.4738,"altMSL":20.5})"
      "\r\n";
  FakeGpsd server(io, {session, second});
  server.start();

  std::vector<std::string> raw, errors, downs;
  std::vector<shikan::Fix> fixes;
  int no_fix = 0, ups = 0;
  shikan::probe::GnssCallbacks cb;
  cb.on_raw = [&](std::string_view l) { raw.emplace_back(l); };
  cb.on_fix = [&](const shikan::Fix& f) {
    fixes.push_back(f);
    if (fixes.size() == 3) io.stop();
  };
  cb.on_no_fix = [&] { ++no_fix; };
  cb.on_parse_error = [&](std::string_view l, const shikan::ParseError& e) {
    errors.push_back(std::string(l) + " -> " + e.reason);
  };
  cb.on_link_down = [&](const std::string& what) { downs.push_back(what); };
  cb.on_link_up = [&] { ++ups; };
  auto src = shikan::probe::make_gpsd_source(io, "127.0.0.1", server.port(), cb, {20ms, 100ms});
  CHECK(src->describe() == "gpsd 127.0.0.1:" + std::to_string(server.port()));
  src->start();
  io.run_for(10s);
  src->stop();

  REQUIRE(server.requests.size() == 2);
  CHECK(server.requests[0] == gpsd::kWatchRequest);
  CHECK(server.requests[1] == gpsd::kWatchRequest);
  CHECK(ups == 2);
  REQUIRE(downs.size() == 1);
  CHECK(downs[0].rfind("gpsd 127.0.0.1:", 0) == 0);
  CHECK(no_fix == 1);
  REQUIRE(fixes.size() == 3);
  CHECK(fixes[0].utc.ms == utc_ms("2026-03-15T12:00:02Z"));
  CHECK(*fixes[0].hdop == Approx(0.87));
  CHECK(fixes[1].utc.ms == utc_ms("2026-03-15T12:00:03Z"));
  CHECK(fixes[2].utc.ms == utc_ms("2026-03-15T12:00:10Z"));
  CHECK_FALSE(fixes[2].hdop);  // SKY state does not survive the reconnect
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "not json at all -> not JSON");
  CHECK(raw.size() == lines_of(session).size() + 2);
  CHECK(raw.front() == lines_of(session).front());
}

TEST_CASE("gpsd source: nothing listening -> one link-down per outage, retries until stopped", "[gpsd][gnss]") {
  boost::asio::io_context io;
  std::uint16_t port = 0;
  {
    tcp::acceptor probe(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }  // closed: connections to it are refused
  std::vector<std::string> downs;
  int ups = 0;
  shikan::probe::GnssCallbacks cb;
  cb.on_link_down = [&](const std::string& what) { downs.push_back(what); };
  cb.on_link_up = [&] { ++ups; };
  auto src = shikan::probe::make_gpsd_source(io, "127.0.0.1", port, cb, {5ms, 20ms});
  src->start();
  io.run_for(300ms);  // several retries at 5, 10, 20, 20 ... ms
  src->stop();
  CHECK(ups == 0);
  REQUIRE(downs.size() == 1);
  CHECK(downs[0].find("connect 127.0.0.1:" + std::to_string(port)) != std::string::npos);
}
