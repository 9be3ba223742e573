// The campaign line of the status screen and log line, in Chinese and in English.
#include <catch2/catch.hpp>

#include "shikan/probe/status.hpp"

using namespace shikan;
using namespace shikan::probe;
using Catch::Matchers::Contains;

namespace {

StatusSnapshot with_campaign(CampaignStatus c) {
  StatusSnapshot s;
  s.probe_id = "van-3";
  s.session = 7;
  s.gnss.source = "none";
  s.database = "out/probe.db";
  s.campaign = std::move(c);
  return s;
}

CampaignStatus next_stop() {
  CampaignStatus c;
  c.visited = 3;
  c.total = 12;
  c.next = CampaignStatus::StopRef{4, "HB-0042", false};
  c.next_distance_m = 1234;
  c.next_bearing_deg = 40;
  return c;
}

}  // namespace

TEST_CASE("status: the next stop with distance and compass direction", "[probe][status][geofence]") {
  CHECK(campaign_text(next_stop(), Lang::Zh) == "任务: 已到 3/12  下一站 #4 HB-0042 1.2 km 东北");
  CHECK(campaign_text(next_stop(), Lang::En) == "campaign: visited 3/12  next stop #4 HB-0042 1.2 km NE");
  CampaignStatus near = next_stop();
  near.next_distance_m = 849.6;
  near.next_bearing_deg = 200;
  CHECK(campaign_text(near, Lang::Zh) == "任务: 已到 3/12  下一站 #4 HB-0042 850 m 南");
  CampaignStatus no_fix = next_stop();
  no_fix.next_distance_m.reset();
  no_fix.next_bearing_deg.reset();
  CHECK(campaign_text(no_fix, Lang::En) == "campaign: visited 3/12  next stop #4 HB-0042");

  const std::string zh = render_screen(with_campaign(next_stop()), Lang::Zh);
  CHECK_THAT(zh, Contains("\n任务: 已到 3/12  下一站 #4 HB-0042 1.2 km 东北\n"));
  CHECK_THAT(render_line(with_campaign(next_stop()), Lang::En), Contains(" campaign=3/12 next=#4/1.2 km"));
  // Without a campaign there is no such line.
  StatusSnapshot plain = with_campaign(next_stop());
  plain.campaign.reset();
  CHECK(render_screen(plain, Lang::Zh).find("任务") == std::string::npos);
  CHECK(render_line(plain, Lang::En).find("campaign") == std::string::npos);
}

TEST_CASE("status: inside a geofence, every stop visited, hostile ids", "[probe][status][geofence]") {
  CampaignStatus in = next_stop();
  in.inside = CampaignStatus::StopRef{5, "XL-7", false};
  CHECK(campaign_text(in, Lang::Zh) == "任务: 已到 3/12  在站点 #5 XL-7 内");
  CHECK(campaign_text(in, Lang::En) == "campaign: visited 3/12  inside stop #5 XL-7");
  CHECK_THAT(render_line(with_campaign(in), Lang::En), Contains(" campaign=3/12 in=#5"));
  CHECK_THAT(render_line(with_campaign(in), Lang::Zh), Contains(" 任务=3/12 在站=#5"));
  CHECK_THAT(render_line(with_campaign(next_stop()), Lang::Zh), Contains(" 任务=3/12 下一站=#4/1.2 km"));
  in.inside = CampaignStatus::StopRef{6, "人民医院", true};
  CHECK(campaign_text(in, Lang::Zh) == "任务: 已到 3/12  在场所 #6 人民医院 内");
  CHECK(campaign_text(in, Lang::En) == "campaign: visited 3/12  inside place #6 人民医院");

  CampaignStatus done;
  done.visited = done.total = 12;
  CHECK(campaign_text(done, Lang::Zh) == "任务: 已到 12/12  全部已到");
  CHECK(campaign_text(done, Lang::En) == "campaign: visited 12/12  all stops visited");

  CampaignStatus hostile = next_stop();
  hostile.next->id = "A\x1b[2J\nB\xff";  // ESC and 0xFF become U+FFFD, the line break a space
  const std::string screen = render_screen(with_campaign(hostile), Lang::En);
  CHECK(screen.find('\x1b') == std::string::npos);
  CHECK_THAT(screen, Contains("next stop #4 A\xEF\xBF\xBD[2J B\xEF\xBF\xBD 1.2 km NE\n"));
}
