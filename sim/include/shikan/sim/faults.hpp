// Fault injection: what goes wrong, on which device, when (simulated time) and for how long.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/result.hpp"

namespace shikan::sim {

enum class FaultKind : std::uint8_t {
  Unplug,   // the modem's pty disappears for a while, then a fresh one appears behind the same link
  Garbage,  // random non-UTF-8 bytes and a half line on a modem or the GNSS stream (instant)
  Tunnel,   // GNSS outage: no satellites, no fix, sentences keep coming
  Error,    // the modem answers ERROR to AT+QENG for a while
  Mute,     // the GNSS receiver sends nothing at all for a while (cable loose, receiver hung)
};
std::string_view to_string(FaultKind k);  // "unplug", "garbage", "tunnel", "error", "mute"

struct Fault {
  FaultKind kind = FaultKind::Unplug;
  std::string device;             // modem id, or "gnss" (tunnel always, garbage optionally)
  std::int64_t at_ms = 0;         // simulated time after the start
  std::int64_t duration_ms = 0;   // 0 for instant faults
  bool active(std::int64_t t_ms) const { return t_ms >= at_ms && t_ms < at_ms + duration_ms; }
};

// "KIND[:DEVICE]@T[+D]": unplug:cmcc@300+60, tunnel@600+60, garbage:cucc@120, garbage:gnss@30,
// error:ctcc@100+30, mute@400+60. T and D take the duration forms below. Unplug and error need a device
// and a duration; tunnel and mute need a duration and are always on "gnss".
Parsed<Fault> parse_fault(std::string_view spec);

// "90", "90s", "10m", "3h", "1h30m", "2.5m" -> milliseconds; nullopt if malformed or negative.
std::optional<std::int64_t> parse_duration_ms(std::string_view s);

}  // namespace shikan::sim
