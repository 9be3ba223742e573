// Row cleaning: GNSS jumps (the jumping point only), stale fixes, duplicates within a file's time window.
#include <catch2/catch.hpp>

#include <cmath>

#include "import_test_support.hpp"
#include "shikan/analyzer/clean.hpp"

using namespace shikan;
using namespace shikan::analyzer;

namespace {

// A row `north_m` metres north of a point in Shanghai, at second `t`, in file `file`.
Measurement at(double north_m, std::int64_t t, std::uint16_t file = 0, std::uint32_t eci = 1000) {
  Measurement m;
  m.file = file;
  m.line = static_cast<std::uint32_t>(t + 2);
  m.utc = UtcTime{1'795'000'000'000 + t * 1000};
  m.rat = Rat::Lte;
  m.set_eci(Eci(eci));
  m.set_position(GeoPoint{Latitude(31.2 + north_m / 111195.0), Longitude(121.4)});
  m.rsrp.set(Dbm(-90));
  return m;
}

struct Run {
  std::vector<Measurement> out;
  CleaningReport report;
};

Run clean(const std::vector<Measurement>& in, CleaningOptions o = {}) {
  Run r;
  Cleaner c(o, [&](const Measurement& m) { r.out.push_back(m); });
  for (const auto& m : in) c.push(m);
  c.finish();
  r.report = c.report();
  return r;
}

std::vector<std::uint32_t> flagged_lines(const Run& r, std::uint8_t flag) {
  std::vector<std::uint32_t> lines;
  for (const auto& m : r.out)
    if (m.excluded & flag) lines.push_back(m.line);
  return lines;
}

}  // namespace

TEST_CASE("a GNSS spike is flagged, its neighbours are not", "[analyzer][clean]") {
  // 10 m/s drive; the fix at t=3 jumps 2 km away and comes back.
  const auto r = clean({at(0, 0), at(10, 1), at(20, 2), at(2000, 3), at(40, 4), at(50, 5)});
  REQUIRE(r.out.size() == 6);
  CHECK(flagged_lines(r, kExcludedGnssJump) == std::vector<std::uint32_t>{5});
  CHECK(r.report.gnss_jump == 1);
  CHECK(r.report.usable == 5);
  CHECK(r.report.seen == 6);
}

TEST_CASE("a real relocation (logging gap) is not a jump: the next fix agrees with it", "[analyzer][clean]") {
  // 5 km in 1 s, then the track goes on from there: the phone was switched off and carried.
  const auto r = clean({at(0, 0), at(10, 1), at(5000, 2), at(5010, 3), at(5020, 4)});
  CHECK(flagged_lines(r, kExcludedGnssJump).empty());
  CHECK(r.report.usable == 5);
}

TEST_CASE("speed at the threshold passes, above it is a jump; the dt floor covers equal timestamps",
          "[analyzer][clean]") {
  CleaningOptions o;  // 70 m/s + 30 m
  CHECK(clean({at(0, 0), at(95, 1), at(190, 2)}, o).report.gnss_jump == 0);
  // Two rows in the same second 90 m apart: allowed (dt floor 1 s); 200 m is not.
  CHECK(clean({at(0, 0), at(90, 0), at(100, 1)}, o).report.gnss_jump == 0);
  CHECK(flagged_lines(clean({at(0, 0), at(200, 0), at(10, 1)}, o), kExcludedGnssJump) ==
        std::vector<std::uint32_t>{2});
  // A fast train at 80 m/s logged every 5 s is flagged with the default car threshold...
  const std::vector<Measurement> train = {at(0, 0), at(400, 5), at(800, 10), at(1200, 15)};
  CHECK(clean(train, o).report.gnss_jump > 0);
  // ...and not with a threshold set for it.
  o.max_speed_mps = 100;
  CHECK(clean(train, o).report.gnss_jump == 0);
}

TEST_CASE("jumps are judged within one source file; a file ending on a jump flags that point",
          "[analyzer][clean]") {
  // File 1 starts 50 km away: not a jump. File 1 ends with a spike.
  const auto r = clean({at(0, 0, 0), at(10, 1, 0), at(50000, 2, 1), at(50010, 3, 1), at(90000, 4, 1)});
  CHECK(flagged_lines(r, kExcludedGnssJump) == std::vector<std::uint32_t>{6});
}

TEST_CASE("rows without a position pass through and are counted", "[analyzer][clean]") {
  Measurement nofix = at(0, 1);
  nofix.set_position(std::nullopt);
  const auto r = clean({at(0, 0), nofix, at(10, 2)});
  CHECK(r.report.without_position == 1);
  CHECK(r.report.usable == 3);
}

TEST_CASE("stale fixes are flagged when the fix age is known", "[analyzer][clean]") {
  Measurement fresh = at(0, 0), stale = at(10, 1), unknown = at(20, 2);
  fresh.set_fix_age_ms(900);
  stale.set_fix_age_ms(45'000);
  const auto r = clean({fresh, stale, unknown});
  CHECK(flagged_lines(r, kExcludedStaleFix) == std::vector<std::uint32_t>{3});
  CHECK(r.report.stale_fix == 1);
  CHECK(r.report.usable == 2);
}

TEST_CASE("duplicates: same time, position, cell and levels within a file", "[analyzer][clean]") {
  Measurement other_cell = at(10, 1);
  other_cell.set_eci(Eci(1001));
  Measurement other_level = at(10, 1);
  other_level.rsrp.set(Dbm(-91));
  // Rows of another file are that file's own (a file given twice is skipped whole before import, by hash).
  const auto r = clean({at(0, 0, 0), at(10, 1, 0), at(10, 1, 0), other_cell, other_level, at(20, 2, 0),
                        at(0, 0, 1), at(10, 1, 1)});
  CHECK(flagged_lines(r, kExcludedDuplicate) == std::vector<std::uint32_t>{3});
  CHECK(r.report.duplicate == 1);
  CHECK(r.report.usable == 7);
}

TEST_CASE("duplicates among many rows, also a few seconds out of order; memory stays bounded", "[analyzer][clean]") {
  std::vector<Measurement> rows;
  for (int i = 0; i < 20000; ++i) {
    rows.push_back(at(i * 0.5, i / 2, 0, static_cast<std::uint32_t>(i % 7)));
    if (i % 10 == 9) rows.push_back(rows[rows.size() - 1 - (i % 20 == 19 ? 4 : 0)]);  // again, or 2 s late
  }
  const auto r = clean(rows);
  CHECK(r.report.duplicate == 2000);
  CHECK(r.report.gnss_jump == 0);
  // A row repeated after the window (10 s) is no longer compared.
  const auto late = clean({at(0, 0), at(1, 5), at(2, 11), at(0, 0)});
  CHECK(late.report.duplicate == 0);
}

TEST_CASE("import_and_clean: imports, flags and reports in one streaming pass", "[analyzer][clean][import]") {
  shikan::test::ImportTempDir dir;
  const std::string header = "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n";
  dir.write("a/one.csv", header +
                             "2026-11-21T06:00:00Z,31.2000,121.4,46000,LTE,1000,1,-90\n"
                             "2026-11-21T06:00:01Z,31.2001,121.4,46000,LTE,1000,1,-200\n"
                             "2026-11-21T06:00:02Z,31.3000,121.4,46000,LTE,1000,1,-90\n"  // 11 km in 1 s
                             "2026-11-21T06:00:03Z,31.2002,121.4,46000,LTE,1000,1,-90\n"
                             "bad,31.2,121.4,46000,LTE,1000,1,-90\n");
  dir.write("b/again.csv", header + "2026-11-21T06:00:00Z,31.2000,121.4,46000,LTE,1000,1,-90\n"
                                    "2026-11-21T06:00:00Z,31.2000,121.4,46000,LTE,1000,1,-90\n");
  std::vector<Measurement> usable;
  const auto in = import_and_clean({dir.path()}, [&](const Measurement& m) {
    if (m.usable()) usable.push_back(m);
  });
  CHECK(in.import.files.size() == 2);
  CHECK(in.import.total.rejected == 1);
  CHECK(in.cleaning.seen == 6);
  CHECK(in.cleaning.gnss_jump == 1);
  CHECK(in.cleaning.duplicate == 1);
  CHECK(in.cleaning.usable == 4);
  CHECK(in.cleaning.values.sentinel[static_cast<std::size_t>(Field::Rsrp)] == 1);
  REQUIRE(usable.size() == 4);
  CHECK(usable[1].line == 3);
  CHECK_FALSE(usable[1].rsrp.has());
}

TEST_CASE("a fix repeated over several rows is timed from its first row (G-NetTrack repeats stale fixes)",
          "[analyzer][clean]") {
  // Regression: ucc B_2019.12.01_12.11.21.csv lines 343-346: one position for 3 s at 63 km/h, then a
  // 103 m move; measured from the last repeat (1 s) it looked like 103 m/s.
  const auto r = clean({at(0, 0), at(0, 1), at(0, 2), at(103, 3), at(103, 4), at(120, 5)});
  CHECK(r.report.gnss_jump == 0);
  // A real spike after repeats is still one.
  CHECK(flagged_lines(clean({at(0, 0), at(0, 1), at(0, 2), at(900, 3), at(20, 4)}), kExcludedGnssJump) ==
        std::vector<std::uint32_t>{5});
}

TEST_CASE("a coarse first fix corrected by the next ones is not a jump", "[analyzer][clean]") {
  // ucc B_2019.11.23_14.30.10.csv lines 2-7 (static run): 155 m correction at second 1, then steady.
  const auto r = clean({at(0, 0), at(0, 1), at(155, 1), at(155, 2), at(155, 3)});
  CHECK(r.report.gnss_jump == 0);
}

TEST_CASE("import: a file byte-identical to an earlier one is listed and not read again", "[analyzer][clean][import]") {
  shikan::test::ImportTempDir dir;
  const std::string text = "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n2026-11-21T06:00:00Z,31.2,121.4,46000,LTE,1000,1,-90\n";
  dir.write("a/drive.csv", text);
  dir.write("b/drive-copy.csv", text);
  std::size_t rows = 0;
  const auto in = import_and_clean({dir.path()}, [&](const Measurement&) { ++rows; });
  CHECK(rows == 1);
  REQUIRE(in.import.duplicate_files.size() == 1);
  CHECK(in.import.duplicate_files[0].path.filename() == "drive-copy.csv");
  CHECK(in.import.duplicate_files[0].same_as.filename() == "drive.csv");
  CHECK(in.import.files.size() == 1);
  CHECK(in.import.files[0].sha256.size() == 64);
}

TEST_CASE("import_and_clean: a failing sink stops the importing thread and its error comes back", "[analyzer][clean][import]") {
  shikan::test::ImportTempDir dir;
  std::string text = "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n";
  for (int i = 0; i < 100000; ++i)
    text += "2026-11-21T06:00:00Z,31.2,121.4,46000,LTE," + std::to_string(1000 + i) + ",1,-90\n";
  dir.write("big.csv", text);
  int rows = 0;
  CHECK_THROWS_WITH(import_and_clean({dir.path()},
                                     [&](const Measurement&) {
                                       if (++rows == 5000) throw std::runtime_error("disk full");
                                     }),
                    "disk full");
  CHECK(rows == 5000);
}
