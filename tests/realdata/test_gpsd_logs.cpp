// Golden tests over every real receiver log in ../shared/data/gpsd-nmea-logs (gpsd regression logs;
// SOURCE.md there). For each log a compact summary of what the NMEA decoder makes of it is compared with
// tests/golden/nmea/<log>.summary: our own derived files, never copies of the data. The summaries are the
// spec; they were checked by eye. Regenerate with SHIKAN_UPDATE_GOLDEN=1; a commit changing them must say
// why in its message (HOUSE_STYLE §10).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "shikan/core/time.hpp"
#include "shikan/core/units.hpp"
#include "shikan/probe/nmea.hpp"
#include "shikan/probe/serial.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
namespace nmea = shikan::probe::nmea;

namespace {

fs::path golden_dir() { return shikan::test::source_dir() / "tests" / "golden" / "nmea"; }

std::vector<fs::path> logs_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".log") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The data lines of a log, split as the live serial source splits a byte stream; '#' lines are the
// log's comments (header and notes), not data.
std::vector<std::string> data_lines(const fs::path& log) {
  std::vector<std::string> out;
  shikan::probe::LineSplitter splitter;
  splitter.feed(slurp(log), [&](std::string_view l, bool) {
    if (l.front() != '#') out.emplace_back(l);
  });
  if (!splitter.partial().empty() && splitter.partial().front() != '#') out.emplace_back(splitter.partial());
  return out;
}

// Errors grouped by reason without the per-line detail: "bad checksum (expected 4A, got 4B)" -> "bad checksum".
std::string error_group(const std::string& reason) {
  const auto paren = reason.find(" (");
  return paren == std::string::npos ? reason : reason.substr(0, paren);
}

std::string fmt_deg(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", d);
  return buf;
}

std::string fmt_fix(const shikan::Fix& f) {
  return shikan::to_iso8601(f.utc) + " " + fmt_deg(f.pos.lat.degrees()) + " " + fmt_deg(f.pos.lon.degrees());
}

struct Decoded {
  std::size_t lines = 0;
  std::map<std::string, int> by_type, by_talker_type, errors, gga_quality;
  int gga_with_fix = 0;
  std::vector<shikan::Fix> fixes;
  int no_fix = 0;
};

Decoded decode(const std::vector<std::string>& lines) {
  Decoded d;
  nmea::Decoder dec;
  auto collect = [&] {
    for (const auto& o : dec.outcomes()) {
      if (const auto* f = std::get_if<shikan::Fix>(&o))
        d.fixes.push_back(*f);
      else
        ++d.no_fix;
    }
  };
  for (const auto& l : lines) {
    ++d.lines;
    const auto p = dec.feed(l);
    collect();
    if (!p) {
      ++d.errors[error_group(p.error().reason)];
      continue;
    }
    const std::string type(nmea::sentence_type(p.value()));
    ++d.by_type[type];
    ++d.by_talker_type[std::string(nmea::talker(p.value())) + type];
    if (const auto* g = std::get_if<nmea::Gga>(&p.value())) {
      ++d.gga_quality[g->quality ? std::to_string(*g->quality) : "empty"];
      if (g->quality && *g->quality > 0) ++d.gga_with_fix;
    }
  }
  dec.flush();
  collect();
  return d;
}

std::string summary(const std::string& name, const Decoded& d) {
  std::ostringstream s;
  s << "# " << name << ": NMEA decoder summary (tests/realdata/test_gpsd_logs.cpp)\n";
  s << "lines " << d.lines << "\n";
  s << "sentences";
  for (const auto& [k, v] : d.by_type) s << " " << k << "=" << v;
  s << "\ntalkers";
  for (const auto& [k, v] : d.by_talker_type) s << " " << k << "=" << v;
  s << "\ngga_quality";
  for (const auto& [k, v] : d.gga_quality) s << " " << k << "=" << v;
  s << "\ngga_with_fix " << d.gga_with_fix << "\n";
  s << "fixes " << d.fixes.size() << "\n";
  s << "no_fix " << d.no_fix << "\n";
  if (!d.fixes.empty()) {
    s << "first_fix " << fmt_fix(d.fixes.front()) << "\n";
    s << "last_fix " << fmt_fix(d.fixes.back()) << "\n";
    double s_lat = 90, n_lat = -90, w_lon = 180, e_lon = -180;
    for (const auto& f : d.fixes) {
      s_lat = std::min(s_lat, f.pos.lat.degrees());
      n_lat = std::max(n_lat, f.pos.lat.degrees());
      w_lon = std::min(w_lon, f.pos.lon.degrees());
      e_lon = std::max(e_lon, f.pos.lon.degrees());
    }
    s << "bbox " << fmt_deg(s_lat) << " " << fmt_deg(w_lon) << " " << fmt_deg(n_lat) << " " << fmt_deg(e_lon) << "\n";
  }
  for (const auto& [reason, n] : d.errors) s << "error " << n << " " << reason << "\n";
  return s.str();
}

bool update_golden() {
  const char* v = std::getenv("SHIKAN_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

// INDEX.tsv: file -> (GGA, RMC, GGA_with_fix).
struct IndexRow {
  int gga = 0, rmc = 0, gga_with_fix = 0;
};
std::map<std::string, IndexRow> read_index(const fs::path& p) {
  std::map<std::string, IndexRow> out;
  std::istringstream in(slurp(p));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
    REQUIRE(f.size() >= 5);
    out[f[0]] = IndexRow{std::stoi(f[2]), std::stoi(f[3]), std::stoi(f[4])};
  }
  return out;
}

// INDEX.tsv's own rule: a line starting "$??GGA" whose 7th comma-separated field is a number > 0.
bool index_counts_as_gga_with_fix(const std::string& l) {
  if (l.size() < 6 || l[0] != '$' || l.compare(3, 3, "GGA") != 0) return false;
  std::vector<std::string> f;
  std::istringstream ls(l);
  for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
  return f.size() > 6 && std::atoi(f[6].c_str()) > 0;
}

}  // namespace

TEST_CASE("gpsd logs: every log decodes to its golden summary", "[realdata][nmea]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const auto logs = logs_in(shared / "data" / "gpsd-nmea-logs");
  REQUIRE(logs.size() == 86);  // SOURCE.md: 86 logs
  const bool update = update_golden();
  if (update) fs::create_directories(golden_dir());
  std::set<std::string> names;
  for (const auto& log : logs) {
    const std::string name = log.filename().string();
    names.insert(name + ".summary");
    const std::string got = summary(name, decode(data_lines(log)));
    const fs::path golden = golden_dir() / (name + ".summary");
    if (update) {
      std::ofstream(golden, std::ios::binary) << got;
      continue;
    }
    INFO("golden " << golden.string() << " (SHIKAN_UPDATE_GOLDEN=1 regenerates; say why in the commit)");
    REQUIRE(fs::exists(golden));
    CHECK(got == slurp(golden));
  }
  // No stale golden file for a log that is gone.
  for (const auto& e : fs::directory_iterator(golden_dir())) {
    INFO(e.path().string());
    CHECK(names.count(e.path().filename().string()) == 1);
  }
}

// INDEX.tsv counts GGA with fix by a plain field split. The parser's count is lower exactly by the GGA
// lines it rejects, all of which are damaged in the capture:
//   firefly-II.log: 23 GGA whose checksums do not match (and whose quality field is empty anyway);
//   triton400.log: "$GPGGA,030130$GPGLL,..." two sentences merged (INDEX counts it: field 7 is "030131.000");
//   holux-gm-210.log: a GGA cut short without checksum (quality 0).
// Every other GGA with fix in INDEX is parsed with quality > 0.
TEST_CASE("gpsd logs: GGA with fix agrees with INDEX.tsv", "[realdata][nmea]") {
  SHIKAN_REQUIRE_SHARED(shared);
  const fs::path dir = shared / "data" / "gpsd-nmea-logs";
  const auto index = read_index(dir / "INDEX.tsv");
  REQUIRE(index.size() == 86);
  int total_rejected = 0;
  for (const auto& log : logs_in(dir)) {
    const std::string name = log.filename().string();
    INFO(name);
    REQUIRE(index.count(name) == 1);
    const auto lines = data_lines(log);
    int by_rule = 0, rejected_with_fix = 0, parsed_with_fix = 0;
    for (const auto& l : lines) {
      const bool counted = index_counts_as_gga_with_fix(l);
      by_rule += counted ? 1 : 0;
      const auto p = nmea::parse(l);
      if (!p) {
        rejected_with_fix += counted ? 1 : 0;
        continue;
      }
      const auto* g = std::get_if<nmea::Gga>(&p.value());
      if (g && g->quality && *g->quality > 0) {
        ++parsed_with_fix;
        CHECK(counted);  // a fix INDEX does not know of would be a misreading
      }
    }
    CHECK(by_rule == index.at(name).gga_with_fix);  // we read the file as INDEX.tsv did
    CHECK(parsed_with_fix == index.at(name).gga_with_fix - rejected_with_fix);
    total_rejected += rejected_with_fix;
  }
  CHECK(total_rejected == 1);  // triton400's merged line; firefly-II and holux have quality empty / 0
}

// Logs whose header gives a position: a decoded fix lies near it. Two headers write degrees and minutes
// as if they were decimal degrees; they pin the ddmm.mmmm conversion (reading them as decimal would put
// the fix 28 km and 47 km away).
TEST_CASE("gpsd logs: fixes land where the log headers say", "[realdata][nmea]") {
  SHIKAN_REQUIRE_SHARED(shared);
  struct Row {
    std::string log;
    double lat, lon, tolerance_m;
  };
  const std::vector<Row> rows{
      {"quectel-eg25-g-2.log", 60.022279983, 30.236150133, 1.0},  // header = its first fix
      {"ublox-zed-f9p-nmea.log", -45.877591500, 170.500124833, 5.0},
      {"unicore-um621.log", 44.06886183, -121.31410000, 10.0},
      // "50.02457296N 19.58828604E": the receiver's 5002.457296 / 01958.828604 digits
      {"quectelLC79D.log", 50.0 + 2.457296 / 60, 19.0 + 58.828604 / 60, 1.0},
      // "34.54S 138.35E": 34 deg 54 min S, 138 deg 35 min E, to the minute (~1.9 km)
      {"jl-micro-jlt.log", -(34.0 + 54.0 / 60), 138.0 + 35.0 / 60, 2000.0},
  };
  for (const auto& r : rows) {
    INFO(r.log);
    const auto d = decode(data_lines(shared / "data" / "gpsd-nmea-logs" / r.log));
    REQUIRE_FALSE(d.fixes.empty());
    const shikan::GeoPoint ref{shikan::Latitude(r.lat), shikan::Longitude(r.lon)};
    double best = 1e12;
    for (const auto& f : d.fixes) best = std::min(best, shikan::haversine(f.pos, ref).value);
    CHECK(best < r.tolerance_m);
  }
}
