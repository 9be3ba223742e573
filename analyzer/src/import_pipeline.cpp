// Import followed by row cleaning, streaming, on two threads: the importers parse on a producer thread and
// hand rows over in batches through a bounded queue; the Cleaner and the caller's sink run on the calling
// thread. Parsing and aggregation each take about half of a row's cost, so two cores nearly halve the wall
// time, while at most kMaxQueued batches (a few MB) wait between them.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "shikan/analyzer/importer.hpp"

namespace shikan::analyzer {
namespace {

constexpr std::size_t kBatch = 4096;     // rows per hand-over (320 KB)
constexpr std::size_t kMaxQueued = 8;    // batches waiting at most

struct Cancelled {};  // unwinds the producer when the consumer failed

class BatchQueue {
 public:
  // Producer: blocks while the queue is full; throws Cancelled once the consumer gave up.
  void push(std::vector<Measurement>&& batch) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return queue_.size() < kMaxQueued || cancelled_; });
    if (cancelled_) throw Cancelled{};
    queue_.push_back(std::move(batch));
    cv_.notify_all();
  }
  // Consumer: the next batch, or false when the producer is done and the queue is empty.
  bool pop(std::vector<Measurement>& out) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return true;
  }
  void finish(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    done_ = true;
    error_ = std::move(error);
    cv_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    cv_.notify_all();
  }
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::vector<Measurement>> queue_;
  bool done_ = false, cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace

MeasurementInput import_and_clean(const std::vector<std::filesystem::path>& paths, const MeasurementSink& sink,
                                  const ImportOptions& import_options, const CleaningOptions& cleaning_options) {
  MeasurementInput out;
  Cleaner cleaner(cleaning_options, sink);
  BatchQueue queue;
  std::thread producer([&] {
    std::exception_ptr error;
    try {
      std::vector<Measurement> batch;
      batch.reserve(kBatch);
      out.import = import_paths(
          paths,
          [&](const Measurement& m) {
            batch.push_back(m);
            if (batch.size() == kBatch) {
              queue.push(std::move(batch));
              batch = {};
              batch.reserve(kBatch);
            }
          },
          ImporterRegistry::builtin(import_options));
      if (!batch.empty()) queue.push(std::move(batch));
    } catch (const Cancelled&) {
    } catch (...) {
      error = std::current_exception();
    }
    queue.finish(error);
  });
  try {
    std::vector<Measurement> batch;
    while (queue.pop(batch))
      for (const Measurement& m : batch) cleaner.push(m);
  } catch (...) {
    queue.cancel();
    producer.join();
    throw;
  }
  producer.join();
  if (auto e = queue.error()) std::rethrow_exception(e);
  cleaner.finish();
  out.cleaning = cleaner.report();
  out.cleaning.values = out.import.total.dropped;
  return out;
}

}  // namespace shikan::analyzer
