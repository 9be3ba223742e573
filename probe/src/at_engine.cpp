// AtProtocol: the pure AT framing state machine (see at_engine.hpp). No I/O, no clock.
#include "shikan/probe/at_engine.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace shikan::probe {
namespace {

using namespace std::chrono_literals;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::int64_t to_ns(std::chrono::milliseconds d) { return static_cast<std::int64_t>(d.count()) * 1'000'000; }

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int> to_int(std::string_view s) {
  s = trim(s);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Extended commands whose answer carries no "+NAME:" prefix on common modems (TS 27.007 §5).
constexpr std::array kBareAnswer = {"+CGSN", "+CGMI", "+CGMM", "+CGMR", "+CIMI", "+GSN", "+GMR", "+GMI", "+GMM"};

// The "+NAME" of "AT+NAME=..." / "AT+NAME?"; empty for basic commands (ATI, ATE0).
std::string extended_name(std::string_view text) {
  const std::string u = upper(text);
  if (!starts_with(u, "AT+")) return {};
  std::size_t end = 3;
  while (end < u.size() && u[end] != '=' && u[end] != '?' && u[end] != ';') ++end;
  return u.substr(2, end - 2);
}

}  // namespace

AtCommand at_query(std::string text, std::chrono::milliseconds timeout) {
  AtCommand c;
  const std::string name = extended_name(text);
  c.text = std::move(text);
  c.timeout = timeout;
  if (name.empty() || std::find(kBareAnswer.begin(), kBareAnswer.end(), name) != kBareAnswer.end()) {
    c.kind = AnswerKind::Bare;
  } else {
    c.kind = AnswerKind::Prefixed;
    c.prefix = name + ":";
  }
  return c;
}

AtCommand at_set(std::string text, std::chrono::milliseconds timeout) {
  AtCommand c;
  c.text = std::move(text);
  c.kind = AnswerKind::None;
  c.timeout = timeout;
  return c;
}

std::string_view to_string(AtStatus s) {
  switch (s) {
    case AtStatus::Ok: return "OK";
    case AtStatus::Error: return "ERROR";
    case AtStatus::CmeError: return "+CME ERROR";
    case AtStatus::CmsError: return "+CMS ERROR";
    case AtStatus::NoCarrier: return "NO CARRIER";
    case AtStatus::Busy: return "BUSY";
    case AtStatus::NoAnswer: return "NO ANSWER";
    case AtStatus::NoDialtone: return "NO DIALTONE";
    case AtStatus::Timeout: return "TIMEOUT";
    case AtStatus::Disconnected: return "DISCONNECTED";
  }
  return "?";
}

std::optional<FinalCode> parse_final_code(std::string_view line) {
  line = trim(line);
  if (line == "OK") return FinalCode{AtStatus::Ok, std::nullopt};
  if (line == "ERROR" || line == "COMMAND NOT SUPPORT") return FinalCode{AtStatus::Error, std::nullopt};
  if (line == "NO CARRIER") return FinalCode{AtStatus::NoCarrier, std::nullopt};
  if (line == "BUSY") return FinalCode{AtStatus::Busy, std::nullopt};
  if (line == "NO ANSWER") return FinalCode{AtStatus::NoAnswer, std::nullopt};
  if (line == "NO DIALTONE") return FinalCode{AtStatus::NoDialtone, std::nullopt};
  // +CME ERROR: <err> / +CMS ERROR: <err>; <err> numeric (AT+CMEE=1) or verbose text (AT+CMEE=2).
  if (starts_with(line, "+CME ERROR:")) return FinalCode{AtStatus::CmeError, to_int(line.substr(11))};
  if (starts_with(line, "+CMS ERROR:")) return FinalCode{AtStatus::CmsError, to_int(line.substr(11))};
  return std::nullopt;
}

bool is_known_urc(std::string_view line) {
  static constexpr std::array kUrc = {
      "RDY",     "+CPIN:",          "+QIND:",     "+CEREG:",      "+C5GREG:",  "+CGREG:",           "+CREG:",
      "+QUSIM:", "+CFUN:",          "+QSTAT:",    "POWERED DOWN", "RING",      "+CRING:",           "+CMTI:",
      "+CGEV:",  "+QNETDEVSTATUS:", "+QSIMSTAT:", "+CUSD:",       "+QGPSURC:", "NORMAL POWER DOWN", "+QNWLOCK:",
      "+CTZV:",  "+CTZE:",          "+QPSMTIMER:"};
  return std::any_of(kUrc.begin(), kUrc.end(), [&](std::string_view p) { return starts_with(line, p); });
}

bool is_garbage(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 ? c != '\t' : c == 0x7F) return true;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // UTF-8 multi-byte sequence (operator long names may be UTF-8).
    std::size_t n = 0;  // continuation bytes
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
    } else {
      return true;
    }
    if (i + n >= line.size()) return true;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(line[i + k]) & 0xC0) != 0x80) return true;
    }
    i += n + 1;
  }
  return false;
}

std::uint64_t AtProtocol::submit(AtCommand cmd, MonoTime now) {
  const std::uint64_t id = next_id_++;
  queue_.push_back({id, std::move(cmd)});
  if (!inflight_ && !drain_) start_next(now);
  return id;
}

void AtProtocol::start_next(MonoTime now) {
  if (queue_.empty()) return;
  Queued q = std::move(queue_.front());
  queue_.pop_front();
  events_.emplace_back(AtSend{q.id, q.cmd.text});
  const MonoTime deadline{now.ns + to_ns(q.cmd.timeout)};
  inflight_ = Inflight{q.id, std::move(q.cmd), now, deadline, false, {}};
}

void AtProtocol::finish(AtStatus status, std::optional<int> code, std::string final_line, std::string detail,
                        MonoTime now) {
  Inflight f = std::move(*inflight_);
  inflight_.reset();
  AtResult r;
  r.id = f.id;
  r.command = f.cmd.text;
  r.status = status;
  r.error_code = code;
  r.final_line = std::move(final_line);
  r.lines = std::move(f.lines);
  r.sent = f.sent;
  r.done = now;
  r.detail = std::move(detail);
  if (status == AtStatus::Timeout) drain_ = Drain{std::move(f.cmd), MonoTime{now.ns + to_ns(opt_.late_window)}};
  events_.emplace_back(AtDone{std::move(r)});
  if (!drain_) start_next(now);
}

bool AtProtocol::is_answer(const AtCommand& cmd, std::string_view line) const {
  switch (cmd.kind) {
    case AnswerKind::Prefixed: return starts_with(line, cmd.prefix);
    case AnswerKind::Bare: return !is_known_urc(line);
    case AnswerKind::None: return false;
  }
  return false;
}

void AtProtocol::feed_drain(std::string_view line, MonoTime now) {
  const std::string context = "late answer to " + drain_->cmd.text;
  if (parse_final_code(line)) {
    events_.emplace_back(AtUnexpected{std::string(line), context});
    drain_.reset();  // the timed-out command is now finished: the queue may go on
    start_next(now);
  } else if (line == drain_->cmd.text || is_answer(drain_->cmd, line)) {
    events_.emplace_back(AtUnexpected{std::string(line), context});
  } else {
    events_.emplace_back(AtUrc{std::string(line)});
  }
}

void AtProtocol::feed_line(std::string_view line, bool truncated, MonoTime now) {
  tick(now);
  if (truncated) {
    events_.emplace_back(AtGarbage{std::string(line), "overlong line, cut"});
    return;
  }
  if (is_garbage(line)) {
    events_.emplace_back(AtGarbage{std::string(line), "control bytes or invalid UTF-8"});
    return;
  }
  if (drain_) {
    feed_drain(line, now);
    return;
  }
  if (!inflight_) {
    if (parse_final_code(line)) {
      events_.emplace_back(AtUnexpected{std::string(line), "no command in flight"});
    } else {
      events_.emplace_back(AtUrc{std::string(line)});
    }
    return;
  }
  Inflight& f = *inflight_;
  // V.250 §5.2.3: with echo on, the command line comes back first. Only the first copy is the echo.
  if (!f.echo_seen && f.lines.empty() && line == f.cmd.text) {
    f.echo_seen = true;
    return;
  }
  if (auto fc = parse_final_code(line)) {
    finish(fc->status, fc->error_code, std::string(line), {}, now);
  } else if (is_answer(f.cmd, line)) {
    f.lines.emplace_back(line);
  } else {
    events_.emplace_back(AtUrc{std::string(line)});
  }
}

void AtProtocol::tick(MonoTime now) {
  if (inflight_ && now >= inflight_->deadline) {
    const auto ms = (inflight_->deadline.ns - inflight_->sent.ns) / 1'000'000;
    finish(AtStatus::Timeout, std::nullopt, {}, "no final result code within " + std::to_string(ms) + " ms", now);
  }
  if (drain_ && now >= drain_->until) {
    drain_.reset();
    start_next(now);
  }
}

void AtProtocol::fail_all(std::string_view reason, MonoTime now) {
  drain_.reset();
  if (inflight_) {
    Inflight f = std::move(*inflight_);
    inflight_.reset();
    AtResult r{f.id,   f.cmd.text, AtStatus::Disconnected, std::nullopt, {}, std::move(f.lines),
               f.sent, now,        std::string(reason)};
    events_.emplace_back(AtDone{std::move(r)});
  }
  while (!queue_.empty()) {
    Queued q = std::move(queue_.front());
    queue_.pop_front();
    events_.emplace_back(AtDone{
        AtResult{q.id, q.cmd.text, AtStatus::Disconnected, std::nullopt, {}, {}, now, now, std::string(reason)}});
  }
}

std::vector<AtEvent> AtProtocol::take_events() {
  std::vector<AtEvent> out;
  out.swap(events_);
  return out;
}

std::optional<MonoTime> AtProtocol::next_deadline() const {
  if (inflight_) return inflight_->deadline;
  if (drain_) return drain_->until;
  return std::nullopt;
}

}  // namespace shikan::probe
