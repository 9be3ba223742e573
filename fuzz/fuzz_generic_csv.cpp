// libFuzzer target: arbitrary bytes as a measurement file, through format detection, the importer and the
// cleaner (the analyzer's whole input edge).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "shikan/analyzer/importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("shikan-fuzz-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                static_cast<std::streamsize>(size));
  try {
    (void)shikan::analyzer::import_and_clean({file}, [](const shikan::analyzer::Measurement&) {});
  } catch (const shikan::analyzer::ImportError&) {  // unknown format, missing column: the expected failures
  }
  return 0;
}
