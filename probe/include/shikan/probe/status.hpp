// The live status shown to the inspector: one screen redrawn in place (ANSI) on a TTY, or a compact
// log line otherwise. Pure rendering from a snapshot; the agent prints it. Messages are zh-CN by
// default with English alternatives (a small message table).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/model.hpp"
#include "shikan/probe/modem_session.hpp"

namespace shikan::probe {

enum class Lang : std::uint8_t { Zh, En };
std::optional<Lang> parse_lang(std::string_view s);  // "zh", "zh-CN", "en"

enum class Msg : std::uint8_t {
  Title,
  Session,
  Uptime,
  Modem,
  Samples,
  Sampling,
  Opening,
  Initialising,
  Closed,
  Reconnecting,
  NoService,
  Gnss,
  FixOk,
  NoFix,
  FixStale,
  Sats,
  Age,
  Database,
  Committed,
  Pending,
  Free,
  Rows,
  StoreFailed,
  Stopping,
  DurationElapsed,
  LinkDown,
  Seconds,
  Campaign,
  Visited,
  NextStop,
  InStop,
  InPlace,
  InSuffix,
  AllVisited,
  Count
};
std::string_view msg(Msg m, Lang lang);

struct GnssStatus {
  std::string source;  // GnssSource::describe()
  bool link_up = false;
  std::optional<Fix> fix;
  std::int64_t age_ms = -1;  // of the latest fix; -1 without one
  bool valid = false;        // fix present, not older than fix_max_age, receiver not reporting "no fix"
};

// Progress through a survey campaign (geofence.hpp), when one is loaded.
struct CampaignStatus {
  struct StopRef {
    int order = 0;
    std::string id;  // untrusted text: rendered with control characters replaced
    bool place = false;
  };
  std::size_t visited = 0, total = 0;
  std::optional<StopRef> inside;  // the lowest-order stop whose geofence the probe is in
  std::optional<StopRef> next;    // the lowest-order stop not yet visited
  std::optional<double> next_distance_m, next_bearing_deg;  // from the last fix
};

struct StatusSnapshot {
  std::string probe_id;
  std::int64_t session = 0;
  std::int64_t uptime_s = 0;
  MonoTime now{};
  std::vector<ModemStatus> modems;
  GnssStatus gnss;
  std::string database;
  std::uint64_t committed = 0;  // rows committed this session
  std::size_t pending = 0;
  std::optional<std::uint64_t> free_bytes;  // std::filesystem::space of the database's folder
  std::string store_error;                  // the last flush failure, until a flush succeeds
  std::optional<CampaignStatus> campaign;   // --campaign
};

// The 8 compass points, 0 = north clockwise (geofence.hpp compass_point8): 北 东北 东 ... / N NE E ...
std::string_view compass_word(int point8, Lang lang);
// "任务: 已到 3/12  下一站 #4 HB-0042 1.2 km 东北" / "campaign: visited 3/12  next stop #4 HB-0042 1.2 km NE",
// or "... 在站点 #4 HB-0042 内" / "... inside stop #4 HB-0042" while inside a geofence.
std::string campaign_text(const CampaignStatus& c, Lang lang);

// "n78" / "B3" from the RAT.
std::string band_label(Rat rat, int band);
// The full screen: lines separated by "\n", no ANSI codes (the agent adds cursor control).
std::string render_screen(const StatusSnapshot& s, Lang lang);
// One compact line for logs (non-TTY).
std::string render_line(const StatusSnapshot& s, Lang lang);
// ANSI: cursor home, the screen with each line cleared to its end, then clear the rest.
std::string ansi_redraw(const std::string& screen);

}  // namespace shikan::probe
