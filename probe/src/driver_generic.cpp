// Generic 3GPP driver (TS 27.007), for modems without vendor engineering commands:
//   init:  ATE0, ATI, AT+CGSN, AT+COPS=3,2 (numeric operator), AT+CEREG=2, AT+C5GREG=2
//   cycle: AT+COPS? (PLMN, AcT -> RAT), AT+CEREG? (TAC, ECI), AT+C5GREG? (TAC, NCI; dropped after an
//          error answer, LTE-only modems lack it), AT+CESQ (RSRP/RSRQ, NR SS-RSRP/RSRQ/SINR).
// What these give is less than QENG: no PCI, ARFCN or band.
#include <memory>

#include "shikan/probe/driver.hpp"

namespace shikan::probe {
namespace {

class GenericDriver final : public Driver {
 public:
  explicit GenericDriver(const ModemConfig& cfg) : Driver(cfg) {}
  std::string_view name() const override { return "generic"; }

 private:
  void plan_init() override {
    push(set("ATE0"), nullptr);
    push_identity();
    push(set("AT+COPS=3,2"), nullptr);  // TS 27.007 §7.3: <format> 2 = numeric PLMN
    push(set("AT+CEREG=2"), nullptr);
    if (c5greg_supported_) push(set("AT+C5GREG=2"), nullptr);
  }

  void plan_cycle(std::uint64_t) override {
    push(query("AT+COPS?"), [this](const AtResult& r) { on_cops(r); });
    push(query("AT+CEREG?"), [this](const AtResult& r) { on_reg(r); });
    if (c5greg_supported_) {
      push(
          query("AT+C5GREG?"), [this](const AtResult& r) { on_reg(r); },
          [this](const AtResult& r) {
            if (r.status == AtStatus::Timeout) return;
            c5greg_supported_ = false;
            note("AT+C5GREG? not supported by this modem; not asked again");
          });
    }
    push(query("AT+CESQ"), [this](const AtResult& r) { on_cesq(r); });
  }

  void on_cops(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto c = parse_cops(line);
      if (!c) {
        parse_error(r.command, c.error().reason, line);
        continue;
      }
      cycle_.serving_ok = true;  // +COPS? is the generic driver's serving-cell query
      if (c->plmn) cycle_.serving.plmn = c->plmn;
      if (c->act) cycle_.serving.rat = c->rat;
    }
  }

  void on_reg(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto g = parse_registration(line);
      if (!g) {
        parse_error(r.command, g.error().reason, line);
        continue;
      }
      const bool registered = g->stat == 1 || g->stat == 5;
      if (!registered || !g->cell_id) continue;
      ServingCell& s = cycle_.serving;
      const Rat act_rat = g->act ? rat_from_act(*g->act) : Rat::None;
      if (s.rat == Rat::None) s.rat = act_rat != Rat::None ? act_rat : (g->command == "C5GREG" ? Rat::NrSa : Rat::Lte);
      // +C5GREG carries the NCI (36 bits) in SA; +CEREG the ECI (28 bits), also the anchor in EN-DC.
      if (g->command == "C5GREG" && s.rat == Rat::NrSa && *g->cell_id <= Nci::kMax) {
        s.nci = Nci(*g->cell_id);
        s.tac = g->tac;
      } else if (g->command == "CEREG" && s.rat != Rat::NrSa && *g->cell_id <= Eci::kMax) {
        s.eci = Eci(static_cast<std::uint32_t>(*g->cell_id));
        s.tac = g->tac;
      }
    }
  }

  void on_cesq(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto q = parse_cesq(line);
      if (!q) {
        parse_error(r.command, q.error().reason, line);
        continue;
      }
      ServingCell& s = cycle_.serving;
      if (s.rat == Rat::NrSa) {
        s.rsrp = q->ss_rsrp;
        s.rsrq = q->ss_rsrq;
        s.sinr = q->ss_sinr;
        continue;
      }
      s.rsrp = q->rsrp;
      s.rsrq = q->rsrq;
      if (s.rat == Rat::NrNsa && (q->ss_rsrp || q->ss_sinr)) {
        NrLeg leg;
        leg.rsrp = q->ss_rsrp;
        leg.rsrq = q->ss_rsrq;
        leg.sinr = q->ss_sinr;
        s.nr = leg;
      }
    }
  }

  bool c5greg_supported_ = true;
};

}  // namespace

std::unique_ptr<Driver> make_quectel_driver(const ModemConfig& cfg);

std::unique_ptr<Driver> make_driver(const ModemConfig& cfg) {
  if (cfg.driver == DriverKind::Quectel) return make_quectel_driver(cfg);
  return std::make_unique<GenericDriver>(cfg);
}

}  // namespace shikan::probe
