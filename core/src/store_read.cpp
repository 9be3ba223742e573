// LogStore readers: rebuild the model types from committed rows. Each reader runs in one read
// transaction, so it sees one consistent snapshot even while another connection writes.
#include <fmt/format.h>

#include "sqlite_store.hpp"

namespace shikan {
namespace {

// A deferred read transaction; rolled back if the reader throws.
class ReadTransaction {
 public:
  ReadTransaction(sqlite::Connection& db, std::string_view what) : db_(db), what_(what) { db_.exec("BEGIN", what_.c_str()); }
  ~ReadTransaction() {
    // Only on an error path, with that error in flight; ending a read transaction cannot lose data.
    if (open_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  void end() {
    open_ = false;
    db_.exec("COMMIT", what_);
  }

 private:
  sqlite::Connection& db_;
  std::string what_;
  bool open_ = true;
};

// Runs `decode` for one row, turning a value the model rejects into a StoreError naming the row.
template <class F>
auto decode_row(const sqlite::Connection& db, std::string_view table, std::int64_t id, F decode) {
  try {
    return decode();
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception& e) {
    sqlite::fail(db.path(), fmt::format("read {} row id {}", table, id), e.what());
  }
}

// "a, b" -> "n.a, n.b"
std::string qualified(std::string_view table, std::string_view columns) {
  std::string out;
  while (!columns.empty()) {
    const auto comma = columns.find(',');
    std::string_view col = columns.substr(0, comma);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    out += fmt::format("{}{}.{}", out.empty() ? "" : ", ", table, col);
    columns = comma == std::string_view::npos ? std::string_view{} : columns.substr(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<SessionRow> LogStore::sessions() const {
  std::vector<SessionRow> out;
  auto q = impl_->stmts
               .get("SELECT id, probe_id, software_version, config_text, started_utc_ms, ended_utc_ms "
                    "FROM sessions ORDER BY id")
               .use();
  while (q.step("read sessions")) {
    SessionRow row{q.i64(0), SessionInfo{q.text(1), q.text(2), q.text(3), UtcTime{q.i64(4)}}, std::nullopt};
    if (!q.is_null(5)) row.ended = UtcTime{q.i64(5)};
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<DeviceInfo> LogStore::devices(SessionId session) const {
  std::vector<DeviceInfo> out;
  auto q = impl_->stmts
               .get("SELECT modem_id, port, driver, manufacturer, model, firmware, imei FROM devices "
                    "WHERE session = ?1 ORDER BY rowid")
               .use();
  q.bind(1, session);
  while (q.step("read devices"))
    out.push_back(DeviceInfo{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
  return out;
}

std::vector<Sample> LogStore::samples(SessionId session) const {
  static const std::string sample_sql =
      fmt::format("SELECT id, {} FROM samples WHERE session = ?1 ORDER BY id", sqlite::sample_columns());
  static const std::string neighbour_sql = fmt::format(
      "SELECT n.sample_id, {} FROM neighbours n JOIN samples s ON s.id = n.sample_id WHERE s.session = ?1 "
      "ORDER BY n.sample_id, n.idx",
      qualified("n", sqlite::neighbour_columns()));
  sqlite::Connection& db = impl_->db;
  ReadTransaction txn(db, "read samples");
  std::vector<Sample> out;
  std::vector<std::int64_t> ids;
  {
    auto q = impl_->stmts.get(sample_sql).use();
    q.bind(1, session);
    while (q.step("read samples")) {
      ids.push_back(q.i64(0));
      out.push_back(decode_row(db, "samples", ids.back(), [&] { return sqlite::read_sample(q, 1); }));
    }
  }
  {
    // Both lists are ordered by sample id: merge them.
    auto q = impl_->stmts.get(neighbour_sql).use();
    q.bind(1, session);
    std::size_t k = 0;
    while (q.step("read neighbours")) {
      const std::int64_t id = q.i64(0);
      while (k < ids.size() && ids[k] < id) ++k;
      if (k == ids.size() || ids[k] != id)
        sqlite::fail(db.path(), "read neighbours", fmt::format("neighbour of missing sample {}", id));
      out[k].neighbours.push_back(decode_row(db, "neighbours", id, [&] { return sqlite::read_neighbour(q, 1); }));
    }
  }
  txn.end();
  return out;
}

std::vector<Event> LogStore::events(SessionId session) const {
  std::vector<Event> out;
  auto q = impl_->stmts
               .get("SELECT id, utc_ms, mono_ns, kind, source, detail FROM events WHERE session = ?1 ORDER BY id")
               .use();
  q.bind(1, session);
  while (q.step("read events")) {
    out.push_back(decode_row(impl_->db, "events", q.i64(0), [&] {
      const std::string kind = q.text(3);
      const auto parsed = parse_event_kind(kind);
      if (!parsed) throw std::invalid_argument(fmt::format("unknown event kind \"{}\"", kind));
      return Event{UtcTime{q.i64(1)}, MonoTime{q.i64(2)}, *parsed, q.text(4), q.text(5)};
    }));
  }
  return out;
}

std::vector<RawLine> LogStore::raw_lines(SessionId session) const {
  std::vector<RawLine> out;
  auto q = impl_->stmts
               .get("SELECT id, utc_ms, mono_ns, source, dir, text FROM raw_lines WHERE session = ?1 ORDER BY id")
               .use();
  q.bind(1, session);
  while (q.step("read raw lines")) {
    out.push_back(decode_row(impl_->db, "raw_lines", q.i64(0), [&] {
      return RawLine{UtcTime{q.i64(1)}, MonoTime{q.i64(2)}, q.text(3), sqlite::direction_from_code(q.text(4)),
                     q.text(5)};
    }));
  }
  return out;
}

StoreCounts LogStore::counts(SessionId session) const {
  auto q = impl_->stmts
               .get("SELECT (SELECT count(*) FROM samples WHERE session = ?1), "
                    "(SELECT count(*) FROM events WHERE session = ?1), "
                    "(SELECT count(*) FROM raw_lines WHERE session = ?1), "
                    "(SELECT count(*) FROM neighbours n JOIN samples s ON s.id = n.sample_id WHERE s.session = ?1)")
               .use();
  q.bind(1, session);
  if (!q.step("count rows")) sqlite::fail(impl_->db.path(), "count rows", "no result row");
  return StoreCounts{q.i64(0), q.i64(1), q.i64(2), q.i64(3)};
}

}  // namespace shikan
