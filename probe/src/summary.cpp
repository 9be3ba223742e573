// summarize(): per-modem statistics of one session (see summary.hpp).
#include "shikan/probe/summary.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "shikan/probe/modem_session.hpp"

namespace shikan::probe {
namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

// Pairs lost/back events of one source into gaps; an unpaired loss runs to `end`.
std::vector<Gap> gaps_of(const std::vector<Event>& events, const std::string& source, EventKind lost, EventKind back,
                         MonoTime end) {
  std::vector<Gap> out;
  std::optional<Event> open;
  for (const auto& e : events) {
    if (e.source != source) continue;
    if (e.kind == lost && !open) {
      open = e;
    } else if (e.kind == back && open) {
      out.push_back(Gap{source, open->utc, e.utc, (e.mono.ns - open->mono.ns) / kNsPerMs, open->detail});
      open.reset();
    }
  }
  if (open)
    out.push_back(Gap{source, open->utc, std::nullopt, std::max<std::int64_t>(0, (end.ns - open->mono.ns) / kNsPerMs),
                      open->detail});
  return out;
}

void rat_shares(ModemSummary& m, const std::vector<const Sample*>& ss) {
  if (ss.empty()) return;
  std::vector<std::int64_t> dt;
  for (std::size_t i = 1; i < ss.size(); ++i) dt.push_back(ss[i]->mono.ns - ss[i - 1]->mono.ns);
  std::int64_t median = 1000 * kNsPerMs;  // a lone sample counts as one default interval
  if (!dt.empty()) {
    std::vector<std::int64_t> sorted = dt;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
    median = std::max<std::int64_t>(1, sorted[sorted.size() / 2]);
  }
  std::map<std::string, double> weight;
  double total = 0;
  for (std::size_t i = 0; i < ss.size(); ++i) {
    const std::int64_t w = i < dt.size() ? std::clamp<std::int64_t>(dt[i], 0, 2 * median) : median;
    weight[std::string(to_string(ss[i]->serving.rat))] += static_cast<double>(w);
    total += static_cast<double>(w);
  }
  for (auto& [rat, w] : weight) m.rat_share[rat] = total > 0 ? w / total : 0;
  m.nr_share = (m.rat_share.count("NR-SA") ? m.rat_share["NR-SA"] : 0) +
               (m.rat_share.count("NR-NSA") ? m.rat_share["NR-NSA"] : 0);
}

}  // namespace

SessionSummary summarize(const SessionRow& session, const std::vector<DeviceInfo>& devices,
                         const std::vector<Sample>& samples, const std::vector<Event>& events, std::uint64_t raw_lines,
                         const SummaryOptions& opt) {
  SessionSummary s;
  s.id = session.id;
  s.probe_id = session.info.probe_id;
  s.software_version = session.info.software_version;
  s.started = session.info.started;
  s.ended = session.ended;
  s.devices = devices;
  s.samples = samples.size();
  s.events = events.size();
  s.raw_lines = raw_lines;

  // The log's last instant, for open gaps and the duration of an unclosed session.
  UtcTime last_utc = session.info.started;
  MonoTime last_mono{};
  for (const auto& x : samples) last_utc = std::max(last_utc, x.utc), last_mono = std::max(last_mono, x.mono);
  for (const auto& e : events) last_utc = std::max(last_utc, e.utc), last_mono = std::max(last_mono, e.mono);
  s.duration_ms = (s.ended ? *s.ended : last_utc).ms - s.started.ms;

  // Modems: those with samples or events, in order of first appearance.
  std::vector<std::string> ids;
  auto note_id = [&](const std::string& id) {
    if (id != "probe" && id != "gnss" && id != "campaign" && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const auto& d : devices) note_id(d.modem_id);
  for (const auto& x : samples) note_id(x.modem);
  for (const auto& e : events) note_id(e.source);

  for (const auto& id : ids) {
    ModemSummary m;
    m.modem = id;
    std::vector<const Sample*> mine;
    std::map<std::string, std::uint64_t> plmns;
    std::set<std::string> cells;
    for (const auto& x : samples) {
      if (x.modem != id) continue;
      mine.push_back(&x);
      if (x.serving.plmn) ++plmns[x.serving.plmn->str()];
      if (auto k = cell_key(x.serving); !k.empty()) cells.insert(k);
      if (x.fix && x.fix_age_ms >= 0 && x.fix_age_ms <= opt.fix_max_age_ms) ++m.with_fix;
      m.first = m.first ? std::min(*m.first, x.utc) : x.utc;
      m.last = m.last ? std::max(*m.last, x.utc) : x.utc;
    }
    m.samples = mine.size();
    m.distinct_cells = cells.size();
    m.fix_share = m.samples ? static_cast<double>(m.with_fix) / static_cast<double>(m.samples) : 0;
    if (!plmns.empty()) {
      auto best = std::max_element(plmns.begin(), plmns.end(), [](auto& a, auto& b) { return a.second < b.second; });
      m.plmn = Plmn::parse(best->first);
    }
    rat_shares(m, mine);
    for (const auto& e : events) {
      if (e.source != id) continue;
      m.parse_errors += e.kind == EventKind::ParseError;
      m.rat_changes += e.kind == EventKind::RatChange;
      m.cell_changes += e.kind == EventKind::CellChange;
    }
    m.gaps = gaps_of(events, id, EventKind::ModemLost, EventKind::ModemBack, last_mono);
    for (const auto& g : m.gaps) m.gap_ms += g.duration_ms;
    s.modems.push_back(std::move(m));
  }
  for (const auto& e : events) {
    if (e.source != "gnss") continue;
    s.gnss_parse_errors += e.kind == EventKind::ParseError;
    s.fix_lost += e.kind == EventKind::FixLost;
  }
  s.gnss_gaps = gaps_of(events, "gnss", EventKind::FixLost, EventKind::FixBack, last_mono);
  std::set<std::string> entered;
  for (const auto& e : events) {
    if (e.source != "campaign") continue;
    if (e.kind == EventKind::Note) s.campaign_notes.push_back(e.detail);
    if (e.kind == EventKind::GeofenceEnter) entered.insert(e.detail);
  }
  s.stops_entered = entered.size();
  return s;
}

SessionSummary summarize(const LogStore& store, SessionId session, const SummaryOptions& opt) {
  for (const auto& row : store.sessions()) {
    if (row.id != session) continue;
    return summarize(row, store.devices(session), store.samples(session), store.events(session),
                     static_cast<std::uint64_t>(store.counts(session).raw_lines), opt);
  }
  throw std::out_of_range(store.path().string() + ": no session " + std::to_string(session));
}

}  // namespace shikan::probe
