// Thin RAII over the sqlite3 C API for the log store. Private to core/src: no SQLite type appears in
// a public header. Every error becomes a StoreError naming the database file, the operation and
// SQLite's own message. Not thread-safe, like the LogStore that owns these objects.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace shikan::sqlite {

// Throws StoreError "log store <path>: <what>: <detail>".
[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what, std::string_view detail);

// An open connection. Owns the sqlite3 handle.
class Connection {
 public:
  // flags: SQLITE_OPEN_READONLY or SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE.
  Connection(std::filesystem::path path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  const std::filesystem::path& path() const { return path_; }
  // Throws StoreError with SQLite's current error message for this connection.
  [[noreturn]] void fail(std::string_view what) const;
  // Runs SQL that returns no rows (several statements allowed).
  void exec(const char* sql, std::string_view what);
  // Runs a statement that returns one integer (e.g. "PRAGMA user_version").
  std::int64_t query_int(const char* sql, std::string_view what);
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

// A prepared statement. Use it through Stmt::Use, which resets it when done so no read
// transaction stays open (an open read would block WAL checkpoints).
class Stmt {
 public:
  Stmt(Connection& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  class Use;
  Use use();

 private:
  Connection* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Stmt::Use {
 public:
  explicit Use(Stmt& s) : s_(s) {}
  ~Use();
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

  // Binding: parameters are 1-based, as in sqlite3_bind_*. Strings are bound without a copy:
  // they must outlive step().
  void bind(int i, std::int64_t v);
  void bind(int i, int v) { bind(i, std::int64_t{v}); }
  void bind(int i, std::uint32_t v) { bind(i, std::int64_t{v}); }
  void bind(int i, std::uint64_t v);  // throws StoreError above INT64_MAX
  void bind(int i, double v);
  void bind_text(int i, std::string_view v);
  void bind_text_copy(int i, std::string_view v);  // SQLite copies: for strings that die before step()
  void bind_blob(int i, std::string_view bytes);
  void bind_null(int i);
  template <class T>
  void bind_opt(int i, const std::optional<T>& v) {
    if (v) bind(i, *v);
    else bind_null(i);
  }

  // Steps once: true if a row is available, false when done. Throws StoreError naming `what`.
  bool step(std::string_view what);
  // Steps a statement that returns no rows.
  void run(std::string_view what);

  // Columns are 0-based, as in sqlite3_column_*.
  bool is_null(int i) const;
  std::int64_t i64(int i) const;
  double real(int i) const;
  std::string text(int i) const;  // bytes verbatim (TEXT or BLOB), embedded NULs kept
  std::optional<std::int64_t> opt_i64(int i) const;
  std::optional<double> opt_real(int i) const;
  std::optional<std::string> opt_text(int i) const;

 private:
  Stmt& s_;
};

// Statements prepared once per connection and reused (SQLITE_PREPARE_PERSISTENT), keyed by their SQL.
class StmtCache {
 public:
  explicit StmtCache(Connection& db) : db_(db) {}
  Stmt& get(std::string_view sql);

 private:
  Connection& db_;
  std::map<std::string, Stmt, std::less<>> stmts_;
};

}  // namespace shikan::sqlite
