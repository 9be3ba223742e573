// libFuzzer target: arbitrary bytes as an analysis profile and as a claims file (TOML).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shikan/analyzer/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)shikan::analyzer::parse_profile(text, "fuzz.toml");
  } catch (const shikan::analyzer::ProfileError&) {  // the one expected failure
  }
  try {
    shikan::analyzer::Profile p;
    (void)shikan::analyzer::parse_claims(text, "fuzz.toml", p);
  } catch (const shikan::analyzer::ProfileError&) {
  }
  return 0;
}
