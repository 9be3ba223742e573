// Inspector notes ("arrived at 第一人民医院", "site cabinet locked"): an EventKind::Note in the latest
// session of a log, written while the probe may be running (SQLite WAL lets a second writer in).
#pragma once

#include <string>

#include "shikan/core/store.hpp"
#include "shikan/core/time.hpp"

namespace shikan::probe {

// Appends the note to the newest session and commits it; returns that session. Throws StoreError,
// or std::runtime_error naming the database when it holds no session or the text is empty.
SessionId add_note(LogStore& store, const Clock& clock, const std::string& text, const std::string& source = "inspector");

}  // namespace shikan::probe
