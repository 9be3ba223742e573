// Value cleaning: sentinel codes and out-of-range values are dropped and counted (FIELD_GUIDE §3).
#include <catch2/catch.hpp>

#include <limits>

#include "shikan/analyzer/clean.hpp"

using namespace shikan;
using namespace shikan::analyzer;

TEST_CASE("sentinels and out-of-range values are dropped; valid values pass unchanged", "[analyzer][clean]") {
  struct Case {
    Field field;
    double raw;
    bool kept;
    bool sentinel;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {Field::Rsrp, -85, true, false},        {Field::Rsrp, -156, true, false},
      {Field::Rsrp, -31, true, false},        {Field::Rsrp, -200, false, true},
      {Field::Rsrp, -340, false, true},       {Field::Rsrp, -32768, false, true},
      {Field::Rsrp, 2147483647, false, true}, {Field::Rsrp, -164, false, false},
      {Field::Rsrp, -24, false, false},       {Field::Rsrp, nan, false, false},
      {Field::Rsrq, -200, false, false},      {Field::Rsrq, -43, true, false},
      {Field::Sinr, 2147483647, false, true}, {Field::Sinr, 40, true, false},
      {Field::Sinr, 40.5, false, false},      {Field::NrRsrp, -340, false, true},
      {Field::Pci, 1007, true, false},        {Field::Pci, 1008, false, false},
      {Field::Arfcn, 65535, false, true},     {Field::Arfcn, 627264, true, false},
      {Field::Ta, 3846, true, false},         {Field::Ta, -1, false, false},
      {Field::SpeedMps, inf, false, false},   {Field::Hdop, 99.99, false, false},
      {Field::Mbps, -2147483648.0, false, true},
  };
  for (const auto& c : cases) {
    INFO(to_string(c.field) << " " << c.raw);
    DroppedValues d;
    const auto v = accept(c.field, c.raw, d);
    CHECK(v.has_value() == c.kept);
    if (c.kept) CHECK(*v == c.raw);
    const auto i = static_cast<std::size_t>(c.field);
    CHECK(d.sentinel[i] == (!c.kept && c.sentinel ? 1u : 0u));
    CHECK(d.out_of_range[i] == (!c.kept && !c.sentinel ? 1u : 0u));
    CHECK(d.total() == (c.kept ? 0u : 1u));
  }
}

TEST_CASE("the RSRP sentinels -200 and -340 apply to RSRP fields only", "[analyzer][clean]") {
  CHECK(is_sentinel(Field::Rsrp, -200));
  CHECK(is_sentinel(Field::NrRsrp, -200));
  CHECK_FALSE(is_sentinel(Field::Rsrq, -200));
  CHECK(is_sentinel(Field::Band, 65535));
}

TEST_CASE("dropped-value counts merge field by field", "[analyzer][clean]") {
  DroppedValues a, b;
  accept(Field::Rsrp, -200, a);
  accept(Field::Rsrp, -200, b);
  accept(Field::Sinr, 99, b);
  a.merge(b);
  CHECK(a.sentinel[static_cast<std::size_t>(Field::Rsrp)] == 2);
  CHECK(a.out_of_range[static_cast<std::size_t>(Field::Sinr)] == 1);
  CHECK(a.total() == 3);
}
