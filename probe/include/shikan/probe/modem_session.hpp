// One modem's life: Closed -> Opening -> Initialising -> Sampling; on a lost port Waiting (reconnect
// with backoff) -> Opening -> ... Each modem has its own session; a lost modem never stops the others.
//
//  - SessionLogic: pure state, backoff and events (ModemLost, ModemBack with the gap, RatChange,
//    CellChange). Takes the time from a Clock; tests use ManualClock.
//  - ModemSession: the Asio adapter: opens the port, runs the driver's phases over an AtEngine,
//    polls every sample interval, reconnects on a timer.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/core/store.hpp"
#include "shikan/core/time.hpp"
#include "shikan/probe/backoff.hpp"
#include "shikan/probe/config.hpp"

namespace shikan::probe {

enum class SessionState : std::uint8_t { Closed, Opening, Initialising, Sampling, Waiting };
std::string_view to_string(SessionState s);  // "closed", "opening", "initialising", "sampling", "waiting"

// Reconnect delays: 0.5 s, doubling, capped at 10 s; reset when sampling resumes.
// A cell's identity for CellChange: RAT and NCI/ECI, or PCI@ARFCN where the modem gave no cell id.
// Empty when the report names no cell.
std::string cell_key(const ServingCell& s);

class SessionLogic {
 public:
  SessionLogic(std::string modem_id, const Clock& clock) : id_(std::move(modem_id)), clock_(clock) {}

  void opening();
  void open_failed(const std::string& reason);  // -> Waiting, retry after the next backoff delay
  void opened();                                // -> Initialising
  void initialised();                           // -> Sampling; ModemBack if the modem had been lost
  void lost(const std::string& reason);         // -> Waiting; ModemLost (once per outage)
  void closed();                                // -> Closed (the probe stops)
  void observe(const ServingCell& s);           // RatChange / CellChange against the last report

  SessionState state() const { return state_; }
  std::optional<MonoTime> retry_at() const { return retry_at_; }
  std::optional<MonoTime> lost_since() const { return lost_since_; }
  std::vector<Event> take_events();

 private:
  void emit(EventKind kind, std::string detail);
  void wait(const std::string& reason);

  std::string id_;
  const Clock& clock_;
  SessionState state_ = SessionState::Closed;
  Backoff backoff_;
  std::optional<MonoTime> retry_at_;
  std::optional<MonoTime> lost_since_;
  bool ever_sampled_ = false;
  std::optional<Rat> last_rat_;
  std::string last_cell_;
  std::vector<Event> events_;
};

// Where a session's output goes (the agent).
struct SessionSink {
  std::function<void(const Sample&)> on_sample;  // fix not yet attached
  std::function<void(const Event&)> on_event;
  std::function<void(const RawLine&)> on_raw;
  std::function<void(const DeviceInfo&)> on_device;
};

// A snapshot for the status screen.
struct ModemStatus {
  std::string id;
  SessionState state = SessionState::Closed;
  std::optional<ServingCell> last;  // the latest sample's serving cell
  std::uint64_t samples = 0;
  std::uint64_t garbage_lines = 0;
  std::optional<MonoTime> retry_at;
  std::string last_error;
};

class ModemSession {
 public:
  ModemSession(boost::asio::io_context& io, const ModemConfig& cfg, std::chrono::milliseconds sample_interval,
               const Clock& clock, SessionSink sink);
  ~ModemSession();
  ModemSession(const ModemSession&) = delete;
  ModemSession& operator=(const ModemSession&) = delete;

  void start();
  void stop();  // closes the port; no more callbacks
  ModemStatus status() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace shikan::probe
