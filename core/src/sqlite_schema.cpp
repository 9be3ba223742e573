#include "sqlite_schema.hpp"

#include <fmt/format.h>

#include <array>

#include "shikan/core/store.hpp"

namespace shikan::sqlite {
namespace {

// v0 -> v1: the first schema. Size choices, measured with bench_store (docs/log-format.md):
// neighbours is WITHOUT ROWID keyed (sample_id, idx), 24 B/sample smaller than a rowid table plus
// its index; raw_lines has no session index (it would add 68 B/sample, 8% of the file; raw lines
// are read per session in bulk, a scan). Levels are REAL, which SQLite stores as small integers when
// they have no fraction; positions stay REAL (8 B) so they round-trip exactly.
// Every table and column is documented in docs/log-format.md;
// units are in the column names (_ms, _ns, _dbm, _db, _m, _mps, _deg).
void create_v1(Connection& db) {
  db.exec(R"sql(
CREATE TABLE sessions (
  id               INTEGER PRIMARY KEY,
  probe_id         TEXT NOT NULL,
  software_version TEXT NOT NULL,
  config_text      TEXT NOT NULL,
  started_utc_ms   INTEGER NOT NULL,
  ended_utc_ms     INTEGER
);
CREATE TABLE devices (
  session      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  modem_id     TEXT NOT NULL,
  port         TEXT NOT NULL,
  driver       TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  model        TEXT NOT NULL,
  firmware     TEXT NOT NULL,
  imei         TEXT NOT NULL,
  UNIQUE (session, modem_id)
);
CREATE TABLE rats (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO rats VALUES (0,'NONE'),(1,'GSM'),(2,'WCDMA'),(3,'LTE'),(4,'NR-NSA'),(5,'NR-SA');
CREATE TABLE neighbour_scopes (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO neighbour_scopes VALUES (0,'intra'),(1,'inter'),(2,'nr'),(3,'unknown');
CREATE TABLE samples (
  id                INTEGER PRIMARY KEY,
  session           INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  modem_id          TEXT NOT NULL,
  utc_ms            INTEGER NOT NULL,
  mono_ns           INTEGER NOT NULL,
  fix_utc_ms        INTEGER,
  lat               REAL,
  lon               REAL,
  alt_m             REAL,
  hdop              REAL,
  sats              INTEGER,
  fix_quality       INTEGER,
  speed_mps         REAL,
  course_deg        REAL,
  fix_age_ms        INTEGER NOT NULL,
  has_fix           INTEGER GENERATED ALWAYS AS (fix_quality IS NOT NULL) VIRTUAL,
  rat               INTEGER NOT NULL,
  state             TEXT NOT NULL,
  plmn              TEXT,
  nci               INTEGER,
  eci               INTEGER,
  pci               INTEGER,
  tac               INTEGER,
  arfcn             INTEGER,
  band              INTEGER,
  duplex            TEXT,
  bandwidth_code    INTEGER,
  rsrp_dbm          REAL,
  rsrq_db           REAL,
  sinr_db           REAL,
  rssi_dbm          REAL,
  cqi               INTEGER,
  tx_power          INTEGER,
  srxlev            INTEGER,
  has_nr            INTEGER NOT NULL,
  nr_pci            INTEGER,
  nr_arfcn          INTEGER,
  nr_band           INTEGER,
  nr_rsrp_dbm       REAL,
  nr_rsrq_db        REAL,
  nr_sinr_db        REAL,
  nr_bandwidth_code INTEGER,
  nr_scs            INTEGER
);
CREATE INDEX samples_session_utc ON samples(session, utc_ms);
CREATE INDEX samples_nci ON samples(nci) WHERE nci IS NOT NULL;
CREATE INDEX samples_eci ON samples(eci) WHERE eci IS NOT NULL;
CREATE TABLE neighbours (
  sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  idx       INTEGER NOT NULL,
  rat       INTEGER NOT NULL,
  scope     INTEGER NOT NULL,
  arfcn     INTEGER,
  pci       INTEGER,
  rsrp_dbm  REAL,
  rsrq_db   REAL,
  rssi_dbm  REAL,
  sinr_db   REAL,
  srxlev    INTEGER,
  PRIMARY KEY (sample_id, idx)
) WITHOUT ROWID;
CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  utc_ms  INTEGER NOT NULL,
  mono_ns INTEGER NOT NULL,
  kind    TEXT NOT NULL,
  source  TEXT NOT NULL,
  detail  TEXT NOT NULL
);
CREATE INDEX events_session_utc ON events(session, utc_ms);
CREATE TABLE raw_lines (
  id      INTEGER PRIMARY KEY,
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  utc_ms  INTEGER NOT NULL,
  mono_ns INTEGER NOT NULL,
  source  TEXT NOT NULL,
  dir     TEXT NOT NULL CHECK (dir IN ('<', '>')),
  text    BLOB NOT NULL
);
)sql",
          "migration v0 -> v1: create tables");
  db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId).c_str(), "migration v0 -> v1: set application_id");
}

struct Migration {
  int to_version;
  void (*apply)(Connection&);
};

// Step i migrates schema version i to i + 1. To add v2: write create_v2 (or alter_v1_to_v2), append
// {2, &alter_v1_to_v2} here, bump LogStore::kSchemaVersion, and add a test that opens a v1 file.
constexpr std::array kMigrations{
    Migration{1, &create_v1},
};
static_assert(static_cast<int>(kMigrations.size()) == LogStore::kSchemaVersion,
              "one migration step per schema version");

bool has_schema_objects(Connection& db) {
  return db.query_int("SELECT count(*) FROM sqlite_schema", "read the schema") > 0;
}

}  // namespace

int check_identity(Connection& db) {
  // The first read of the file: a file that is not SQLite fails here ("file is not a database").
  const auto app_id = db.query_int("PRAGMA application_id", "read application_id (is it an SQLite file?)");
  const auto version = db.query_int("PRAGMA user_version", "read user_version");
  const bool fresh = app_id == 0 && version == 0 && !has_schema_objects(db);
  if (app_id != kApplicationId && !fresh)
    fail(db.path(), "open",
         fmt::format("not a Shikan log (application_id {}, expected {})", app_id, kApplicationId));
  if (version > LogStore::kSchemaVersion)
    fail(db.path(), "open",
         fmt::format("written by a newer Shikan (schema v{}), this build knows v{}", version,
                     LogStore::kSchemaVersion));
  if (version < 0) fail(db.path(), "open", fmt::format("invalid schema version {}", version));
  return static_cast<int>(version);
}

void migrate(Connection& db, int from) {
  for (const Migration& step : kMigrations) {
    if (step.to_version <= from) continue;
    const std::string what = fmt::format("migration to schema v{}", step.to_version);
    db.exec("BEGIN IMMEDIATE", what);
    try {
      // Re-read inside the write lock: another process may have migrated the file meanwhile.
      if (db.query_int("PRAGMA user_version", what) >= step.to_version) {
        db.exec("COMMIT", what);
        continue;
      }
      step.apply(db);
      db.exec(fmt::format("PRAGMA user_version = {}", step.to_version).c_str(), what);
      db.exec("COMMIT", what);
    } catch (...) {
      if (db.in_transaction()) sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;  // the migration's own error; a rollback failure would only repeat it
    }
  }
}

}  // namespace shikan::sqlite
