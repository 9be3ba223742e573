// The agent following a campaign: a fixed GNSS position inside one stop's geofence gives a geofence_enter event
// naming that stop, the session notes which plan it followed, and the status line shows the progress. Through
// the real binary: a bad campaign file stops `run` with exit code 2, naming file and line, before the log exists.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "shikan/core/store.hpp"
#include "shikan/probe/agent.hpp"

using namespace shikan;
using namespace shikan::probe;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const std::string kSha = "ab" + std::string(62, '0');

// Stop 1 is 2 km north of the probe; stop 2 is around it (a 250 m circle).
const std::string kCampaign =
    "{\n  \"schema\": \"shikan.campaign/1\", \"title\": \"浦东 spot check\", \"plan_sha256\": \"" + kSha +
    "\", \"seed\": 5,\n  \"stops\": [\n"
    "    {\"order\": 1, \"day\": 1, \"kind\": \"site\", \"id\": \"SH-001\", \"operator\": \"cmcc\", \"name\": \"\", "
    "\"lat\": 31.2484, \"lon\": 121.4737, \"geofence\": {\"type\": \"circle\", \"radius_m\": 250}},\n"
    "    {\"order\": 2, \"day\": 1, \"kind\": \"site\", \"id\": \"SH-002\", \"operator\": \"cucc\", \"name\": \"\", "
    "\"lat\": 31.2305, \"lon\": 121.4738, \"geofence\": {\"type\": \"circle\", \"radius_m\": 250}}\n  ]\n}\n";

fs::path temp_dir(const std::string& tag) {
  std::random_device rd;
  const auto dir = fs::temp_directory_path() / ("shikan-" + tag + "-" + std::to_string(rd()));
  fs::create_directories(dir);
  return dir;
}

std::string config(const fs::path& dir, const std::string& extra = "") {
  return "probe_id = \"bench\"\ndatabase = \"" + (dir / "probe.db").string() + "\"\n" + extra +
         "sample_interval_ms = 200\nflush_interval_ms = 200\n"
         "[gnss]\nsource = \"fixed\"\nlat = 31.2304\nlon = 121.4737\nperiod_ms = 200\n"
         "[[modem]]\nid = \"cmcc\"\nport = \"" + (dir / "no-such-tty").string() + "\"\n";
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

}  // namespace

TEST_CASE("agent: a fixed position inside a stop's geofence is a geofence_enter event", "[probe][agent][geofence]") {
  const fs::path dir = temp_dir("agent-campaign");
  std::ostringstream screen;
  AgentOptions opt;
  opt.duration = std::chrono::seconds(2);
  opt.screen = &screen;
  opt.lang = Lang::En;
  opt.campaign = parse_campaign(kCampaign, (dir / "campaign.json").string());
  SystemClock clock;
  {
    Agent agent(parse_config(config(dir), "bench.toml"), clock, opt);
    CHECK(agent.run() == 0);
  }
  StoreOptions ro;
  ro.read_only = true;
  LogStore store(dir / "probe.db", ro);
  const auto sessions = store.sessions();
  REQUIRE(sessions.size() == 1);
  std::vector<Event> enters, exits, notes;
  for (const Event& e : store.events(sessions[0].id)) {
    if (e.kind == EventKind::GeofenceEnter) enters.push_back(e);
    if (e.kind == EventKind::GeofenceExit) exits.push_back(e);
    if (e.kind == EventKind::Note && e.source == "campaign") notes.push_back(e);
  }
  REQUIRE(enters.size() == 1);  // the fix repeats every 200 ms: one entry, no flapping
  CHECK(enters[0].source == "campaign");
  CHECK(enters[0].detail == "2 site SH-002");
  CHECK(exits.empty());
  REQUIRE(notes.size() == 2);
  CHECK_THAT(notes[0].detail, Contains("浦东 spot check"));
  CHECK_THAT(notes[0].detail, Contains("plan_sha256 " + kSha));
  CHECK_THAT(notes[0].detail, Contains("stops 2"));
  CHECK(notes[1].detail == "campaign visited 1/2 stops; not visited (order): 1");  // at the end
  // The status line: one of two visited, inside stop #2.
  CHECK_THAT(screen.str(), Contains("campaign=1/2 in=#2"));
  fs::remove_all(dir);
}

TEST_CASE("config: `campaign` names the campaign file", "[probe][config][geofence]") {
  const fs::path dir = temp_dir("config-campaign");
  const LoadedConfig c = parse_config(config(dir, "campaign = \"plan/campaign.json\"\n"), "probe.toml");
  REQUIRE(c.config.campaign);
  CHECK(*c.config.campaign == fs::path("plan/campaign.json"));
  CHECK(c.warnings.empty());
  CHECK_FALSE(parse_config(config(dir), "probe.toml").config.campaign);
  CHECK_THROWS_WITH(parse_config(config(dir, "campaign = 3\n"), "probe.toml"), "probe.toml:3: campaign: expected a string");
  fs::remove_all(dir);
}

#ifdef SHIKAN_PROBE_BIN
TEST_CASE("shikan-probe run: a bad campaign exits 2 naming file and line; nothing is started",
          "[probe][agent][geofence][cli]") {
  const fs::path dir = temp_dir("cli-campaign");
  write(dir / "probe.toml", config(dir));
  std::string bad = kCampaign;
  bad.replace(bad.find("\"lat\": 31.2305"), 14, "\"lat\": 131.2305");
  write(dir / "bad.json", bad);
  const auto run = [&](const std::string& args) {
    const std::string cmd = std::string(SHIKAN_PROBE_BIN) + " run --quiet --duration 1 --config " +
                            (dir / "probe.toml").string() + " " + args + " 2>" + (dir / "err.txt").string();
    const int status = std::system(cmd.c_str());
    std::ifstream f(dir / "err.txt");
    std::stringstream err;
    err << f.rdbuf();
    return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, err.str());
  };
  auto [code, err] = run("--campaign " + (dir / "bad.json").string());
  CHECK(code == 2);
  CHECK_THAT(err, Contains((dir / "bad.json").string() + ":5: stops[1].lat: latitude out of range -90..90: 131.2305"));
  CHECK_FALSE(fs::exists(dir / "probe.db"));

  std::tie(code, err) = run("--campaign " + (dir / "missing.json").string());
  CHECK(code == 2);
  CHECK_THAT(err, Contains((dir / "missing.json").string() + ":0: cannot open the campaign file"));

  // The configuration's key, relative to the working directory like every path in probe.toml.
  write(dir / "probe.toml", config(dir, "campaign = \"" + (dir / "bad.json").string() + "\"\n"));
  std::tie(code, err) = run("");
  CHECK(code == 2);
  CHECK_THAT(err, Contains("bad.json:5: stops[1].lat"));
  CHECK_FALSE(fs::exists(dir / "probe.db"));

  write(dir / "good.json", kCampaign);
  std::tie(code, err) = run("--campaign " + (dir / "good.json").string());  // overrides the bad one in probe.toml
  CHECK(code == 0);
  CHECK(fs::exists(dir / "probe.db"));
  fs::remove_all(dir);
}
#endif
