// FixTracker: the latest fix, its age and the FixLost / FixBack transitions (see agent.hpp).
#include "shikan/probe/agent.hpp"

namespace shikan::probe {

std::int64_t FixTracker::age_ms() const {
  if (!fix_) return -1;
  return (clock_.mono_now().ns - received_.ns) / 1'000'000;
}

bool FixTracker::usable() const { return fix_ && !receiver_no_fix_ && age_ms() <= max_age_.count(); }

void FixTracker::on_fix(const Fix& fix) {
  fix_ = fix;
  received_ = clock_.mono_now();
  receiver_no_fix_ = false;
  check();
}

void FixTracker::on_no_fix() {
  receiver_no_fix_ = true;
  check();
}

void FixTracker::check() {
  const bool now_usable = usable();
  if (now_usable == was_usable_) return;
  const MonoTime now = clock_.mono_now();
  if (now_usable) {
    // The first fix of a session is no "back"; later ones report the outage length.
    if (lost_at_) {
      const auto gap = (now.ns - lost_at_->ns) / 1'000'000;
      events_.push_back(Event{clock_.utc_now(), now, EventKind::FixBack, source_, "gap_ms=" + std::to_string(gap)});
    }
    lost_at_.reset();
  } else {
    lost_at_ = now;
    const std::string why = receiver_no_fix_ ? "receiver reports no fix"
                                             : "latest fix is " + std::to_string(age_ms()) + " ms old (max " +
                                                   std::to_string(max_age_.count()) + " ms)";
    events_.push_back(Event{clock_.utc_now(), now, EventKind::FixLost, source_, why});
  }
  was_usable_ = now_usable;
}

void FixTracker::attach(Sample& s) {
  check();
  s.fix = fix_;
  s.fix_age_ms = age_ms();
}

GnssStatus FixTracker::status() const {
  GnssStatus g;
  g.fix = fix_;
  g.age_ms = age_ms();
  g.valid = usable();
  return g;
}

std::vector<Event> FixTracker::take_events() {
  std::vector<Event> out;
  out.swap(events_);
  return out;
}

}  // namespace shikan::probe
