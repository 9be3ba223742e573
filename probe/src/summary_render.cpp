// Summary output: a text report for people (zh/en) and JSON with units in the field names.
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shikan/core/plmn.hpp"
#include "shikan/probe/summary.hpp"

namespace shikan::probe {
namespace {

std::string pct(double share) {
  std::array<char, 16> b{};
  std::snprintf(b.data(), b.size(), "%.1f%%", share * 100.0);
  return b.data();
}

std::string secs(std::int64_t ms) {
  std::array<char, 32> b{};
  std::snprintf(b.data(), b.size(), "%.1f s", static_cast<double>(ms) / 1000.0);
  return b.data();
}

std::string operator_text(const std::optional<Plmn>& plmn, Lang lang) {
  if (!plmn) return "-";
  const OperatorName n = operator_name(operator_of(*plmn));
  return std::string(lang == Lang::Zh ? n.zh : n.en) + " (" + plmn->str() + ")";
}

struct Words {
  std::string_view session, probe, started, ended, not_closed, duration, samples, modem, op, rats, nr_share, cells,
      fix_share, gaps, parse_errors, changes, gnss, fix_lost, raw, open, events;
};
constexpr Words kZh{"会话",
                    "探针",
                    "开始",
                    "结束",
                    "未正常结束（崩溃或断电）",
                    "时长",
                    "样本",
                    "模块",
                    "运营商",
                    "制式时长占比",
                    "5G驻留比(NR时长占比)",
                    "不同小区",
                    "有定位样本占比",
                    "中断",
                    "解析错误",
                    "制式/小区切换",
                    "定位",
                    "失去定位次数",
                    "原始行",
                    "至日志结束仍中断",
                    "事件"};
constexpr Words kEn{"session",
                    "probe",
                    "started",
                    "ended",
                    "not closed (crash or power loss)",
                    "duration",
                    "samples",
                    "modem",
                    "operator",
                    "RAT time shares",
                    "NR time share",
                    "distinct cells",
                    "samples with fix",
                    "gaps",
                    "parse errors",
                    "RAT/cell changes",
                    "GNSS",
                    "fix lost",
                    "raw lines",
                    "still lost at end of log",
                    "events"};

}  // namespace

std::string render_summary(const SessionSummary& s, Lang lang) {
  const Words& w = lang == Lang::Zh ? kZh : kEn;
  std::ostringstream o;
  o << w.session << ' ' << s.id << "  " << w.probe << ' ' << s.probe_id << " (" << s.software_version << ")\n";
  o << "  " << w.started << ' ' << to_iso8601(s.started) << "  " << w.ended << ' '
    << (s.ended ? to_iso8601(*s.ended) : std::string(w.not_closed)) << "  " << w.duration << ' ' << secs(s.duration_ms)
    << '\n';
  o << "  " << w.samples << ' ' << s.samples << "  " << w.events << ' ' << s.events << "  " << w.raw << ' ' << s.raw_lines << '\n';
  for (const auto& m : s.modems) {
    o << w.modem << ' ' << m.modem << "  " << w.op << ' ' << operator_text(m.plmn, lang) << "  " << w.samples << ' '
      << m.samples << '\n';
    for (const auto& d : s.devices) {
      if (d.modem_id == m.modem && !(d.model.empty() && d.firmware.empty()))
        o << "  " << d.manufacturer << ' ' << d.model << ' ' << d.firmware << " @ " << d.port << '\n';
    }
    o << "  " << w.nr_share << ' ' << pct(m.nr_share) << "  " << w.rats << ':';
    for (const auto& [rat, share] : m.rat_share) o << ' ' << rat << ' ' << pct(share);
    o << '\n';
    o << "  " << w.cells << ' ' << m.distinct_cells << "  " << w.fix_share << ' ' << pct(m.fix_share) << "  "
      << w.parse_errors << ' ' << m.parse_errors << "  " << w.changes << ' ' << m.rat_changes << '/' << m.cell_changes
      << '\n';
    o << "  " << w.gaps << ' ' << m.gaps.size() << " (" << secs(m.gap_ms) << ")\n";
    for (const auto& g : m.gaps) {
      o << "    " << to_iso8601(g.start) << " +" << secs(g.duration_ms)
        << (g.end ? "" : std::string("  ") + std::string(w.open)) << "  " << g.reason << '\n';
    }
  }
  o << w.gnss << ": " << w.fix_lost << ' ' << s.fix_lost << "  " << w.parse_errors << ' ' << s.gnss_parse_errors
    << '\n';
  if (!s.campaign_notes.empty() || s.stops_entered > 0) {
    o << (lang == Lang::Zh ? "任务: 进入站点围栏 " : "campaign: geofences entered ") << s.stops_entered << '\n';
    for (const auto& n : s.campaign_notes) o << "  " << n << '\n';
  }
  return o.str();
}

std::string summary_json(const SessionSummary& s) {
  using nlohmann::json;
  auto gap_json = [](const Gap& g) {
    json j{{"source", g.source}, {"start", to_iso8601(g.start)}, {"duration_ms", g.duration_ms}, {"reason", g.reason}};
    j["end"] = g.end ? json(to_iso8601(*g.end)) : json(nullptr);
    return j;
  };
  json modems = json::array();
  for (const auto& m : s.modems) {
    json gaps = json::array();
    for (const auto& g : m.gaps) gaps.push_back(gap_json(g));
    json j{{"modem", m.modem},
           {"plmn", m.plmn ? json(m.plmn->str()) : json(nullptr)},
           {"operator", m.plmn ? json(operator_name(operator_of(*m.plmn)).key) : json(nullptr)},
           {"samples", m.samples},
           {"rat_time_share", m.rat_share},
           {"nr_time_share", m.nr_share},
           {"distinct_cells", m.distinct_cells},
           {"samples_with_fix", m.with_fix},
           {"fix_share", m.fix_share},
           {"parse_errors", m.parse_errors},
           {"rat_changes", m.rat_changes},
           {"cell_changes", m.cell_changes},
           {"gaps", gaps},
           {"gap_total_ms", m.gap_ms}};
    modems.push_back(std::move(j));
  }
  json gnss_gaps = json::array();
  for (const auto& g : s.gnss_gaps) gnss_gaps.push_back(gap_json(g));
  json out{{"session", s.id},
           {"probe_id", s.probe_id},
           {"software_version", s.software_version},
           {"started", to_iso8601(s.started)},
           {"ended", s.ended ? json(to_iso8601(*s.ended)) : json(nullptr)},
           {"duration_ms", s.duration_ms},
           {"samples", s.samples},
           {"events", s.events},
           {"raw_lines", s.raw_lines},
           {"modems", modems},
           {"gnss", {{"fix_lost", s.fix_lost}, {"parse_errors", s.gnss_parse_errors}, {"gaps", gnss_gaps}}},
           {"campaign", {{"notes", s.campaign_notes}, {"stops_entered", s.stops_entered}}}};
  return out.dump(2);
}

}  // namespace shikan::probe
