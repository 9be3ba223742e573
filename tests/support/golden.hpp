// Golden-file comparison shared by the decoder tests: exact text, the first differing line reported,
// rewritten instead when SHIKAN_UPDATE_GOLDEN=1 (a commit that changes a golden file must say why).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace shikan::test {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  REQUIRE(f.good());
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

inline bool update_golden() {
  const char* v = std::getenv("SHIKAN_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

inline void check_golden(const std::filesystem::path& golden, const std::string& actual) {
  if (update_golden()) {
    std::filesystem::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << actual;
    WARN("rewrote " << golden.string() << ": review the diff and give the reason in the commit message");
    return;
  }
  REQUIRE(std::filesystem::exists(golden));
  const std::string expected = read_file(golden);
  if (expected == actual) return;
  std::istringstream e(expected), a(actual);
  std::string el, al;
  for (int n = 1;; ++n) {
    const bool ge = static_cast<bool>(std::getline(e, el)), ga = static_cast<bool>(std::getline(a, al));
    if (!ge && !ga) break;
    if (!ge || !ga || el != al) {
      INFO(golden.string() << " line " << n);
      CHECK(al == el);
      break;
    }
  }
  FAIL("output differs from " << golden.string());
}

}  // namespace shikan::test
