// NMEA stream state: the date learnt from RMC, and the assembly of one epoch's GGA + RMC into a Fix.
#include <utility>

#include "shikan/probe/nmea.hpp"

namespace shikan::probe::nmea {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kHalfDayMs = kDayMs / 2;

std::int64_t day_start_ms(const Date& d) { return days_from_civil(d.year, d.month, d.day) * kDayMs; }

const std::optional<TimeOfDay>& time_of(const Sentence& s) {
  static const std::optional<TimeOfDay> none;
  if (const auto* g = std::get_if<Gga>(&s)) return g->time;
  if (const auto* r = std::get_if<Rmc>(&s)) return r->time;
  return none;
}

bool says_no_fix(const Gga& g) { return !g.quality || *g.quality == 0; }

}  // namespace

Parsed<Sentence> Decoder::feed(std::string_view line) {
  outcomes_.clear();
  auto p = parse(line);
  if (p) note(p.value());
  return p;
}

void Decoder::flush() {
  outcomes_.clear();
  finish_epoch();
}

void Decoder::note(const Sentence& s) {
  const auto* gga = std::get_if<Gga>(&s);
  const auto* rmc = std::get_if<Rmc>(&s);
  if (!gga && !rmc) return;
  if (rmc && rmc->date && rmc->time) {
    date_ = rmc->date;
    date_time_ = *rmc->time;
  }
  const auto& t = time_of(s);
  if (!t) {
    // No time, so no epoch to attach to; a receiver saying "no fix" is still news.
    if ((gga && says_no_fix(*gga)) || (rmc && !rmc->valid)) outcomes_.emplace_back(NoFix{});
    return;
  }
  if (epoch_ && epoch_->time != *t) {
    finish_epoch();
    epoch_.reset();
  }
  if (!epoch_) epoch_ = Epoch{*t, {}, {}, false};
  if (epoch_->reported) return;  // a second GGA/RMC (other talker) of an epoch already reported
  // First GGA/RMC of the epoch wins, except that a combined-solution (GN) sentence replaces a
  // single-constellation one: it is the receiver's best answer.
  if (gga && (!epoch_->gga || (gga->talker == "GN" && epoch_->gga->talker != "GN"))) epoch_->gga = *gga;
  if (rmc && (!epoch_->rmc || (rmc->talker == "GN" && epoch_->rmc->talker != "GN"))) epoch_->rmc = *rmc;
  if (epoch_->gga && epoch_->rmc) finish_epoch();
}

void Decoder::finish_epoch() {
  if (!epoch_ || epoch_->reported) return;
  epoch_->reported = true;
  const auto utc = utc_at(epoch_->time);
  if (const auto& g = epoch_->gga) {
    if (says_no_fix(*g)) {
      outcomes_.emplace_back(NoFix{utc});
      return;
    }
    if (!g->pos || !utc) return;  // a fix we cannot place in space or time: neither fix nor "no fix"
    const auto& r = epoch_->rmc;
    outcomes_.emplace_back(Fix{.utc = *utc,
                               .pos = *g->pos,
                               .quality = fix_quality(*g->quality),
                               .alt = g->alt,
                               .hdop = g->hdop,
                               .sats = g->sats,
                               .speed_mps = r ? r->speed_mps : std::nullopt,
                               .course_deg = r ? r->course_deg : std::nullopt});
    return;
  }
  // RMC alone carries no fix quality, altitude or HDOP: it reports only the loss of a fix.
  if (epoch_->rmc && !epoch_->rmc->valid) outcomes_.emplace_back(NoFix{utc});
}

std::optional<UtcTime> Decoder::utc_at(TimeOfDay t) const {
  if (!date_) return std::nullopt;
  std::int64_t day = day_start_ms(*date_);
  const std::int64_t diff = std::int64_t{t.ms} - date_time_.ms;
  // The date came with date_time_; a time of day far before it has wrapped past midnight (next day),
  // one far after it belongs to the day before (a late GGA after the new day's RMC).
  if (diff < -kHalfDayMs)
    day += kDayMs;
  else if (diff > kHalfDayMs)
    day -= kDayMs;
  return UtcTime{day + t.ms};
}

std::optional<UtcTime> Decoder::utc_of(const Sentence& s) const {
  if (const auto* r = std::get_if<Rmc>(&s); r && r->date && r->time)
    return UtcTime{day_start_ms(*r->date) + r->time->ms};
  const auto& t = time_of(s);
  if (!t) return std::nullopt;
  return utc_at(*t);
}

}  // namespace shikan::probe::nmea
