// libFuzzer target: arbitrary bytes as a campaign.json file (the probe reads it; a hand-edited or truncated file
// must give a CampaignError, never a crash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shikan/core/campaign.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto c = shikan::parse_campaign(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    for (const auto& s : c.stops) (void)shikan::contains(shikan::as_place(s), s.pos);
  } catch (const shikan::CampaignError&) {
  }
  return 0;
}
