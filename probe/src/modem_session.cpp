// SessionLogic: the pure lifecycle of one modem (see modem_session.hpp).
#include "shikan/probe/modem_session.hpp"

#include <algorithm>
#include <sstream>

namespace shikan::probe {

std::string_view to_string(SessionState s) {
  switch (s) {
    case SessionState::Closed: return "closed";
    case SessionState::Opening: return "opening";
    case SessionState::Initialising: return "initialising";
    case SessionState::Sampling: return "sampling";
    case SessionState::Waiting: return "waiting";
  }
  return "?";
}

std::string cell_key(const ServingCell& s) {
  std::ostringstream o;
  o << to_string(s.rat) << ' ';
  if (s.rat == Rat::NrSa && s.nci) {
    o << "NCI " << s.nci->value();
  } else if (s.rat != Rat::NrSa && s.eci) {
    o << "ECI " << s.eci->value();
  } else if (s.pci && s.arfcn) {
    o << "PCI " << *s.pci << '@' << *s.arfcn;
  } else {
    return {};
  }
  if (s.plmn) o << " PLMN " << s.plmn->str();
  return o.str();
}

void SessionLogic::emit(EventKind kind, std::string detail) {
  events_.push_back(Event{clock_.utc_now(), clock_.mono_now(), kind, id_, std::move(detail)});
}

void SessionLogic::opening() {
  state_ = SessionState::Opening;
  retry_at_.reset();
}

void SessionLogic::wait(const std::string& reason) {
  const auto delay = backoff_.next();
  const MonoTime now = clock_.mono_now();
  retry_at_ = MonoTime{now.ns + static_cast<std::int64_t>(delay.count()) * 1'000'000};
  state_ = SessionState::Waiting;
  if (!lost_since_) {
    lost_since_ = now;
    emit(EventKind::ModemLost, ever_sampled_ ? reason : "not available at start: " + reason);
  }
}

void SessionLogic::open_failed(const std::string& reason) { wait(reason); }

void SessionLogic::opened() { state_ = SessionState::Initialising; }

void SessionLogic::initialised() {
  state_ = SessionState::Sampling;
  ever_sampled_ = true;
  backoff_.reset();
  retry_at_.reset();
  if (lost_since_) {
    const std::int64_t gap_ms = (clock_.mono_now().ns - lost_since_->ns) / 1'000'000;
    emit(EventKind::ModemBack, "gap_ms=" + std::to_string(gap_ms));
    lost_since_.reset();
  }
}

void SessionLogic::lost(const std::string& reason) {
  if (state_ == SessionState::Closed || state_ == SessionState::Waiting) return;
  wait(reason);
}

void SessionLogic::closed() {
  state_ = SessionState::Closed;
  retry_at_.reset();
}

void SessionLogic::observe(const ServingCell& s) {
  if (last_rat_ && *last_rat_ != s.rat) {
    emit(EventKind::RatChange, std::string(to_string(*last_rat_)) + " -> " + std::string(to_string(s.rat)));
  }
  last_rat_ = s.rat;
  const std::string key = cell_key(s);
  if (key.empty()) return;  // a report without identity neither starts nor ends a cell
  if (!last_cell_.empty() && key != last_cell_) emit(EventKind::CellChange, last_cell_ + " -> " + key);
  last_cell_ = key;
}

std::vector<Event> SessionLogic::take_events() {
  std::vector<Event> out;
  out.swap(events_);
  return out;
}

}  // namespace shikan::probe
