// SessionLogic with a ManualClock: backoff schedule, ModemLost/ModemBack with the gap, RAT and cell changes.
#include <catch2/catch.hpp>

#include "shikan/probe/modem_session.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> kinds(const std::vector<Event>& ev) {
  std::vector<std::string> out;
  for (const auto& e : ev) out.emplace_back(to_string(e.kind));
  return out;
}

std::int64_t retry_in_ms(const SessionLogic& l, const ManualClock& c) {
  return (l.retry_at()->ns - c.mono_now().ns) / 1'000'000;
}

ServingCell sa(std::uint64_t nci, int pci) {
  ServingCell s;
  s.rat = Rat::NrSa;
  s.nci = Nci(nci);
  s.pci = pci;
  s.plmn = Plmn::parse("46000");
  return s;
}

}  // namespace

TEST_CASE("session: backoff is 0.5 s doubling to 10 s", "[probe][session]") {
  Backoff b;
  std::vector<std::int64_t> d;
  for (int i = 0; i < 8; ++i) d.push_back(b.next().count());
  CHECK(d == std::vector<std::int64_t>{500, 1000, 2000, 4000, 8000, 10000, 10000, 10000});
  b.reset();
  CHECK(b.next() == 500ms);
}

TEST_CASE("session: a lost modem reconnects with backoff and reports the gap once back", "[probe][session]") {
  ManualClock clock(UtcTime{1'700'000'000'000});
  SessionLogic l("cmcc", clock);
  l.opening();
  l.opened();
  CHECK(l.state() == SessionState::Initialising);
  l.initialised();
  CHECK(l.state() == SessionState::Sampling);
  CHECK(l.take_events().empty());  // a normal start is not an outage

  clock.advance_ms(60'000);
  l.lost("/dev/ttyUSB2: end of file");
  auto ev = l.take_events();
  REQUIRE(kinds(ev) == std::vector<std::string>{"modem_lost"});
  CHECK(ev[0].source == "cmcc");
  CHECK(ev[0].detail == "/dev/ttyUSB2: end of file");
  CHECK(ev[0].utc.ms == 1'700'000'060'000);
  CHECK(l.state() == SessionState::Waiting);
  CHECK(retry_in_ms(l, clock) == 500);

  // Reopening fails while the USB device is gone: the delay doubles, no further ModemLost.
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 6; ++i) {
    clock.advance_ms(retry_in_ms(l, clock));
    l.opening();
    CHECK(l.state() == SessionState::Opening);
    l.open_failed("cannot open serial port /dev/ttyUSB2: No such file or directory");
    delays.push_back(retry_in_ms(l, clock));
  }
  CHECK(delays == std::vector<std::int64_t>{1000, 2000, 4000, 8000, 10000, 10000});
  CHECK(l.take_events().empty());

  clock.advance_ms(10'000);
  l.opening();
  l.opened();
  clock.advance_ms(250);  // the init commands take a while; the gap ends when sampling resumes
  l.initialised();
  ev = l.take_events();
  REQUIRE(kinds(ev) == std::vector<std::string>{"modem_back"});
  // 500 + 1000 + 2000 + 4000 + 8000 + 10000 + 10000 (waits) + 250 (init)
  CHECK(ev[0].detail == "gap_ms=35750");
  CHECK_FALSE(l.retry_at().has_value());

  // The backoff starts again from 0.5 s for the next outage.
  l.lost("/dev/ttyUSB2: read failed: Input/output error");
  CHECK(retry_in_ms(l, clock) == 500);
}

TEST_CASE("session: a modem absent at start is lost until it first samples", "[probe][session]") {
  ManualClock clock;
  SessionLogic l("cucc", clock);
  l.opening();
  l.open_failed("cannot open serial port /dev/ttyUSB5: No such file or directory");
  auto ev = l.take_events();
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].detail.rfind("not available at start: ", 0) == 0);
  clock.advance_ms(500);
  l.opening();
  l.opened();
  l.initialised();
  CHECK(kinds(l.take_events()) == std::vector<std::string>{"modem_back"});
}

TEST_CASE("session: a lost port during init is an outage too; closing is not", "[probe][session]") {
  ManualClock clock;
  SessionLogic l("cmcc", clock);
  l.opening();
  l.opened();
  l.lost("x");
  CHECK(kinds(l.take_events()) == std::vector<std::string>{"modem_lost"});
  l.closed();
  l.lost("y");  // after stop: ignored
  CHECK(l.take_events().empty());
  CHECK(l.state() == SessionState::Closed);
}

TEST_CASE("session: RAT and cell changes", "[probe][session]") {
  ManualClock clock;
  SessionLogic l("cmcc", clock);
  l.observe(sa(0x170C23000, 901));
  CHECK(l.take_events().empty());  // the first report sets the baseline
  l.observe(sa(0x170C23000, 901));
  CHECK(l.take_events().empty());
  l.observe(sa(0x170C23001, 902));
  auto ev = l.take_events();
  REQUIRE(kinds(ev) == std::vector<std::string>{"cell_change"});
  CHECK(ev[0].detail == "NR-SA NCI 6186741760 PLMN 46000 -> NR-SA NCI 6186741761 PLMN 46000");

  ServingCell lte;
  lte.rat = Rat::Lte;
  lte.eci = Eci(0x1A2D003);
  l.observe(lte);
  CHECK(kinds(l.take_events()) == std::vector<std::string>{"rat_change", "cell_change"});

  ServingCell none;  // no service: a RAT change, but no cell to change to
  l.observe(none);
  ev = l.take_events();
  REQUIRE(kinds(ev) == std::vector<std::string>{"rat_change"});
  CHECK(ev[0].detail == "LTE -> NONE");
  l.observe(lte);  // back on the same cell
  CHECK(kinds(l.take_events()) == std::vector<std::string>{"rat_change"});
}

TEST_CASE("session: cell key falls back to PCI@ARFCN and is empty without identity", "[probe][session]") {
  ServingCell s;
  s.rat = Rat::NrNsa;
  s.pci = 137;
  s.arfcn = 1650;
  CHECK(cell_key(s) == "NR-NSA PCI 137@1650");
  s.pci.reset();
  CHECK(cell_key(s).empty());
}
