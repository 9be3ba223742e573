#include "shikan/core/model.hpp"

#include <array>
#include <utility>

namespace shikan {
namespace {

constexpr std::array<std::pair<Rat, std::string_view>, 6> kRats{{
    {Rat::None, "NONE"}, {Rat::Gsm, "GSM"}, {Rat::Wcdma, "WCDMA"},
    {Rat::Lte, "LTE"}, {Rat::NrNsa, "NR-NSA"}, {Rat::NrSa, "NR-SA"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 12> kEvents{{
    {EventKind::SessionStart, "session_start"}, {EventKind::SessionEnd, "session_end"},
    {EventKind::ModemLost, "modem_lost"}, {EventKind::ModemBack, "modem_back"},
    {EventKind::FixLost, "fix_lost"}, {EventKind::FixBack, "fix_back"},
    {EventKind::RatChange, "rat_change"}, {EventKind::CellChange, "cell_change"},
    {EventKind::ParseError, "parse_error"}, {EventKind::Note, "note"},
    {EventKind::GeofenceEnter, "geofence_enter"}, {EventKind::GeofenceExit, "geofence_exit"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [k, v] : table)
    if (k == e) return v;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [k, v] : table)
    if (v == s) return k;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Rat r) { return name_of(kRats, r); }
std::optional<Rat> parse_rat(std::string_view s) { return value_of(kRats, s); }
std::string_view to_string(EventKind k) { return name_of(kEvents, k); }
std::optional<EventKind> parse_event_kind(std::string_view s) { return value_of(kEvents, s); }

std::string_view to_string(NeighbourScope s) {
  switch (s) {
    case NeighbourScope::Intra: return "intra";
    case NeighbourScope::Inter: return "inter";
    case NeighbourScope::Nr: return "nr";
    case NeighbourScope::Unknown: break;
  }
  return "unknown";
}

}  // namespace shikan
