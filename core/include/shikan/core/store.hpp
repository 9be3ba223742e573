// The log store: a crash-safe SQLite database of sessions, devices, samples, events and raw device
// lines. Schema and its versions: docs/log-format.md. Writes are queued and committed in batched
// transactions by flush(); a committed batch survives a process kill and (synchronous=FULL) power loss.
// Not thread-safe: one LogStore per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shikan/core/model.hpp"

namespace shikan {

// Environment failure of the store; the message names the database file and the operation.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using SessionId = std::int64_t;

struct SessionInfo {
  std::string probe_id;
  std::string software_version;
  std::string config_text;  // the configuration file as the probe read it
  UtcTime started;
};

struct SessionRow {
  SessionId id = 0;
  SessionInfo info;
  std::optional<UtcTime> ended;  // empty if the probe never closed it (crash, power loss)
};

struct DeviceInfo {
  std::string modem_id;  // id from the configuration, e.g. "cmcc"
  std::string port;      // "/dev/ttyUSB2"
  std::string driver;    // "quectel" | "generic"
  std::string manufacturer;
  std::string model;
  std::string firmware;
  std::string imei;
};

struct StoreOptions {
  // Opens with SQLITE_OPEN_READONLY for analysis; never migrates, and the file must be at
  // kSchemaVersion. Every write (add, flush of queued rows, sessions, devices) throws StoreError.
  bool read_only = false;
  // How long a write waits for another connection's lock before failing with "database is locked".
  std::chrono::milliseconds busy_timeout{5000};
  // Cap on the database file in bytes (PRAGMA max_page_count, rounded down to whole pages); a flush
  // that would grow the file beyond it fails like a full disk and keeps its rows queued. The WAL
  // file comes on top (up to ~4 MB between checkpoints). Unset: limited only by the disk.
  std::optional<std::int64_t> max_db_bytes;
};

struct StoreCounts {
  std::int64_t samples = 0, events = 0, raw_lines = 0, neighbours = 0;
};

class LogStore {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the database and migrates it forward to kSchemaVersion. Throws StoreError.
  explicit LogStore(const std::filesystem::path& path, StoreOptions options = {});
  ~LogStore();  // flushes what is queued; never throws (reports to stderr)
  LogStore(const LogStore&) = delete;
  LogStore& operator=(const LogStore&) = delete;

  SessionId begin_session(const SessionInfo& info);  // committed at once
  void end_session(SessionId session, UtcTime ended);  // flushes, then commits the end time
  void upsert_device(SessionId session, const DeviceInfo& device);  // committed at once

  // Queued until flush().
  void add(SessionId session, const Sample& sample);
  void add(SessionId session, const Event& event);
  void add(SessionId session, const RawLine& line);
  // Queued records (samples, events, raw lines); a sample's neighbours travel with it.
  std::size_t pending() const;
  // Commits everything queued in one transaction (BEGIN IMMEDIATE ... COMMIT) and returns how many
  // records it committed (what pending() was). On failure (disk full, I/O error, lock held too long)
  // rolls back, keeps every queued record for the next flush and throws StoreError.
  std::size_t flush();

  std::vector<SessionRow> sessions() const;
  std::vector<DeviceInfo> devices(SessionId session) const;
  std::vector<Sample> samples(SessionId session) const;  // in insertion order, neighbours included
  std::vector<Event> events(SessionId session) const;
  std::vector<RawLine> raw_lines(SessionId session) const;
  StoreCounts counts(SessionId session) const;  // committed rows only
  int schema_version() const;
  bool integrity_ok() const;  // PRAGMA integrity_check == "ok"
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shikan
