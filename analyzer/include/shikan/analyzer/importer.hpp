// Measurement importers: one plug-in per input format (HOUSE_STYLE §4), recognised from content,
// all yielding the same Measurement. Streaming: a file is read row by row, never loaded whole.
// Formats and their field mappings: docs/analyzer.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/analyzer/clean.hpp"
#include "shikan/analyzer/measurement.hpp"
#include "shikan/core/hash.hpp"

namespace shikan::analyzer {

// A fatal import failure (unreadable file, unknown format, missing required column, no header).
// what() is "FILE:LINE: reason" (LINE 0 when the failure is not about a line).
class ImportError : public std::runtime_error {
 public:
  ImportError(const std::filesystem::path& file, std::uint64_t line, const std::string& reason);
};

using MeasurementSink = std::function<void(const Measurement&)>;

// What one read() saw. Bad rows are counted and the first kMaxMessages described.
struct ImportStats {
  static constexpr std::size_t kMaxMessages = 200;
  std::uint64_t rows = 0;      // data rows seen (header and blank lines excluded)
  std::uint64_t accepted = 0;  // rows handed to the sink
  std::uint64_t rejected = 0;  // rows dropped, each with a message "FILE:LINE: reason"
  std::vector<std::string> messages;
  DroppedValues dropped;  // values (not rows) dropped as sentinels or out of range

  void reject(const std::filesystem::path& file, std::uint64_t line, std::string_view reason);
  void merge(const ImportStats& o);
};

// Settings of formats that need them.
struct ImportOptions {
  // G-NetTrack Pro writes the phone's local wall-clock time without a zone. Minutes east of UTC;
  // default +08:00 (China). Both real data sets in ../shared are UTC+0 (Cork in winter, Dakar).
  int gnettrack_utc_offset_min = 8 * 60;
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual std::string_view name() const = 0;  // "probe-db", "gnettrack-csv", "gnettrack-txt", "generic-csv"
  // True when `head` (the first bytes of the file, up to 4 KiB) is this format. Never opens the file.
  virtual bool sniff(const std::filesystem::path& file, std::string_view head) const = 0;
  // Streams every row to `sink`; Measurement::file is left 0 (import_paths sets it).
  // Throws ImportError on fatal problems; bad rows are counted in the returned stats.
  virtual ImportStats read(const std::filesystem::path& file, const MeasurementSink& sink) const = 0;
};

std::unique_ptr<Importer> make_probe_db_importer();
std::unique_ptr<Importer> make_gnettrack_csv_importer(const ImportOptions& options);
std::unique_ptr<Importer> make_gnettrack_txt_importer(const ImportOptions& options);
std::unique_ptr<Importer> make_generic_csv_importer();

class ImporterRegistry {
 public:
  ImporterRegistry() = default;
  static ImporterRegistry builtin(const ImportOptions& options = {});
  void add(std::unique_ptr<Importer> importer);
  // The first importer whose sniff() accepts `head`, or nullptr.
  const Importer* detect(const std::filesystem::path& file, std::string_view head) const;
  // Reads the head of `file` and detects; throws ImportError naming the file when nothing matches
  // (with a hint: binary content, UTF-16, empty file, or the first line).
  const Importer& detect_or_throw(const std::filesystem::path& file) const;

 private:
  std::vector<std::unique_ptr<Importer>> importers_;
};

// The first bytes of a file (up to 4 KiB). Throws ImportError if it cannot be opened.
std::string read_head(const std::filesystem::path& file);

struct ImportedFile {
  std::filesystem::path path;
  std::string format;  // Importer::name()
  ImportStats stats;
  std::string sha256;  // of the whole file, lowercase hex
  std::uintmax_t bytes = 0;
  std::string fingerprint;  // quick_fingerprint
};

// A file whose content is byte-identical to one already imported (the same log copied or given twice): it
// is not read again, so its rows are not counted twice.
struct DuplicateFile {
  std::filesystem::path path;
  std::filesystem::path same_as;
};

struct ImportSummary {
  std::vector<ImportedFile> files;  // Measurement::file indexes this
  std::vector<std::filesystem::path> skipped;  // files inside directories in no known format
  std::vector<DuplicateFile> duplicate_files;
  ImportStats total;
};

// Files are identified by shikan::sha256_file and shikan::quick_fingerprint (core/hash.hpp).

// Imports every path: a file is read with the importer its content selects (unknown format: throws
// ImportError); a directory is walked recursively in sorted path order, where files of unknown
// format are skipped and listed (G-NetTrack writes _events/_stats files beside its logs). Files
// byte-identical to an earlier one are listed in duplicate_files and not read.
ImportSummary import_paths(const std::vector<std::filesystem::path>& paths, const MeasurementSink& sink,
                           const ImporterRegistry& registry = ImporterRegistry::builtin());

// The first stage of `shikan analyze`: import every path and clean the rows on the way. The sink
// receives every row, flagged ones included (Measurement::usable() tells). The report's `values`
// holds the values the importers dropped. Two threads: the importers parse on one while the cleaner
// and `sink` run on the calling thread, rows passing in batches through a bounded queue (so memory
// stays bounded whichever side is slower). An exception on either side stops both and is rethrown here.
struct MeasurementInput {
  ImportSummary import;
  CleaningReport cleaning;
};
MeasurementInput import_and_clean(const std::vector<std::filesystem::path>& paths, const MeasurementSink& sink,
                                  const ImportOptions& import_options = {},
                                  const CleaningOptions& cleaning_options = {});

}  // namespace shikan::analyzer
