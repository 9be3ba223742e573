// LogStore: opening, pragmas, sessions and devices. Queue and flush: store_write.cpp; readers:
// store_read.cpp; row codecs: store_codec.cpp; schema and migrations: sqlite_schema.cpp.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "sqlite_schema.hpp"
#include "sqlite_store.hpp"

namespace shikan {
namespace {

int open_flags(const StoreOptions& o) {
  return o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
}

// A new file's directory entry is durable only once its directory is synced; SQLite syncs the
// directory for its journal and WAL files but not for the database file it creates.
void sync_parent_dir(const std::filesystem::path& file) {
  const auto dir = std::filesystem::absolute(file).parent_path();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string err = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    sqlite::fail(file, fmt::format("fsync directory {}", dir.string()), err);
  }
  ::close(fd);
}

}  // namespace

LogStore::Impl::Impl(const std::filesystem::path& file, const StoreOptions& opts)
    : options(opts), db(file, open_flags(opts)) {
  configure();
}

void LogStore::Impl::configure() {
  if (sqlite3_busy_timeout(db.get(), static_cast<int>(options.busy_timeout.count())) != SQLITE_OK)
    db.fail("set busy_timeout");
  const int version = sqlite::check_identity(db);
  if (options.read_only) {
    if (version != kSchemaVersion)
      sqlite::fail(db.path(), "open read-only",
                   fmt::format("file has schema v{}, this build reads v{}; open it read-write once to migrate it",
                               version, kSchemaVersion));
    return;
  }
  {
    sqlite::Stmt wal(db, "PRAGMA journal_mode = WAL");
    auto q = wal.use();
    if (!q.step("set journal_mode=WAL") || q.text(0) != "wal")
      sqlite::fail(db.path(), "set journal_mode=WAL", "the file system refused WAL mode");
  }
  // FULL: the WAL is fsynced at every commit, so a committed batch survives power loss.
  db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "set pragmas");
  if (options.max_db_bytes) {
    const auto page = db.query_int("PRAGMA page_size", "read page_size");
    const auto pages = *options.max_db_bytes / page;
    db.exec(fmt::format("PRAGMA max_page_count = {}", pages < 1 ? 1 : pages).c_str(), "set max_page_count");
  }
  sqlite::migrate(db, version);
}

void LogStore::Impl::require_writable(std::string_view what) const {
  if (options.read_only) sqlite::fail(db.path(), what, "the store was opened read-only");
}

void LogStore::Impl::require_session(SessionId session, std::string_view what) {
  if (known_sessions.count(session)) return;
  auto q = stmts.get("SELECT 1 FROM sessions WHERE id = ?1").use();
  q.bind(1, session);
  if (!q.step(what)) sqlite::fail(db.path(), what, fmt::format("no session {}", session));
  known_sessions.insert(session);
}

template <class Row>
void LogStore::Impl::require_encodable(const Row& row, std::string_view what) const {
  try {
    sqlite::check_encodable(row);
  } catch (const std::invalid_argument& e) {
    sqlite::fail(db.path(), what, e.what());
  }
}

LogStore::LogStore(const std::filesystem::path& path, StoreOptions options) {
  const bool created = !options.read_only && !std::filesystem::exists(path);
  impl_ = std::make_unique<Impl>(path, options);
  if (created) sync_parent_dir(path);
}

LogStore::~LogStore() {
  const std::size_t queued = impl_->pending();
  try {
    impl_->flush();
  } catch (const std::exception& e) {
    std::cerr << "shikan: closing the log store lost " << queued << " queued records (no flush follows): " << e.what()
              << std::endl;
  }
}

SessionId LogStore::begin_session(const SessionInfo& info) {
  impl_->require_writable("begin session");
  auto q = impl_->stmts
               .get("INSERT INTO sessions (probe_id, software_version, config_text, started_utc_ms) "
                    "VALUES (?1, ?2, ?3, ?4)")
               .use();
  q.bind_text(1, info.probe_id);
  q.bind_text(2, info.software_version);
  q.bind_text(3, info.config_text);
  q.bind(4, info.started.ms);
  q.run("begin session");
  const SessionId id = sqlite3_last_insert_rowid(impl_->db.get());
  impl_->known_sessions.insert(id);
  return id;
}

void LogStore::end_session(SessionId session, UtcTime ended) {
  impl_->require_writable("end session");
  flush();
  auto q = impl_->stmts.get("UPDATE sessions SET ended_utc_ms = ?2 WHERE id = ?1").use();
  q.bind(1, session);
  q.bind(2, ended.ms);
  q.run("end session");
  if (sqlite3_changes(impl_->db.get()) != 1)
    sqlite::fail(impl_->db.path(), "end session", fmt::format("no session {}", session));
}

void LogStore::upsert_device(SessionId session, const DeviceInfo& d) {
  impl_->require_writable("upsert device");
  impl_->require_session(session, "upsert device");
  auto q = impl_->stmts
               .get("INSERT INTO devices (session, modem_id, port, driver, manufacturer, model, firmware, imei) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (session, modem_id) DO UPDATE SET "
                    "port = excluded.port, driver = excluded.driver, manufacturer = excluded.manufacturer, "
                    "model = excluded.model, firmware = excluded.firmware, imei = excluded.imei")
               .use();
  q.bind(1, session);
  q.bind_text(2, d.modem_id);
  q.bind_text(3, d.port);
  q.bind_text(4, d.driver);
  q.bind_text(5, d.manufacturer);
  q.bind_text(6, d.model);
  q.bind_text(7, d.firmware);
  q.bind_text(8, d.imei);
  q.run("upsert device");
}

void LogStore::add(SessionId session, const Sample& sample) {
  impl_->require_writable("add sample");
  impl_->require_session(session, "add sample");
  impl_->require_encodable(sample, "add sample");
  impl_->samples.push_back({session, sample});
}

void LogStore::add(SessionId session, const Event& event) {
  impl_->require_writable("add event");
  impl_->require_session(session, "add event");
  impl_->require_encodable(event, "add event");
  impl_->events.push_back({session, event});
}

void LogStore::add(SessionId session, const RawLine& line) {
  impl_->require_writable("add raw line");
  impl_->require_session(session, "add raw line");
  impl_->raw_lines.push_back({session, line});
}

std::size_t LogStore::pending() const { return impl_->pending(); }
std::size_t LogStore::flush() { return impl_->flush(); }

int LogStore::schema_version() const {
  return static_cast<int>(impl_->db.query_int("PRAGMA user_version", "read user_version"));
}

bool LogStore::integrity_ok() const {
  auto q = impl_->stmts.get("PRAGMA integrity_check").use();
  std::vector<std::string> problems;
  while (q.step("integrity check")) problems.push_back(q.text(0));
  return problems.size() == 1 && problems.front() == "ok";
}

const std::filesystem::path& LogStore::path() const { return impl_->db.path(); }

}  // namespace shikan
