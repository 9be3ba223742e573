// Radio reference values and a three-site town where the right serving cell is obvious.
#include <catch2/catch.hpp>

#include <cmath>

#include "shikan/sim/world.hpp"

using namespace shikan;
using namespace shikan::sim;

TEST_CASE("path loss and sector pattern reference values", "[sim][radio]") {
  // FSPL(1 m, 3500 MHz) = 20 log10(3500) - 27.55 = 43.331 dB; + 35 log10(1000) = 105 dB.
  CHECK(path_loss_db(1000, 3500) == Approx(148.331).margin(0.01));
  CHECK(path_loss_db(100, 3500) == Approx(113.331).margin(0.01));
  CHECK(path_loss_db(1, 3500) == path_loss_db(10, 3500));  // clamped at 10 m
  CHECK(path_loss_db(1000, 1850, 3.0) == Approx(20 * std::log10(1850.0) - 27.55 + 90).margin(0.01));
  // TR 38.901 Table 7.3-1: A(phi) = -min(12 (phi/65)^2, 30).
  CHECK(sector_gain_db(0) == 0.0);
  CHECK(sector_gain_db(32.5) == Approx(-3.0).margin(1e-9));
  CHECK(sector_gain_db(65) == Approx(-12.0).margin(1e-9));
  CHECK(sector_gain_db(-65) == Approx(-12.0).margin(1e-9));
  CHECK(sector_gain_db(180) == -30.0);
  CHECK(sector_gain_db(400) == Approx(-12.0 * (40.0 / 65.0) * (40.0 / 65.0)).margin(1e-9));
  CHECK(off_boresight_deg(Enu{0, 0}, 350, Enu{100, 100}) == Approx(55.0));
  CHECK(noise_per_re_dbm(30, 7) == Approx(-122.229).margin(0.001));
  CHECK(linear_to_db(db_to_linear(-97.3)) == Approx(-97.3));
}

TEST_CASE("shadowing field: seeded, sigma and decorrelation as configured", "[sim][radio]") {
  Rng a(11, "s"), b(11, "s");
  const ShadowField f(Enu{0, 0}, Enu{4000, 4000}, 20, 50, 7.0, a);
  const ShadowField g(Enu{0, 0}, Enu{4000, 4000}, 20, 50, 7.0, b);
  double sum = 0, sum2 = 0, corr_near = 0, corr_far = 0;
  int n = 0;
  for (double x = 100; x < 3900; x += 60)
    for (double y = 100; y < 3900; y += 60) {
      const double v = f.at(Enu{x, y});
      CHECK(v == g.at(Enu{x, y}));
      sum += v;
      sum2 += v * v;
      corr_near += v * f.at(Enu{x + 20, y});
      corr_far += v * f.at(Enu{x + 400, y});
      ++n;
    }
  const double var = sum2 / n - (sum / n) * (sum / n);
  CHECK(std::sqrt(var) == Approx(7.0).margin(1.0));
  CHECK(corr_near / n / var == Approx(std::exp(-20.0 / 50.0)).margin(0.1));
  CHECK(std::fabs(corr_far / n / var) < 0.15);
}

namespace {

// Three sites on a line, 3 km apart; every sector boresight east (0 is north): serving is obvious.
struct Town {
  CityConfig city;
  SiteTable sites;
  LocalFrame frame{GeoPoint{Latitude(30.0), Longitude(120.0)}};

  explicit Town(NetMode mode, double spacing_m = 3000) {
    city.centre = frame.origin();
    OperatorConfig op;
    op.key = "cmcc";
    op.op = Operator::ChinaMobile;
    op.plmn = Plmn("460", "00");
    op.mode = mode;
    op.gnb_id_length = 24;
    op.lte_band = *find_band("B39");
    op.lte_earfcn = 38400;
    city.operators.push_back(op);
    for (int i = 0; i < 3; ++i) {
      SiteRow r;
      r.line = i + 2;
      r.site_id = std::string(1, static_cast<char>('A' + i));
      r.op = Operator::ChinaMobile;
      r.pos = frame.to_geo(Enu{spacing_m * i, 0});
      r.gnb_id = 0x170C20u + static_cast<std::uint32_t>(i);
      r.azimuths_deg = {90, 210, 330};
      r.band = *find_band("n41");
      sites.sites.push_back(r);
    }
  }
  World world() const {
    WorldParams p;
    p.shadow_sigma_db = 0;  // no shadowing: only distance and pattern decide
    return World(city, plan_cells(city, sites, frame, "town.csv"), Enu{-1000, -3000}, Enu{7000, 3000}, p, 1);
  }
};

}  // namespace

TEST_CASE("three-site town: cell identities derived as documented", "[sim][world]") {
  const Town t(NetMode::Sa);
  const CellPlan plan = plan_cells(t.city, t.sites, t.frame, "town.csv");
  REQUIRE(plan.errors.empty());
  REQUIRE(plan.nr.at("cmcc").size() == 9);
  REQUIRE(plan.lte.at("cmcc").size() == 9);
  const Cell& b2 = plan.nr.at("cmcc")[4];  // site B, sector index 1
  CHECK(b2.site_id == "B");
  CHECK(b2.cell_id == ((std::uint64_t{0x170C21} << 12) | 2));
  CHECK(split(Nci(b2.cell_id), GnbIdLength(24)).gnb_id == 0x170C21u);
  CHECK(b2.pci == 3 * static_cast<int>(0x170C21u % 336) + 1);
  CHECK(b2.arfcn == 504990);
  const Cell& lb2 = plan.lte.at("cmcc")[4];
  CHECK(lb2.cell_id == ((std::uint64_t{0x170C21u & 0xFFFFFu} << 8) | 2));
  CHECK(Eci(static_cast<std::uint32_t>(lb2.cell_id)).enb_id() == (0x170C21u & 0xFFFFFu));
  CHECK(lb2.arfcn == 38400);
  CHECK(lb2.tac == (t.city.operators[0].tac_base + 8 + 16 * 8));
}

TEST_CASE("three-site town: gNB IDs wider than L and unknown operators are rejected", "[sim][world]") {
  Town t(NetMode::Sa);
  t.sites.sites[1].gnb_id = 1u << 24;
  t.sites.sites[2].op = Operator::ChinaBroadnet;
  const CellPlan plan = plan_cells(t.city, t.sites, t.frame, "town.csv");
  REQUIRE(plan.errors.size() == 2);
  CHECK(plan.errors[0] == "town.csv:3: gnb_id 16777216 does not fit 24 bits");
  CHECK(plan.errors[1] == "town.csv:4: operator cbn is not configured in city.toml");
  CHECK(plan.nr.at("cmcc").size() == 3);
}

TEST_CASE("three-site town: serving cell, hysteresis, LTE fallback and return (SA)", "[sim][world]") {
  const Town t(NetMode::Sa);
  World w = t.world();
  auto at = [&](double e, double n) { return w.step(Enu{e, n})[0]; };

  const OperatorSnapshot s1 = at(200, 0);  // 200 m east of A, on sector 1's boresight
  CHECK(s1.rat == Rat::NrSa);
  REQUIRE(s1.serving);
  CHECK(s1.serving->cell.site_id == "A");
  CHECK(s1.serving->cell.sector == 0);
  // RSRP = EIRP 36 dBm - PL(3-D distance, 2524.95 MHz) + 0 dB pattern.
  const double d3 = std::hypot(200.0, 23.5);
  CHECK(s1.serving->rsrp.value == Approx(36.0 - path_loss_db(d3, 2524.95)).margin(0.01));
  CHECK(s1.serving->sinr.value > 10);
  CHECK(s1.serving->rsrq.value < -10.7);  // RSRQ <= 1/12 of the own cell: -10.8 dB
  REQUIRE_FALSE(s1.neighbours.empty());
  CHECK(s1.neighbours.front().rsrp.value <= s1.serving->rsrp.value);

  // Moving east past the midpoint (1500 m): A's sector 1 still looks east, so B's back sectors lose;
  // B's boresight is behind it. Just past B, B serves.
  const OperatorSnapshot s2 = at(3300, 0);
  REQUIRE(s2.serving);
  CHECK(s2.serving->cell.site_id == "B");

  // Far south of everything NR is below -115 dBm: LTE fallback on the B39 anchor layer.
  const OperatorSnapshot s3 = at(3000, -2200);
  CHECK(s3.rat == Rat::Lte);
  REQUIRE(s3.serving);
  CHECK_FALSE(s3.serving->cell.is_nr());
  CHECK(s3.serving->cell.band.name() == "B39");
  // Back close to a site: NR again.
  const OperatorSnapshot s4 = at(3200, 0);
  CHECK(s4.rat == Rat::NrSa);
}

TEST_CASE("three-site town: hysteresis keeps the serving cell until another is 3 dB stronger", "[sim][world]") {
  const Town t(NetMode::Sa, 1200);  // closer sites: the walk stays above the fallback threshold
  World probe_world = t.world();
  auto best_of = [&](double e, const std::string& site) {
    double best = -999;
    for (const auto& r : probe_world.measure("cmcc", Tech::Nr, Enu{e, 300}))
      if (r.cell.site_id == site) best = std::max(best, r.rsrp.value);
    return best;
  };
  double equal_at = -1, hyst_at = -1;
  for (double e = 200; e <= 1100; e += 5) {
    if (equal_at < 0 && best_of(e, "B") > best_of(e, "A")) equal_at = e;
    if (hyst_at < 0 && best_of(e, "B") > best_of(e, "A") + 3.0) hyst_at = e;
  }
  REQUIRE(equal_at > 0);
  REQUIRE(hyst_at > equal_at);
  World w = t.world();
  double switch_at = -1;
  for (double e = 200; e <= 1100 && switch_at < 0; e += 5) {
    const auto s = w.step(Enu{e, 300})[0];
    REQUIRE(s.rat == Rat::NrSa);
    if (s.serving->cell.site_id == "B") switch_at = e;
  }
  CHECK(switch_at == hyst_at);  // not at equal_at: the 3 dB hysteresis held A until then
}

TEST_CASE("three-site town: NSA anchor with NR leg, leg released far away", "[sim][world]") {
  const Town t(NetMode::Nsa);
  World w = t.world();
  const auto near = w.step(Enu{200, 0})[0];
  CHECK(near.rat == Rat::NrNsa);
  REQUIRE(near.serving);
  CHECK_FALSE(near.serving->cell.is_nr());  // the LTE anchor is the serving cell
  REQUIRE(near.nr_leg);
  CHECK(near.nr_leg->cell.site_id == "A");
  const auto far = w.step(Enu{3000, -2200})[0];
  CHECK(far.rat == Rat::Lte);
  CHECK_FALSE(far.nr_leg.has_value());
}
