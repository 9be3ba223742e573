// Measurement import and cleaning over the real G-NetTrack data in ../shared/data. Every expected
// number was obtained independently of this code, with awk over the raw files (commands quoted),
// and agrees with the data sets' SOURCE.md where that states it.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "shikan/analyzer/clean.hpp"
#include "shikan/analyzer/importer.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::analyzer;

namespace {

struct RealRun {
  ImportSummary summary;
  CleaningReport cleaning;
  std::uint64_t nr_nsa = 0, lte_rows_without_eci = 0;
  std::map<std::string, std::set<std::uint32_t>> enbs;  // PLMN ("" when absent) -> eNB ids
};

RealRun run(const std::filesystem::path& dir) {
  ImportOptions options;
  options.gnettrack_utc_offset_min = 0;  // Cork in winter and Dakar are UTC+0
  const auto registry = ImporterRegistry::builtin(options);
  RealRun r;
  Cleaner cleaner({}, [&](const Measurement& m) {
    if (m.rat == Rat::NrNsa) ++r.nr_nsa;
    if (m.rat == Rat::Lte || m.rat == Rat::NrNsa) {
      if (const auto eci = m.eci()) {
        r.enbs[m.plmn() ? m.plmn()->str() : ""].insert(eci->enb_id());
      } else {
        ++r.lte_rows_without_eci;
      }
    }
  });
  r.summary = import_paths({dir}, [&](const Measurement& m) { cleaner.push(m); }, registry);
  cleaner.finish();
  r.cleaning = cleaner.report();
  return r;
}

std::uint64_t dropped(const DroppedValues& d, Field f, bool sentinel) {
  return (sentinel ? d.sentinel : d.out_of_range)[static_cast<std::size_t>(f)];
}

}  // namespace

TEST_CASE("ucc-5g-beyond-throughput: every row of the 83 CSVs imported, sentinels dropped, eNBs counted",
          "[realdata][analyzer][import]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const auto r = run(shared / "data/ucc-5g-beyond-throughput");
  // find . -name '*.csv' | wc -l -> 83 (SOURCE.md "83 files"); SOURCE.md itself is skipped.
  CHECK(r.summary.files.size() == 83);
  REQUIRE(r.summary.skipped.size() == 1);
  CHECK(r.summary.skipped[0].filename() == "SOURCE.md");
  // find . -name '*.csv' -print0 | xargs -0 awk -F, 'FNR>1{n++} END{print n}' -> 188711 (SOURCE.md).
  CHECK(r.summary.total.rows == 188711);
  CHECK(r.summary.total.accepted == 188711);
  CHECK(r.summary.total.rejected == 0);
  // awk -F, 'FNR>1 && $7=="5G"' -> 136403 rows (SOURCE.md: "5G" is NR NSA).
  CHECK(r.nr_nsa == 136403);
  // RSRP -200 on LTE/5G rows: awk -F, 'FNR>1 && ($7=="LTE"||$7=="5G") && $8==-200' -> 3. (SOURCE.md's
  // 73 rows of -200 include 70 on 3G rows, whose RSRP column holds RSCP and is not imported.)
  CHECK(dropped(r.summary.total.dropped, Field::Rsrp, true) == 3);
  CHECK(dropped(r.summary.total.dropped, Field::Rsrp, false) == 0);
  // SNR below -23 dB on LTE/5G rows: awk ... '$10!="-" && ($10<-23||$10>40)' -> 3 rows of -30.0.
  CHECK(dropped(r.summary.total.dropped, Field::Sinr, false) == 3);
  // LTE rows with a 16-bit CELLHEX (a UTRAN identity): awk ... '($7=="LTE"||$7=="5G") && length($21)>2'
  // -> 3869; their identity is dropped, the rows kept.
  CHECK(dropped(r.summary.total.dropped, Field::CellId, false) == 3869);
  CHECK(r.lte_rows_without_eci == 3869);
  // Distinct eNBs (RAWCELLID >> 8) on LTE/5G rows with an 8-bit CELLHEX:
  //   awk -F, 'FNR>1 && ($7=="LTE"||$7=="5G") && length($21)<=2 && $5!="27203" {e[int($24/256)]=1}' -> 87
  //   (operator "B" and "0": no PLMN), and with $5=="27203" -> 2 (42207, 42223).
  CHECK(r.enbs.at("").size() == 87);
  CHECK(r.enbs.at("27203") == std::set<std::uint32_t>{42207, 42223});
  CHECK(r.cleaning.seen == 188711);
  // Duplicates (same second, position, operator, RAT, cell and cleaned levels and bit rates):
  //   awk -F, 'function lv(x){return (x=="-"||x<-156||x>-31)?"":x+0} function q(x){...-43..20...}
  //     function sn(x){...-23..40...} FNR>1{l=($7=="LTE"||$7=="5G"); r=$7 (3G modes -> "W", GPRS/EDGE -> "G");
  //     cell=(l && length($21)>2)?"":$24; op=($5=="27203")?$5:"";
  //     k=$1 FS sprintf("%.7f %.7f",$2,$3) FS op FS r FS cell FS $13 FS $14; if(l) k=k FS lv($8) FS q($9) FS sn($10);
  //     if(k in s) d++; s[k]=1}' -> 1910
  CHECK(r.cleaning.duplicate == 1910);
  // GNSS jumps: awk over each file, timing a repeated position from its first row, counting moves
  // > 70 m/s * max(dt, 1 s) + 30 m -> 3, all the first move of a file (B_2019.12.03_13.58.03 line 3,
  // B_2019.12.16_11.49.59 line 3, B_2019.11.23_14.30.10 line 4) followed by agreeing fixes: a coarse
  // first fix corrected, which is not a jump. Fastest other move: under 70 m/s.
  CHECK(r.cleaning.gnss_jump == 0);
  CHECK(r.cleaning.stale_fix == 0);  // G-NetTrack gives no fix age
}

TEST_CASE("gnettrack-dakar: three operators' cell logs, companion files skipped", "[realdata][analyzer][import]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const auto r = run(shared / "data/gnettrack-dakar");
  // The three *_log.txt are read; _datatest, _events and _stats (9 files) have no Operator column
  // and are skipped, with SOURCE.md.
  REQUIRE(r.summary.files.size() == 3);
  CHECK(r.summary.skipped.size() == 10);
  CHECK(r.summary.files[0].path.filename() == "Orange_log.txt");
  CHECK(r.summary.files[0].format == "gnettrack-txt");
  // awk -F'\t' 'FNR>1{n++} END{print n}' per file -> 2625, 2719, 2955 (SOURCE.md).
  CHECK(r.summary.files[0].stats.rows == 2625);
  CHECK(r.summary.files[1].stats.rows == 2719);
  CHECK(r.summary.files[2].stats.rows == 2955);
  CHECK(r.summary.total.accepted == 2625 + 2719 + 2955);
  CHECK(r.summary.total.rejected == 0);
  // Orange 4G Level: awk '$10=="4G"' then uniq -c of out-of-range values -> -200 x2, -340 x1 (sentinels),
  // -164 x121, -24 x32 (out of range); none in Yas or Expresso.
  const auto& orange = r.summary.files[0].stats.dropped;
  CHECK(dropped(orange, Field::Rsrp, true) == 3);
  CHECK(dropped(orange, Field::Rsrp, false) == 153);
  CHECK(r.summary.files[1].stats.dropped.total() == dropped(r.summary.files[1].stats.dropped, Field::Sinr, true));
  // SNR "0.0" on 4G rows: awk '$10=="4G" && $13=="0.0"' -> 1190 (Orange), 1861 (Yas), 38 (Expresso).
  CHECK(dropped(orange, Field::Sinr, true) == 1190);
  CHECK(dropped(r.summary.files[1].stats.dropped, Field::Sinr, true) == 1861);
  CHECK(dropped(r.summary.files[2].stats.dropped, Field::Sinr, true) == 38);
  // Distinct eNBs per operator: awk '$10=="4G" && $7!="" {e[$5" "$7]=1}' -> 60801: 20, 60802: 13, 60803: 6.
  CHECK(r.enbs.at("60801").size() == 20);
  CHECK(r.enbs.at("60802").size() == 13);
  CHECK(r.enbs.at("60803").size() == 6);
  CHECK(r.lte_rows_without_eci == 0);
  // Negative Node/CellID outside no-coverage rows:
  //   awk -F'\t' 'FNR>1 && $10!="--" && (($7!="" && $7<0)||($8!="" && $8<0))' -> 0;
  // the 253 "--" rows (no coverage) (all Expresso) carry CellID -1 but have no identity to keep.
  CHECK(r.summary.total.dropped.out_of_range[static_cast<std::size_t>(Field::CellId)] == 0);
  CHECK(r.cleaning.seen == 2625 + 2719 + 2955);
  // Duplicates: awk -F'\t' '... FNR>1{k=$1 FS sprintf("%.7f %.7f",$2,$3) FS $5 FS $10 FS $7 FS $8;
  //   if($10=="4G") k=k FS lv($11) FS q($12) FS sn($13) FS $17; if(k in s) d++; s[k]=1}' -> 1164, plus
  //   Yas_log.txt line 932, a 2G row equal to line 931 but for Node "" vs "0" (both no RNC here) -> 1165.
  //   1080 of them are byte-identical repeats of an earlier line.
  CHECK(r.cleaning.duplicate == 1165);
  CHECK(r.cleaning.gnss_jump == 0);
}
