// Quectel driver (RG50xQ/RM5xxQ/RM500U AT manuals, FIELD_GUIDE §4):
//   init:  ATE0, ATI, AT+CGSN, AT+CEREG=2, AT+C5GREG=2 (errors noted, never fatal)
//   cycle: AT+QENG="servingcell"; in SA AT+QNWCFG="nr5g_cell_id" until it answers an error once;
//          AT+QENG="neighbourcell" every neighbour_every cycles; AT+QNWINFO, AT+QCAINFO every info_every.
// QNWINFO and the QCAINFO primary carrier only fill what the serving-cell answer left empty.
#include <memory>

#include "shikan/probe/driver.hpp"

namespace shikan::probe {
namespace {

class QuectelDriver final : public Driver {
 public:
  explicit QuectelDriver(const ModemConfig& cfg) : Driver(cfg) { opt_.lte_sinr = cfg.lte_sinr; }
  std::string_view name() const override { return "quectel"; }

 private:
  void plan_init() override {
    push(set("ATE0"), nullptr);  // echo off; with echo on the engine drops the echo anyway
    push_identity();
    push(set("AT+CEREG=2"), nullptr);   // TS 27.007 §10.1.22: URCs with TAC and cell id
    push(set("AT+C5GREG=2"), nullptr);  // TS 27.007 §10.1.75
  }

  void plan_cycle(std::uint64_t n) override {
    push(query("AT+QENG=\"servingcell\""), [this](const AtResult& r) { on_serving(r); });
    if (cfg_.neighbours && n % cfg_.neighbour_every == 0)
      push(query("AT+QENG=\"neighbourcell\""), [this](const AtResult& r) { on_neighbours(r); });
    if (n % cfg_.info_every == 0) {
      push(query("AT+QNWINFO"), [this](const AtResult& r) { on_nwinfo(r); });
      push(query("AT+QCAINFO"), [this](const AtResult& r) { on_cainfo(r); });
    }
  }

  static std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s.append(s.empty() ? "" : " / ").append(l);
    return s;
  }

  void on_serving(const AtResult& r) {
    auto parsed = parse_qeng_servingcell_report(views(r.lines), opt_);
    if (!parsed) {
      parse_error(r.command, parsed.error().reason, joined(r.lines));
      return;
    }
    cycle_.serving = parsed->cell;
    cycle_.serving_ok = true;
    if (cycle_.serving.rat == Rat::NrSa && cell_id_supported_ && cfg_.nr5g_cell_id) {
      push(
          query("AT+QNWCFG=\"nr5g_cell_id\""), [this](const AtResult& a) { on_cell_id(a); },
          [this](const AtResult& a) {
            // An error answer (not a timeout) means the firmware lacks the command: stop asking.
            if (a.status == AtStatus::Timeout || !cell_id_supported_) return;
            cell_id_supported_ = false;
            note("AT+QNWCFG=\"nr5g_cell_id\" not supported by this firmware; not asked again");
          });
    }
  }

  void on_cell_id(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto id = parse_qnwcfg_cell_id(line);
      if (!id) {
        parse_error(r.command, id.error().reason, line);
        continue;
      }
      if (id->rat != Rat::NrSa || id->cell_id > Nci::kMax) continue;
      if (!cycle_.serving.nci) {
        cycle_.serving.nci = Nci(id->cell_id);
      } else if (cycle_.serving.nci->value() != id->cell_id) {
        note("AT+QNWCFG=\"nr5g_cell_id\" NCI " + std::to_string(id->cell_id) + " differs from QENG NCI " +
             std::to_string(cycle_.serving.nci->value()));
      }
    }
  }

  void on_neighbours(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto nb = parse_neighbour_line(line, opt_);
      if (nb) {
        cycle_.neighbours.push_back(nb->cell);
      } else {
        parse_error(r.command, nb.error().reason, line);
      }
    }
  }

  void on_nwinfo(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto info = parse_qnwinfo(line);
      if (!info) {
        parse_error(r.command, info.error().reason, line);
        continue;
      }
      ServingCell& s = cycle_.serving;
      if (!s.plmn && info->plmn) s.plmn = info->plmn;
      if (!s.arfcn && info->arfcn && s.rat != Rat::NrNsa) s.arfcn = info->arfcn;
      if (!s.band && info->band_number && s.rat != Rat::NrNsa) s.band = info->band_number;
    }
  }

  void on_cainfo(const AtResult& r) {
    for (const auto& line : r.lines) {
      auto cc = parse_qcainfo(line);
      if (!cc) {
        parse_error(r.command, cc.error().reason, line);
        continue;
      }
      ServingCell& s = cycle_.serving;
      if (cc->role != "PCC" || s.rat == Rat::None) continue;
      if (!s.pci) s.pci = cc->pci;
      if (!s.rsrp) s.rsrp = cc->rsrp;
      if (!s.rsrq) s.rsrq = cc->rsrq;
      if (!s.arfcn) s.arfcn = cc->arfcn;
    }
  }

 private:
  QuectelOptions opt_;
  bool cell_id_supported_ = true;
};

}  // namespace

std::unique_ptr<Driver> make_quectel_driver(const ModemConfig& cfg);
std::unique_ptr<Driver> make_quectel_driver(const ModemConfig& cfg) { return std::make_unique<QuectelDriver>(cfg); }

}  // namespace shikan::probe
