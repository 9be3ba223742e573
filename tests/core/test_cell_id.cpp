#include <catch2/catch.hpp>

#include "shikan/core/cell_id.hpp"

using namespace shikan;

TEST_CASE("NCI splits into gNB id and cell by the configured length", "[core][cellid]") {
  // 460-00 capture: NCI 0x170C23000 (quectel-cm log); with L = 24 the gNB is 0x170C23, cell 0.
  const Nci nci{0x170C23000ULL};
  const GnbSplit s24 = split(nci, GnbIdLength{24});
  CHECK(s24.gnb_id == 0x170C23u);
  CHECK(s24.cell == 0u);
  const GnbSplit s22 = split(nci, GnbIdLength{22});
  CHECK(s22.gnb_id == (0x170C23000ULL >> 14));
  CHECK(s22.cell == (0x170C23000ULL & 0x3FFF));
  const GnbSplit s32 = split(Nci{0x760BF0114ULL}, GnbIdLength{32});
  CHECK(s32.gnb_id == 0x760BF011u);
  CHECK(s32.cell == 0x4u);
}

TEST_CASE("identities reject values outside their bit width", "[core][cellid]") {
  CHECK_THROWS_AS(Nci{Nci::kMax + 1}, std::out_of_range);
  CHECK_THROWS_AS(Eci{Eci::kMax + 1}, std::out_of_range);
  CHECK_THROWS_AS(GnbIdLength{21}, std::out_of_range);
  CHECK_THROWS_AS(GnbIdLength{33}, std::out_of_range);
  const Eci eci{0x243800E};
  CHECK(eci.enb_id() == 0x243800E >> 8);
  CHECK(eci.cell() == 0x0E);
}

TEST_CASE("gNB-ID length is looked up per PLMN with a documented default", "[core][cellid]") {
  GnbIdLengths lens;
  CHECK(lens.for_plmn(Plmn("460", "00")).bits() == 24);
  lens.set(Plmn("460", "11"), GnbIdLength{26});
  CHECK(lens.for_plmn(Plmn("460", "11")).bits() == 26);
  CHECK(lens.for_plmn(Plmn("460", "01")).bits() == 24);
}
