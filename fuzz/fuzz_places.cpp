// libFuzzer target: arbitrary bytes as a key-places GeoJSON file.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "shikan/core/places.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto list = shikan::parse_places(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.geojson");
    for (const auto& p : list.places) (void)shikan::anchor(p);
  } catch (const std::runtime_error&) {  // not JSON / not a FeatureCollection
  }
  return 0;
}
