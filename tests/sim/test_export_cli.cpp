// `shikan sim --measurements-csv` and `shikan sim generate` through the real binary: exit codes, files.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_paths.hpp"

#ifdef SHIKAN_BIN
namespace fs = std::filesystem;

namespace {

int run(const std::string& args) {
  const int status = std::system((std::string(SHIKAN_BIN) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("shikan sim: --measurements-csv and generate write their files; bad usage exits 2", "[sim][export][cli]") {
  const fs::path dir = fs::temp_directory_path() / ("shikan-export-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  CHECK(run("sim --out " + (dir / "x").string()) == 2);  // no --city
  CHECK(run("sim generate --seed 3") == 2);              // no --out
  CHECK(run("sim generate --out " + (dir / "g").string() + " --relocated 0.7 --unreported 0.7") == 2);
  CHECK(run("sim generate --help") == 0);

  REQUIRE(run("sim --city " + (shikan::test::fixtures() / "city2").string() + " --out " + (dir / "out").string() +
              " --duration 20 --measurements-csv " + (dir / "m.csv").string()) == 0);
  const std::string csv = slurp(dir / "m.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 21);
  CHECK(fs::exists(dir / "out" / "truth.jsonl"));
  CHECK(slurp(dir / "out" / "true_sites.csv")
            .starts_with("site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,band,azimuths\n"));

  REQUIRE(run("sim generate --out " + (dir / "g").string() +
              " --seed 4 --sites-per-operator 6 --gcj02 --no-ids --operators cmcc,ctcc") == 0);
  for (const char* f : {"city.toml", "sites.csv", "keyplaces.csv", "reported_sites.csv", "answer_key.json"})
    CHECK(fs::exists(dir / "g" / f));
  CHECK(slurp(dir / "g" / "reported_sites.csv").starts_with("site_id,operator,lat,lon,type\n"));
  fs::remove_all(dir);
}
#endif
