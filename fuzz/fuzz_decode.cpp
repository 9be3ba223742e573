// libFuzzer target: arbitrary bytes as a modem/GNSS transcript through the decoder (AT parsers, NMEA,
// line prefixes, JSON output). It must never crash, hang or write invalid JSON structure.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shikan/probe/decode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shikan::probe::TranscriptDecoder decoder{shikan::probe::DecodeOptions{}};
  std::string out;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= in.size(); ++i) {
    if (i == in.size() || in[i] == '\n') {
      decoder.feed(in.substr(start, i - start), out);
      start = i + 1;
    }
  }
  decoder.finish(out);
  // Every record is one line that opens and closes an object.
  std::size_t line = 0;
  while (line < out.size()) {
    const std::size_t end = out.find('\n', line);
    if (end == std::string::npos || out[line] != '{' || out[end - 1] != '}') __builtin_trap();
    line = end + 1;
  }
  return 0;
}
