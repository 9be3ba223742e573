// Format recognition from content, directory walks and input that is not a measurement log.
#include <catch2/catch.hpp>

#include "import_test_support.hpp"
#include "shikan/core/store.hpp"

using namespace shikan;
using namespace shikan::analyzer;
using shikan::test::measurement_fixture;

namespace {
std::string format_of(const std::filesystem::path& p) {
  return std::string(ImporterRegistry::builtin().detect_or_throw(p).name());
}
}  // namespace

TEST_CASE("formats are recognised from content, not from the file name", "[analyzer][import]") {
  CHECK(format_of(measurement_fixture("generic_small.csv")) == "generic-csv");
  CHECK(format_of(measurement_fixture("generic_really.txt")) == "generic-csv");
  CHECK(format_of(measurement_fixture("gnettrack_small.csv")) == "gnettrack-csv");
  CHECK(format_of(measurement_fixture("gnettrack_small.txt")) == "gnettrack-txt");

  test::ImportTempDir dir;
  CHECK(format_of(dir.write("tab.csv", "Timestamp\tLongitude\tLatitude\tOperator\tNetworkTech\tLevel\r\n")) ==
        "gnettrack-txt");
  CHECK(format_of(dir.write("bom.dat", "\xEF\xBB\xBFtime,lat,lon,plmn,rat,cell_id,pci,rsrp\n")) == "generic-csv");
  {
    LogStore store(dir / "probe.csv");  // a database named .csv is still a database
  }
  CHECK(format_of(dir / "probe.csv") == "probe-db");
}

TEST_CASE("unknown content is a clear error naming the file", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto garbage = dir.write("garbage.csv", std::string("\x7F" "ELF\x02\x01\x01\0\0\0\x03\0>\0", 16));
  CHECK_THROWS_WITH(format_of(garbage), Catch::Contains(garbage.string() + ":1: binary content"));
  const auto utf16 = dir.write("utf16.csv", std::string("\xFF\xFEt\0i\0m\0e\0", 10));
  CHECK_THROWS_WITH(format_of(utf16), Catch::Contains("UTF-16 text is not supported"));
  const auto empty = dir.write("empty.csv", "");
  CHECK_THROWS_WITH(format_of(empty), Catch::Contains("empty file"));
  const auto stats = measurement_fixture("not_a_log_stats.txt");
  CHECK_THROWS_WITH(format_of(stats), Catch::Contains("unknown measurement format (first line: 'Event\tStats')"));
  CHECK_THROWS_AS(import_paths({dir / "absent.csv"}, [](const Measurement&) {}), ImportError);
}

TEST_CASE("a SQLite file that is not a probe log is a fatal error with the file name", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto fake = dir.write("fake.db", std::string("SQLite format 3\0", 16) + std::string(200, '\x01'));
  CHECK_THROWS_WITH(import_paths({fake}, [](const Measurement&) {}), Catch::Contains(fake.string() + ":0: probe database"));
}

TEST_CASE("directories are walked recursively in sorted order; unknown files are skipped and listed",
          "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto fx = [](const char* n) { return measurement_fixture(n); };
  std::filesystem::create_directories(dir / "b/deeper");
  std::filesystem::create_directories(dir / "a");
  std::filesystem::copy_file(fx("gnettrack_small.txt"), dir / "b/deeper/Orange_log.txt");
  std::filesystem::copy_file(fx("not_a_log_stats.txt"), dir / "b/deeper/Orange_log_stats.txt");
  std::filesystem::copy_file(fx("generic_small.csv"), dir / "a/z.csv");
  std::filesystem::copy_file(fx("gnettrack_small.csv"), dir / "b/a.csv");

  std::vector<std::uint16_t> file_of_row;
  const auto summary = import_paths({dir.path()}, [&](const Measurement& m) { file_of_row.push_back(m.file); });
  REQUIRE(summary.files.size() == 3);
  CHECK(summary.files[0].path == dir / "a/z.csv");
  CHECK(summary.files[0].format == "generic-csv");
  CHECK(summary.files[1].path == dir / "b/a.csv");
  CHECK(summary.files[2].path == dir / "b/deeper/Orange_log.txt");
  REQUIRE(summary.skipped.size() == 1);
  CHECK(summary.skipped[0] == dir / "b/deeper/Orange_log_stats.txt");
  CHECK(summary.total.accepted == 5 + 5 + 6);
  CHECK(summary.total.rejected == 9 + 3 + 2);
  REQUIRE(file_of_row.size() == 16);
  CHECK(file_of_row.front() == 0);
  CHECK(file_of_row[5] == 1);
  CHECK(file_of_row.back() == 2);
}

TEST_CASE("a truncated file keeps the complete rows and rejects the cut one", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto f = dir.write("cut.csv",
                           "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n"
                           "2026-11-21T06:00:00Z,31.2,121.4,46000,LTE,1,1,-90\n"
                           "2026-11-21T06:00:01Z,31.2,121.4,46");
  const auto r = test::import_one(f);
  CHECK(r.stats.accepted == 1);
  CHECK(r.stats.rejected == 1);
  CHECK(r.stats.messages.at(0) == f.string() + ":3: truncated row: 4 of 8 fields");
  const auto header_only = test::import_one(dir.write("header.csv", "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n"));
  CHECK(header_only.stats.rows == 0);
}

TEST_CASE("GBK or other non-UTF-8 bytes in a value reject the row, not the file", "[analyzer][import]") {
  test::ImportTempDir dir;
  const auto f = dir.write("gbk.csv",
                           "time,lat,lon,plmn,rat,cell_id,pci,rsrp,备注\n"
                           "2026-11-21T06:00:00Z,31.2,121.4,46000,LTE,1,1,-90,\xD6\xD0\xB9\xFA\n"
                           "2026-11-21T06:00:00Z,31.2,121.4,46000,\xD6\xD0,1,1,-90,\n");
  const auto r = test::import_one(f);
  CHECK(r.stats.accepted == 1);  // an extra column in any encoding is ignored
  CHECK(r.stats.rejected == 1);
}
