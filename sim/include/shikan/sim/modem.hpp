// Quectel 5G modem emulation, pure: bytes from the host in, the modem's bytes out (echo, answers,
// URCs), computed from the world's state for the modem's operator. No I/O, no clock: the pty adapter
// adds latency and timing. Formats: FIELD_GUIDE §4 and the captures in shared/data/quectel-at-captures
// (response framing "\r\n<lines>\r\n\r\nOK\r\n", echo of the command bytes including its CR).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/sim/city.hpp"
#include "shikan/sim/world.hpp"

namespace shikan::sim {

struct ModemSetup {
  OperatorConfig op;             // PLMN, names, model, revision
  Firmware firmware = Firmware::Qualcomm;
  bool echo = true;              // power-on echo state (real modules: on)
  std::string imei = "869955065336336";
};

// What the world says right now, for the modem's operator.
struct ModemWorld {
  const OperatorSnapshot* snap = nullptr;  // null: no service
  bool qeng_error = false;                 // fault "error": AT+QENG answers ERROR
};

// LTE SINR in AT+QENG: raw = (dB + 20) / 2, rounded and clamped to 0..25 (FIELD_GUIDE §4: real captures
// read as 2 * raw - 20 dB; probe.toml lte_sinr = "twice_minus_20").
int lte_sinr_raw(Db sinr);
// A 15-digit IMEI with a valid Luhn check digit, TAC prefix 86 (seeded).
std::string make_imei(std::uint64_t seed);

class ModemCore {
 public:
  explicit ModemCore(ModemSetup setup);
  // Consumes host bytes; returns echo and complete answers for every command ended by CR.
  std::string feed(std::string_view in, const ModemWorld& world);
  // Unsolicited result codes for a registration change between two states (AT+CEREG=1/2, AT+C5GREG=1/2).
  std::string registration_urcs(const OperatorSnapshot* before, const OperatorSnapshot* after) const;
  // What a module prints after power-up (RDY, +CFUN: 1, +CPIN: READY, +QUSIM: 1, +QIND: SMS DONE).
  static std::string boot_urcs();
  // The signal-quality URC of a module configured with AT+QINDCFG="csq",1: +QIND: "csq",<rssi>,<ber>.
  static std::string csq_urc(const OperatorSnapshot* s);
  // TS 27.007 §8.5 +CSQ rssi index: 0 = -113 dBm or less, 31 = -51 dBm or more, 99 = not known.
  static int csq_index(const OperatorSnapshot* s);
  // Power cycle: settings back to defaults, input buffer cleared.
  void reset();
  bool echo() const { return echo_; }
  const ModemSetup& setup() const { return setup_; }

 private:
  struct Answer {
    bool ok = true;
    std::string error;               // full error line when !ok ("ERROR" or "+CME ERROR: 4")
    std::vector<std::string> lines;  // information lines
  };
  std::string execute(std::string_view line, const ModemWorld& world);
  Answer run(std::string_view cmd, const ModemWorld& world);   // one command without "AT"
  Answer basic(std::string_view cmd);                          // ATE0, ATI, ...
  Answer unknown() const;
  std::vector<std::string> qeng_serving(const OperatorSnapshot* s) const;
  std::vector<std::string> qeng_neighbours(const OperatorSnapshot* s) const;
  std::vector<std::string> qnwinfo(const OperatorSnapshot* s) const;
  std::vector<std::string> qcainfo(const OperatorSnapshot* s) const;
  std::string cops(const OperatorSnapshot* s) const;
  std::string cereg(const OperatorSnapshot* s, bool urc) const;
  std::string c5greg(const OperatorSnapshot* s, bool urc) const;
  std::string cesq(const OperatorSnapshot* s) const;

  ModemSetup setup_;
  std::string buf_;
  bool echo_ = true;
  int cops_format_ = 0, cereg_n_ = 0, c5greg_n_ = 0;
};

}  // namespace shikan::sim
