#include "bench_store.hpp"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "shikan/core/store.hpp"

namespace {

using namespace shikan;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBatch = 50;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shikan-bench-store-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw StoreError("bench_store: cannot create a temporary directory from " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;  // best effort: a leftover temp dir must not turn a result into an error
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// One sample as the probe would log it, with the raw lines of the AT exchanges behind it.
struct Logged {
  Sample sample;
  std::vector<RawLine> lines;
};

// A drive at ~12 m/s through a city; levels are integers as Quectel prints them, positions are
// NMEA ddmm.mmmmm converted to degrees (full doubles), as the GNSS reader produces.
class SampleMaker {
 public:
  Logged next() {
    const std::size_t i = n_++;
    const bool sa = i % 2 == 0;  // alternate: modem "cmcc" in SA, modem "cucc" in EN-DC
    const std::int64_t utc = 1'795'000'000'000 + static_cast<std::int64_t>(i / 2) * 1000;
    Logged out;
    Sample& s = out.sample;
    s.utc = UtcTime{utc};
    s.mono = MonoTime{static_cast<std::int64_t>(i) * 500'000'000 + 86'400'000'000'000};
    s.modem = sa ? "cmcc" : "cucc";
    const double t = static_cast<double>(i / 2);
    const double lat = std::round((31.2 + t * 1.1e-4) * 6e6) / 6e6, lon = std::round((121.4 + t * 0.7e-4) * 6e6) / 6e6;
    s.fix = Fix{UtcTime{utc - 200}, GeoPoint{Latitude(lat), Longitude(lon)}, FixQuality::Gps,
                Metres{std::round(level(40, 5) * 10) / 10}, 0.8 + static_cast<double>(pick(0, 6)) / 10,
                pick(8, 20), 12.3 * 0.514444, 33.5};
    s.fix_age_ms = 200;
    ServingCell& c = s.serving;
    c.state = "NOCONN";
    c.pci = pick(0, 1007);
    c.band = sa ? 78 : 3;
    c.duplex = sa ? "TDD" : "FDD";
    c.bandwidth_code = sa ? 12 : 5;
    c.rsrp = Dbm{level(-95, 12)};
    c.rsrq = Db{level(-11, 3)};
    c.sinr = Db{level(10, 8)};
    c.srxlev = pick(10, 60);
    if (sa) {
      c.rat = Rat::NrSa;
      c.plmn = Plmn("460", "00");
      c.nci = Nci{0x170C23000ULL + static_cast<std::uint64_t>(pick(0, 4095))};
      c.tac = 0x690E0F;
      c.arfcn = 627264;
    } else {
      c.rat = Rat::NrNsa;
      c.plmn = Plmn("460", "01");
      c.eci = Eci{0x2438000u + static_cast<std::uint32_t>(pick(0, 255))};
      c.tac = 0x690E;
      c.arfcn = 1650;
      c.rssi = Dbm{level(-65, 10)};
      c.cqi = pick(3, 15);
      c.tx_power = pick(-100, 230);
      c.nr = NrLeg{pick(0, 1007), 633984u, 78, Dbm{level(-90, 12)}, Db{level(-11, 3)}, Db{level(12, 8)}, 12, 1};
    }
    if (i % 4 < 2)  // every other sample of each modem carries 4 neighbours
      for (int k = 0; k < 4; ++k)
        s.neighbours.push_back(Neighbour{Rat::Lte, k < 2 ? NeighbourScope::Intra : NeighbourScope::Inter,
                                         k < 2 ? 1650u : 100u, pick(0, 503), Dbm{level(-105, 10)},
                                         Db{level(-13, 3)}, Dbm{level(-75, 10)}, Db{level(2, 6)}, pick(0, 40)});
    add_lines(out);
    return out;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double level(double mean, double spread) { return std::round(std::normal_distribution<double>(mean, spread)(rng_)); }

  // The AT exchanges of FIELD_GUIDE §4, one RawLine per line sent or received.
  void add_lines(Logged& out) const {
    const Sample& s = out.sample;
    std::vector<std::pair<Direction, std::string>> lines{{Direction::Sent, "AT+QENG=\"servingcell\""}};
    if (s.serving.rat == Rat::NrSa) {
      lines.emplace_back(Direction::Received,
                         "+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",460,00,170C23004,299,690E0F,627264,"
                         "78,12,-95,-11,10,1,45");
    } else {
      lines.emplace_back(Direction::Received, "+QENG: \"servingcell\",\"NOCONN\"");
      lines.emplace_back(Direction::Received,
                         "+QENG: \"LTE\",\"FDD\",460,01,243800E,299,1650,3,5,5,690E,-95,-11,-65,15,12,180,45");
      lines.emplace_back(Direction::Received, "+QENG: \"NR5G-NSA\",460,01,747,-90,12,-11,633984,78,12,1");
    }
    lines.emplace_back(Direction::Received, "OK");
    if (!s.neighbours.empty()) {
      lines.emplace_back(Direction::Sent, "AT+QENG=\"neighbourcell\"");
      for (int k = 0; k < 4; ++k)
        lines.emplace_back(Direction::Received,
                           k < 2 ? "+QENG: \"neighbourcell intra\",\"LTE\",1650,300,-13,-105,-75,2,20,,,,"
                                 : "+QENG: \"neighbourcell inter\",\"LTE\",100,12,-14,-108,-78,0,12,,,,");
      lines.emplace_back(Direction::Received, "OK");
    }
    std::int64_t k = 0;
    for (auto& [dir, text] : lines)
      out.lines.push_back(RawLine{s.utc, MonoTime{s.mono.ns + ++k * 20'000'000}, s.modem, dir, std::move(text)});
  }

  std::mt19937 rng_{20261121};  // fixed seed: every run writes the same data
  std::size_t n_ = 0;
};

struct RunResult {
  std::uintmax_t file_bytes = 0;
  double seconds = 0;
  std::vector<double> flush_ms;
  std::size_t raw_lines = 0;
};

RunResult run(const std::filesystem::path& file, std::size_t samples, std::size_t batch, bool with_raw) {
  RunResult r;
  SampleMaker maker;
  {
    LogStore store(file);
    const SessionId session = store.begin_session(SessionInfo{"bench", "bench", "", UtcTime{1'795'000'000'000}});
    const auto start = Clock::now();
    for (std::size_t done = 0; done < samples;) {
      for (std::size_t k = 0; k < batch && done < samples; ++k, ++done) {
        const Logged l = maker.next();
        store.add(session, l.sample);
        if (!with_raw) continue;
        for (const RawLine& line : l.lines) store.add(session, line);
        r.raw_lines += l.lines.size();
      }
      const auto t0 = Clock::now();
      store.flush();
      r.flush_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }  // closing the last connection checkpoints the WAL into the file and removes it
  r.file_bytes = std::filesystem::file_size(file);
  return r;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

double max_of(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

}  // namespace

nlohmann::json shikan_bench_store(std::size_t samples) {
  if (samples == 0) samples = 1;
  TempDir dir;
  const RunResult full = run(dir.path() / "full.db", samples, kBatch, true);
  const RunResult bare = run(dir.path() / "bare.db", samples, kBatch, false);
  const RunResult single = run(dir.path() / "single.db", std::min<std::size_t>(samples, 200), 1, true);
  const auto n = static_cast<double>(samples);
  const auto full_bytes = static_cast<double>(full.file_bytes);
  return nlohmann::json{
      {"samples", samples},
      {"batch_samples", kBatch},
      {"raw_lines_per_sample", static_cast<double>(full.raw_lines) / n},
      {"bytes_per_sample", full_bytes / n},
      {"raw_line_bytes_share", 1.0 - static_cast<double>(bare.file_bytes) / full_bytes},
      {"insert_samples_per_s", full.seconds > 0 ? n / full.seconds : 0.0},
      {"flush_ms_p50", percentile(full.flush_ms, 0.5)},
      {"flush_ms_max", max_of(full.flush_ms)},
      {"flush1_ms_p50", percentile(single.flush_ms, 0.5)},
      {"flush1_ms_max", max_of(single.flush_ms)},
  };
}
