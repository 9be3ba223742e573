// Seeded mutation fuzzing of the gpsd report parser: captured-style reports with bytes flipped, dropped
// or cut. parse() returns a value or a reason, never throws; the assembler accepts whatever parses.
#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "shikan/probe/gpsd.hpp"
#include "test_paths.hpp"

namespace gpsd = shikan::probe::gpsd;

TEST_CASE("gpsd fuzz: mutated reports never throw", "[gpsd][fuzz]") {
  std::vector<std::string> seeds;
  std::ifstream in(shikan::test::fixtures() / "nmea" / "gpsd-session.jsonl");
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) seeds.push_back(l);
  REQUIRE(seeds.size() == 7);

  std::mt19937 rng(2947);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::string alphabet = "{}[]\":,0123456789.-eE truefalsnul\\\x01\xff";
  gpsd::FixAssembler assembler;
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string s = seeds[static_cast<std::size_t>(i) % seeds.size()];
    for (int e = 0, n = 1 + static_cast<int>(pick(3)); e < n && !s.empty(); ++e) {
      switch (pick(4)) {
        case 0: s[pick(s.size())] = alphabet[pick(alphabet.size())]; break;
        case 1: s.erase(pick(s.size()), 1 + pick(4)); break;
        case 2: s.insert(pick(s.size()), 1, alphabet[pick(alphabet.size())]); break;
        default: s.resize(pick(s.size())); break;
      }
    }
    CAPTURE(s);
    std::optional<shikan::Parsed<gpsd::Message>> m;
    REQUIRE_NOTHROW(m.emplace(gpsd::parse(s)));
    if (!m->ok()) {
      ++rejected;
      continue;
    }
    ++accepted;
    REQUIRE_NOTHROW(assembler.feed(m->value()));
  }
  CHECK(accepted > 500);
  CHECK(rejected > 500);
}
