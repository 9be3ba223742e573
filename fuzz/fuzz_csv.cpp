// libFuzzer target: arbitrary bytes through the CSV reader (delimiter sniffing, quotes, limits).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "shikan/core/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  shikan::csv::Dialect dialect;
  dialect.block_bytes = 61;  // odd block size: records straddle buffer refills
  try {
    shikan::csv::CsvReader reader(in, dialect, "fuzz.csv");
    while (auto rec = reader.next()) {
      if (rec->fields.empty()) __builtin_trap();
    }
  } catch (const shikan::csv::CsvError&) {  // the one expected failure: malformed input
  }
  return 0;
}
