// Modem drivers: which AT commands to send at start and in each poll cycle, and how their answers
// become a ServingCell, neighbours and events. Pure: a driver never touches a port; the modem session
// feeds it AtResults one at a time (next() -> send -> absorb()).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/at_parse.hpp"
#include "shikan/probe/config.hpp"

namespace shikan::probe {

// Something the driver wants recorded as an event: ParseError (reason and raw line) or Note
// (ERROR answers, timeouts, capability changes).
struct DriverNote {
  EventKind kind = EventKind::Note;
  std::string detail;
};

// What one poll cycle measured. serving.rat is None when the serving-cell query failed; the sample
// is still recorded with what parsed.
struct CycleOutcome {
  ServingCell serving;
  std::vector<Neighbour> neighbours;
  std::vector<DriverNote> notes;
  // The serving-cell query answered and parsed. When false, serving is not "no service" but unknown:
  // the sample is kept, RAT/cell change tracking skips it.
  bool serving_ok = false;
  std::size_t commands = 0, failed = 0;  // commands sent in the cycle, of which without OK
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string_view name() const = 0;

  // Starts the init phase (after the port opened) or poll cycle number n (0-based).
  void begin_init();
  void begin_cycle(std::uint64_t n);
  // The next command of the current phase; nullopt when the phase is complete.
  std::optional<AtCommand> next();
  // The answer to the command next() returned last.
  void absorb(const AtResult& r);

  // After init: what the modem said about itself (empty strings where it said nothing).
  const ModemIdentity& identity() const { return identity_; }
  // After a cycle: its outcome (resets the accumulator).
  CycleOutcome take_cycle();
  // Notes of the init phase.
  std::vector<DriverNote> take_notes();

 protected:
  explicit Driver(const ModemConfig& cfg) : cfg_(cfg) {}
  using Handler = std::function<void(const AtResult&)>;
  // Appends a step to the current phase; handlers may push more (e.g. a follow-up in SA). on_fail runs
  // after an error answer or a timeout has been noted (not on Disconnected).
  void push(AtCommand cmd, Handler on_ok, Handler on_fail = nullptr);
  AtCommand query(std::string text) const { return at_query(std::move(text), cfg_.command_timeout); }
  AtCommand set(std::string text) const { return at_set(std::move(text), cfg_.command_timeout); }
  void parse_error(const std::string& command, const std::string& reason, std::string_view raw);
  void note(std::string detail);
  // Identity steps shared by both drivers: ATI, AT+CGSN.
  void push_identity();

  virtual void plan_init() = 0;
  virtual void plan_cycle(std::uint64_t n) = 0;

  const ModemConfig& cfg_;
  CycleOutcome cycle_;
  ModemIdentity identity_;

 private:
  struct Step {
    AtCommand cmd;
    Handler on_ok;
    Handler on_fail;
  };
  std::deque<Step> steps_;
  std::optional<Step> current_;
  std::vector<DriverNote> init_notes_;
  bool in_init_ = false;
};

// The driver for cfg.driver. cfg must outlive the driver.
std::unique_ptr<Driver> make_driver(const ModemConfig& cfg);

// Lines of an answer as views (the parsers take spans of string_view).
std::vector<std::string_view> views(const std::vector<std::string>& lines);

}  // namespace shikan::probe
