// csv::parse_double against std::from_chars: the same verdict and the same bits for every string, the plain
// decimals its fast path reads above all (a seeded property test over millions of them).
#include <bit>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "shikan/core/csv.hpp"

namespace {

// The reference: from_chars over the whole string, as the importers used it before parse_double.
bool reference(std::string_view s, double& out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Empty when parse_double agrees with the reference on `s` (verdict, and bits of the value when accepted),
// else a description of the disagreement.
std::string disagreement(const std::string& s) {
  double want = 0, got = 0;
  const bool ok_want = reference(s, want);
  const bool ok_got = shikan::csv::parse_double(s, got);
  if (ok_want != ok_got) return "'" + s + "': verdict differs";
  if (ok_want && std::bit_cast<std::uint64_t>(want) != std::bit_cast<std::uint64_t>(got))
    return "'" + s + "': bits differ";
  return {};
}

// splitmix64, seeded: the same strings on every run and platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

std::string digits(Rng& rng, std::uint32_t n) {
  std::string out;
  for (std::uint32_t i = 0; i < n; ++i) out += static_cast<char>('0' + rng.below(10));
  return out;
}

}  // namespace

TEST_CASE("parse_double: edge cases agree with from_chars", "[csv][number]") {
  const std::vector<std::string> cases = {
      "",
      "-",
      "+",
      ".",
      "-.",
      "0",
      "-0",
      "0.0",
      "-0.0",
      "00",
      "007",
      "-007.50",
      "1",
      "-1",
      "5.",
      "-5.",
      ".5",
      "-.5",
      "+5",
      "--5",
      "-+5",
      "1e5",
      "1E5",
      "1e-5",
      "-1.5e1",
      "1.5e",
      "inf",
      "-inf",
      "infinity",
      "nan",
      "NaN",
      "nan(1)",
      "0x10",
      "1,5",
      "1.2.3",
      "1..2",
      " 1",
      "1 ",
      "\t1",
      "1\n",
      "abc",
      "12a",
      "a12",
      "-93.5",
      "30.2512345",
      "120.1217456",
      "-32768",
      "2147483647",
      "-2147483648",
      "999999999999999",
      "9999999999999999",
      "0.000000000000001",
      "0.0000000000000001",
      "123456789012345",
      "1234567890123456",
      "12345678.9012345",
      "12345678.90123456",
      "9007199254740993",
      "9007199254740992.5",
      "1e308",
      "1e309",
      "-1e309",
      "1e-400",
      "4.9406564584124654e-324",
      "2.2250738585072014e-308",
      "0.1",
      "0.2",
      "0.3",
      "-0.7",
      "99.99",
      "000000000000000000001",
      "1.000000000000000000001",
      "١٢",
      "\xEF\xBC\x95",
  };
  for (const auto& s : cases) CHECK(disagreement(s).empty());
}

TEST_CASE("parse_double: millions of typical decimals give from_chars's bits", "[csv][number]") {
  // Sign, 1..9 integer digits (sometimes with leading zeros), an optional point with 1..9 fraction digits:
  // 1..18 digits in all, so both the fast path (up to 15) and its hand-over to from_chars are exercised.
  Rng rng{20261121};
  std::size_t failures = 0;
  for (int i = 0; i < 3'000'000; ++i) {
    std::string s = rng.below(3) == 0 ? "-" : "";
    s += digits(rng, 1 + rng.below(9));
    if (rng.below(4) != 0) {
      s += '.';
      s += digits(rng, 1 + rng.below(9));
    }
    const std::string why = disagreement(s);
    if (!why.empty() && ++failures <= 10) FAIL_CHECK(why);
  }
  CHECK(failures == 0);
}

TEST_CASE("parse_double: doubles written out read back unchanged", "[csv][number]") {
  // Fixed-point text as the generators and phones write it (1..7 decimals), and the shortest round-trip text
  // of random doubles (up to 17 digits, mostly from_chars's part): each reads back as from_chars reads it,
  // and the shortest text as the very double it came from.
  Rng rng{7};
  std::size_t failures = 0;
  char buf[64];
  for (int i = 0; i < 1'000'000; ++i) {
    const double unit = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;  // [0, 1)
    const double x = (unit - 0.5) * std::pow(10.0, static_cast<double>(rng.below(12)));
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(1 + rng.below(7)), x);
    std::string why = disagreement(buf);
    const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
    const std::string shortest(buf, end);
    double back = 0;
    if (why.empty()) why = disagreement(shortest);
    if (why.empty() && (!shikan::csv::parse_double(shortest, back) ||
                        std::bit_cast<std::uint64_t>(back) != std::bit_cast<std::uint64_t>(x)))
      why = "'" + shortest + "': does not round-trip";
    if (!why.empty() && ++failures <= 10) FAIL_CHECK(why);
  }
  CHECK(failures == 0);
}
