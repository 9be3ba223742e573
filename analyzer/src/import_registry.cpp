// The importer registry: format detection from content, and the walk over files and directories.
#include <algorithm>
#include <future>
#include <limits>
#include <fstream>

#include "shikan/analyzer/importer.hpp"

namespace shikan::analyzer {

namespace fs = std::filesystem;

ImportError::ImportError(const fs::path& file, std::uint64_t line, const std::string& reason)
    : std::runtime_error(file.string() + ":" + std::to_string(line) + ": " + reason) {}

void ImportStats::reject(const fs::path& file, std::uint64_t line, std::string_view reason) {
  ++rejected;
  if (messages.size() < kMaxMessages)
    messages.push_back(file.string() + ":" + std::to_string(line) + ": " + std::string(reason));
}

void ImportStats::merge(const ImportStats& o) {
  rows += o.rows;
  accepted += o.accepted;
  rejected += o.rejected;
  for (const auto& m : o.messages) {
    if (messages.size() >= kMaxMessages) break;
    messages.push_back(m);
  }
  dropped.merge(o.dropped);
}

ImporterRegistry ImporterRegistry::builtin(const ImportOptions& options) {
  ImporterRegistry r;
  r.add(make_probe_db_importer());
  r.add(make_gnettrack_csv_importer(options));
  r.add(make_gnettrack_txt_importer(options));
  r.add(make_generic_csv_importer());
  return r;
}

void ImporterRegistry::add(std::unique_ptr<Importer> importer) { importers_.push_back(std::move(importer)); }

const Importer* ImporterRegistry::detect(const fs::path& file, std::string_view head) const {
  for (const auto& i : importers_)
    if (i->sniff(file, head)) return i.get();
  return nullptr;
}

std::string read_head(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError(file, 0, "cannot open");
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (in.bad()) throw ImportError(file, 0, "cannot read");
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

namespace {

// Why nothing recognised `head`, for the error message.
std::string unknown_format_hint(std::string_view head) {
  if (head.empty()) return "empty file";
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
    return "UTF-16 text is not supported: save it as UTF-8";
  const auto controls = std::count_if(head.begin(), head.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
  if (controls > 0) return "binary content, not a measurement log";
  std::string_view first = head.substr(0, head.find_first_of("\r\n"));
  if (first.size() > 120) first = first.substr(0, 120);
  return "unknown measurement format (first line: '" + std::string(first) + "')";
}

}  // namespace

const Importer& ImporterRegistry::detect_or_throw(const fs::path& file) const {
  const std::string head = read_head(file);
  if (const Importer* i = detect(file, head)) return *i;
  throw ImportError(file, 1, unknown_format_hint(head));
}

namespace {

void import_file(const fs::path& file, const Importer& importer, const MeasurementSink& sink, ImportSummary& out) {
  if (out.files.size() > std::numeric_limits<std::uint16_t>::max())
    throw ImportError(file, 0, "too many input files (at most 65536 per run)");
  // Identical to a file already read? The quick fingerprint finds candidates, the full hash confirms.
  const std::string print = quick_fingerprint(file);
  for (const ImportedFile& f : out.files)
    if (f.fingerprint == print && f.sha256 == sha256_file(file)) {
      out.duplicate_files.push_back({file, f.path});
      return;
    }
  // The full hash (for the report) is computed on another thread while the file is parsed.
  auto hash = std::async(std::launch::async, [file] { return sha256_file(file); });
  const auto id = static_cast<std::uint16_t>(out.files.size());
  ImportStats stats = importer.read(file, [&](const Measurement& m) {
    Measurement copy = m;
    copy.file = id;
    sink(copy);
  });
  out.total.merge(stats);
  std::error_code ec;
  const auto bytes = fs::file_size(file, ec);
  out.files.push_back({file, std::string(importer.name()), std::move(stats), hash.get(), ec ? 0 : bytes, print});
}

}  // namespace

ImportSummary import_paths(const std::vector<fs::path>& paths, const MeasurementSink& sink,
                           const ImporterRegistry& registry) {
  ImportSummary out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file()) files.push_back(it->path());
      if (ec) throw ImportError(p, 0, "cannot list directory: " + ec.message());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        const std::string head = read_head(f);
        if (const Importer* i = registry.detect(f, head)) {
          import_file(f, *i, sink, out);
        } else {
          out.skipped.push_back(f);
        }
      }
    } else {
      import_file(p, registry.detect_or_throw(p), sink, out);
    }
  }
  return out;
}

}  // namespace shikan::analyzer
