// The log store's file identity and schema migrations (docs/log-format.md).
#pragma once

#include <cstdint>

#include "sqlite_util.hpp"

namespace shikan::sqlite {

// PRAGMA application_id of every Shikan log: the ASCII bytes "Shkn" read as a big-endian int32.
// `file` reports it as "SQLite 3.x database, application id 1399352174".
constexpr std::int32_t kApplicationId = 0x53686B6E;

// Checks that the file is a Shikan log (or a new, empty SQLite file) whose schema this build knows,
// without writing anything. Returns the file's user_version. Throws StoreError naming the file.
int check_identity(Connection& db);

// Applies every migration step above `from` (one transaction per step), leaving the file at
// LogStore::kSchemaVersion. Throws StoreError naming the file and the failed step.
void migrate(Connection& db, int from);

}  // namespace shikan::sqlite
