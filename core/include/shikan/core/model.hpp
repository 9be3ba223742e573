// The measurement model every module shares: what a probe observed, at what time and where.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/cell_id.hpp"
#include "shikan/core/plmn.hpp"
#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"

namespace shikan {

// Radio access technology of the serving cell. NrNsa = EN-DC: LTE anchor plus an NR leg.
enum class Rat : std::uint8_t { None, Gsm, Wcdma, Lte, NrNsa, NrSa };
std::string_view to_string(Rat r);  // "NONE","GSM","WCDMA","LTE","NR-NSA","NR-SA"
std::optional<Rat> parse_rat(std::string_view s);

// The NR secondary leg of an EN-DC connection. It has no cell identity of its own in modem reports.
struct NrLeg {
  std::optional<int> pci;
  std::optional<std::uint32_t> arfcn;
  std::optional<int> band;  // n-band number, 78 for n78
  std::optional<Dbm> rsrp;
  std::optional<Db> rsrq;
  std::optional<Db> sinr;
  std::optional<int> bandwidth_code;  // Quectel code: 0=5 MHz ... 12=100 MHz
  std::optional<int> scs;            // Quectel code: 0=15 kHz, 1=30, 2=60, 3=120, 4=240
};

struct ServingCell {
  Rat rat = Rat::None;
  std::string state;  // modem's connection state: "NOCONN", "CONNECT", "SEARCH", "LIMSRV", ...
  std::optional<Plmn> plmn;
  std::optional<Nci> nci;  // NR-SA serving cell
  std::optional<Eci> eci;  // LTE serving cell, or the LTE anchor in NR-NSA
  std::optional<int> pci;
  std::optional<std::uint32_t> tac;  // 16-bit (LTE) or 24-bit (NR)
  std::optional<std::uint32_t> arfcn;  // NR-ARFCN or EARFCN
  std::optional<int> band;             // band number (LTE band or NR n-band)
  std::optional<std::string> duplex;   // "FDD" / "TDD"
  std::optional<int> bandwidth_code;   // Quectel code or, on Unisoc SA, MHz (see probe docs)
  std::optional<Dbm> rsrp;
  std::optional<Db> rsrq;
  std::optional<Db> sinr;
  std::optional<Dbm> rssi;
  std::optional<int> cqi;
  std::optional<int> tx_power;  // Quectel reports 0.1 dBm steps on some firmware; kept raw
  std::optional<int> srxlev;
  std::optional<NrLeg> nr;  // only for Rat::NrNsa
};

enum class NeighbourScope : std::uint8_t { Intra, Inter, Nr, Unknown };
std::string_view to_string(NeighbourScope s);  // "intra","inter","nr","unknown"

struct Neighbour {
  Rat rat = Rat::Lte;
  NeighbourScope scope = NeighbourScope::Unknown;
  std::optional<std::uint32_t> arfcn;
  std::optional<int> pci;
  std::optional<Dbm> rsrp;
  std::optional<Db> rsrq;
  std::optional<Dbm> rssi;
  std::optional<Db> sinr;
  std::optional<int> srxlev;
};

// NMEA GGA fix quality.
enum class FixQuality : std::uint8_t { None = 0, Gps = 1, Dgps = 2, Pps = 3, RtkFixed = 4, RtkFloat = 5,
                                       Estimated = 6, Manual = 7, Simulation = 8 };

// A GNSS position at a UTC instant.
struct Fix {
  UtcTime utc;
  GeoPoint pos;
  FixQuality quality = FixQuality::Gps;
  std::optional<Metres> alt;  // above mean sea level
  std::optional<double> hdop;
  std::optional<int> sats;
  std::optional<double> speed_mps;
  std::optional<double> course_deg;
};

// One measurement of one modem. A sample without a usable fix is still recorded: fix is empty,
// or fix_age_ms says how stale it is.
struct Sample {
  UtcTime utc;
  MonoTime mono;
  std::string modem;  // modem id from the probe configuration, e.g. "cmcc"
  std::optional<Fix> fix;
  std::int64_t fix_age_ms = -1;  // monotonic age of the fix when the sample was taken; -1 without fix
  ServingCell serving;
  std::vector<Neighbour> neighbours;
};

// GeofenceEnter / GeofenceExit: the probe entered or left a stop of its survey campaign (core/campaign.hpp);
// source "campaign", detail "<order> <kind> <id>".
enum class EventKind : std::uint8_t {
  SessionStart, SessionEnd, ModemLost, ModemBack, FixLost, FixBack, RatChange, CellChange, ParseError, Note,
  GeofenceEnter, GeofenceExit
};
std::string_view to_string(EventKind k);  // "session_start", "modem_lost", ...
std::optional<EventKind> parse_event_kind(std::string_view s);

struct Event {
  UtcTime utc;
  MonoTime mono;
  EventKind kind = EventKind::Note;
  std::string source;  // modem id, "gnss", "probe", "inspector" or "campaign"
  std::string detail;  // human-readable; for ParseError the reason and the raw line
};

// A line exactly as it crossed a device port, kept verbatim so parsing can be redone.
enum class Direction : std::uint8_t { Sent, Received };

struct RawLine {
  UtcTime utc;
  MonoTime mono;
  std::string source;  // modem id or "gnss"
  Direction dir = Direction::Received;
  std::string text;
};

}  // namespace shikan
