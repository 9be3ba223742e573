// stats::median and write_file_atomically.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "shikan/core/files.hpp"
#include "shikan/core/stats.hpp"

using namespace shikan;

TEST_CASE("median: odd and even counts, order does not matter, empty is an error", "[stats]") {
  CHECK(stats::median({3.0, 1.0, 2.0}) == 2.0);
  CHECK(stats::median({4.0, 1.0, 3.0, 2.0}) == 2.5);
  CHECK(stats::median({-7.5}) == -7.5);
  CHECK_THROWS_AS(stats::median({}), std::invalid_argument);
}

TEST_CASE("write_file_atomically: replaces the file whole and leaves no temporary; a bad folder names the file", "[files]") {
  const auto dir = std::filesystem::temp_directory_path() / ("shikan-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.txt";
  write_file_atomically(path, "first, longer text");
  write_file_atomically(path, "second");
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(s.str() == "second");
  CHECK_FALSE(std::filesystem::exists(dir / "out.txt.tmp"));
  try {
    write_file_atomically(dir / "missing" / "x.txt", "x");
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("missing/x.txt.tmp:0: cannot write") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
