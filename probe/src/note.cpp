#include "shikan/probe/note.hpp"

#include <stdexcept>

namespace shikan::probe {

SessionId add_note(LogStore& store, const Clock& clock, const std::string& text, const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw std::runtime_error(store.path().string() + ": an empty note was not recorded");
  const auto sessions = store.sessions();
  if (sessions.empty()) throw std::runtime_error(store.path().string() + ": the log holds no session to note in");
  const SessionId session = sessions.back().id;
  store.add(session, Event{clock.utc_now(), clock.mono_now(), EventKind::Note, source, text});
  store.flush();
  return session;
}

}  // namespace shikan::probe
