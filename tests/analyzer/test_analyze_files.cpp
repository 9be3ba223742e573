// analyze() through files: profile and claims readers, the outputs, and bad input naming file and line.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <unistd.h>

#include "town.hpp"

using namespace shikan;
using namespace shikan::analyzer;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("shikan-analyze-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string generic_csv(const std::vector<Measurement>& rows) {
  std::ostringstream o;
  o << "time,lat,lon,plmn,rat,cell_id,pci,rsrp,sinr\n";
  for (const Measurement& m : rows) {
    const GeoPoint p = *m.position();
    o << to_iso8601(m.utc) << ',' << std::fixed;
    o.precision(7);
    o << p.lat.degrees() << ',' << p.lon.degrees() << ",46000," << to_string(m.rat) << ',';
    if (auto n = m.nci()) o << n->value();
    o << ',';
    if (auto pci = m.pci.get()) o << *pci;
    o.precision(1);
    o << ',' << (m.rsrp.has() ? std::to_string(m.rsrp.get()->value) : "") << ','
      << (m.sinr.has() ? std::to_string(m.sinr.get()->value) : "") << '\n';
  }
  return o.str();
}

const std::vector<shikan::test::TownSite> kReal{{{-1500, 150}, 100}, {{0, -150}, 101}, {{1500, 150}, 103}};

struct Files {
  fs::path dir, meas, sites, claims;
};

Files town_files(const std::string& name) {
  const shikan::test::Town town;
  Files f{scratch(name), {}, {}, {}};
  f.meas = f.dir / "drive.csv";
  f.sites = f.dir / "sites.csv";
  f.claims = f.dir / "claims.toml";
  write(f.meas, generic_csv(town.drive(kReal, {{-3000, 0}, {3000, 0}})));
  write(f.sites, town.sites_csv({{"A", {-1500, 150}, 100}, {"B", {0, -150}, 101}, {"C", {800, 60}, 102}}));
  write(f.claims, "[city]\nname = \"测试镇\"\npopulation = 3000\n[reported]\nbase_stations_5g = 3\ncoverage_rate = 99\n");
  return f;
}

}  // namespace

TEST_CASE("profile: values, tables, unknown keys and ranges", "[profile]") {
  const Profile p = parse_profile("rsrp_dbm = -110\nplace_rule = \"any\"\n[gnb_id_length]\n\"46000\" = 26\n", "p.toml");
  CHECK(p.rsrp_dbm == -110);
  CHECK(p.place_rule == PlaceRule::Any);
  CHECK(p.gnb_id_length.at("46000") == 26);
  CHECK_THROWS_WITH(parse_profile("\n\nrsrp_dbmm = -110\n", "p.toml"), Catch::Contains("p.toml:3: rsrp_dbmm: unknown key"));
  CHECK_THROWS_WITH(parse_profile("bin_m = 0\n", "p.toml"), Catch::Contains("p.toml:1: bin_m: out of range"));
  CHECK_THROWS_WITH(parse_profile("[gnb_id_length]\n\"46000\" = 40\n", "p.toml"), Catch::Contains("p.toml:2"));
  CHECK_THROWS_WITH(parse_profile("rsrp_dbm = \n", "p.toml"), Catch::Contains("p.toml:1"));
}

TEST_CASE("claims: percentages, thresholds override the profile", "[profile]") {
  Profile p;
  const Claims c = parse_claims("[city]\npopulation = 1e5\n[reported]\ncoverage_rate = 97.5\nnr_residency = 0.9\n"
                                "[thresholds]\nrsrp_dbm = -100\n", "c.toml", p);
  CHECK(*c.population == 1e5);
  CHECK(*c.coverage_rate == Approx(0.975));
  CHECK(*c.nr_residency == Approx(0.9));
  CHECK(p.rsrp_dbm == -100);
  CHECK_THROWS_WITH(parse_claims("[reported]\ncoverage = 0.9\n", "c.toml", p), Catch::Contains("reported.coverage: unknown key"));
}

TEST_CASE("analyze writes the four outputs with hashes and verdicts", "[analyze]") {
  const Files f = town_files("outputs");
  AnalyzeOptions o;
  o.measurements = {f.meas};
  o.sites = f.sites;
  o.claims = f.claims;
  const Analysis a = analyze(o);
  write_outputs(a, f.dir / "out", ReportLang::Zh);
  for (const char* name : {"report.json", "report.html", "sites.csv", "bins.csv"}) CHECK(fs::exists(f.dir / "out" / name));
  std::ifstream in(f.dir / "out" / "report.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  CHECK(j["schema"] == "shikan.report/1");
  CHECK(j["sites"].size() == 3);
  CHECK(j["summary"]["not_observed"] == 1);
  CHECK(j["crs"]["declared"] == "wgs84");
  bool sha = false;
  for (const auto& i : j["inputs"])
    if (i["role"] == "sites") sha = i["sha256"] == sha256_file(f.sites) && i["sha256"].get<std::string>().size() == 64;
  CHECK(sha);
  std::vector<std::string> names;
  for (const auto& i : j["indicators"]) names.push_back(i["name"]);
  CHECK(names == std::vector<std::string>{"base_stations_5g", "base_stations_5g_per_10k", "coverage_rate", "nr_residency"});
  CHECK(j["indicators"][0]["reported"] == 3);
  CHECK(j["indicators"][1]["reported"].get<double>() == Approx(10.0));  // 3 sites for 3,000 people
  // One of three entries is a phantom: with 3 decidable entries the claim of 3 is above the interval.
  CHECK(j["indicators"][0]["verdict"] == "overstated");
  std::ifstream csv(f.dir / "out" / "sites.csv", std::ios::binary);
  std::string head(3, '\0');
  csv.read(head.data(), 3);
  CHECK(head == "\xEF\xBB\xBF");
  // sha256 of a known text
  write(f.dir / "abc.txt", "abc");
  CHECK(sha256_file(f.dir / "abc.txt") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("bad inputs to analyze: a clear error naming file and line", "[analyze][bad]") {
  const Files f = town_files("bad");
  AnalyzeOptions o;
  o.measurements = {f.meas};
  o.sites = f.sites;
  SECTION("sites without a lat column") {
    write(f.sites, "site_id,operator,latitude_x,lon\nA,46000,30.2,120.1\n");
    CHECK_THROWS_WITH(analyze(o), Catch::Contains("sites.csv:1") && Catch::Contains("lat"));
  }
  SECTION("measurements in an unknown format") {
    write(f.meas, "\x01\x02garbage\n");
    CHECK_THROWS_WITH(analyze(o), Catch::Contains("drive.csv"));
  }
  SECTION("measurements with no usable row") {
    write(f.meas, "time,lat,lon,plmn,rat,cell_id,pci,rsrp\n2026-01-01T00:00:00Z,nan,120,46000,NR-SA,1,1,-80\n");
    CHECK_THROWS_WITH(analyze(o), Catch::Contains("drive.csv") && Catch::Contains("no usable"));
  }
  SECTION("a broken claims file") {
    write(f.claims, "[reported]\ncoverage_rate = \"high\"\n");
    o.claims = f.claims;
    CHECK_THROWS_WITH(analyze(o), Catch::Contains("claims.toml:2: reported.coverage_rate: expected a number"));
  }
  SECTION("a truncated measurement file keeps its complete rows") {
    std::string text;
    {
      std::ifstream in(f.meas);
      std::stringstream s;
      s << in.rdbuf();
      text = s.str();
    }
    text += "2030-01-01T00:00:00Z,30.2500000,120.1600000,46000,NR-SA,409601,1,-80.0,10.0\n";  // accepted
    write(f.meas, text);
    const Analysis whole = analyze(o);
    write(f.meas, text.substr(0, text.size() - 25));  // cut inside that row
    const Analysis a = analyze(o);
    CHECK(a.input.import.total.rejected == whole.input.import.total.rejected + 1);
    CHECK(a.input.import.total.accepted + 1 == whole.input.import.total.accepted);
    CHECK(a.counts.listed == 3);
  }
}
