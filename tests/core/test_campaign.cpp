// campaign.json reader: a valid file, and every kind of bad one naming file, line and field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "shikan/core/campaign.hpp"

using namespace shikan;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kSha(64, 'a');

// Line numbers matter in these tests: stop 1 (order 2) is on line 7, stop 2 (order 1) on line 10.
std::string campaign(const std::string& stop1_extra = "", const std::string& schema = "shikan.campaign/1") {
  return "{\n"                                                               // 1
         "  \"schema\": \"" + schema + "\",\n"                               // 2
         "  \"title\": \"西陵 audit\",\n"                                    // 3
         "  \"plan_sha256\": \"" + kSha + "\",\n"                            // 4
         "  \"seed\": 18446744073709551615,\n"                               // 5
         "  \"stops\": [\n"                                                  // 6
         "    {\"order\": 2, \"day\": 1, \"kind\": \"site\", \"id\": \"XL-1\", \"operator\": \"cmcc\", "  // 7
         "\"name\": \"文三路 1 号\", \"lat\": 30.25, \"lon\": 120.15" + stop1_extra + ",\n"
         "     \"geofence\": {\"type\": \"circle\", \"radius_m\": 250}},\n"  // 8
         "    {\"order\": 1, \"day\": 1, \"kind\": \"place\", \"id\": \"人民医院\", \"category\": \"hospital\",\n"  // 9
         "     \"name\": \"人民医院\", \"lat\": 30.2, \"lon\": 120.1,\n"     // 10
         "     \"geofence\": {\"type\": \"polygon\", \"rings\": [\n"         // 11
         "       [[120.09, 30.19], [120.11, 30.19], [120.11, 30.21], [120.09, 30.21], [120.09, 30.19]],\n"  // 12
         "       [[120.099, 30.199], [120.101, 30.199], [120.101, 30.201], [120.099, 30.199]]]}}\n"  // 13
         "  ]\n"
         "}\n";
}

// `text` with the first `from` replaced by `to` (REQUIRE: it is there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    parse_campaign(text, "c.json");
  } catch (const CampaignError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("campaign: a valid file, stops sorted by order, geofences as key-place shapes", "[campaign]") {
  const Campaign c = parse_campaign(campaign(), "c.json");
  CHECK(c.source == "c.json");
  CHECK(c.title == "西陵 audit");
  CHECK(c.plan_sha256 == kSha);
  CHECK(c.seed == 18446744073709551615ULL);
  REQUIRE(c.stops.size() == 2);
  const CampaignStop& place = c.stops[0];
  CHECK(place.order == 1);
  CHECK(place.kind == CampaignStopKind::Place);
  CHECK(place.category == "hospital");
  REQUIRE(place.geofence.area.size() == 1);
  CHECK(place.geofence.area[0].outer.size() == 5);
  CHECK(place.geofence.area[0].holes.size() == 1);
  CHECK_FALSE(place.geofence.circle);
  const CampaignStop& site = c.stops[1];
  CHECK(site.order == 2);
  CHECK(site.kind == CampaignStopKind::Site);
  CHECK(site.id == "XL-1");
  CHECK(site.operator_key == "cmcc");
  CHECK(site.name == "文三路 1 号");
  REQUIRE(site.geofence.circle);
  CHECK(site.geofence.circle->radius.value == 250);
  CHECK(site.geofence.circle->centre == site.pos);
  // as_place: the shape for places.hpp geometry; the hole is outside.
  CHECK(contains(as_place(site), GeoPoint{Latitude(30.251), Longitude(120.15)}));
  CHECK_FALSE(contains(as_place(site), GeoPoint{Latitude(30.253), Longitude(120.15)}));
  CHECK(contains(as_place(place), GeoPoint{Latitude(30.195), Longitude(120.095)}));
  CHECK_FALSE(contains(as_place(place), GeoPoint{Latitude(30.1995), Longitude(120.1005)}));  // in the hole
}

TEST_CASE("campaign: not JSON names the file and the line", "[campaign]") {
  CHECK(error_of("") == "c.json:1: not JSON: syntax error while parsing value - unexpected end of input; expected "
                        "'[', '{', or a literal");
  CHECK_THAT(error_of("{\n  \"schema\": \"shikan.campaign/1\",\n  \"title\": tru\n}"), StartsWith("c.json:3: not JSON: "));
  // A number too large for a double is no JSON value either (nlohmann reports it without a position).
  CHECK(error_of("{\n  \"schema\": \"shikan.campaign/1\",\n  \"seed\": 1e999\n}") ==
        "c.json:3: not JSON: number overflow parsing '1e999'");
  // Cut short: the error is at the end of the text, on the (empty) line after the last newline.
  CHECK_THAT(error_of("{\n  \"a\": 1,\n  \"b\": [1, 2,\n"), StartsWith("c.json:4: not JSON: "));
}

TEST_CASE("campaign: wrong schema, missing and ill-typed fields name line and field", "[campaign]") {
  CHECK(error_of(campaign("", "shikan.plan/1")) ==
        "c.json:2: schema: expected \"shikan.campaign/1\", got \"shikan.plan/1\" (not a campaign file, or a newer one)");
  CHECK(error_of("[1, 2]") == "c.json:1: (file): expected a JSON object with \"schema\": \"shikan.campaign/1\"");
  CHECK(error_of("{\"title\": \"x\"}") == "c.json:1: schema: missing (required)");

  std::string text = campaign();
  text = replaced(text, "\"id\": \"XL-1\", ", "");
  CHECK(error_of(text) == "c.json:7: stops[0].id: missing (required)");

  text = campaign();
  text = replaced(text, "\"operator\": \"cmcc\"", "\"operator\": 7");
  CHECK(error_of(text) == "c.json:7: stops[0].operator: expected a string");

  text = campaign();
  text = replaced(text, "\"kind\": \"site\"", "\"kind\": \"tower\"");
  CHECK(error_of(text) == "c.json:7: stops[0].kind: expected \"site\" or \"place\", got \"tower\"");

  text = campaign();
  text = replaced(text, "\"order\": 1,", "\"order\": 2,");
  CHECK(error_of(text) == "c.json:9: stops[1].order: order 2 appears twice");

  text = campaign();
  text = replaced(text, "\"plan_sha256\": \"", "\"plan_sha256\": \"X");
  CHECK_THAT(error_of(text), StartsWith("c.json:4: plan_sha256: expected 64 lowercase hex digits"));

  text = campaign();
  text = replaced(text, "18446744073709551615", "-1");
  CHECK(error_of(text) == "c.json:5: seed: expected a non-negative integer");

  text = campaign();
  text = replaced(text, "\"stops\": [", "\"stops\": {}, \"x\": [");
  CHECK(error_of(text) == "c.json:6: stops: expected an array of stops");
}

TEST_CASE("campaign: positions out of range and bad geofences", "[campaign]") {
  std::string text = campaign();
  text = replaced(text, "\"lat\": 30.25", "\"lat\": 91.25");
  CHECK(error_of(text) == "c.json:7: stops[0].lat: latitude out of range -90..90: 91.25");

  text = campaign();
  text = replaced(text, "\"lon\": 120.15", "\"lon\": \"120.15\"");
  CHECK(error_of(text) == "c.json:7: stops[0].lon: expected a number");

  text = campaign();
  text = replaced(text, "\"radius_m\": 250", "\"radius_m\": 0");
  CHECK(error_of(text) == "c.json:8: stops[0].geofence.radius_m: out of range (0, 100000] metres: 0");

  text = campaign();
  text = replaced(text, "\"type\": \"circle\"", "\"type\": \"square\"");
  CHECK(error_of(text) == "c.json:8: stops[0].geofence.type: unknown geofence type \"square\" (circle, polygon, "
                          "multipolygon)");

  text = campaign();
  text = replaced(text, "[120.101, 30.201], [120.099, 30.199]", "[120.101, 30.201], [120.099, 30.2]");
  CHECK(error_of(text) == "c.json:13: stops[1].geofence.rings[1]: a ring must be closed (last position = first)");

  text = campaign();
  text = replaced(text, "[120.11, 30.21]", "[120.11, 95.0]");
  CHECK(error_of(text) == "c.json:12: stops[1].geofence.rings[0][2][1]: latitude out of range -90..90: 95");

  text = campaign();
  text = replaced(text, ",\n     \"geofence\": {\"type\": \"circle\", \"radius_m\": 250}", "");
  CHECK(error_of(text) == "c.json:7: stops[0].geofence: missing (required)");
}

TEST_CASE("campaign: unknown fields are ignored; a file that cannot be read names itself", "[campaign]") {
  const Campaign c = parse_campaign(campaign(", \"site_type\": \"macro\", \"extra\": {\"a\": [1, 2]}"), "c.json");
  CHECK(c.stops.size() == 2);
  const auto missing = std::filesystem::temp_directory_path() / "shikan-no-such-campaign.json";
  CHECK_THROWS_WITH(read_campaign_file(missing), missing.string() + ":0: cannot open the campaign file");
}

TEST_CASE("campaign: the file `shikan survey plan` wrote for the Hangzhou fixtures", "[campaign]") {
  const Campaign c = read_campaign_file(std::string(SHIKAN_FIXTURES_DIR) + "/campaign/hangzhou_campaign.json");
  REQUIRE(c.stops.size() == 6);
  CHECK(c.title == "Shikan audit plan");
  CHECK(c.seed == 1);
  int circles = 0, polygons = 0, multi = 0;
  for (const CampaignStop& s : c.stops) {
    if (s.geofence.circle) ++circles;
    if (s.geofence.area.size() == 1) ++polygons;
    if (s.geofence.area.size() == 2) ++multi;
  }
  CHECK(circles == 4);  // three sites and the station
  CHECK(polygons == 1);
  CHECK(multi == 1);
  CHECK(c.stops[0].id == "HZ-0001");
  CHECK(c.stops[0].geofence.circle->radius.value == 250);
  CHECK(c.stops[1].geofence.circle->radius.value == 100);
}
