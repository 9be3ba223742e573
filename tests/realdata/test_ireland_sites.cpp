// The Irish regulator's site list (../shared/data/ireland-base-stations) through the sites reader, with a
// column mapping for its own header (bs_id, bs_operator, bs_lat, bs_long, bs_technology).
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "shikan/core/sites.hpp"
#include "test_paths.hpp"

TEST_CASE("realdata: Irish base-station list read as a reported sites list", "[realdata][sites]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const auto path = shared / "data" / "ireland-base-stations" / "base_stations.csv";
  shikan::SiteReadOptions opt;
  opt.column_aliases = {{"site_id", "bs_id"}, {"operator", "bs_operator"}, {"lat", "bs_lat"}, {"lon", "bs_long"},
                        {"rat", "bs_technology"}};
  opt.operator_aliases = {{"mno_1", shikan::Operator::Other}, {"mno_2", shikan::Operator::Other}};
  // Declared GCJ-02 on purpose: Ireland lies outside the China box, so nothing may move.
  opt.crs = shikan::Crs::Gcj02;
  const auto list = shikan::read_sites_file(path, opt);

  // Counts verified independently with awk on the file:
  //   awk -F, 'NR>1' base_stations.csv | wc -l                        -> 5274 rows (SOURCE.md says the same)
  //   awk -F, 'NR>1{c[$4]++} END{for(k in c) print k,c[k]}'           -> mno_1 2797, mno_2 2477
  //   awk -F, 'NR>1{c[$2]++} END{...}'                                -> gsm 2754, 3g 2520
  //   awk -F, 'NR>1{print $4","$1}' | sort | uniq -d | wc -l          -> 0 duplicate ids per operator
  //   lat 51.85..51.97, lon -8.6..-8.33 (Cork box)                     -> 297 rows (SOURCE.md: 297)
  CHECK(list.encoding == shikan::csv::TextEncoding::Utf8);
  CHECK(list.rows == 5274);
  CHECK(list.blank_rows == 0);
  CHECK(list.rejections.empty());
  CHECK(list.duplicates.empty());
  REQUIRE(list.sites.size() == 5274);
  CHECK(list.unmapped_columns == std::vector<std::string>{"bs_fc", "bs_power"});

  std::map<std::string, int> per_operator, per_rat;
  int cork = 0;
  for (const auto& s : list.sites) {
    ++per_operator[s.operator_text];
    ++per_rat[s.rat];
    CHECK(s.pos == s.raw);
    const double lat = s.pos.lat.degrees(), lon = s.pos.lon.degrees();
    if (lat >= 51.85 && lat <= 51.97 && lon >= -8.6 && lon <= -8.33) ++cork;
  }
  CHECK(per_operator == std::map<std::string, int>{{"mno_1", 2797}, {"mno_2", 2477}});
  CHECK(per_rat == std::map<std::string, int>{{"3g", 2520}, {"gsm", 2754}});
  CHECK(cork == 297);
  // First data row: bs_mno_2_gsm_1311,gsm,900,mno_2,51.868,-10.334,40
  CHECK(list.sites.front().site_id == "bs_mno_2_gsm_1311");
  CHECK(list.sites.front().line == 2);
  CHECK(list.sites.front().pos.lat.degrees() == 51.868);
  CHECK(list.sites.front().pos.lon.degrees() == -10.334);
}

TEST_CASE("realdata: Irish list without a column mapping fails with the missing column", "[realdata][sites]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const auto path = shared / "data" / "ireland-base-stations" / "base_stations.csv";
  CHECK_THROWS_WITH(shikan::read_sites_file(path),
                    Catch::Contains("base_stations.csv:1: missing required column 'site_id'"));
}
