// Shared by the log-store tests: temporary directories, sample factories, field-by-field comparison.
#pragma once

#include <catch2/catch.hpp>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "shikan/core/store.hpp"

namespace shikan::test {

// A fresh directory under $TMPDIR, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shikan-store-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;  // best effort: a leftover temp dir must not fail a test
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline SessionInfo session_info(std::int64_t started_ms = 1'795'000'000'000) {
  return SessionInfo{"probe-07", "0.1.0-test", "[probe]\nid = \"probe-07\"\n", UtcTime{started_ms}};
}

// An EN-DC sample with every optional field set (values from the FIELD_GUIDE §4 manual examples)
// and one neighbour of each scope.
inline Sample full_nsa_sample(std::int64_t utc_ms) {
  Sample s;
  s.utc = UtcTime{utc_ms};
  s.mono = MonoTime{utc_ms * 1'000'000 + 123'456};
  s.modem = "cucc";
  s.fix = Fix{UtcTime{utc_ms - 250}, GeoPoint{Latitude(31.230416666666667), Longitude(121.47370166666667)},
              FixQuality::RtkFixed, Metres{4.2}, 0.9, 12, 13.37, 271.5};
  s.fix_age_ms = 250;
  ServingCell& c = s.serving;
  c.rat = Rat::NrNsa;
  c.state = "CONNECT";
  c.plmn = Plmn("460", "01");
  c.eci = Eci{0x243800E};
  c.pci = 299;
  c.tac = 0x690E;
  c.arfcn = 1650;
  c.band = 3;
  c.duplex = "FDD";
  c.bandwidth_code = 5;
  c.rsrp = Dbm{-92.5};
  c.rsrq = Db{-11};
  c.sinr = Db{13.2};
  c.rssi = Dbm{-60};
  c.cqi = 12;
  c.tx_power = 230;
  c.srxlev = 40;
  c.nr = NrLeg{747, 627264u, 78, Dbm{-71}, Db{-11}, Db{13}, 12, 1};
  s.neighbours = {
      Neighbour{Rat::Lte, NeighbourScope::Intra, 1650u, 300, Dbm{-95}, Db{-12.5}, Dbm{-70}, Db{3}, 30},
      Neighbour{Rat::Lte, NeighbourScope::Inter, 100u, 12, Dbm{-101}, Db{-14}, std::nullopt, std::nullopt, 22},
      Neighbour{Rat::NrSa, NeighbourScope::Nr, 633984u, 702, Dbm{-92}, Db{-7}, std::nullopt, Db{10}, std::nullopt},
      Neighbour{},  // every optional absent
  };
  return s;
}

// An NR-SA sample at the edges of each identity's range, with a 3-digit MNC and no fix.
inline Sample edge_sa_sample(std::int64_t utc_ms) {
  Sample s;
  s.utc = UtcTime{utc_ms};
  s.mono = MonoTime{-5};
  s.modem = "cmcc";
  s.fix_age_ms = -1;
  ServingCell& c = s.serving;
  c.rat = Rat::NrSa;
  c.state = "NOCONN";
  c.plmn = Plmn("460", "001");
  c.nci = Nci{Nci::kMax};
  c.pci = 1007;
  c.tac = 0xFFFFFE;
  c.arfcn = 4294967295u;
  c.band = 78;
  c.duplex = "TDD";
  c.rsrp = Dbm{-140.25};
  c.sinr = Db{-23};
  return s;
}

// Nothing measured: every optional empty, but an (empty) NR leg present to check its flag.
inline Sample empty_sample(std::int64_t utc_ms) {
  Sample s;
  s.utc = UtcTime{utc_ms};
  s.modem = "";
  s.serving.nr = NrLeg{};
  return s;
}

inline void check_same(const Fix& a, const Fix& b) {
  CHECK(a.utc == b.utc);
  CHECK(a.pos == b.pos);
  CHECK(a.quality == b.quality);
  CHECK(a.alt == b.alt);
  CHECK(a.hdop == b.hdop);
  CHECK(a.sats == b.sats);
  CHECK(a.speed_mps == b.speed_mps);
  CHECK(a.course_deg == b.course_deg);
}

inline void check_same(const NrLeg& a, const NrLeg& b) {
  CHECK(a.pci == b.pci);
  CHECK(a.arfcn == b.arfcn);
  CHECK(a.band == b.band);
  CHECK(a.rsrp == b.rsrp);
  CHECK(a.rsrq == b.rsrq);
  CHECK(a.sinr == b.sinr);
  CHECK(a.bandwidth_code == b.bandwidth_code);
  CHECK(a.scs == b.scs);
}

inline void check_same(const Neighbour& a, const Neighbour& b) {
  CHECK(a.rat == b.rat);
  CHECK(a.scope == b.scope);
  CHECK(a.arfcn == b.arfcn);
  CHECK(a.pci == b.pci);
  CHECK(a.rsrp == b.rsrp);
  CHECK(a.rsrq == b.rsrq);
  CHECK(a.rssi == b.rssi);
  CHECK(a.sinr == b.sinr);
  CHECK(a.srxlev == b.srxlev);
}

inline void check_same(const ServingCell& a, const ServingCell& b) {
  CHECK(a.rat == b.rat);
  CHECK(a.state == b.state);
  CHECK(a.plmn == b.plmn);
  CHECK(a.nci == b.nci);
  CHECK(a.eci == b.eci);
  CHECK(a.pci == b.pci);
  CHECK(a.tac == b.tac);
  CHECK(a.arfcn == b.arfcn);
  CHECK(a.band == b.band);
  CHECK(a.duplex == b.duplex);
  CHECK(a.bandwidth_code == b.bandwidth_code);
  CHECK(a.rsrp == b.rsrp);
  CHECK(a.rsrq == b.rsrq);
  CHECK(a.sinr == b.sinr);
  CHECK(a.rssi == b.rssi);
  CHECK(a.cqi == b.cqi);
  CHECK(a.tx_power == b.tx_power);
  CHECK(a.srxlev == b.srxlev);
  REQUIRE(a.nr.has_value() == b.nr.has_value());
  if (a.nr) check_same(*a.nr, *b.nr);
}

inline void check_same(const Sample& a, const Sample& b) {
  CHECK(a.utc == b.utc);
  CHECK(a.mono == b.mono);
  CHECK(a.modem == b.modem);
  CHECK(a.fix_age_ms == b.fix_age_ms);
  REQUIRE(a.fix.has_value() == b.fix.has_value());
  if (a.fix) check_same(*a.fix, *b.fix);
  check_same(a.serving, b.serving);
  REQUIRE(a.neighbours.size() == b.neighbours.size());
  for (std::size_t i = 0; i < a.neighbours.size(); ++i) check_same(a.neighbours[i], b.neighbours[i]);
}

}  // namespace shikan::test
