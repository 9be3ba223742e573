// The probe agent: one io_context running the GNSS source and every modem session, writing samples,
// events and raw device lines to the LogStore, flushing on a timer, showing the status, and shutting
// down cleanly on SIGINT/SIGTERM or after --duration.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shikan/core/campaign.hpp"
#include "shikan/core/model.hpp"
#include "shikan/core/time.hpp"
#include "shikan/probe/config.hpp"
#include "shikan/probe/status.hpp"

namespace shikan::probe {

// Keeps the latest fix and its monotonic receive time; stamps samples with it; FixLost / FixBack on
// transitions of "usable fix" (present, not older than max_age, receiver not reporting no fix).
// Pure: time comes from the Clock. A sample always carries the latest fix, if any, with its age in
// fix_age_ms; a consumer compares the age with fix_max_age (kept in the session's config text).
class FixTracker {
 public:
  FixTracker(std::string source, std::chrono::milliseconds max_age, const Clock& clock)
      : source_(std::move(source)), max_age_(max_age), clock_(clock) {}

  void on_fix(const Fix& fix);
  void on_no_fix();
  // Re-evaluates staleness (call periodically and before attaching).
  void check();
  void attach(Sample& s);
  GnssStatus status() const;
  std::vector<Event> take_events();

 private:
  std::int64_t age_ms() const;
  bool usable() const;

  std::string source_;
  std::chrono::milliseconds max_age_;
  const Clock& clock_;
  std::optional<Fix> fix_;
  MonoTime received_{};
  bool receiver_no_fix_ = false;
  bool was_usable_ = false;
  std::optional<MonoTime> lost_at_;
  std::vector<Event> events_;
};

struct AgentOptions {
  std::optional<std::chrono::seconds> duration;  // --duration: stop after this long
  std::ostream* commit_log = nullptr;            // --commit-log: "committed <session> <total_rows>" lines
  std::ostream* screen = nullptr;                // status output (stdout); nullptr with --quiet
  bool tty = false;                              // redraw in place (ANSI) instead of log lines
  Lang lang = Lang::Zh;
  // --campaign (or probe.toml `campaign`), already read: the session notes it, every fix is checked against its
  // geofences (geofence_enter / geofence_exit events, source "campaign"), the status shows the next stop.
  std::optional<Campaign> campaign;
};

class Agent {
 public:
  // Opens the store (throws StoreError naming the database). clock must outlive the agent.
  Agent(LoadedConfig config, const Clock& clock, AgentOptions options);
  ~Agent();
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  // Runs until SIGINT/SIGTERM or the duration; ends the session cleanly. Returns the exit code
  // (0, or 1 if the last flush failed and rows were lost).
  int run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shikan::probe
