// Where tests find their fixtures and the shared real data.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

namespace shikan::test {

inline std::filesystem::path fixtures() { return SHIKAN_FIXTURES_DIR; }
inline std::filesystem::path source_dir() { return SHIKAN_SOURCE_DIR; }

// ../shared beside the repository, or $SHIKAN_SHARED. Empty when absent: realdata tests then print
// "SKIPPED: ..." (ctest reports them as skipped) and return.
inline std::optional<std::filesystem::path> shared_dir() {
  std::filesystem::path p = std::getenv("SHIKAN_SHARED") ? std::getenv("SHIKAN_SHARED") : SHIKAN_SHARED_DIR;
  if (std::filesystem::is_directory(p / "data")) return p;
  return std::nullopt;
}

}  // namespace shikan::test

// Use at the top of a realdata test case.
#define SHIKAN_REQUIRE_SHARED(var)                                                                     \
  const auto var##_opt = ::shikan::test::shared_dir();                                                 \
  if (!var##_opt) {                                                                                    \
    std::cout << "SKIPPED: ../shared/data is absent; real-data test not run" << std::endl;             \
    return;                                                                                            \
  }                                                                                                    \
  const std::filesystem::path var = *var##_opt
