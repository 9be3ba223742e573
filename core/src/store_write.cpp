// LogStore::Impl::flush: the queue goes to disk in one transaction or not at all.
#include <fmt/format.h>

#include <algorithm>

#include "sqlite_store.hpp"

namespace shikan {
namespace {

std::string insert_sql(std::string_view table, std::string_view leading, std::string_view columns) {
  std::string sql = fmt::format("INSERT INTO {} ({}, {}) VALUES (", table, leading, columns);
  const auto n = 1 + std::count(leading.begin(), leading.end(), ',') + 1 + std::count(columns.begin(), columns.end(), ',');
  for (std::ptrdiff_t i = 0; i < n; ++i) sql += i == 0 ? "?" : ", ?";
  return sql + ")";
}

const std::string& sample_insert() {
  static const std::string sql = insert_sql("samples", "session", sqlite::sample_columns());
  return sql;
}

const std::string& neighbour_insert() {
  static const std::string sql = insert_sql("neighbours", "sample_id, idx", sqlite::neighbour_columns());
  return sql;
}

}  // namespace

std::size_t LogStore::Impl::flush() {
  const std::size_t n = pending();
  if (n == 0) return 0;
  require_writable("flush");
  try {
    db.exec("BEGIN IMMEDIATE", "flush: begin transaction");
    write_queue();
    db.exec("COMMIT", "flush: commit");
  } catch (const std::exception& e) {
    const std::string error = dynamic_cast<const StoreError*>(&e)
                                  ? e.what()
                                  : fmt::format("log store {}: flush: {}", db.path().string(), e.what());
    throw StoreError(fmt::format("{}{}; {} queued records kept for the next flush", error, rollback(), n));
  }
  samples.clear();
  events.clear();
  raw_lines.clear();
  return n;
}

void LogStore::Impl::write_queue() {
  sqlite::Stmt& sample_stmt = stmts.get(sample_insert());
  sqlite::Stmt& neighbour_stmt = stmts.get(neighbour_insert());
  for (const auto& [session, s] : samples) {
    {
      auto q = sample_stmt.use();
      q.bind(1, session);
      sqlite::bind_sample(q, 2, s);
      q.run("flush: insert sample");
    }
    const std::int64_t sample_id = sqlite3_last_insert_rowid(db.get());
    for (std::size_t k = 0; k < s.neighbours.size(); ++k) {
      auto q = neighbour_stmt.use();
      q.bind(1, sample_id);
      q.bind(2, static_cast<std::int64_t>(k));
      sqlite::bind_neighbour(q, 3, s.neighbours[k]);
      q.run("flush: insert neighbour");
    }
  }
  sqlite::Stmt& event_stmt =
      stmts.get("INSERT INTO events (session, utc_ms, mono_ns, kind, source, detail) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& [session, e] : events) {
    auto q = event_stmt.use();
    q.bind(1, session);
    q.bind(2, e.utc.ms);
    q.bind(3, e.mono.ns);
    q.bind_text(4, to_string(e.kind));
    q.bind_text(5, e.source);
    q.bind_text(6, e.detail);
    q.run("flush: insert event");
  }
  sqlite::Stmt& raw_stmt =
      stmts.get("INSERT INTO raw_lines (session, utc_ms, mono_ns, source, dir, text) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& [session, line] : raw_lines) {
    const char dir = sqlite::direction_code(line.dir);
    auto q = raw_stmt.use();
    q.bind(1, session);
    q.bind(2, line.utc.ms);
    q.bind(3, line.mono.ns);
    q.bind_text(4, line.source);
    q.bind_text(5, std::string_view(&dir, 1));
    q.bind_blob(6, line.text);
    q.run("flush: insert raw line");
  }
}

std::string LogStore::Impl::rollback() {
  // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL or an I/O error).
  if (!db.in_transaction()) return "";
  if (sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK) return "";
  return fmt::format(" (the rollback failed too: {})", sqlite3_errmsg(db.get()));
}

}  // namespace shikan
