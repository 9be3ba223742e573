// Status rendering (see status.hpp).
#include "shikan/probe/status.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "shikan/core/markup.hpp"
#include "shikan/core/plmn.hpp"
#include "shikan/probe/geofence.hpp"

namespace shikan::probe {
namespace {

struct Entry {
  std::string_view zh, en;
};

// The message table: inspectors read zh-CN; --lang en for everyone else.
constexpr std::array<Entry, static_cast<std::size_t>(Msg::Count)> kMessages{{
    {"Shikan 探针", "Shikan probe"},
    {"会话", "session"},
    {"运行", "up"},
    {"模块", "modem"},
    {"样本", "samples"},
    {"采样中", "sampling"},
    {"打开端口", "opening"},
    {"初始化", "initialising"},
    {"已关闭", "closed"},
    {"重连中", "reconnecting in"},
    {"无服务", "no service"},
    {"定位", "GNSS"},
    {"已定位", "fix"},
    {"未定位", "no fix"},
    {"定位过期", "stale fix"},
    {"卫星", "sats"},
    {"时龄", "age"},
    {"数据库", "database"},
    {"已提交", "committed"},
    {"待写入", "pending"},
    {"剩余空间", "free"},
    {"行", "rows"},
    {"写入失败，数据已保留，稍后重试", "write failed; rows kept, retrying"},
    {"正在停止", "stopping"},
    {"已到设定运行时长", "duration elapsed"},
    {"连接中断", "link down"},
    {"秒", "s"},
    {"任务", "campaign"},
    {"已到", "visited"},
    {"下一站", "next stop"},
    {"在站点", "inside stop"},
    {"在场所", "inside place"},
    {"内", ""},
    {"全部已到", "all stops visited"},
}};

constexpr std::array<Entry, 8> kCompass{{
    {"北", "N"}, {"东北", "NE"}, {"东", "E"}, {"东南", "SE"}, {"南", "S"}, {"西南", "SW"}, {"西", "W"}, {"西北", "NW"},
}};

std::string fixed1(double v) {
  std::array<char, 32> b{};
  std::snprintf(b.data(), b.size(), "%.1f", v);
  return b.data();
}

std::string bytes(std::uint64_t n) {
  const double gb = static_cast<double>(n) / 1e9;
  if (gb >= 1) return fixed1(gb) + " GB";
  return fixed1(static_cast<double>(n) / 1e6) + " MB";
}

std::string hms(std::int64_t s) {
  std::array<char, 32> b{};
  std::snprintf(b.data(), b.size(), "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return b.data();
}

std::string state_text(const ModemStatus& m, MonoTime now, Lang lang) {
  switch (m.state) {
    case SessionState::Sampling: return std::string(msg(Msg::Sampling, lang));
    case SessionState::Opening: return std::string(msg(Msg::Opening, lang));
    case SessionState::Initialising: return std::string(msg(Msg::Initialising, lang));
    case SessionState::Closed: return std::string(msg(Msg::Closed, lang));
    case SessionState::Waiting: {
      const std::int64_t in_ms = m.retry_at ? std::max<std::int64_t>(0, (m.retry_at->ns - now.ns) / 1'000'000) : 0;
      return std::string(msg(Msg::Reconnecting, lang)) + " " + fixed1(static_cast<double>(in_ms) / 1000.0) +
             std::string(msg(Msg::Seconds, lang));
    }
  }
  return "?";
}

// "中国移动 NR-SA NCI 0x170C23000 (6186741760) PCI 901 ARFCN 504990 n41 RSRP -54.0 dBm SINR 16.0 dB"
std::string cell_text(const ServingCell& c, Lang lang) {
  std::ostringstream o;
  if (c.plmn) {
    const OperatorName n = operator_name(operator_of(*c.plmn));
    o << (lang == Lang::Zh ? n.zh : n.en) << ' ' << c.plmn->str() << ' ';
  }
  if (c.rat == Rat::None) {
    o << msg(Msg::NoService, lang);
    return o.str();
  }
  o << to_string(c.rat);
  if (c.rat == Rat::NrSa && c.nci)
    o << " NCI 0x" << std::hex << std::uppercase << c.nci->value() << std::dec << " (" << c.nci->value() << ")";
  if (c.rat != Rat::NrSa && c.eci)
    o << " ECI 0x" << std::hex << std::uppercase << c.eci->value() << std::dec << " (" << c.eci->value() << ")";
  if (c.pci) o << " PCI " << *c.pci;
  if (c.arfcn) o << " ARFCN " << *c.arfcn;
  if (c.band) o << ' ' << band_label(c.rat, *c.band);
  if (c.rsrp) o << " RSRP " << fixed1(c.rsrp->value) << " dBm";
  if (c.sinr) o << " SINR " << fixed1(c.sinr->value) << " dB";
  if (c.nr) {
    o << " | NR";
    if (c.nr->pci) o << " PCI " << *c.nr->pci;
    if (c.nr->rsrp) o << " RSRP " << fixed1(c.nr->rsrp->value) << " dBm";
    if (c.nr->sinr) o << " SINR " << fixed1(c.nr->sinr->value) << " dB";
  }
  return o.str();
}

// Stop ids come from a file: no terminal control sequence, no line break on the screen.
std::string screen_safe(std::string_view s) {
  std::string out = markup::clean_utf8(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out;
}

std::string distance_text(double m) {
  if (m < 1000) return std::to_string(static_cast<long long>(std::lround(m))) + " m";
  return fixed1(m / 1000) + " km";
}

std::string gnss_text(const GnssStatus& g, Lang lang) {
  std::ostringstream o;
  o << msg(Msg::Gnss, lang) << ": ";
  if (g.source == "none") return o.str() + "-";  // no [gnss] configured
  if (!g.link_up && !g.fix) {
    o << msg(Msg::LinkDown, lang) << " (" << g.source << ")";
    return o.str();
  }
  o << msg(g.valid ? Msg::FixOk : (g.fix ? Msg::FixStale : Msg::NoFix), lang);
  if (g.fix) {
    std::array<char, 64> b{};
    std::snprintf(b.data(), b.size(), " %.6f,%.6f", g.fix->pos.lat.degrees(), g.fix->pos.lon.degrees());
    o << b.data();
    if (g.fix->sats) o << ' ' << msg(Msg::Sats, lang) << ' ' << *g.fix->sats;
    if (g.fix->hdop) o << " HDOP " << fixed1(*g.fix->hdop);
    o << ' ' << msg(Msg::Age, lang) << ' ' << fixed1(static_cast<double>(g.age_ms) / 1000.0) << msg(Msg::Seconds, lang);
  }
  if (!g.link_up) o << " (" << msg(Msg::LinkDown, lang) << ")";
  return o.str();
}

}  // namespace

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "zh" || s == "zh-CN" || s == "zh_CN") return Lang::Zh;
  if (s == "en") return Lang::En;
  return std::nullopt;
}

std::string_view msg(Msg m, Lang lang) {
  const Entry& e = kMessages.at(static_cast<std::size_t>(m));
  return lang == Lang::Zh ? e.zh : e.en;
}

std::string_view compass_word(int point8, Lang lang) {
  const Entry& e = kCompass.at(static_cast<std::size_t>(((point8 % 8) + 8) % 8));
  return lang == Lang::Zh ? e.zh : e.en;
}

std::string campaign_text(const CampaignStatus& c, Lang lang) {
  std::ostringstream o;
  o << msg(Msg::Campaign, lang) << ": " << msg(Msg::Visited, lang) << ' ' << c.visited << '/' << c.total;
  if (c.inside) {
    o << "  " << msg(c.inside->place ? Msg::InPlace : Msg::InStop, lang) << " #" << c.inside->order << ' '
      << screen_safe(c.inside->id);
    if (!msg(Msg::InSuffix, lang).empty()) o << ' ' << msg(Msg::InSuffix, lang);
  } else if (c.next) {
    o << "  " << msg(Msg::NextStop, lang) << " #" << c.next->order << ' ' << screen_safe(c.next->id);
    if (c.next_distance_m) o << ' ' << distance_text(*c.next_distance_m);
    if (c.next_bearing_deg) o << ' ' << compass_word(compass_point8(*c.next_bearing_deg), lang);
  } else {
    o << "  " << msg(Msg::AllVisited, lang);
  }
  return o.str();
}

std::string band_label(Rat rat, int band) {
  std::string out(rat == Rat::NrSa ? "n" : "B");
  return out.append(std::to_string(band));
}

std::string render_screen(const StatusSnapshot& s, Lang lang) {
  std::ostringstream o;
  o << msg(Msg::Title, lang) << ' ' << s.probe_id << "   " << msg(Msg::Session, lang) << ' ' << s.session << "   "
    << msg(Msg::Uptime, lang) << ' ' << hms(s.uptime_s) << '\n';
  for (const auto& m : s.modems) {
    o << msg(Msg::Modem, lang) << ' ' << m.id << "  [" << state_text(m, s.now, lang) << "]  " << msg(Msg::Samples, lang)
      << ' ' << m.samples << '\n';
    o << "    " << (m.last ? cell_text(*m.last, lang) : std::string("-")) << '\n';
    if (m.state == SessionState::Waiting && !m.last_error.empty()) o << "    " << m.last_error << '\n';
  }
  o << gnss_text(s.gnss, lang) << '\n';
  o << msg(Msg::Database, lang) << ' ' << s.database << "  " << msg(Msg::Committed, lang) << ' ' << s.committed << ' '
    << msg(Msg::Rows, lang) << "  " << msg(Msg::Pending, lang) << ' ' << s.pending;
  if (s.free_bytes) o << "  " << msg(Msg::Free, lang) << ' ' << bytes(*s.free_bytes);
  o << '\n';
  if (s.campaign) o << campaign_text(*s.campaign, lang) << '\n';
  if (!s.store_error.empty()) o << "!! " << msg(Msg::StoreFailed, lang) << ": " << s.store_error << '\n';
  return o.str();
}

std::string render_line(const StatusSnapshot& s, Lang lang) {
  std::ostringstream o;
  o << "[" << hms(s.uptime_s) << "]";
  for (const auto& m : s.modems) {
    o << ' ' << m.id << '=' << state_text(m, s.now, lang) << '/' << m.samples;
    if (m.last && m.state == SessionState::Sampling) {
      o << '/' << to_string(m.last->rat);
      if (m.last->pci) o << "/PCI" << *m.last->pci;
      if (m.last->rsrp) o << '/' << fixed1(m.last->rsrp->value) << "dBm";
    }
  }
  o << " gnss=" << msg(s.gnss.valid ? Msg::FixOk : Msg::NoFix, lang);
  o << ' ' << msg(Msg::Committed, lang) << '=' << s.committed << ' ' << msg(Msg::Pending, lang) << '=' << s.pending;
  if (s.campaign) {
    const CampaignStatus& c = *s.campaign;
    o << ' ' << msg(Msg::Campaign, lang) << '=' << c.visited << '/' << c.total;
    if (c.inside) o << (lang == Lang::Zh ? " 在站=#" : " in=#") << c.inside->order;
    else if (c.next) o << (lang == Lang::Zh ? " 下一站=#" : " next=#") << c.next->order;
    if (!c.inside && c.next && c.next_distance_m) o << '/' << distance_text(*c.next_distance_m);
  }
  if (!s.store_error.empty()) o << " !! " << msg(Msg::StoreFailed, lang) << ": " << s.store_error;
  return o.str();
}

std::string ansi_redraw(const std::string& screen) {
  std::string out = "\x1b[H";
  std::size_t start = 0;
  while (start < screen.size()) {
    const auto nl = screen.find('\n', start);
    const auto end = nl == std::string::npos ? screen.size() : nl;
    out.append(screen, start, end - start).append("\x1b[K\n");
    start = end + 1;
  }
  out += "\x1b[J";
  return out;
}

}  // namespace shikan::probe
