// The compact Measurement record: size, and every field round-trips through its packed storage.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "shikan/analyzer/measurement.hpp"

using namespace shikan;
using namespace shikan::analyzer;

TEST_CASE("Measurement is 80 bytes and starts empty", "[analyzer][import]") {
  CHECK(sizeof(Measurement) == 80);
  const Measurement m;
  CHECK_FALSE(m.has_position());
  CHECK_FALSE(m.plmn());
  CHECK_FALSE(m.eci());
  CHECK_FALSE(m.nci());
  CHECK_FALSE(m.legacy_cell());
  CHECK_FALSE(m.rsrp.has());
  CHECK_FALSE(m.pci.has());
  CHECK_FALSE(m.speed_mps());
  CHECK_FALSE(m.hdop());
  CHECK_FALSE(m.fix_age_ms());
  CHECK_FALSE(m.dl_mbps());
  CHECK(m.usable());
}

TEST_CASE("Measurement fields round-trip with their stated resolution", "[analyzer][import]") {
  Measurement m;
  m.set_position(GeoPoint{Latitude(-33.8688197), Longitude(151.2092955)});
  CHECK(m.position()->lat.degrees() == Approx(-33.8688197).margin(1e-7));
  CHECK(m.position()->lon.degrees() == Approx(151.2092955).margin(1e-7));
  m.set_position(GeoPoint{Latitude(90), Longitude(-180)});
  CHECK(m.position()->lat.degrees() == 90);
  CHECK(m.position()->lon.degrees() == -180);

  for (const char* p : {"46000", "46011", "310410", "001001", "46015"}) {
    m.set_plmn(Plmn::parse(p));
    CHECK(m.plmn()->str() == p);
  }
  Measurement two_digit;
  m.set_plmn(Plmn::parse("310041"));
  two_digit.set_plmn(Plmn::parse("31041"));
  CHECK(m.plmn_code() != two_digit.plmn_code());  // MNC "041" is not "41"

  m.set_nci(Nci(Nci::kMax));
  CHECK(m.nci()->value() == Nci::kMax);
  CHECK_FALSE(m.eci());
  m.set_eci(Eci(Eci::kMax));
  CHECK(m.eci()->value() == Eci::kMax);
  CHECK_FALSE(m.nci());
  m.set_legacy_cell(0);
  CHECK(m.legacy_cell() == 0u);
  CHECK_FALSE(m.eci());

  m.rsrp.set(Dbm(-140.25));
  CHECK(m.rsrp.get()->value == Approx(-140.3).margin(0.051));
  m.sinr.set(Db(-23));
  CHECK(m.sinr.get()->value == Approx(-23));
  m.rsrq.set(Db(5000));  // beyond 16 bits: stored as absent, never wrapped
  CHECK_FALSE(m.rsrq.has());

  m.set_speed_mps(27.78);
  CHECK(*m.speed_mps() == Approx(27.78));
  m.set_hdop(0.87);
  CHECK(*m.hdop() == Approx(0.87));
  m.set_fix_age_ms(1234);
  CHECK(m.fix_age_ms() == 1200);  // 0.1 s resolution
  m.set_fix_age_ms(10'000'000);
  CHECK(*m.fix_age_ms() == 6'553'400);  // saturates
  m.set_dl_mbps(1234.5);
  CHECK(*m.dl_mbps() == Approx(1234.5));
  m.arfcn.set(3279165u);
  CHECK(m.arfcn.get() == 3279165u);
}

TEST_CASE("round_half_away is std::lround over the ranges the record stores", "[analyzer][import]") {
  // Levels are stored as lround(dB * 10) (|x| < 32760) and coordinates as lround(degrees * 1e7)
  // (|x| <= 1.8e9): seeded random values in both ranges, exact halves and their neighbours, signed zeros.
  std::uint64_t state = 99;
  const auto unit = [&] {  // [0, 1)
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  std::vector<double> xs = {
      0.0,     -0.0,     0.5,         -0.5,        1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
      32759.5, -32759.5, 1.8e9 + 0.5, -1.8e9 - 0.5};
  for (int k = -40; k <= 40; ++k) {
    const double half = k + 0.5;
    xs.insert(xs.end(), {half, std::nextafter(half, 1e300), std::nextafter(half, -1e300)});
  }
  for (int i = 0; i < 500'000; ++i) {
    xs.push_back((unit() - 0.5) * 65520.0);
    xs.push_back((unit() - 0.5) * 3.6e9);
    xs.push_back(std::round((unit() - 0.5) * 65520.0) / 10.0 * 10.0);  // levels with one decimal, scaled back
  }
  std::size_t failures = 0;
  for (const double x : xs)
    if (round_half_away(x) != std::lround(x) && ++failures <= 10) FAIL_CHECK(x);
  CHECK(failures == 0);
}
