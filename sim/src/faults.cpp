#include "shikan/sim/faults.hpp"

#include <charconv>
#include <cmath>

namespace shikan::sim {

std::string_view to_string(FaultKind k) {
  switch (k) {
    case FaultKind::Unplug: return "unplug";
    case FaultKind::Garbage: return "garbage";
    case FaultKind::Tunnel: return "tunnel";
    case FaultKind::Mute: return "mute";
    case FaultKind::Error: return "error";
  }
  return "unplug";
}

std::optional<std::int64_t> parse_duration_ms(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double total_s = 0;
  while (!s.empty()) {
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p == s.data() || v < 0 || !std::isfinite(v)) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    double unit = 1;
    if (!s.empty() && (s[0] == 'h' || s[0] == 'm' || s[0] == 's')) {
      unit = s[0] == 'h' ? 3600 : s[0] == 'm' ? 60 : 1;
      s.remove_prefix(1);
    } else if (!s.empty()) {
      return std::nullopt;
    }
    total_s += v * unit;
  }
  return static_cast<std::int64_t>(std::llround(total_s * 1000.0));
}

Parsed<Fault> parse_fault(std::string_view spec) {
  const auto at = spec.find('@');
  if (at == std::string_view::npos) return parse_error("fault '" + std::string(spec) + "': expected KIND[:DEVICE]@T[+D]");
  std::string_view head = spec.substr(0, at), when = spec.substr(at + 1);
  Fault f;
  const auto colon = head.find(':');
  const std::string_view kind = head.substr(0, colon);
  if (colon != std::string_view::npos) f.device = std::string(head.substr(colon + 1));
  bool found = false;
  for (FaultKind k : {FaultKind::Unplug, FaultKind::Garbage, FaultKind::Tunnel, FaultKind::Error, FaultKind::Mute})
    if (kind == to_string(k)) {
      f.kind = k;
      found = true;
    }
  if (!found) return parse_error("fault '" + std::string(spec) + "': unknown kind '" + std::string(kind) + "' (unplug, garbage, tunnel, error, mute)");
  const auto plus = when.find('+');
  const auto t = parse_duration_ms(when.substr(0, plus));
  if (!t) return parse_error("fault '" + std::string(spec) + "': bad time '" + std::string(when.substr(0, plus)) + "'");
  f.at_ms = *t;
  if (plus != std::string_view::npos) {
    const auto d = parse_duration_ms(when.substr(plus + 1));
    if (!d || *d == 0) return parse_error("fault '" + std::string(spec) + "': bad duration");
    f.duration_ms = *d;
  }
  if (f.kind == FaultKind::Tunnel || f.kind == FaultKind::Mute) {
    if (!f.device.empty() && f.device != "gnss")
      return parse_error("fault '" + std::string(spec) + "': " + std::string(kind) + " applies to gnss only");
    f.device = "gnss";
  }
  if (f.kind == FaultKind::Garbage && f.device.empty()) return parse_error("fault '" + std::string(spec) + "': garbage needs a device (modem id or gnss)");
  if ((f.kind == FaultKind::Unplug || f.kind == FaultKind::Error) && (f.device.empty() || f.device == "gnss"))
    return parse_error("fault '" + std::string(spec) + "': " + std::string(kind) + " needs a modem id");
  if (f.kind != FaultKind::Garbage && f.duration_ms == 0) return parse_error("fault '" + std::string(spec) + "': needs +DURATION");
  if (f.kind == FaultKind::Garbage) f.duration_ms = 0;
  return f;
}

}  // namespace shikan::sim
