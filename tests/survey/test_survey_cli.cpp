// `shikan survey plan` and `shikan survey status` through the real binary: exit codes, files, messages naming the
// file, and a generated campaign planned, driven (`shikan sim --route --dwell`) and checked.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#ifdef SHIKAN_BIN
namespace fs = std::filesystem;

namespace {

struct Ran {
  int code = -1;
  std::string out;
};

Ran run(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt";
  const int status = std::system((std::string(SHIKAN_BIN) + " " + args + " >" + out.string() + " 2>&1").c_str());
  std::ifstream f(out);
  std::ostringstream s;
  s << f.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, s.str()};
}

}  // namespace

TEST_CASE("shikan survey: plan, drive the plan, status; bad usage exits 2, a bad plan folder names the file", "[survey][cli]") {
  const fs::path dir = fs::temp_directory_path() / ("shikan-survey-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  CHECK(run("survey", dir).code == 2);
  CHECK(run("survey plan --help", dir).code == 0);
  CHECK(run("survey status --help", dir).code == 0);
  CHECK(run("survey plan --sites nowhere.csv --out " + (dir / "p").string(), dir).code == 2);
  REQUIRE(run("sim generate --out " + (dir / "city").string() + " --seed 8 --sites-per-operator 8 --keyplaces 0", dir).code == 0);
  const std::string sites = (dir / "city" / "reported_sites.csv").string();
  CHECK(run("survey plan --sites " + sites + " --out " + (dir / "p").string() + " --start 91,120", dir).code == 2);

  const Ran plan = run("survey plan --sites " + sites + " --out " + (dir / "plan").string() + " --seed 5", dir);
  INFO(plan.out);
  REQUIRE(plan.code == 0);
  CHECK(plan.out.find("plan: ") != std::string::npos);
  const Ran drive = run("sim --city " + (dir / "city").string() + " --route " + (dir / "plan" / "route.gpx").string() +
                            " --dwell 60 --out " + (dir / "sim").string() + " --measurements-csv " + (dir / "drive.csv").string(),
                        dir);
  REQUIRE(drive.code == 0);
  const Ran status = run("survey status --quiet --plan " + (dir / "plan").string() + " --measurements " + (dir / "drive.csv").string(), dir);
  INFO(status.out);
  REQUIRE(status.code == 0);
  std::ifstream sj(dir / "plan" / "status" / "status.json");
  const auto j = nlohmann::json::parse(sj);
  CHECK(j["sites"]["decided"].get<int>() >= j["sites"]["sampled"].get<int>() * 9 / 10);
  CHECK(fs::exists(dir / "plan" / "status" / "remaining.kml"));

  fs::create_directories(dir / "broken");
  std::ofstream(dir / "broken" / "plan.json") << "{\"schema\": \"shikan.plan/1\", \"seed\": 1}";
  const Ran broken = run("survey status --plan " + (dir / "broken").string() + " --measurements " + (dir / "drive.csv").string(), dir);
  CHECK(broken.code == 1);
  CHECK(broken.out.find((dir / "broken" / "plan.json").string() + ": missing \"confidence\"") != std::string::npos);
  fs::remove_all(dir);
}
#endif
