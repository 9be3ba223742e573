// LogStore's private state (the pimpl) and the row codecs shared by store*.cpp. Private to core/src.
#pragma once

#include <cstddef>
#include <set>
#include <string_view>
#include <vector>

#include "shikan/core/store.hpp"
#include "sqlite_util.hpp"

namespace shikan {

struct LogStore::Impl {
  Impl(const std::filesystem::path& file, const StoreOptions& opts);

  template <class T>
  struct Queued {
    SessionId session;
    T value;
  };

  StoreOptions options;
  sqlite::Connection db;            // declared before the statements so it is closed after they are finalized
  sqlite::StmtCache stmts{db};
  std::vector<Queued<Sample>> samples;
  std::vector<Queued<Event>> events;
  std::vector<Queued<RawLine>> raw_lines;
  std::set<SessionId> known_sessions;  // sessions confirmed to exist, so add() can refuse unknown ones

  void require_writable(std::string_view what) const;
  // Throws StoreError if the session does not exist: a queued row for it could never be committed.
  void require_session(SessionId session, std::string_view what);
  // Throws StoreError if the row holds a value with no on-disk code (see sqlite::check_encodable).
  template <class Row>
  void require_encodable(const Row& row, std::string_view what) const;
  std::size_t pending() const { return samples.size() + events.size() + raw_lines.size(); }
  std::size_t flush();

 private:
  void configure();
  void write_queue();
  std::string rollback();
};

}  // namespace shikan

namespace shikan::sqlite {

// Sample columns after `session`, in the order bind_sample binds and read_sample reads them.
std::string_view sample_columns();
std::string_view neighbour_columns();  // after sample_id and idx

// Binds `s` to parameters first, first + 1, ... in sample_columns() order.
void bind_sample(Stmt::Use& q, int first, const Sample& s);
// Reads a sample (without neighbours) from columns first, first + 1, ... in sample_columns() order.
// Throws std::exception (out_of_range, invalid_argument) on values the model rejects.
Sample read_sample(const Stmt::Use& q, int first);
void bind_neighbour(Stmt::Use& q, int first, const Neighbour& n);
Neighbour read_neighbour(const Stmt::Use& q, int first);

// Throws std::invalid_argument if a value has no on-disk code (an enum outside its declared values).
// add() checks this so that a queued row can never make every later flush fail.
void check_encodable(const Sample& s);
void check_encodable(const Event& e);

char direction_code(Direction d);  // '>' sent to the device, '<' received from it
Direction direction_from_code(std::string_view code);  // throws std::invalid_argument

}  // namespace shikan::sqlite
