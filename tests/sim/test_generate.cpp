// Generated cities: reproducible for a seed, planted counts as requested, the reported list readable by
// core's sites reader (WGS-84 and GCJ-02), an answer key consistent with the files, and a folder the
// simulator loads and exports without rejected rows.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "shikan/core/crs.hpp"
#include "shikan/core/sites.hpp"
#include "shikan/sim/export.hpp"
#include "shikan/sim/generate.hpp"

using namespace shikan;
using namespace shikan::sim;
using nlohmann::json;

namespace {

GenerateOptions small(std::uint64_t seed = 11) {
  GenerateOptions o;
  o.seed = seed;
  o.sites_per_operator = 20;
  o.phantom = 0.1;      // 2 per operator
  o.relocated = 0.1;    // 2
  o.unreported = 0.15;  // 3
  return o;
}

std::string file(const GeneratedCity& c, const std::string& name) {
  for (const auto& [n, text] : c.files)
    if (n == name) return text;
  FAIL("no file " << name);
  return {};
}

SiteList reported(const GeneratedCity& c, Crs crs = Crs::Wgs84) {
  SiteReadOptions ro;
  ro.crs = crs;
  return parse_sites(file(c, "reported_sites.csv"), csv::TextEncoding::Utf8, "reported_sites.csv", ro);
}

GeoPoint point(const json& j) { return GeoPoint{Latitude(j["lat"].get<double>()), Longitude(j["lon"].get<double>())}; }

std::set<std::string> world_ids(const GeneratedCity& c) {
  const SiteTable t = parse_sites_csv(file(c, "sites.csv"), "sites.csv");
  CHECK(t.errors.empty());
  std::set<std::string> ids;
  for (const SiteRow& r : t.sites) ids.insert(std::string(operator_name(r.op).key) + "/" + r.site_id);
  return ids;
}

}  // namespace

TEST_CASE("generate: same seed gives the same files, another seed other files", "[sim][generate]") {
  const GeneratedCity a = generate_city(small(11)), b = generate_city(small(11)), c = generate_city(small(12));
  CHECK(a.files == b.files);
  CHECK(file(a, "sites.csv") != file(c, "sites.csv"));
  CHECK(file(a, "reported_sites.csv") != file(c, "reported_sites.csv"));
  // Adding an operator leaves the others' sites where they were (one random stream per operator).
  GenerateOptions two = small(11);
  two.operators = {"cmcc", "cucc"};
  const std::string all = file(a, "sites.csv"), fewer = file(generate_city(two), "sites.csv");
  CHECK(all.substr(0, fewer.size()) == fewer);
}

TEST_CASE("generate: planted counts as requested, answer key consistent with the files", "[sim][generate]") {
  const GeneratedCity c = generate_city(small());
  const json key = json::parse(file(c, "answer_key.json"));
  const std::set<std::string> world = world_ids(c);
  CHECK(world.size() == 3 * 20);
  const SiteList list = reported(c);
  CHECK(list.rejections.empty());
  CHECK(list.sites.size() == 3 * (20 - 3 + 2));
  for (const char* op : {"cmcc", "cucc", "ctcc"}) {
    const json& n = key["counts"][op];
    CHECK(n["true_sites"] == 20);
    CHECK(n["phantom"] == 2);
    CHECK(n["relocated"] == 2);
    CHECK(n["unreported"] == 3);
    CHECK(n["correct"] == 15);
    CHECK(n["reported"] == 19);
  }
  REQUIRE(key["reported"].size() == list.sites.size());
  std::map<std::string, const ReportedSite*> listed;
  for (const ReportedSite& s : list.sites) listed[s.op.plmn->str() + "/" + s.site_id] = &s;
  for (const json& k : key["reported"]) {
    const std::string id = k["key"].get<std::string>() + "/" + k["site_id"].get<std::string>();
    const ReportedSite& s = *listed.at(k["operator"].get<std::string>() + "/" + k["site_id"].get<std::string>());
    CHECK(s.gnb_id == k["gnb_id"].get<std::uint32_t>());
    CHECK(s.enb_id == (k["gnb_id"].get<std::uint32_t>() & 0xFFFFFu));
    CHECK(haversine(s.pos, point(k["reported_wgs84"])).value < 0.2);
    const std::string status = k["status"];
    CHECK(world.count(id) == (status == "phantom" ? 0u : 1u));
    if (status == "correct") CHECK(haversine(s.pos, point(k["true"])).value < 0.2);
    if (status == "relocated") {
      const double d = haversine(s.pos, point(k["true"])).value;
      CHECK(d == Approx(k["offset_m"].get<double>()).epsilon(0.01));
      CHECK(d >= 400 * 0.99);
      CHECK(d <= 1500 * 1.01);
    }
  }
  REQUIRE(key["unreported"].size() == 9);
  for (const json& k : key["unreported"]) {
    CHECK(world.count(k["key"].get<std::string>() + "/" + k["site_id"].get<std::string>()) == 1);
    CHECK(listed.count(k["operator"].get<std::string>() + "/" + k["site_id"].get<std::string>()) == 0);
  }
}

TEST_CASE("generate: a GCJ-02 list is the WGS-84 list shifted 100-700 m, and reads back with --sites-crs gcj02",
          "[sim][generate]") {
  GenerateOptions o = small();
  const SiteList wgs = reported(generate_city(o));
  o.gcj02 = true;
  const GeneratedCity g = generate_city(o);
  CHECK(json::parse(file(g, "answer_key.json"))["crs"] == "gcj02");
  const SiteList raw = reported(g), decoded = reported(g, Crs::Gcj02);
  REQUIRE(raw.sites.size() == wgs.sites.size());
  for (std::size_t i = 0; i < raw.sites.size(); ++i) {
    const double shift = haversine(raw.sites[i].pos, wgs.sites[i].pos).value;
    CHECK(shift >= 100);
    CHECK(shift <= 700);
    CHECK(haversine(decoded.sites[i].pos, wgs.sites[i].pos).value < 0.3);
  }
}

TEST_CASE("generate: a location-only list has no id columns; bad options are refused", "[sim][generate]") {
  GenerateOptions o = small();
  o.ids = false;
  const GeneratedCity c = generate_city(o);
  CHECK(file(c, "reported_sites.csv").starts_with("site_id,operator,lat,lon,type\n"));
  for (const ReportedSite& s : reported(c).sites) {
    CHECK_FALSE(s.gnb_id);
    CHECK_FALSE(s.enb_id);
    CHECK(s.type);
  }
  o = small();
  o.relocated = 0.6;
  o.unreported = 0.6;
  CHECK_THROWS_AS(generate_city(o), std::invalid_argument);
  o = small();
  o.operators = {"cmcc", "xyz"};
  CHECK_THROWS_AS(generate_city(o), std::invalid_argument);
}

TEST_CASE("generate: the folder loads in the simulator and its rows name only true sites", "[sim][generate][export]") {
  GenerateOptions o = small(3);
  o.sites_per_operator = 9;
  o.spacing_m = 400;
  const GeneratedCity c = generate_city(o);
  const auto dir = std::filesystem::temp_directory_path() / ("shikan-generate-test-" + std::to_string(::getpid()));
  write_city(c, dir);
  const CityBundle city = load_city(dir);
  std::filesystem::remove_all(dir);
  CHECK(city.sites.errors.empty());
  CHECK(city.keyplaces.places.size() == 4);
  SimOptions so;
  so.seed = 3;
  so.duration_ms = 60'000;
  Simulation sim(city, so);
  CHECK(sim.warnings().empty());
  std::set<std::uint64_t> true_gnbs, phantom_gnbs;
  for (const GeneratedSite& s : c.sites) (s.status == Planted::Phantom ? phantom_gnbs : true_gnbs).insert(s.gnb_id);
  std::ostringstream out;
  const ExportStats st = export_measurements(sim, out);
  CHECK(st.rows == 3 * 61);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  int sa = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f(1);
    for (char ch : line) {
      if (ch == ',')
        f.emplace_back();
      else
        f.back().push_back(ch);
    }
    if (f[4] != "NR-SA") continue;
    ++sa;
    const std::uint64_t gnb = std::stoull(f[5]) >> 12;  // cmcc and cucc: L = 24
    CHECK(true_gnbs.count(gnb) == 1);
    CHECK(phantom_gnbs.count(gnb) == 0);
  }
  CHECK(sa > 0);
}
