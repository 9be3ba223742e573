// Crash safety: a child process writes batches and reports each committed one; the parent SIGKILLs
// it at a seeded point, reopens the file and checks that every reported batch is there, whole.
// A kill cannot lose what the OS already has; power loss is covered by synchronous=FULL, which a
// test cannot pull the plug on (docs/log-format.md, "Durability").
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <random>

#include "shikan/core/store.hpp"
#include "test_store_support.hpp"

using namespace shikan;
using shikan::test::TempDir;

namespace {

constexpr int kBatches = 40;
constexpr int kSamplesPerBatch = 10;
constexpr int kLinesPerSample = 3;

std::int64_t utc_of(int batch, int i) { return 1'795'000'000'000 + batch * 1000 + i; }

// The child: never returns; reports batch numbers as int32 on `fd` after each commit.
[[noreturn]] void write_batches(const std::filesystem::path& file, int fd) {
  try {
    LogStore store(file);
    const SessionId s = store.begin_session(test::session_info());
    for (std::int32_t b = 0; b < kBatches; ++b) {
      for (int i = 0; i < kSamplesPerBatch; ++i) {
        store.add(s, test::full_nsa_sample(utc_of(b, i)));
        for (int k = 0; k < kLinesPerSample; ++k)
          store.add(s, RawLine{UtcTime{utc_of(b, i)}, MonoTime{k}, "cucc", Direction::Received, "+QENG: x"});
      }
      store.flush();
      if (::write(fd, &b, sizeof b) != sizeof b) ::_exit(3);
    }
  } catch (...) {
    ::_exit(2);
  }
  ::_exit(0);
}

// Reads batch reports until `stop_after` have arrived (or the pipe ends); returns the last one, -1 if none.
std::int32_t read_reports(int fd, int stop_after) {
  std::int32_t last = -1, b = 0;
  for (int n = 0; n < stop_after && ::read(fd, &b, sizeof b) == sizeof b; ++n) last = b;
  return last;
}

}  // namespace

TEST_CASE("every batch reported committed survives SIGKILL at 20 seeded points", "[core][store][crash]") {
  std::mt19937 rng(20261121);  // fixed seed: the kill points are the same on every run
  std::uniform_int_distribution<int> kill_after(0, kBatches - 1);
  for (int run = 0; run < 20; ++run) {
    const int stop_after = kill_after(rng);
    INFO("run " << run << ": SIGKILL after " << stop_after << " reported batches");
    TempDir dir;
    const auto file = dir / "crash.db";
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(fds[0]);
      write_batches(file, fds[1]);
    }
    ::close(fds[1]);
    std::int32_t committed = read_reports(fds[0], stop_after);
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    // Batches reported between our decision and the kill landing are committed too.
    const std::int32_t late = read_reports(fds[0], kBatches);
    if (late >= 0) committed = late;
    ::close(fds[0]);
    CHECK((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0)));

    LogStore store(file);
    REQUIRE(store.integrity_ok());
    const auto samples = store.samples(1);
    const auto n = static_cast<std::int64_t>(samples.size());
    INFO("committed batches reported: " << committed + 1 << ", samples on disk: " << n);
    CHECK(n >= (committed + 1) * kSamplesPerBatch);
    CHECK(n % kSamplesPerBatch == 0);  // a batch is all or nothing
    for (std::int64_t i = 0; i < n; ++i) {
      const auto batch = static_cast<int>(i / kSamplesPerBatch), k = static_cast<int>(i % kSamplesPerBatch);
      if (samples[static_cast<std::size_t>(i)].utc != UtcTime{utc_of(batch, k)}) FAIL("sample " << i << " out of place");
    }
    const StoreCounts counts = store.counts(1);
    CHECK(counts.raw_lines == n * kLinesPerSample);
    CHECK(counts.neighbours == n * 4);
  }
}
