// LogStore batching and write failures: queued rows become visible only at flush, all at once, and a
// failed flush loses nothing (HOUSE_STYLE §14: fault injection accepts success or the one expected error).
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <iostream>
#include <sstream>

#include "shikan/core/store.hpp"
#include "test_store_support.hpp"

using namespace shikan;
using shikan::test::TempDir;

namespace {

StoreOptions read_only() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

// A raw second connection that holds the write lock, as another writer would.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::filesystem::path& file) {
    REQUIRE(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~WriteLockHolder() { sqlite3_close(db_); }  // closing rolls back and releases the lock
  WriteLockHolder(const WriteLockHolder&) = delete;
  WriteLockHolder& operator=(const WriteLockHolder&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

// Redirects std::cerr into a string for the lifetime of the object.
class CerrCapture {
 public:
  CerrCapture() : old_(std::cerr.rdbuf(out_.rdbuf())) {}
  ~CerrCapture() { std::cerr.rdbuf(old_); }
  CerrCapture(const CerrCapture&) = delete;
  CerrCapture& operator=(const CerrCapture&) = delete;
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::streambuf* old_;
};

void add_batch(LogStore& store, SessionId s, std::int64_t first_ms, int n) {
  for (int i = 0; i < n; ++i) {
    store.add(s, test::full_nsa_sample(first_ms + i));
    store.add(s, RawLine{UtcTime{first_ms + i}, MonoTime{i}, "cucc", Direction::Received, "+QENG: ..."});
  }
  store.add(s, Event{UtcTime{first_ms}, MonoTime{0}, EventKind::Note, "probe", "batch"});
}

}  // namespace

TEST_CASE("queued rows are invisible to another connection until flush, then all visible", "[core][store]") {
  TempDir dir;
  const auto file = dir / "log.db";
  LogStore writer(file);
  const SessionId s = writer.begin_session(test::session_info());
  LogStore reader(file, read_only());

  add_batch(writer, s, 1000, 10);
  CHECK(writer.pending() == 21);
  CHECK(reader.counts(s).samples == 0);
  CHECK(reader.counts(s).raw_lines == 0);
  CHECK(reader.sessions().size() == 1);  // begin_session commits at once

  CHECK(writer.flush() == 21);
  CHECK(writer.pending() == 0);
  const StoreCounts n = reader.counts(s);
  CHECK(n.samples == 10);
  CHECK(n.raw_lines == 10);
  CHECK(n.events == 1);
  CHECK(n.neighbours == 40);
  CHECK(writer.flush() == 0);  // nothing queued: no transaction
}

TEST_CASE("a flush that cannot get the write lock keeps its rows and succeeds on retry", "[core][store]") {
  TempDir dir;
  const auto file = dir / "log.db";
  StoreOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds{20};
  LogStore store(file, impatient);
  const SessionId s = store.begin_session(test::session_info());
  add_batch(store, s, 1000, 5);
  {
    WriteLockHolder lock(file);
    CHECK_THROWS_WITH(store.flush(), Catch::Contains("log.db") && Catch::Contains("locked") &&
                                         Catch::Contains("11 queued records kept"));
    CHECK(store.pending() == 11);
    add_batch(store, s, 2000, 1);  // the probe keeps sampling meanwhile
    CHECK(store.pending() == 14);
  }
  CHECK(store.flush() == 14);
  const StoreCounts n = store.counts(s);
  CHECK(n.samples == 6);  // each exactly once
  CHECK(n.events == 2);
  CHECK(store.samples(s).back().utc == UtcTime{2000});
  CHECK(store.integrity_ok());
}

TEST_CASE("a flush on a full disk rolls back, keeps its rows, and closing reports their loss", "[core][store]") {
  TempDir dir;
  const auto file = dir / "log.db";
  StoreOptions capped;
  capped.max_db_bytes = 256 * 1024;  // stands in for a full SD card
  CerrCapture captured;
  {
    LogStore store(file, capped);  // declared after the capture: its destructor writes into it
    const SessionId s = store.begin_session(test::session_info());
    add_batch(store, s, 1000, 5);
    REQUIRE(store.flush() == 11);
    // ~1 MB of raw lines cannot fit in 256 KiB.
    for (int i = 0; i < 1000; ++i)
      store.add(s, RawLine{UtcTime{2000 + i}, MonoTime{i}, "gnss", Direction::Received, std::string(1000, 'x')});
    CHECK_THROWS_WITH(store.flush(), Catch::Contains("log.db") && Catch::Contains("full") &&
                                         Catch::Contains("1000 queued records kept"));
    CHECK(store.pending() == 1000);
    CHECK(store.counts(s).raw_lines == 5);  // nothing of the failed batch is visible
    CHECK_THROWS_AS(store.flush(), StoreError);  // still full: still kept
    CHECK(store.pending() == 1000);
    CHECK(store.integrity_ok());
    // The destructor's flush fails too: it must not throw, and must say what was lost.
  }
  CHECK_THAT(captured.text(), Catch::Contains("lost 1000 queued records") && Catch::Contains("log.db"));
  LogStore reopened(file);
  CHECK(reopened.integrity_ok());
  CHECK(reopened.counts(1).samples == 5);
}
