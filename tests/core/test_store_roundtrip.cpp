// LogStore round trips: every model field comes back exactly, absent fields stay absent.
#include <catch2/catch.hpp>

#include "shikan/core/store.hpp"
#include "test_store_support.hpp"

using namespace shikan;
using shikan::test::TempDir;

TEST_CASE("store round-trips every sample field, absent ones included", "[core][store]") {
  TempDir dir;
  const std::vector<Sample> written{test::full_nsa_sample(1'795'000'001'000), test::edge_sa_sample(1'795'000'002'000),
                                    test::empty_sample(1'795'000'003'000)};
  LogStore store(dir / "log.db");
  const SessionId session = store.begin_session(test::session_info());
  for (const Sample& s : written) store.add(session, s);
  REQUIRE(store.flush() == 3);

  const std::vector<Sample> read = store.samples(session);
  REQUIRE(read.size() == written.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    INFO("sample " << i);
    test::check_same(read[i], written[i]);
  }
  CHECK(read[1].serving.plmn->mnc() == "001");  // MNC kept as text, not 1
  CHECK_FALSE(read[2].fix.has_value());
  CHECK(read[2].serving.nr.has_value());  // an NR leg with no values is still an NR leg
  CHECK_FALSE(read[1].serving.nr.has_value());
  const StoreCounts n = store.counts(session);
  CHECK(n.samples == 3);
  CHECK(n.neighbours == 4);
}

TEST_CASE("store round-trips sessions, devices (upserted) and events", "[core][store]") {
  TempDir dir;
  LogStore store(dir / "log.db");
  const SessionId s1 = store.begin_session(test::session_info(1000));
  const SessionId s2 = store.begin_session(test::session_info(2000));
  CHECK(s1 != s2);

  const DeviceInfo first{"cmcc", "/dev/ttyUSB2", "quectel", "Quectel", "RM500Q-GL", "RM500QGLABR11A06M4G", "8612345"};
  DeviceInfo replugged = first;
  replugged.port = "/dev/ttyUSB6";
  store.upsert_device(s1, first);
  store.upsert_device(s1, DeviceInfo{"cucc", "/dev/ttyUSB3", "generic", "", "", "", ""});
  store.upsert_device(s1, replugged);  // same modem id: updated in place
  const auto devices = store.devices(s1);
  REQUIRE(devices.size() == 2);
  CHECK(devices[0].modem_id == "cmcc");
  CHECK(devices[0].port == "/dev/ttyUSB6");
  CHECK(devices[0].firmware == "RM500QGLABR11A06M4G");
  CHECK(devices[1].driver == "generic");
  CHECK(store.devices(s2).empty());

  const Event lost{UtcTime{1500}, MonoTime{77}, EventKind::ModemLost, "cmcc", "read: EIO on /dev/ttyUSB2"};
  const Event note{UtcTime{1600}, MonoTime{78}, EventKind::ParseError, "cucc", "bad field 3: +QENG: \"LTE\",x"};
  store.add(s1, lost);
  store.add(s1, note);
  store.end_session(s1, UtcTime{9000});  // flushes the queued events first
  CHECK(store.pending() == 0);

  const auto events = store.events(s1);
  REQUIRE(events.size() == 2);
  CHECK(events[0].utc == lost.utc);
  CHECK(events[0].mono == lost.mono);
  CHECK(events[0].kind == EventKind::ModemLost);
  CHECK(events[0].source == "cmcc");
  CHECK(events[0].detail == lost.detail);
  CHECK(events[1].kind == EventKind::ParseError);

  const auto sessions = store.sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].id == s1);
  CHECK(sessions[0].info.probe_id == "probe-07");
  CHECK(sessions[0].info.config_text == test::session_info().config_text);
  CHECK(sessions[0].info.started == UtcTime{1000});
  CHECK(sessions[0].ended == UtcTime{9000});
  CHECK_FALSE(sessions[1].ended.has_value());
  CHECK_THROWS_WITH(store.end_session(99, UtcTime{1}), Catch::Contains("no session 99"));
}

TEST_CASE("raw lines keep arbitrary bytes verbatim", "[core][store]") {
  TempDir dir;
  const std::string nasty = std::string("+QENG: \"servingcell\"\r\xff\xfe\xc3(bad utf-8)\x00tail\r", 35);
  const std::vector<RawLine> lines{
      {UtcTime{1}, MonoTime{10}, "cmcc", Direction::Sent, "AT+QENG=\"servingcell\"\r"},
      {UtcTime{2}, MonoTime{20}, "cmcc", Direction::Received, nasty},
      {UtcTime{3}, MonoTime{30}, "gnss", Direction::Received, ""},
  };
  LogStore store(dir / "log.db");
  const SessionId s = store.begin_session(test::session_info());
  for (const auto& l : lines) store.add(s, l);
  REQUIRE(store.flush() == 3);
  const auto back = store.raw_lines(s);
  REQUIRE(back.size() == 3);
  for (std::size_t i = 0; i < back.size(); ++i) {
    INFO("line " << i);
    CHECK(back[i].utc == lines[i].utc);
    CHECK(back[i].mono == lines[i].mono);
    CHECK(back[i].source == lines[i].source);
    CHECK(back[i].dir == lines[i].dir);
    CHECK(back[i].text == lines[i].text);
  }
  CHECK(back[1].text.size() == 35);
}

TEST_CASE("reopening keeps the data; a read-only store reads it and refuses writes", "[core][store]") {
  TempDir dir;
  const auto file = dir / "log.db";
  SessionId s = 0;
  {
    LogStore store(file);
    s = store.begin_session(test::session_info());
    store.add(s, test::full_nsa_sample(5000));
    store.add(s, RawLine{UtcTime{5000}, MonoTime{1}, "cmcc", Direction::Received, "OK"});
    // not flushed: the destructor commits it
  }
  {
    LogStore store(file);
    CHECK(store.schema_version() == LogStore::kSchemaVersion);
    CHECK(store.integrity_ok());
    REQUIRE(store.samples(s).size() == 1);
    test::check_same(store.samples(s)[0], test::full_nsa_sample(5000));
    CHECK(store.counts(s).raw_lines == 1);
  }
  StoreOptions ro;
  ro.read_only = true;
  LogStore reader(file, ro);
  CHECK(reader.counts(s).samples == 1);
  CHECK(reader.integrity_ok());
  CHECK(reader.path() == file);
  CHECK_THROWS_WITH(reader.add(s, test::empty_sample(1)), Catch::Contains("read-only") && Catch::Contains("log.db"));
  CHECK_THROWS_AS(reader.begin_session(test::session_info()), StoreError);
  CHECK(reader.pending() == 0);
}

TEST_CASE("rows that could never be committed are refused at add, not at flush", "[core][store]") {
  // A row that fails at every flush would block the queue for good.
  TempDir dir;
  LogStore store(dir / "log.db");
  CHECK_THROWS_WITH(store.add(42, test::empty_sample(1)), Catch::Contains("no session 42"));
  CHECK_THROWS_AS(store.upsert_device(42, DeviceInfo{}), StoreError);
  const SessionId s = store.begin_session(test::session_info());
  Sample bad_rat = test::full_nsa_sample(1);
  bad_rat.neighbours[1].scope = static_cast<NeighbourScope>(42);
  CHECK_THROWS_WITH(store.add(s, bad_rat), Catch::Contains("log.db") && Catch::Contains("no stored code"));
  Sample bad_fix = test::full_nsa_sample(1);
  bad_fix.fix->quality = static_cast<FixQuality>(9);
  CHECK_THROWS_AS(store.add(s, bad_fix), StoreError);
  CHECK_THROWS_AS(store.add(s, Event{UtcTime{1}, MonoTime{1}, static_cast<EventKind>(99), "probe", ""}), StoreError);
  CHECK(store.pending() == 0);
  store.add(s, test::full_nsa_sample(2));
  CHECK(store.flush() == 1);
}

// Regression: negative integers (tx_power -36 as the simulator's EN-DC modem prints, srxlev below
// zero at cell edge) were refused on read as "out of range" because the range check cast them to
// unsigned. Found by the rig integration test.
TEST_CASE("negative integer fields round-trip", "[core][store]") {
  TempDir dir;
  Sample s = test::full_nsa_sample(1'795'000'001'000);
  s.serving.tx_power = -36;
  s.serving.srxlev = -5;
  s.serving.cqi = 0;
  s.serving.band = -1;
  LogStore store(dir / "log.db");
  const SessionId session = store.begin_session(test::session_info());
  store.add(session, s);
  store.flush();
  const auto read = store.samples(session);
  REQUIRE(read.size() == 1);
  CHECK(read[0].serving.tx_power == -36);
  CHECK(read[0].serving.srxlev == -5);
  CHECK(read[0].serving.band == -1);
  test::check_same(read[0], s);
}
