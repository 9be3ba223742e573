// summarize() over a small store built here: two modems, an outage, a stale fix, a parse error.
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "shikan/core/store.hpp"
#include "shikan/probe/summary.hpp"

using namespace shikan;
using namespace shikan::probe;
using Catch::Matchers::Contains;

namespace {

constexpr std::int64_t kT0 = 1'790'000'000'000;  // UTC ms

struct TempDb {
  std::filesystem::path path;
  TempDb() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("shikan-summary-" + std::to_string(rd()) + ".db");
  }
  ~TempDb() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
  }
};

Sample sample(const std::string& modem, std::int64_t t_ms, Rat rat, std::int64_t fix_age_ms) {
  Sample s;
  s.utc = UtcTime{kT0 + t_ms};
  s.mono = MonoTime{t_ms * 1'000'000};
  s.modem = modem;
  s.serving.rat = rat;
  s.serving.plmn = Plmn::parse(modem == "cmcc" ? "46000" : "46011");
  if (rat == Rat::NrSa) s.serving.nci = Nci(0x170C23000);
  if (rat == Rat::Lte) s.serving.eci = Eci(0x1A2D003);
  s.serving.pci = 901;
  if (fix_age_ms >= 0) {
    s.fix = Fix{UtcTime{kT0 + t_ms - fix_age_ms},
                GeoPoint{Latitude(31.23), Longitude(121.47)},
                FixQuality::Gps,
                {},
                {},
                {},
                {},
                {}};
    s.fix_age_ms = fix_age_ms;
  }
  return s;
}

Event event(std::int64_t t_ms, EventKind kind, const std::string& source, const std::string& detail) {
  return Event{UtcTime{kT0 + t_ms}, MonoTime{t_ms * 1'000'000}, kind, source, detail};
}

}  // namespace

TEST_CASE("summary: shares, cells, fix, gaps and errors of a small log", "[probe][summary]") {
  TempDb db;
  SessionId id = 0;
  {
    LogStore store(db.path);
    id = store.begin_session(SessionInfo{"van-3", "0.1.0", "probe_id = \"van-3\"", UtcTime{kT0}});
    store.upsert_device(id, DeviceInfo{"cmcc", "/dev/ttyUSB2", "quectel", "Quectel", "RG801H-EA", "RG801HEAAAR03A01M8G",
                                       "869710030002905"});
    // cmcc: NR-SA 0..3 s, LTE 4..5 s, lost 5.5 s .. 15.5 s, NR-SA 16..17 s.
    for (int t : {0, 1, 2, 3}) store.add(id, sample("cmcc", t * 1000, Rat::NrSa, 500));
    store.add(id, sample("cmcc", 4000, Rat::Lte, 5000));  // stale fix
    Sample nb = sample("cmcc", 5000, Rat::Lte, -1);       // no fix at all
    Neighbour n;
    n.pci = 137;
    n.rsrp = Dbm(-101);
    nb.neighbours.push_back(n);
    store.add(id, nb);
    store.add(id, event(4000, EventKind::RatChange, "cmcc", "NR-SA -> LTE"));
    store.add(id, event(4000, EventKind::ParseError, "cmcc", "AT+QENG=\"servingcell\": bad rsrp 'x' | +QENG: ..."));
    store.add(id, event(5500, EventKind::ModemLost, "cmcc", "/dev/ttyUSB2: end of file"));
    store.add(id, event(15'500, EventKind::ModemBack, "cmcc", "gap_ms=10000"));
    for (int t : {16, 17}) store.add(id, sample("cmcc", t * 1000, Rat::NrSa, 300));
    // ctcc: two LTE samples, then lost until the end of the log.
    for (int t : {0, 1}) store.add(id, sample("ctcc", t * 1000, Rat::Lte, 300));
    store.add(id, event(2000, EventKind::ModemLost, "ctcc", "/dev/ttyUSB6: read failed"));
    store.add(id, event(7000, EventKind::FixLost, "gnss", "receiver reports no fix"));
    store.add(id, event(9000, EventKind::FixBack, "gnss", "gap_ms=2000"));
    store.add(id, event(18'000, EventKind::SessionEnd, "probe", "SIGINT"));
    store.flush();
    store.end_session(id, UtcTime{kT0 + 18'000});
  }
  StoreOptions ro;
  ro.read_only = true;
  LogStore store(db.path, ro);
  const SessionSummary s = summarize(store, id);
  CHECK(s.probe_id == "van-3");
  CHECK(s.duration_ms == 18'000);
  REQUIRE(s.ended);
  CHECK(s.samples == 10);
  REQUIRE(s.modems.size() == 2);

  const ModemSummary& a = s.modems[0];
  CHECK(a.modem == "cmcc");
  CHECK(a.plmn->str() == "46000");
  CHECK(a.samples == 8);
  // Weights (s): NR 1+1+1+1, LTE 1 + min(11, 2), NR 1 + 1 (last = median) -> NR 6 of 9.
  CHECK(a.nr_share == Approx(6.0 / 9.0));
  CHECK(a.rat_share.at("LTE") == Approx(3.0 / 9.0));
  CHECK(a.distinct_cells == 2);
  CHECK(a.with_fix == 6);
  CHECK(a.fix_share == Approx(0.75));
  CHECK(a.parse_errors == 1);
  CHECK(a.rat_changes == 1);
  REQUIRE(a.gaps.size() == 1);
  CHECK(a.gaps[0].duration_ms == 10'000);
  CHECK(a.gaps[0].end.has_value());
  CHECK(a.gaps[0].reason == "/dev/ttyUSB2: end of file");

  const ModemSummary& b = s.modems[1];
  CHECK(b.modem == "ctcc");
  CHECK(b.nr_share == 0);
  REQUIRE(b.gaps.size() == 1);
  CHECK_FALSE(b.gaps[0].end.has_value());
  CHECK(b.gaps[0].duration_ms == 16'000);  // to the log's last record (18 s)

  CHECK(s.fix_lost == 1);
  REQUIRE(s.gnss_gaps.size() == 1);
  CHECK(s.gnss_gaps[0].duration_ms == 2000);

  const std::string zh = render_summary(s, Lang::Zh);
  CHECK_THAT(zh, Contains("中国移动 (46000)"));
  CHECK_THAT(zh, Contains("66.7%"));
  CHECK_THAT(render_summary(s, Lang::En), Contains("China Telecom (46011)"));
  const std::string js = summary_json(s);
  CHECK_THAT(js, Contains("\"nr_time_share\": 0.6666"));
  CHECK_THAT(js, Contains("\"gap_total_ms\": 10000"));
  CHECK_THROWS_WITH(summarize(store, id + 7), Contains("no session"));
}

TEST_CASE("summary: an unclosed session lasts to its last record", "[probe][summary]") {
  SessionRow row;
  row.id = 4;
  row.info.started = UtcTime{kT0};
  const std::vector<Sample> samples{sample("cmcc", 0, Rat::NrSa, 100), sample("cmcc", 1000, Rat::NrSa, 100)};
  const SessionSummary s = summarize(row, {}, samples, {}, 12);
  CHECK_FALSE(s.ended);
  CHECK(s.duration_ms == 1000);
  CHECK(s.raw_lines == 12);
  CHECK(s.modems.at(0).nr_share == Approx(1.0));
  CHECK_THAT(render_summary(s, Lang::En), Contains("not closed"));
}

TEST_CASE("summary: a campaign session names its plan and the stops entered, and is not taken for a modem", "[probe][summary]") {
  SessionRow row;
  row.id = 5;
  row.info.started = UtcTime{kT0};
  const std::vector<Sample> samples{sample("cmcc", 0, Rat::NrSa, 100), sample("cmcc", 1000, Rat::NrSa, 100)};
  const std::vector<Event> events{
      event(0, EventKind::Note, "campaign", "campaign \"Xiling\" plan_sha256 ab12 stops 3 file c.json"),
      event(100, EventKind::GeofenceEnter, "campaign", "1 site XL-M01"),
      event(400, EventKind::GeofenceExit, "campaign", "1 site XL-M01"),
      event(500, EventKind::GeofenceEnter, "campaign", "1 site XL-M01"),
      event(800, EventKind::GeofenceEnter, "campaign", "2 place 西陵站"),
      event(1000, EventKind::Note, "campaign", "campaign visited 2/3 stops; not visited (order): 3")};
  const SessionSummary s = summarize(row, {}, samples, events, 0);
  REQUIRE(s.modems.size() == 1);
  CHECK(s.modems[0].modem == "cmcc");
  CHECK(s.stops_entered == 2);
  REQUIRE(s.campaign_notes.size() == 2);
  CHECK_THAT(render_summary(s, Lang::Zh), Contains("任务: 进入站点围栏 2\n  campaign \"Xiling\" plan_sha256 ab12"));
  CHECK_THAT(render_summary(s, Lang::En), Contains("not visited (order): 3"));
  CHECK_THAT(summary_json(s), Contains("\"stops_entered\": 2"));
}
