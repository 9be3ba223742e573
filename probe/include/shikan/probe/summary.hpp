// `shikan-probe summary`: what a probe log holds, per modem: samples, operator, RAT time shares, distinct
// cells, fix share, outages (ModemLost .. ModemBack), parse errors, and the session's times.
// summarize() is pure over the store's rows; rendering to text (zh/en) and JSON is separate.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/core/store.hpp"
#include "shikan/probe/status.hpp"

namespace shikan::probe {

struct Gap {
  std::string source;
  UtcTime start;
  std::optional<UtcTime> end;    // empty: still lost when the log ends
  std::int64_t duration_ms = 0;  // monotonic; to the log's last record when open
  std::string reason;
};

struct ModemSummary {
  std::string modem;
  std::optional<Plmn> plmn;  // the most frequent PLMN of its samples
  std::uint64_t samples = 0;
  // Time share per RAT name ("NR-SA", "LTE", ...), 0..1. Each sample counts for the time to the next
  // one of the same modem, capped at twice the median interval so outages do not count as any RAT.
  std::map<std::string, double> rat_share;
  double nr_share = 0;  // NR-SA + NR-NSA: the "5G residency" of FIELD_GUIDE §1
  std::size_t distinct_cells = 0;
  std::uint64_t with_fix = 0;  // samples with a fix not older than fix_max_age_ms
  double fix_share = 0;
  std::uint64_t parse_errors = 0, rat_changes = 0, cell_changes = 0;
  std::vector<Gap> gaps;
  std::int64_t gap_ms = 0;
  std::optional<UtcTime> first, last;
};

struct SessionSummary {
  SessionId id = 0;
  std::string probe_id, software_version;
  UtcTime started;
  std::optional<UtcTime> ended;  // empty: the probe never closed the session (crash, power loss)
  std::int64_t duration_ms = 0;  // to `ended`, or to the last record
  std::vector<DeviceInfo> devices;
  std::vector<ModemSummary> modems;
  std::uint64_t samples = 0, events = 0, raw_lines = 0;
  std::uint64_t gnss_parse_errors = 0, fix_lost = 0;
  std::vector<Gap> gnss_gaps;  // FixLost .. FixBack
  // A session that followed a campaign (--campaign): the probe's notes on it (which plan; what was visited)
  // and the distinct stops whose geofence was entered.
  std::vector<std::string> campaign_notes;
  std::uint64_t stops_entered = 0;
};

struct SummaryOptions {
  std::int64_t fix_max_age_ms = 3000;
};

// Pure: from the rows of one session.
SessionSummary summarize(const SessionRow& session, const std::vector<DeviceInfo>& devices,
                         const std::vector<Sample>& samples, const std::vector<Event>& events, std::uint64_t raw_lines,
                         const SummaryOptions& opt = {});
// Reads the session from the store. Throws StoreError; std::out_of_range if there is no such session.
SessionSummary summarize(const LogStore& store, SessionId session, const SummaryOptions& opt = {});

std::string render_summary(const SessionSummary& s, Lang lang);
std::string summary_json(const SessionSummary& s);  // one JSON object, units in the field names

}  // namespace shikan::probe
