// The probe's log database as an input: every session, serving cell, NR leg, fix and fix age.
#include <catch2/catch.hpp>

#include "import_test_support.hpp"
#include "shikan/core/store.hpp"

using namespace shikan;
using namespace shikan::analyzer;

namespace {

Sample sa_sample(std::int64_t utc_ms) {
  Sample s;
  s.utc = UtcTime{utc_ms};
  s.modem = "cmcc";
  s.fix = Fix{UtcTime{utc_ms - 300}, GeoPoint{Latitude(31.2304), Longitude(121.4737)}, FixQuality::Gps,
              Metres{4.0}, 1.2, 9, 8.5, 90.0};
  s.fix_age_ms = 300;
  s.serving.rat = Rat::NrSa;
  s.serving.plmn = Plmn("460", "00");
  s.serving.nci = Nci{0x9013B004ull};
  s.serving.pci = 299;
  s.serving.arfcn = 504990;
  s.serving.band = 41;
  s.serving.rsrp = Dbm{-107};
  s.serving.rsrq = Db{-13};
  s.serving.sinr = Db{2};
  return s;
}

Sample nsa_sample(std::int64_t utc_ms) {
  Sample s;
  s.utc = UtcTime{utc_ms};
  s.modem = "cucc";
  s.serving.rat = Rat::NrNsa;
  s.serving.plmn = Plmn("460", "01");
  s.serving.eci = Eci{0x243800E};
  s.serving.pci = 12;
  s.serving.rsrp = Dbm{-32768};  // a sentinel the modem printed
  s.serving.nr = NrLeg{747, 627264, 78, Dbm{-71}, Db{-11}, Db{13}, 12, 1};
  return s;  // no fix
}

}  // namespace

TEST_CASE("probe database: all sessions, serving cell, NR leg, fix and fix age", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto db = dir / "probe.sqlite";
  {
    LogStore store(db);
    const SessionId s1 = store.begin_session({"probe-1", "0.1.0", "", UtcTime{1'795'000'000'000}});
    store.add(s1, sa_sample(1'795'000'001'000));
    Sample stale = sa_sample(1'795'000'002'000);
    stale.fix_age_ms = 45'000;
    store.add(s1, stale);
    store.end_session(s1, UtcTime{1'795'000'003'000});
    const SessionId s2 = store.begin_session({"probe-1", "0.1.0", "", UtcTime{1'795'000'010'000}});
    store.add(s2, nsa_sample(1'795'000'011'000));
    store.flush();
  }
  const auto r = test::import_one(db);
  CHECK(r.stats.rows == 3);
  CHECK(r.stats.accepted == 3);
  REQUIRE(r.rows.size() == 3);

  const Measurement& sa = r.rows[0];
  CHECK(sa.line == 1);
  CHECK(sa.utc == UtcTime{1'795'000'001'000});
  CHECK(sa.rat == Rat::NrSa);
  CHECK(sa.nci()->value() == 0x9013B004ull);
  CHECK(sa.plmn() == Plmn("460", "00"));
  CHECK(sa.pci.get() == 299);
  CHECK(sa.arfcn.get() == 504990u);
  CHECK(sa.band.get() == 41);
  CHECK(sa.rsrp.get()->value == Approx(-107));
  CHECK(sa.sinr.get()->value == Approx(2));
  CHECK(sa.position()->lat.degrees() == Approx(31.2304).margin(1e-7));
  CHECK(*sa.hdop() == Approx(1.2));
  CHECK(*sa.speed_mps() == Approx(8.5));
  CHECK(sa.fix_age_ms() == 300);
  CHECK(r.rows[1].fix_age_ms() == 45'000);

  const Measurement& nsa = r.rows[2];
  CHECK(nsa.line == 3);
  CHECK(nsa.rat == Rat::NrNsa);
  CHECK(nsa.eci()->value() == 0x243800Eu);
  CHECK_FALSE(nsa.has_position());
  CHECK_FALSE(nsa.fix_age_ms());
  CHECK_FALSE(nsa.rsrp.has());
  CHECK(nsa.nr_pci.get() == 747);
  CHECK(nsa.nr_arfcn.get() == 627264u);
  CHECK(nsa.nr_rsrp.get()->value == Approx(-71));
  CHECK(nsa.nr_rsrq.get()->value == Approx(-11));
  CHECK(nsa.nr_sinr.get()->value == Approx(13));
  CHECK(test::dropped_sentinel(r.stats, Field::Rsrp) == 1);
}

TEST_CASE("probe database: a sample with a fix is timed by GNSS, not by a wrong host clock", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto db = dir / "probe.sqlite";
  {
    LogStore store(db);
    const SessionId s = store.begin_session({"probe-1", "0.1.0", "", UtcTime{1'700'000'000'000}});
    Sample off = sa_sample(1'795'000'001'000);
    off.utc = UtcTime{1'700'000'000'000};  // the laptop's clock is months behind
    store.add(s, off);
    Sample no_fix = nsa_sample(1'795'000'005'000);
    store.add(s, no_fix);
    store.flush();
  }
  const auto r = test::import_one(db);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].utc == UtcTime{1'795'000'001'000});  // fix time 1'795'000'000'700 + age 300 ms
  CHECK(r.rows[1].utc == UtcTime{1'795'000'005'000});  // no fix: the host's time
}
