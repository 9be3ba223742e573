// AtProtocol: timeouts, late answers, disconnects and classification helpers, with time driven by hand.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shikan/probe/at_engine.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

namespace {

MonoTime ms(std::int64_t v) { return MonoTime{v * 1'000'000}; }

struct Collected {
  std::vector<AtResult> done;
  std::vector<std::string> sent, urcs, unexpected;
};

Collected take(AtProtocol& p) {
  Collected c;
  for (auto& ev : p.take_events()) {
    if (auto* d = std::get_if<AtDone>(&ev)) c.done.push_back(d->result);
    if (auto* s = std::get_if<AtSend>(&ev)) c.sent.push_back(s->text);
    if (auto* u = std::get_if<AtUrc>(&ev)) c.urcs.push_back(u->line);
    if (auto* x = std::get_if<AtUnexpected>(&ev)) c.unexpected.push_back(x->line + " | " + x->context);
  }
  return c;
}

}  // namespace

TEST_CASE("engine: answer prefix derivation", "[probe][engine]") {
  CHECK(at_query("AT+QENG=\"servingcell\"").prefix == "+QENG:");
  CHECK(at_query("AT+COPS?").prefix == "+COPS:");
  CHECK(at_query("at+qnwinfo").prefix == "+QNWINFO:");
  CHECK(at_query("ATI").kind == AnswerKind::Bare);
  CHECK(at_query("AT+CGSN").kind == AnswerKind::Bare);
  CHECK(at_set("AT+CEREG=2").kind == AnswerKind::None);
}

TEST_CASE("engine: final result codes per TS 27.007 §9.2", "[probe][engine]") {
  CHECK(parse_final_code("OK")->status == AtStatus::Ok);
  CHECK(parse_final_code("+CME ERROR: 3")->error_code == 3);
  CHECK(parse_final_code("+CMS ERROR: 304")->status == AtStatus::CmsError);
  CHECK_FALSE(parse_final_code("+CME ERROR: operation not allowed")->error_code.has_value());
  CHECK_FALSE(parse_final_code("OKAY").has_value());
  CHECK_FALSE(parse_final_code("+QENG: \"servingcell\",\"OK\"").has_value());
  CHECK(is_garbage(std::string("\x00OK", 3)));
  CHECK(is_garbage("\xff\xfe"));
  CHECK_FALSE(is_garbage("+COPS: 0,0,\"中国移动\",7"));
}

TEST_CASE("engine: a command times out when the clock passes its deadline", "[probe][engine]") {
  AtProtocol p;
  p.submit(at_query("AT+QENG=\"servingcell\"", 300ms), ms(0));
  p.submit(at_query("AT+QNWINFO", 300ms), ms(0));
  CHECK(take(p).sent == std::vector<std::string>{"AT+QENG=\"servingcell\""});
  REQUIRE(p.next_deadline() == ms(300));
  p.tick(ms(299));
  CHECK(take(p).done.empty());
  p.tick(ms(300));
  auto c = take(p);
  REQUIRE(c.done.size() == 1);
  CHECK(c.done[0].status == AtStatus::Timeout);
  CHECK(c.done[0].detail.find("300 ms") != std::string::npos);
  // The queue holds during the late-answer window (1500 ms by default), then goes on.
  CHECK(c.sent.empty());
  p.tick(ms(1799));
  CHECK(take(p).sent.empty());
  p.tick(ms(1800));
  CHECK(take(p).sent == std::vector<std::string>{"AT+QNWINFO"});
}

TEST_CASE("engine: a late answer is not mistaken for the next command's", "[probe][engine]") {
  AtProtocol p;
  p.submit(at_query("AT+QENG=\"servingcell\"", 300ms), ms(0));
  p.submit(at_query("AT+QNWINFO", 300ms), ms(0));
  take(p);
  p.tick(ms(300));
  REQUIRE(take(p).done.at(0).status == AtStatus::Timeout);
  // The modem answers the first command late, with a URC in between.
  p.feed_line(
      "+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,-,-54,-10,16,-,-",
      false, ms(500));
  p.feed_line("+CEREG: 1", false, ms(510));
  p.feed_line("OK", false, ms(520));
  auto c = take(p);
  CHECK(c.urcs == std::vector<std::string>{"+CEREG: 1"});
  REQUIRE(c.unexpected.size() == 2);
  CHECK(c.unexpected[1] == "OK | late answer to AT+QENG=\"servingcell\"");
  // The late OK closed the window: the next command is sent at once and gets its own answer.
  CHECK(c.sent == std::vector<std::string>{"AT+QNWINFO"});
  p.feed_line("+QNWINFO: \"FDD LTE\",\"46001\",\"LTE BAND 3\",1650", false, ms(530));
  p.feed_line("OK", false, ms(540));
  c = take(p);
  REQUIRE(c.done.size() == 1);
  CHECK(c.done[0].ok());
  CHECK(c.done[0].lines == std::vector<std::string>{"+QNWINFO: \"FDD LTE\",\"46001\",\"LTE BAND 3\",1650"});
}

TEST_CASE("engine: a line arriving exactly at the deadline belongs to the late window", "[probe][engine]") {
  AtProtocol p;
  p.submit(at_set("AT+CEREG=2", 100ms), ms(0));
  take(p);
  p.feed_line("OK", false, ms(100));
  auto c = take(p);
  REQUIRE(c.done.size() == 1);
  CHECK(c.done[0].status == AtStatus::Timeout);
  CHECK(c.unexpected.size() == 1);
}

TEST_CASE("engine: a stray final code with nothing in flight is reported, not swallowed", "[probe][engine]") {
  AtProtocol p;
  p.feed_line("OK", false, ms(0));
  auto c = take(p);
  CHECK(c.unexpected == std::vector<std::string>{"OK | no command in flight"});
}

TEST_CASE("engine: disconnect fails the command in flight and every queued one", "[probe][engine]") {
  AtProtocol p;
  p.submit(at_query("AT+QENG=\"servingcell\""), ms(0));
  p.submit(at_query("AT+QNWINFO"), ms(0));
  p.submit(at_query("AT+QCAINFO"), ms(0));
  take(p);
  p.feed_line("+QENG: \"servingcell\",\"NOCONN\"", false, ms(5));
  p.fail_all("/dev/ttyUSB2: end of file", ms(10));
  auto c = take(p);
  REQUIRE(c.done.size() == 3);
  for (const auto& r : c.done) {
    CHECK(r.status == AtStatus::Disconnected);
    CHECK(r.detail == "/dev/ttyUSB2: end of file");
  }
  CHECK(c.done[0].lines.size() == 1);  // what arrived is kept
  CHECK_FALSE(p.busy());
  CHECK_FALSE(p.next_deadline().has_value());
}

TEST_CASE("engine: an overlong line is garbage and the command still completes", "[probe][engine]") {
  AtProtocol p;
  p.submit(at_query("AT+QENG=\"servingcell\""), ms(0));
  take(p);
  p.feed_line(std::string(4096, 'A'), true, ms(1));
  p.feed_line("OK", false, ms(2));
  std::size_t garbage = 0;
  bool ok = false;
  for (auto& ev : p.take_events()) {
    if (std::holds_alternative<AtGarbage>(ev)) ++garbage;
    if (auto* d = std::get_if<AtDone>(&ev)) ok = d->result.ok() && d->result.lines.empty();
  }
  CHECK(garbage == 1);
  CHECK(ok);
}
