// Status rendering: zh default, en alternative, reconnect countdown, ANSI redraw.
#include <catch2/catch.hpp>

#include "shikan/probe/status.hpp"

using namespace shikan;
using namespace shikan::probe;
using Catch::Matchers::Contains;

namespace {
StatusSnapshot snapshot() {
  StatusSnapshot s;
  s.probe_id = "van-3";
  s.session = 7;
  s.uptime_s = 3725;
  s.now = MonoTime{10'000'000'000};
  ModemStatus a;
  a.id = "cmcc";
  a.state = SessionState::Sampling;
  a.samples = 42;
  ServingCell c;
  c.rat = Rat::NrSa;
  c.plmn = Plmn::parse("46000");
  c.nci = Nci(0x170C23000);
  c.pci = 901;
  c.arfcn = 504990;
  c.band = 41;
  c.rsrp = Dbm(-54);
  c.sinr = Db(16);
  a.last = c;
  ModemStatus b;
  b.id = "cucc";
  b.state = SessionState::Waiting;
  b.retry_at = MonoTime{12'000'000'000};
  b.last_error = "/dev/ttyUSB3: end of file";
  s.modems = {a, b};
  s.gnss.link_up = true;
  s.gnss.fix = Fix{UtcTime{0}, GeoPoint{Latitude(31.2304), Longitude(121.4737)}, FixQuality::Gps, {}, {}, {}, {}, {}};
  s.gnss.fix->sats = 9;
  s.gnss.age_ms = 400;
  s.gnss.valid = true;
  s.database = "out/probe.db";
  s.committed = 1234;
  s.pending = 12;
  s.free_bytes = 12'300'000'000;
  return s;
}
}  // namespace

TEST_CASE("status: the screen in Chinese and in English", "[probe][status]") {
  const auto zh = render_screen(snapshot(), Lang::Zh);
  CHECK_THAT(zh, Contains("会话 7"));
  CHECK_THAT(zh, Contains("01:02:05"));
  CHECK_THAT(
      zh,
      Contains(
          "中国移动 46000 NR-SA NCI 0x170C23000 (6186741760) PCI 901 ARFCN 504990 n41 RSRP -54.0 dBm SINR 16.0 dB"));
  CHECK_THAT(zh, Contains("[重连中 2.0秒]"));
  CHECK_THAT(zh, Contains("/dev/ttyUSB3: end of file"));
  CHECK_THAT(zh, Contains("已定位 31.230400,121.473700 卫星 9"));
  CHECK_THAT(zh, Contains("剩余空间 12.3 GB"));
  const auto en = render_screen(snapshot(), Lang::En);
  CHECK_THAT(en, Contains("China Mobile 46000"));
  CHECK_THAT(en, Contains("[reconnecting in 2.0s]"));
  CHECK_THAT(render_line(snapshot(), Lang::En), Contains("cmcc=sampling/42/NR-SA/PCI901/-54.0dBm"));
}

TEST_CASE("status: store failures are shown; ANSI redraw clears each line", "[probe][status]") {
  auto s = snapshot();
  s.store_error = "out/probe.db: flush: database or disk is full";
  CHECK_THAT(render_screen(s, Lang::Zh), Contains("写入失败，数据已保留，稍后重试: out/probe.db"));
  CHECK(ansi_redraw("a\nb\n") == "\x1b[Ha\x1b[K\nb\x1b[K\n\x1b[J");
  CHECK(band_label(Rat::Lte, 3) == "B3");
  CHECK(parse_lang("en") == Lang::En);
  CHECK_FALSE(parse_lang("fr").has_value());
}
