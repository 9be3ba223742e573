// The probe configuration (probe.toml). Every key, its default and its range: docs/probe.md.
// Relative paths (database, ports) are taken relative to the working directory, as the simulator
// writes them.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/cell_id.hpp"
#include "shikan/core/units.hpp"
#include "shikan/probe/at_parse.hpp"

namespace shikan::probe {

// A bad configuration: the message is "<file>:<line>: <key>: <reason>". The CLI exits with code 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class GnssSourceKind : std::uint8_t { None, Nmea, Gpsd, Fixed };
std::string_view to_string(GnssSourceKind k);  // "none", "nmea", "gpsd", "fixed"

struct GnssConfig {
  GnssSourceKind source = GnssSourceKind::None;
  std::string port;                              // nmea: serial device
  unsigned baud = 9600;                          // nmea
  std::string host = "127.0.0.1";                // gpsd
  unsigned gpsd_port = 2947;                     // gpsd TCP port
  std::optional<GeoPoint> fixed;                 // fixed: lat, lon (WGS-84 degrees)
  std::optional<Metres> alt;                     // fixed: alt (m above MSL)
  std::chrono::milliseconds fixed_period{1000};  // fixed: how often the fix is repeated
};

enum class DriverKind : std::uint8_t { Quectel, Generic };
std::string_view to_string(DriverKind k);  // "quectel", "generic"

struct ModemConfig {
  std::string id;    // [A-Za-z0-9_-]+, unique
  std::string port;  // serial device
  unsigned baud = 115200;
  DriverKind driver = DriverKind::Quectel;
  LteSinrEncoding lte_sinr = LteSinrEncoding::TwiceMinus20;
  std::chrono::milliseconds command_timeout{3000};  // per AT command
  bool neighbours = true;                           // quectel: ask AT+QENG="neighbourcell"
  unsigned neighbour_every = 1;                     // ... every Nth cycle
  unsigned info_every = 10;                         // quectel: AT+QNWINFO and AT+QCAINFO every Nth cycle
  bool nr5g_cell_id = true;                         // quectel: AT+QNWCFG="nr5g_cell_id" in SA until it answers ERROR
};

struct ProbeConfig {
  std::string probe_id;
  std::filesystem::path database;
  std::chrono::milliseconds sample_interval{1000};  // 100..3600000
  std::chrono::milliseconds flush_interval{1000};   // store commit period, 100..60000
  std::size_t flush_rows = 500;                     // commit early when this many rows are queued
  std::chrono::milliseconds fix_max_age{3000};      // older fixes flag the sample (FixLost)
  std::optional<std::int64_t> max_db_bytes;         // max_db_kib: cap on the log file (small SD cards)
  std::size_t max_pending_rows = 200'000;           // while flushes fail, raw lines beyond this are dropped
  std::chrono::seconds log_every{10};               // non-TTY status line period
  GnbIdLengths gnb_id_lengths;                      // [gnb_id_length] "46000" = 24, default = 24
  std::optional<std::filesystem::path> campaign;    // campaign.json to follow (`run --campaign` overrides)
  GnssConfig gnss;
  std::vector<ModemConfig> modems;
};

struct LoadedConfig {
  ProbeConfig config;
  std::vector<std::string> warnings;  // "<file>:<line>: unknown key 'x' (ignored)", ...
  std::string text;                   // the file as read (stored with the session)
};

// Pure: parses TOML text; source names the file in messages. Throws ConfigError.
LoadedConfig parse_config(std::string_view text, const std::string& source);
// Reads and parses a file. Throws ConfigError (also when the file cannot be read).
LoadedConfig load_config(const std::filesystem::path& path);

}  // namespace shikan::probe
