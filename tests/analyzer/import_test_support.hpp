// Shared by the analyzer import/clean tests: temporary directories, collecting importers' output.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "shikan/analyzer/importer.hpp"
#include "test_paths.hpp"

namespace shikan::test {

// A fresh directory under $TMPDIR, removed with everything in it when the object goes.
class ImportTempDir {
 public:
  ImportTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shikan-import-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path_ = tmpl;
  }
  ~ImportTempDir() {
    std::error_code ec;  // best effort: a leftover temp dir must not fail a test
    std::filesystem::remove_all(path_, ec);
  }
  ImportTempDir(const ImportTempDir&) = delete;
  ImportTempDir& operator=(const ImportTempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to a file in the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& bytes) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path measurement_fixture(const std::string& name) {
  return fixtures() / "measurements" / name;
}

struct Imported {
  analyzer::ImportStats stats;
  std::vector<analyzer::Measurement> rows;
};

// Reads `file` with the importer its content selects.
inline Imported import_one(const std::filesystem::path& file, const analyzer::ImportOptions& options = {}) {
  const auto registry = analyzer::ImporterRegistry::builtin(options);
  Imported out;
  out.stats = registry.detect_or_throw(file).read(file, [&](const analyzer::Measurement& m) { out.rows.push_back(m); });
  return out;
}

inline std::uint64_t dropped_sentinel(const analyzer::ImportStats& s, analyzer::Field f) {
  return s.dropped.sentinel[static_cast<std::size_t>(f)];
}
inline std::uint64_t dropped_range(const analyzer::ImportStats& s, analyzer::Field f) {
  return s.dropped.out_of_range[static_cast<std::size_t>(f)];
}

}  // namespace shikan::test
