#include "sqlite_util.hpp"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "shikan/core/store.hpp"

namespace shikan::sqlite {

void fail(const std::filesystem::path& path, std::string_view what, std::string_view detail) {
  throw StoreError(fmt::format("log store {}: {}: {}", path.string(), what, detail));
}

Connection::Connection(std::filesystem::path path, int flags) : path_(std::move(path)) {
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 allocates a handle even on failure; it carries the message and must be closed.
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    sqlite::fail(path_, "open", msg);
  }
}

Connection::~Connection() {
  // All statements are finalized before the connection (members of the owner are declared after
  // the Connection), so sqlite3_close cannot return SQLITE_BUSY here.
  sqlite3_close(db_);
}

void Connection::fail(std::string_view what) const {
  sqlite::fail(path_, what,
               fmt::format("{} (code {})", sqlite3_errmsg(db_), sqlite3_extended_errcode(db_)));
}

void Connection::exec(const char* sql, std::string_view what) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    sqlite::fail(path_, what, fmt::format("{} (code {})", msg, sqlite3_extended_errcode(db_)));
  }
}

std::int64_t Connection::query_int(const char* sql, std::string_view what) {
  Stmt stmt(*this, sql);
  auto q = stmt.use();
  if (!q.step(what)) sqlite::fail(path_, what, "no result row");
  return q.i64(0);
}

Stmt::Stmt(Connection& db, std::string_view sql) : db_(&db) {
  if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK)
    db.fail(fmt::format("prepare \"{}\"", sql.substr(0, 60)));
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Use Stmt::use() { return Use(*this); }

Stmt::Use::~Use() {
  // sqlite3_reset repeats the last step's error code, which step() has already thrown; nothing to report.
  sqlite3_reset(s_.stmt_);
  sqlite3_clear_bindings(s_.stmt_);
}

void Stmt::Use::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(s_.stmt_, i, v) != SQLITE_OK) s_.db_->fail("bind");
}

void Stmt::Use::bind(int i, std::uint64_t v) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    sqlite::fail(s_.db_->path(), "bind", fmt::format("integer {} does not fit a signed 64-bit column", v));
  bind(i, static_cast<std::int64_t>(v));
}

void Stmt::Use::bind(int i, double v) {
  if (sqlite3_bind_double(s_.stmt_, i, v) != SQLITE_OK) s_.db_->fail("bind");
}

void Stmt::Use::bind_text(int i, std::string_view v) {
  if (sqlite3_bind_text64(s_.stmt_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK)
    s_.db_->fail("bind");
}

void Stmt::Use::bind_text_copy(int i, std::string_view v) {
  if (sqlite3_bind_text64(s_.stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    s_.db_->fail("bind");
}

void Stmt::Use::bind_blob(int i, std::string_view bytes) {
  // A null pointer would bind NULL instead of an empty blob.
  static constexpr char kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  if (sqlite3_bind_blob64(s_.stmt_, i, data, bytes.size(), SQLITE_STATIC) != SQLITE_OK) s_.db_->fail("bind");
}

void Stmt::Use::bind_null(int i) {
  if (sqlite3_bind_null(s_.stmt_, i) != SQLITE_OK) s_.db_->fail("bind");
}

bool Stmt::Use::step(std::string_view what) {
  const int rc = sqlite3_step(s_.stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  s_.db_->fail(what);
}

void Stmt::Use::run(std::string_view what) {
  if (step(what)) sqlite::fail(s_.db_->path(), what, "statement returned a row where none was expected");
}

bool Stmt::Use::is_null(int i) const { return sqlite3_column_type(s_.stmt_, i) == SQLITE_NULL; }
std::int64_t Stmt::Use::i64(int i) const { return sqlite3_column_int64(s_.stmt_, i); }
double Stmt::Use::real(int i) const { return sqlite3_column_double(s_.stmt_, i); }

std::string Stmt::Use::text(int i) const {
  // Ask for the blob first, then its size (sqlite3_column_bytes after the pointer, as documented).
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_.stmt_, i));
  const int n = sqlite3_column_bytes(s_.stmt_, i);
  return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::int64_t> Stmt::Use::opt_i64(int i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<double> Stmt::Use::opt_real(int i) const {
  if (is_null(i)) return std::nullopt;
  return real(i);
}

std::optional<std::string> Stmt::Use::opt_text(int i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

Stmt& StmtCache::get(std::string_view sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) it = stmts_.try_emplace(std::string(sql), db_, sql).first;
  return it->second;
}

}  // namespace shikan::sqlite
