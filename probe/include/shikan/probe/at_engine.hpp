// AT command engine. Framing per ITU-T V.250 §5.7 and 3GPP TS 27.007 §9.2 (final result codes
// OK / ERROR / +CME ERROR / +CMS ERROR and the V.250 call codes), with unsolicited result codes (URCs)
// interleaved anywhere, even between the answer lines of a command.
//
// Two layers (HOUSE_STYLE §1):
//  - AtProtocol: a pure state machine. Feed it received lines and the monotonic time; it emits
//    "send this", "command done", "URC", "garbage", "unexpected line" events. No I/O, no clock.
//  - AtEngine: a thin Boost.Asio adapter over a serial port (single-threaded io_context).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/serial_port.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/core/time.hpp"

namespace shikan::probe {

// How the answer of a command is told apart from URCs.
enum class AnswerKind : std::uint8_t {
  Prefixed,  // answer lines start with AtCommand::prefix ("+QENG:"); other lines are URCs
  Bare,      // answer lines have no prefix (ATI, AT+CGSN); only known URC prefixes are URCs
  None,      // no answer lines expected (ATE0, AT+CEREG=2); every non-final line is a URC
};

struct AtCommand {
  std::string text;  // without the terminating CR, e.g. AT+QENG="servingcell"
  AnswerKind kind = AnswerKind::Prefixed;
  std::string prefix;  // for Prefixed, e.g. "+QENG:"
  std::chrono::milliseconds timeout{3000};
};

// Builds a command and derives its answer prefix: "AT+NAME..." -> "+NAME:" (Prefixed); basic
// commands (ATI, ATE0) and the bare-answer identity commands (+CGSN, +CGMI, +CGMM, +CGMR, +CIMI,
// +GSN, +GMR) -> Bare. Set commands without an answer should use at_set().
AtCommand at_query(std::string text, std::chrono::milliseconds timeout = std::chrono::milliseconds{3000});
AtCommand at_set(std::string text, std::chrono::milliseconds timeout = std::chrono::milliseconds{3000});

enum class AtStatus : std::uint8_t {
  Ok,
  Error,
  CmeError,
  CmsError,
  NoCarrier,
  Busy,
  NoAnswer,
  NoDialtone,    // from the modem
  Timeout,       // no final result code within AtCommand::timeout
  Disconnected,  // the port closed or failed while the command was queued or in flight
};
std::string_view to_string(AtStatus s);  // "OK", "ERROR", "+CME ERROR", ..., "TIMEOUT", "DISCONNECTED"

struct AtResult {
  std::uint64_t id = 0;
  std::string command;
  AtStatus status = AtStatus::Ok;
  std::optional<int> error_code;   // numeric <err> of +CME ERROR / +CMS ERROR (TS 27.007 §9.2)
  std::string final_line;          // as received; empty for Timeout / Disconnected
  std::vector<std::string> lines;  // answer lines in order, without echo and URCs
  MonoTime sent{}, done{};
  std::string detail;  // reason for Timeout / Disconnected
  bool ok() const { return status == AtStatus::Ok; }
};

// If line is a final result code, its status (and <err> code). "COMMAND NOT SUPPORT" (Quectel, seen
// in the quectel-CM capture) counts as ERROR.
struct FinalCode {
  AtStatus status;
  std::optional<int> error_code;
};
std::optional<FinalCode> parse_final_code(std::string_view line);
// Known URC prefixes (RDY, +CPIN:, +QIND:, +CEREG:, +C5GREG:, ...), used for Bare answers.
bool is_known_urc(std::string_view line);
// A line with control bytes or invalid UTF-8: line noise, not protocol.
bool is_garbage(std::string_view line);

// Events emitted by AtProtocol.
struct AtSend {
  std::uint64_t id;
  std::string text;
};  // write text + "\r"
struct AtDone {
  AtResult result;
};
struct AtUrc {
  std::string line;
};
struct AtGarbage {
  std::string line;
  std::string reason;
};
// A line that belongs to no command in flight: a late answer to a timed-out command, or a stray
// final result code. context names the timed-out command when known.
struct AtUnexpected {
  std::string line;
  std::string context;
};
using AtEvent = std::variant<AtSend, AtDone, AtUrc, AtGarbage, AtUnexpected>;

struct AtProtocolOptions {
  // After a timeout, how long to hold the queue waiting for a late answer (ms). A final code within
  // this window is the timed-out command's, not the next one's. Later late answers are caught only
  // by the prefix check; a bare late "OK" after the window would be misattributed (documented).
  std::chrono::milliseconds late_window{1500};
};

class AtProtocol {
 public:
  explicit AtProtocol(AtProtocolOptions opt = {}) : opt_(opt) {}

  // Queues a command; returns its id (1, 2, ...). Sent when the previous one is finished.
  std::uint64_t submit(AtCommand cmd, MonoTime now);
  // One received line (terminator stripped). truncated: the splitter cut an overlong line.
  void feed_line(std::string_view line, bool truncated, MonoTime now);
  // Lets timeouts and the late-answer window expire.
  void tick(MonoTime now);
  // Port lost: fails the command in flight and every queued one with Disconnected.
  void fail_all(std::string_view reason, MonoTime now);

  std::vector<AtEvent> take_events();
  // When tick() must next be called; nullopt if nothing is timed.
  std::optional<MonoTime> next_deadline() const;
  bool busy() const { return inflight_.has_value() || drain_.has_value() || !queue_.empty(); }

 private:
  struct Inflight {
    std::uint64_t id;
    AtCommand cmd;
    MonoTime sent, deadline;
    bool echo_seen = false;
    std::vector<std::string> lines;
  };
  struct Drain {  // after a timeout: waiting for a late answer
    AtCommand cmd;
    MonoTime until;
  };
  struct Queued {
    std::uint64_t id;
    AtCommand cmd;
  };
  void start_next(MonoTime now);
  void finish(AtStatus status, std::optional<int> code, std::string final_line, std::string detail, MonoTime now);
  bool is_answer(const AtCommand& cmd, std::string_view line) const;
  void feed_drain(std::string_view line, MonoTime now);

  AtProtocolOptions opt_;
  std::uint64_t next_id_ = 1;
  std::deque<Queued> queue_;
  std::optional<Inflight> inflight_;
  std::optional<Drain> drain_;
  std::vector<AtEvent> events_;
};

struct AtEngineCallbacks {
  std::function<void(Direction, std::string_view)> on_raw;  // every line sent and received, verbatim
  std::function<void(std::string_view)> on_urc;
  std::function<void(std::string_view line, std::string_view reason)> on_garbage;
  std::function<void(std::string_view line, std::string_view context)> on_unexpected;
  std::function<void(const std::string& reason)> on_disconnect;  // reason names the device
};

// The Asio adapter. Single-threaded: all callbacks run on the io_context thread. Destroying or
// closing the engine drops pending commands without calling their completions; a port error or EOF
// completes them with Disconnected and then calls on_disconnect once.
class AtEngine {
 public:
  using Done = std::function<void(const AtResult&)>;
  AtEngine(boost::asio::io_context& io, boost::asio::serial_port port, std::string device, const Clock& clock,
           AtEngineCallbacks callbacks, AtProtocolOptions options = {});
  ~AtEngine();
  AtEngine(const AtEngine&) = delete;
  AtEngine& operator=(const AtEngine&) = delete;

  void start();  // begins reading
  void submit(AtCommand cmd, Done done);
  void close();
  bool is_open() const;
  const std::string& device() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace shikan::probe
