// Import followed by row cleaning, streaming: each row goes from its importer through the Cleaner
// to the caller's sink without being stored.
#include "shikan/analyzer/importer.hpp"

namespace shikan::analyzer {

MeasurementInput import_and_clean(const std::vector<std::filesystem::path>& paths, const MeasurementSink& sink,
                                  const ImportOptions& import_options, const CleaningOptions& cleaning_options) {
  MeasurementInput out;
  Cleaner cleaner(cleaning_options, sink);
  out.import = import_paths(paths, [&](const Measurement& m) { cleaner.push(m); },
                            ImporterRegistry::builtin(import_options));
  cleaner.finish();
  out.cleaning = cleaner.report();
  out.cleaning.values = out.import.total.dropped;
  return out;
}

}  // namespace shikan::analyzer
