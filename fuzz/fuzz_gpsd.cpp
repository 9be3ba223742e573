// libFuzzer target: arbitrary bytes as one gpsd JSON line, through the parser and the fix assembler.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shikan/probe/gpsd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static shikan::probe::gpsd::FixAssembler assembler;
  const auto msg = shikan::probe::gpsd::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (msg.ok()) assembler.feed(msg.value());
  return 0;
}
