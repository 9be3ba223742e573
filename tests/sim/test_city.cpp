// Site list, key places and city.toml parsing: errors name file and line, bad rows do not stop the rest.
#include <catch2/catch.hpp>

#include "shikan/sim/city.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::sim;

TEST_CASE("sites.csv: good rows kept, every bad row reported with file and line", "[sim][csv]") {
  const auto path = test::fixtures() / "sim" / "bad_sites.csv";
  const SiteTable t = parse_sites_csv(read_text_file(path), "bad_sites.csv");
  CHECK(t.rows == 9);
  REQUIRE(t.sites.size() == 2);
  CHECK(t.sites[0].site_id == "S1");
  CHECK(t.sites[0].op == Operator::ChinaMobile);
  CHECK(t.sites[0].gnb_id == 1000);
  CHECK(t.sites[0].azimuths_deg == std::vector<double>{0, 120, 240});
  CHECK(t.sites[0].band.name() == "n41");
  CHECK(t.sites[0].line == 2);
  CHECK(t.sites[1].site_id == "S8");  // 联通 -> China Unicom, LTE band B3
  CHECK(t.sites[1].op == Operator::ChinaUnicom);
  CHECK(t.sites[1].band.tech == Tech::Lte);
  REQUIRE(t.errors.size() == 7);
  CHECK(t.errors[0] == "bad_sites.csv:3: unknown operator 'verizon'");
  CHECK(t.errors[1] == "bad_sites.csv:4: bad latitude '95.0'");
  CHECK(t.errors[2] == "bad_sites.csv:5: bad gnb_id 'abc'");
  CHECK(t.errors[3] == "bad_sites.csv:6: bad azimuth in '0;400'");
  CHECK(t.errors[4] == "bad_sites.csv:7: unknown band 'n99'");
  CHECK(t.errors[5] == "bad_sites.csv:8: expected 7 fields, got 5");
  CHECK(t.errors[6] == "bad_sites.csv:9: duplicate site 'S1' for this operator and band");
}

TEST_CASE("sites.csv: wrong header is one error, a BOM and CRLF are accepted", "[sim][csv]") {
  const SiteTable bad = parse_sites_csv("id,op\nS1,cmcc\n", "x.csv");
  CHECK(bad.sites.empty());
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].starts_with("x.csv:1: expected header"));
  const SiteTable ok = parse_sites_csv("\xEF\xBB\xBFsite_id,operator,lat,lon,gnb_id,azimuths,band\r\n\"S,1\",ctcc,30,120,7,10,n78\r\n", "y.csv");
  REQUIRE(ok.sites.size() == 1);
  CHECK(ok.sites[0].site_id == "S,1");
  CHECK(ok.errors.empty());
}

TEST_CASE("keyplaces.csv", "[sim][csv]") {
  const KeyPlaceTable t = parse_keyplaces_csv("name,kind,lat,lon\n西陵站,station,30.24,120.17\nX,hospital,north,120\n", "k.csv");
  REQUIRE(t.places.size() == 1);
  CHECK(t.places[0].name == "西陵站");
  CHECK(t.places[0].kind == "station");
  REQUIRE(t.errors.size() == 1);
  CHECK(t.errors[0] == "k.csv:3: bad position");
}

TEST_CASE("city.toml: operators, defaults and errors naming the file", "[sim][config]") {
  const CityConfig c = parse_city_toml(read_text_file(test::fixtures() / "sim" / "town" / "city.toml"), "city.toml");
  CHECK(c.name == "Three-site town");
  CHECK(c.centre.lat.degrees() == Approx(30.0));
  CHECK(to_iso8601(c.start) == "2026-01-05T02:00:00.000Z");
  CHECK(c.route.source == RouteSource::Gpx);
  REQUIRE(c.operators.size() == 2);
  CHECK(c.operators[0].plmn.str() == "46000");
  CHECK(c.operators[0].firmware == Firmware::Qualcomm);
  CHECK(c.operators[0].arfcn_for(*find_band("n41")) == 504990);  // band default
  CHECK(c.operators[0].lte_earfcn == 38400);                      // B39 default
  CHECK(c.operators[1].mode == NetMode::Nsa);
  CHECK(c.operators[1].firmware == Firmware::Endc);  // NSA defaults to the EN-DC firmware
  CHECK(c.operators[1].gnb_id_length == 22);
  CHECK(c.operators[1].long_name == "CHN-CT");

  auto error_of = [](const std::string& text) {
    try {
      parse_city_toml(text, "c.toml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("name = 1\n") == "c.toml: centre = { lat, lon } missing or out of range");
  CHECK(error_of("centre = {lat=30, lon=120}\n") == "c.toml: no [[operator]] tables");
  CHECK(error_of("centre = {lat=30, lon=120}\n[[operator]]\nkey=\"cmcc\"\nplmn=\"4600\"\n") == "c.toml: operator cmcc: bad plmn '4600'");
  CHECK(error_of("centre = {lat=30, lon=120}\n[[operator]]\nkey=\"cmcc\"\nplmn=\"46000\"\ngnb_id_length=40\n") ==
        "c.toml: operator cmcc: gnb_id_length must be 22..32");
  CHECK(error_of("centre = {lat=30, lon=120\n").starts_with("c.toml: line 1:"));
}

TEST_CASE("bands: ARFCN to frequency and Quectel codes", "[sim][bands]") {
  CHECK(nr_arfcn_to_mhz(633984) == Approx(3509.76));  // RM500U capture, n78
  CHECK(nr_arfcn_to_mhz(504990) == Approx(2524.95));  // RG801H capture, n41
  CHECK(*earfcn_to_mhz(3, 1650) == Approx(1850.0));
  CHECK(*earfcn_to_mhz(39, 38400) == Approx(1895.0));
  CHECK_FALSE(earfcn_to_mhz(3, 100).has_value());
  CHECK(nr_bandwidth_code(100) == 12);
  CHECK(nr_bandwidth_code(60) == 8);
  CHECK(lte_bandwidth_code(20) == 5);
  CHECK(lte_resource_blocks(20) == 100);
  CHECK_FALSE(find_band("x78").has_value());
  CHECK(find_band("N78")->tdd);
}
