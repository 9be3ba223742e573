// libFuzzer target: arbitrary bytes as a reported-sites file (encoding detection, header mapping, rows).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "shikan/core/csv.hpp"
#include "shikan/core/sites.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto text = shikan::csv::decode_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
    const auto list = shikan::parse_sites(text.utf8, text.encoding, "fuzz.csv");
    if (list.sites.size() + list.rejections.size() > list.rows) __builtin_trap();
  } catch (const std::runtime_error&) {  // fatal input errors (no header, missing column, bad encoding)
  }
  return 0;
}
