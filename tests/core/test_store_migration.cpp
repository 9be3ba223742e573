// LogStore file identity and schema versions: what it migrates, what it refuses, and that every
// refusal names the file.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>

#include "shikan/core/store.hpp"
#include "test_store_support.hpp"

using namespace shikan;
using shikan::test::TempDir;

namespace {

// Runs SQL on a file through a raw connection, as another program would.
void raw_exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open(file.c_str(), &db);
  char* err = nullptr;
  const int exec_rc = rc == SQLITE_OK ? sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) : rc;
  const std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(msg);
  REQUIRE(exec_rc == SQLITE_OK);
}

// The first column of the first row of `sql`, read through a raw connection.
std::string raw_text(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_open(file.c_str(), &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

StoreOptions read_only() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

}  // namespace

TEST_CASE("an empty v0 file is migrated to the current schema", "[core][store][migration]") {
  TempDir dir;
  const auto file = dir / "v0.db";
  std::ofstream(file).close();  // a zero-byte file is an empty SQLite database, user_version 0
  {
    LogStore store(file);
    CHECK(store.schema_version() == LogStore::kSchemaVersion);
    CHECK(raw_text(file, "PRAGMA application_id") == "1399352174");
    CHECK(raw_text(file, "PRAGMA journal_mode") == "wal");
    const SessionId s = store.begin_session(test::session_info());
    store.add(s, test::full_nsa_sample(1));
    CHECK(store.flush() == 1);
  }
  LogStore again(file);  // already current: opens without migrating
  CHECK(again.schema_version() == LogStore::kSchemaVersion);
  CHECK(again.counts(1).samples == 1);
  CHECK(again.integrity_ok());
}

TEST_CASE("a file from a newer Shikan is refused with both versions and the file name", "[core][store][migration]") {
  TempDir dir;
  const auto file = dir / "future.db";
  { LogStore store(file); }
  raw_exec(file, "PRAGMA user_version = 7");
  CHECK_THROWS_WITH(LogStore(file), Catch::Contains("future.db") &&
                                        Catch::Contains("written by a newer Shikan (schema v7), this build knows v1"));
  CHECK_THROWS_WITH(LogStore(file, read_only()), Catch::Contains("future.db") && Catch::Contains("schema v7"));
}

TEST_CASE("a read-only open does not migrate", "[core][store][migration]") {
  TempDir dir;
  const auto file = dir / "old.db";
  std::ofstream(file).close();
  CHECK_THROWS_WITH(LogStore(file, read_only()), Catch::Contains("old.db") && Catch::Contains("schema v0"));
  CHECK(std::filesystem::file_size(file) == 0);  // untouched
  CHECK_THROWS_WITH(LogStore(dir / "missing.db", read_only()), Catch::Contains("missing.db"));
  CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST_CASE("a file that is not SQLite is refused with its name", "[core][store][migration]") {
  TempDir dir;
  const auto file = dir / "garbage.db";
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 37 + 11) & 0xFF));
  }
  const auto size = std::filesystem::file_size(file);
  CHECK_THROWS_WITH(LogStore(file), Catch::Contains("garbage.db") && Catch::Contains("not a database"));
  CHECK(std::filesystem::file_size(file) == size);  // not overwritten
}

TEST_CASE("another application's SQLite file is refused and left alone", "[core][store][migration]") {
  TempDir dir;
  const auto gpkg = dir / "survey.gpkg";
  raw_exec(gpkg, "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (table_name TEXT)");  // "GPKG"
  CHECK_THROWS_WITH(LogStore(gpkg), Catch::Contains("survey.gpkg") && Catch::Contains("not a Shikan log"));
  CHECK(raw_text(gpkg, "PRAGMA journal_mode") == "delete");  // not switched to WAL before the refusal
  const auto plain = dir / "notes.db";
  raw_exec(plain, "CREATE TABLE notes (text TEXT)");  // application_id 0 but not empty
  CHECK_THROWS_WITH(LogStore(plain), Catch::Contains("notes.db") && Catch::Contains("not a Shikan log"));
}
