// Driver base: the step queue of one phase, error notes, identity.
#include "shikan/probe/driver.hpp"

namespace shikan::probe {

std::vector<std::string_view> views(const std::vector<std::string>& lines) { return {lines.begin(), lines.end()}; }

void Driver::begin_init() {
  steps_.clear();
  current_.reset();
  in_init_ = true;
  identity_ = {};
  cycle_ = {};
  plan_init();
}

void Driver::begin_cycle(std::uint64_t n) {
  steps_.clear();
  current_.reset();
  in_init_ = false;
  cycle_ = {};
  plan_cycle(n);
}

void Driver::push(AtCommand cmd, Handler on_ok, Handler on_fail) {
  steps_.push_back({std::move(cmd), std::move(on_ok), std::move(on_fail)});
}

std::optional<AtCommand> Driver::next() {
  if (steps_.empty()) {
    current_.reset();
    return std::nullopt;
  }
  current_ = std::move(steps_.front());
  steps_.pop_front();
  if (!in_init_) ++cycle_.commands;
  return current_->cmd;
}

void Driver::absorb(const AtResult& r) {
  if (!current_) return;
  Step step = std::move(*current_);
  current_.reset();
  if (r.ok()) {
    if (step.on_ok) step.on_ok(r);
    return;
  }
  if (!in_init_) ++cycle_.failed;
  if (r.status == AtStatus::Disconnected) return;  // the session reports the lost port
  std::string detail = r.command + ": " + std::string(to_string(r.status));
  if (r.error_code) detail.append(" ").append(std::to_string(*r.error_code));
  if (!r.detail.empty()) detail.append(" (").append(r.detail).append(")");
  note(std::move(detail));
  if (step.on_fail) step.on_fail(r);
}

void Driver::note(std::string detail) {
  DriverNote n{EventKind::Note, std::move(detail)};
  (in_init_ ? init_notes_ : cycle_.notes).push_back(std::move(n));
}

void Driver::parse_error(const std::string& command, const std::string& reason, std::string_view raw) {
  DriverNote n{EventKind::ParseError, command + ": " + reason + " | " + std::string(raw)};
  (in_init_ ? init_notes_ : cycle_.notes).push_back(std::move(n));
}

CycleOutcome Driver::take_cycle() {
  CycleOutcome out = std::move(cycle_);
  cycle_ = {};
  return out;
}

std::vector<DriverNote> Driver::take_notes() {
  std::vector<DriverNote> out;
  out.swap(init_notes_);
  return out;
}

void Driver::push_identity() {
  auto merge = [this](const ModemIdentity& id) {
    for (auto [dst, src] : {std::pair{&identity_.manufacturer, &id.manufacturer},
                            {&identity_.model, &id.model},
                            {&identity_.revision, &id.revision},
                            {&identity_.imei, &id.imei},
                            {&identity_.imsi, &id.imsi},
                            {&identity_.iccid, &id.iccid},
                            {&identity_.text, &id.text}}) {
      if (dst->empty()) *dst = *src;
    }
  };
  push(query("ATI"), [merge](const AtResult& r) { merge(parse_identity(views(r.lines), IdentityCommand::Ati)); });
  push(query("AT+CGSN"), [merge](const AtResult& r) { merge(parse_identity(views(r.lines), IdentityCommand::Cgsn)); });
}

}  // namespace shikan::probe
