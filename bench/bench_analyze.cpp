#include "bench_analyze.hpp"
#include "shikan/core/time.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------------------
// Generator

// splitmix64: seeded, fast, and the same stream on every platform (std::normal_distribution is not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return uniform() < p; }
  double normal() {  // Marsaglia's polar method; the second value of each pair is kept for the next call
    if (has_spare_) return has_spare_ = false, spare_;
    double u = 0, v = 0, q = 0;
    do {
      u = 2 * uniform() - 1, v = 2 * uniform() - 1, q = u * u + v * v;
    } while (q >= 1 || q == 0);
    const double f = std::sqrt(-2 * std::log(q) / q);
    spare_ = v * f, has_spare_ = true;
    return u * f;
  }

 private:
  std::uint64_t s_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// Buffered CSV writer with fixed-point number formatting (no locale, no printf).
class CsvOut {
 public:
  explicit CsvOut(const fs::path& p) : f_(std::fopen(p.c_str(), "wb")) {
    if (!f_) throw std::runtime_error("cannot write " + p.string());
    buf_.resize(1 << 20);
  }
  ~CsvOut() {
    if (f_) close();
  }
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;
  void close() {
    flush();
    const bool bad = std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad) throw std::runtime_error("write failed (disk full?)");
  }
  void put(char c) { buf_[n_++] = c; }
  void put(std::string_view s) {
    std::copy(s.begin(), s.end(), buf_.data() + n_);
    n_ += s.size();
  }
  void integer(std::int64_t v) { n_ = static_cast<std::size_t>(std::to_chars(buf_.data() + n_, buf_.data() + n_ + 24, v).ptr - buf_.data()); }
  void fixed(double v, int decimals) {
    static constexpr std::array<double, 8> kScale = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
    std::int64_t scaled = std::llround(v * kScale[static_cast<std::size_t>(decimals)]);
    if (scaled < 0) put('-'), scaled = -scaled;
    const auto unit = static_cast<std::int64_t>(kScale[static_cast<std::size_t>(decimals)]);
    integer(scaled / unit);
    if (decimals == 0) return;
    put('.');
    std::int64_t frac = scaled % unit;
    for (std::int64_t d = unit / 10; d > 0; d /= 10) put(static_cast<char>('0' + frac / d)), frac %= d;
  }
  void end_row() {
    put('\n');
    if (n_ > buf_.size() - 4096) flush();
  }
  std::uintmax_t bytes() const { return written_ + n_; }

 private:
  void flush() {
    if (n_ && std::fwrite(buf_.data(), 1, n_, f_) != n_) throw std::runtime_error("write failed (disk full?)");
    written_ += n_;
    n_ = 0;
  }
  std::FILE* f_;
  std::vector<char> buf_;
  std::size_t n_ = 0;
  std::uintmax_t written_ = 0;
};

// "YYYY-MM-DD" of a day count since 1970-01-01, by core's formatter (called once per simulated day).
std::string iso_date(std::int64_t days) { return shikan::to_iso8601(shikan::UtcTime{days * 86'400'000}).substr(0, 10); }

// The city: metres east (x) and north (y) of its south-west corner.
constexpr double kLat0 = 30.22, kLon0 = 120.08;
constexpr double kMPerDegLat = 110'852.0;                   // WGS-84 meridian arc per degree near 30.3°N
constexpr double kMPerDegLon = 111'320.0 * 0.86357;         // × cos(30.26°)
constexpr double kBlockM = 200, kCityM = 8000;              // street spacing, city side
constexpr int kBlocks = static_cast<int>(kCityM / kBlockM);  // intersections 0..kBlocks on each axis
constexpr double kRasterM = 25, kShadowM = 100;
constexpr int kRaster = static_cast<int>(kCityM / kRasterM) + 1;
constexpr int kShadow = static_cast<int>(kCityM / kShadowM) + 3;
constexpr std::int64_t kStartUnix = 1'778'544'000;  // 2026-05-12T00:00:00Z

struct Site {
  double x = 0, y = 0, azimuth0 = 0;  // azimuth of the first sector, degrees
  std::uint32_t gnb = 0, enb = 0;
};

struct RadioCell {  // per 25 m raster cell: the best server by mean level, its level and the mean SINR
  std::uint16_t site = 0;
  float rsrp = 0, sinr = 0;
};

struct Operator {
  const char* plmn;
  const char* prefix;  // site ids
  bool nsa;
  int sites;
  double p100;  // mean NR RSRP at 100 m, dBm; log-distance exponent 3.2, flat below 20 m
  std::uint32_t nr_arfcn, nr_band, lte_arfcn, lte_band;
  std::vector<Site> site;
  std::vector<RadioCell> raster;  // kRaster × kRaster
  std::vector<float> shadow;      // kShadow × kShadow, dB
  std::uint64_t rows = 0, sa = 0, nsa_rows = 0, lte = 0, none = 0;
};

void build_operator(Operator& op, Rng& rng) {
  // gNB and eNB ids: a random base per operator and consecutive ids with small gaps, as planning tools assign.
  std::uint32_t gnb = 0x100000 + static_cast<std::uint32_t>(rng.uniform() * 0xD00000);
  std::uint32_t enb = 0x10000 + static_cast<std::uint32_t>(rng.uniform() * 0xD0000);
  for (int i = 0; i < op.sites; ++i) {
    Site s;
    s.x = -200 + rng.uniform() * (kCityM + 400);
    s.y = -200 + rng.uniform() * (kCityM + 400);
    s.azimuth0 = rng.uniform() * 120;
    s.gnb = gnb += 1 + static_cast<std::uint32_t>(rng.uniform() * 4);
    s.enb = enb += 1 + static_cast<std::uint32_t>(rng.uniform() * 4);
    op.site.push_back(s);
  }
  // Mean level of every site at the raster centres; SINR against the others at 35 % load and thermal noise
  // over one 30 kHz subcarrier (-174 dBm/Hz + 44.8 dB + 7 dB noise figure).
  const double noise_mw = std::pow(10.0, -122.2 / 10.0), load = 0.35;
  op.raster.resize(static_cast<std::size_t>(kRaster) * kRaster);
  const double p100_mw = std::pow(10.0, op.p100 / 10.0);
  for (int iy = 0; iy < kRaster; ++iy)
    for (int ix = 0; ix < kRaster; ++ix) {
      double total = 0, best = 0;
      std::size_t b = 0;
      for (std::size_t k = 0; k < op.site.size(); ++k) {
        // mean_rsrp() in mW: p100 · (d / 100 m)^-3.2, from d² (no square root, one pow per pair)
        const double dx = ix * kRasterM - op.site[k].x, dy = iy * kRasterM - op.site[k].y;
        const double mw = p100_mw * std::pow(std::max(dx * dx + dy * dy, 400.0) * 1e-4, -1.6);
        total += mw;
        if (mw > best) best = mw, b = k;
      }
      const double sinr = 10 * std::log10(best / ((total - best) * load + noise_mw));
      op.raster[static_cast<std::size_t>(iy) * kRaster + ix] = {
          static_cast<std::uint16_t>(b), static_cast<float>(10 * std::log10(best)), static_cast<float>(sinr)};
    }
  op.shadow.resize(static_cast<std::size_t>(kShadow) * kShadow);
  for (float& v : op.shadow) v = static_cast<float>(5.0 * rng.normal());
}

double shadow_at(const Operator& op, double x, double y) {  // bilinear: correlated over ~100 m
  const double gx = std::clamp(x / kShadowM + 1, 0.0, kShadow - 1.001), gy = std::clamp(y / kShadowM + 1, 0.0, kShadow - 1.001);
  const int ix = static_cast<int>(gx), iy = static_cast<int>(gy);
  const double u = gx - ix, v = gy - iy;
  const auto at = [&](int a, int b) { return op.shadow[static_cast<std::size_t>(b) * kShadow + a]; };
  return at(ix, iy) * (1 - u) * (1 - v) + at(ix + 1, iy) * u * (1 - v) + at(ix, iy + 1) * (1 - u) * v +
         at(ix + 1, iy + 1) * u * v;
}

// One car on the street grid: straight on, left or right at each intersection, sometimes a red light.
class Drive {
 public:
  explicit Drive(Rng& rng) : rng_(rng) {}
  void step() {
    if (stop_ > 0) {
      --stop_;
      speed_ = 0;
      return;
    }
    speed_ = std::clamp(speed_ + 0.3 * (10.5 - speed_) + 1.2 * rng_.normal(), 3.0, 17.0);
    s_ += speed_;
    while (s_ >= kBlockM) {
      s_ -= kBlockM;
      ix_ += kDx[dir_], iy_ += kDy[dir_];
      turn();
      if (rng_.chance(0.12)) {  // red light at this intersection
        stop_ = 5 + static_cast<int>(rng_.uniform() * 35);
        s_ = 0;
        break;
      }
    }
    odometer_ += speed_;
  }
  double x() const { return ix_ * kBlockM + kDx[dir_] * s_; }
  double y() const { return iy_ * kBlockM + kDy[dir_] * s_; }
  double speed() const { return speed_; }
  double odometer_m() const { return odometer_; }

 private:
  static constexpr std::array<int, 4> kDx = {1, 0, -1, 0}, kDy = {0, 1, 0, -1};
  bool ok(int d) const {
    const int nx = ix_ + kDx[d], ny = iy_ + kDy[d];
    return nx >= 0 && nx <= kBlocks && ny >= 0 && ny <= kBlocks;
  }
  void turn() {
    for (int tries = 0; tries < 8; ++tries) {
      const double u = rng_.uniform();
      const int d = u < 0.6 ? dir_ : u < 0.8 ? (dir_ + 1) % 4 : (dir_ + 3) % 4;
      if (ok(d)) return void(dir_ = d);
    }
    dir_ = (dir_ + 2) % 4;  // dead end of the grid: U-turn
  }
  Rng& rng_;
  int ix_ = kBlocks / 2, iy_ = kBlocks / 2, dir_ = 0, stop_ = 0;
  double s_ = 0, speed_ = 10, odometer_ = 0;
};

}  // namespace

AnalyzeInput write_analyze_input(const fs::path& dir, std::size_t samples, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Operator> ops = {
      {"46000", "CM", false, 130, -79.0, 504990, 41, 38950, 40, {}, {}, {}},
      {"46001", "CU", false, 100, -80.0, 627264, 78, 1850, 3, {}, {}, {}},
      {"46011", "CT", true, 80, -80.0, 627264, 78, 100, 1, {}, {}, {}},
  };
  for (Operator& op : ops) build_operator(op, rng);

  AnalyzeInput in;
  in.measurements = dir / "measurements.csv";
  in.sites = dir / "sites.csv";
  {
    CsvOut s(in.sites);
    s.put("site_id,operator,lat,lon,gnb_id,gnb_id_bits,enb_id,type\n");
    for (const Operator& op : ops)
      for (std::size_t i = 0; i < op.site.size(); ++i) {
        const Site& t = op.site[i];
        char id[40];
        std::snprintf(id, sizeof id, "%s-%04zu", op.prefix, i + 1);
        s.put(id), s.put(','), s.put(op.plmn), s.put(',');
        s.fixed(kLat0 + (t.y + 15 * rng.normal()) / kMPerDegLat, 6), s.put(',');  // listed ~15 m off
        s.fixed(kLon0 + (t.x + 15 * rng.normal()) / kMPerDegLon, 6), s.put(',');
        if (!op.nsa) s.integer(t.gnb), s.put(",24");
        else s.put(',');
        s.put(','), s.integer(t.enb), s.put(",macro");
        s.end_row();
      }
    s.close();
  }

  CsvOut out(in.measurements);
  out.put("time,lat,lon,plmn,rat,cell_id,pci,arfcn,band,rsrp,rsrq,sinr,ta,speed_kmh,hdop,nr_pci,nr_arfcn,nr_rsrp,"
          "nr_rsrq,nr_sinr,dl_mbps,ul_mbps\n");
  Drive car(rng);
  std::uint64_t empty = 0, sentinel = 0, no_fix = 0, throughput = 0;
  std::size_t row = 0;
  std::string date;
  std::int64_t day = -1;
  for (std::int64_t t = 0; row < samples; ++t) {
    car.step();
    const std::int64_t unix = kStartUnix + t;
    if (unix / 86400 != day) day = unix / 86400, date = iso_date(day) + "T";
    const auto sod = static_cast<int>(unix % 86400);
    char hms[16];
    const char two[] = "0123456789";
    hms[0] = two[sod / 36000], hms[1] = two[sod / 3600 % 10], hms[2] = ':', hms[3] = two[sod % 3600 / 600],
    hms[4] = two[sod % 600 / 60], hms[5] = ':', hms[6] = two[sod % 60 / 10], hms[7] = two[sod % 10], hms[8] = 'Z';
    const bool tput = t % 900 < 90;  // a 90 s throughput test every 15 min
    for (Operator& op : ops) {
      if (row == samples) break;
      ++row;
      ++op.rows;
      const double px = car.x() + 1.5 * rng.normal(), py = car.y() + 1.5 * rng.normal();  // each phone's GNSS
      const auto rx = static_cast<std::size_t>(std::clamp(std::lround(px / kRasterM), 0L, long{kRaster - 1}));
      const auto ry = static_cast<std::size_t>(std::clamp(std::lround(py / kRasterM), 0L, long{kRaster - 1}));
      const RadioCell& rc = op.raster[ry * kRaster + rx];
      const Site& site = op.site[rc.site];
      const std::size_t site_no = rc.site + (&op - ops.data()) * 1000;
      const double sh = shadow_at(op, px, py);
      const double nr = std::clamp(rc.rsrp + sh + 2.5 * rng.normal(), -150.0, -40.0);
      const double sinr = std::clamp(rc.sinr + 0.5 * sh + 2.0 * rng.normal(), -20.0, 35.0);
      const double dist = std::hypot(px - site.x, py - site.y);
      double az = std::atan2(px - site.x, py - site.y) * 180 / std::numbers::pi - site.azimuth0;
      az = std::fmod(az + 720.0, 360.0);
      const auto sector = static_cast<std::uint32_t>(std::min(2.0, az / 120.0));

      out.put(date), out.put(std::string_view(hms, 9)), out.put(',');
      if (rng.chance(0.001)) {
        ++no_fix;
        out.put("0.0000000,0.0000000,");
      } else {
        out.fixed(kLat0 + py / kMPerDegLat, 7), out.put(',');
        out.fixed(kLon0 + px / kMPerDegLon, 7), out.put(',');
      }
      out.put(op.plmn), out.put(',');

      enum { kNone, kLte, kSa, kNsa } rat;
      if (rng.chance(0.002)) rat = kNone;
      else if (op.nsa) rat = nr >= -113 ? kNsa : kLte;
      else rat = nr < -115 && rng.chance(0.8) ? kLte : kSa;
      const bool nr_serving = rat == kSa;
      const double level = nr_serving ? nr : std::clamp(nr + 9 + 1.5 * rng.normal(), -140.0, -44.0);  // LTE lower band
      const double q = nr_serving ? sinr : std::min(35.0, sinr + 2 + rng.normal());
      // rat, cell_id, pci, arfcn, band
      switch (rat) {
        case kNone: ++op.none, out.put("NONE,,,,,"); break;
        case kSa:
          ++op.sa, out.put("NR-SA,"), out.integer((std::int64_t{site.gnb} << 12) | (sector + 1)), out.put(',');
          break;
        case kLte:
        case kNsa:
          rat == kLte ? ++op.lte : ++op.nsa_rows;
          out.put(rat == kLte ? "LTE," : "NR-NSA,"), out.integer((std::int64_t{site.enb} << 8) | (sector + 1)), out.put(',');
          break;
      }
      if (rat != kNone) {
        if (rng.chance(0.005)) ++empty;
        else out.integer(static_cast<std::int64_t>((site_no * 3 + sector) % (nr_serving ? 1008 : 504)));
        out.put(',');
        out.integer(nr_serving ? op.nr_arfcn : op.lte_arfcn), out.put(',');
        out.integer(nr_serving ? op.nr_band : op.lte_band), out.put(',');
      }
      // rsrp, rsrq, sinr, ta
      if (rat != kNone) {
        if (rng.chance(0.0005)) ++sentinel, out.put("-32768");
        else out.fixed(level, 1);
        out.put(',');
        if (rng.chance(0.03)) ++empty;
        else out.fixed(std::clamp(-11.0 + 0.3 * q + rng.normal(), -20.0, -3.0), 1);
        out.put(',');
        if (rng.chance(0.02)) ++empty;
        else if (rng.chance(0.0005)) ++sentinel, out.put("32767");
        else out.fixed(q, 1);
        out.put(',');
        if (rng.chance(0.3)) out.integer(std::lround(dist / (nr_serving ? 39.06 : 78.12)));
        out.put(',');
      } else {
        out.put(",,,,");
      }
      // speed_kmh, hdop
      out.fixed(car.speed() * 3.6, 1), out.put(',');
      if (rng.chance(0.001)) ++sentinel, out.put("99.99");
      else out.fixed(0.6 + 0.6 * rng.uniform(), 2);
      out.put(',');
      // nr_pci, nr_arfcn, nr_rsrp, nr_rsrq, nr_sinr: the EN-DC leg
      if (rat == kNsa) {
        out.integer(static_cast<std::int64_t>((site_no * 3 + sector) % 1008)), out.put(',');
        out.integer(op.nr_arfcn), out.put(',');
        if (rng.chance(0.01)) ++empty;
        else if (rng.chance(0.0005)) ++sentinel, out.put("2147483647");
        else out.fixed(nr, 1);
        out.put(',');
        out.fixed(std::clamp(-11.0 + 0.3 * sinr + rng.normal(), -20.0, -3.0), 1), out.put(',');
        if (rng.chance(0.02)) ++empty;
        else out.fixed(sinr, 1);
        out.put(',');
      } else {
        out.put(",,,,,");
      }
      // dl_mbps, ul_mbps
      if (tput && rat != kNone) {
        ++throughput;
        const double dl = std::max(0.3, (rat == kLte ? 3.0 : 12.0) * (q + 6) * (0.7 + 0.4 * rng.uniform()));
        out.fixed(dl, 1), out.put(','), out.fixed(dl / 7, 1);
      } else {
        out.put(',');
      }
      out.end_row();
    }
  }
  out.close();
  in.bytes = fs::file_size(in.measurements);
  json per = json::object();
  for (const Operator& op : ops)
    per[op.plmn] = {{"rows", op.rows}, {"nr_sa", op.sa}, {"nr_nsa", op.nsa_rows}, {"lte", op.lte}, {"none", op.none},
                    {"sites", op.site.size()}};
  in.mix = {{"per_plmn", per},
            {"rows_without_fix", no_fix},
            {"empty_optional_fields", empty},
            {"sentinel_values", sentinel},
            {"rows_with_throughput", throughput},
            {"drive_km", car.odometer_m() / 1000.0},
            {"city_km2", kCityM * kCityM / 1e6}};
  return in;
}

namespace {

struct ChildRun {
  int status = -1;  // exit code, or -1 when killed by a signal
  double wall_s = 0, user_s = 0, sys_s = 0;
  long max_rss_kb = 0;
};

// Starts argv[0] (a path) with the given file actions, which it then destroys. Throws naming the program.
pid_t spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t& fa) {
  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

// posix_spawn + wait4: wall time, CPU time and peak RSS of the child. Linux starts a child's ru_maxrss at the
// spawning process's RSS (exec folds the old address space's high-water mark in), so the figure is
// max(our RSS at the spawn, the child's own peak): exact when the child outgrows us. The caller measures that
// floor with /bin/true and reports it.
ChildRun run_child(const std::vector<std::string>& argv, const fs::path& out_file, const fs::path& err_file) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = spawn(argv, fa);
  int st = 0;
  struct rusage ru {};
  while (::wait4(pid, &st, 0, &ru) < 0)
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  ChildRun r;
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.user_s = static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
  r.sys_s = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
  r.max_rss_kb = ru.ru_maxrss;  // kB on Linux
  return r;
}

// The same command without --quiet, its progress lines ("reading measurements", "read 1000000 rows", ...,
// "read N rows; analysing") time-stamped as they arrive on a pipe: where the wall time goes.
json phase_times(const std::vector<std::string>& argv) {
  int fd[2];
  if (::pipe(fd) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
  posix_spawn_file_actions_addclose(&fa, fd[0]);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  try {
    pid = spawn(argv, fa);
  } catch (...) {
    ::close(fd[0]), ::close(fd[1]);
    throw;
  }
  ::close(fd[1]);
  std::vector<std::pair<double, std::string>> lines;
  std::string pending;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
      lines.emplace_back(t, pending.substr(0, nl));
  }
  ::close(fd[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double start = -1, analysing = -1;
  json millions = json::array();  // seconds at each "read N000000 rows"
  for (const auto& [t, line] : lines) {
    if (line.find("reading measurements") != std::string::npos) start = t;
    else if (line.find("analysing") != std::string::npos) analysing = t;
    else if (line.find(" rows") != std::string::npos) millions.push_back(t);
  }
  json j{{"wall_s", wall}, {"exit", WIFEXITED(st) ? WEXITSTATUS(st) : -1}, {"read_million_rows_at_s", millions}};
  if (start >= 0 && analysing >= 0) {
    j["before_import_s"] = start;                          // sites, profile: reading the small inputs
    j["import_clean_observe_s"] = analysing - start;       // the streaming pass over every row
    j["analyse_and_write_s"] = wall - analysing;           // SHA-256 of inputs, reconciliation, figures, files
  }
  return j;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string tail(const std::string& s, std::size_t n = 600) { return s.size() > n ? s.substr(s.size() - n) : s; }

json run_figures(const ChildRun& r, std::size_t samples) {
  return {{"wall_s", r.wall_s},
          {"user_s", r.user_s},
          {"sys_s", r.sys_s},
          {"samples_per_s", static_cast<double>(samples) / r.wall_s},
          {"peak_rss_mb", static_cast<double>(r.max_rss_kb) / 1024.0}};
}

double rel_diff(double a, double b) { return a == b ? 0.0 : std::abs(a - b) / std::max(std::abs(a), std::abs(b)); }

// The analyzer names operators by key; the peer by PLMN.
std::string op_key(const std::string& plmn) {
  return plmn == "46000" ? "cmcc" : plmn == "46001" ? "cucc" : plmn == "46011" ? "ctcc" : plmn;
}

}  // namespace

json shikan_bench_analyze(const fs::path& bin_dir, const AnalyzeBenchOptions& o) {
  const bool keep = !o.keep.empty();
  const fs::path dir = keep ? o.keep : fs::temp_directory_path() / ("shikan-bench-analyze-" + std::to_string(::getpid()));
  if (!keep) fs::remove_all(dir);
  fs::create_directories(dir);
  struct Cleanup {
    fs::path dir;
    bool keep;
    ~Cleanup() {
      std::error_code ec;
      if (!keep) fs::remove_all(dir, ec);
    }
  } cleanup{dir, keep};

  const auto g0 = std::chrono::steady_clock::now();
  const AnalyzeInput in = write_analyze_input(dir, o.samples, o.seed);
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
  std::cerr << "bench: analyze: generated " << o.samples << " rows (" << in.bytes / 1'000'000 << " MB) in " << gen_s
            << " s" << std::endl;

  double load1 = -1;
  if (std::ifstream la("/proc/loadavg"); la) la >> load1;
  const ChildRun floor = run_child({"/bin/true"}, "/dev/null", "/dev/null");

  json j{{"samples", o.samples},
         {"load_average_1min_at_start", load1},
         {"peak_rss_floor_mb", static_cast<double>(floor.max_rss_kb) / 1024.0},
         {"input_bytes", in.bytes},
         {"input", "generated generic measurement CSV, seed " + std::to_string(o.seed) +
                       ": 3 operators (46000 and 46001 NR-SA, 46011 NR-NSA), 310 sites, 8 km x 8 km street grid, "
                       "1 row/s per phone at ~10 m/s, 22 columns"},
         {"input_mix", in.mix},
         {"generate_s", gen_s}};

  // Ours: the real command, as a user runs it.
  const fs::path out_dir = dir / "report";
  std::cerr << "bench: analyze: shikan analyze..." << std::endl;
  const ChildRun ours = run_child({(bin_dir / "shikan").string(), "analyze", "--measurements", in.measurements.string(),
                                   "--sites", in.sites.string(), "--out", out_dir.string(), "--quiet"},
                                  dir / "ours.out", dir / "ours.err");
  if (ours.status != 0)
    throw std::runtime_error("shikan analyze failed (exit " + std::to_string(ours.status) + "): " +
                             tail(slurp(dir / "ours.err")));
  const json report = json::parse(slurp(out_dir / "report.json"));
  const json& cov = report.at("coverage");
  j["command"] = "shikan analyze --measurements measurements.csv --sites sites.csv --out DIR --quiet";
  j["ours"] = run_figures(ours, o.samples);
  j["ours"]["coverage"] = {{"bins", cov.at("bins")},
                           {"covered_bins", cov.at("covered_bins")},
                           {"rate", cov.at("rate")},
                           {"sample_rate", cov.at("sample_rate")},
                           {"basis", cov.at("basis")}};
  j["ours"]["nr_time_share"] = report.at("residency").at("nr_time_share");
  j["ours"]["rows"] = {{"read", report.at("import").at("rows")},
                       {"rejected", report.at("import").at("rejected")},
                       {"usable", report.at("cleaning").at("usable")}};
  j["ours"]["sites"] = report.at("summary");
  const double goal_rate = 2e6, goal_rss_mb = 1024, goal_ratio = 10;
  const double ours_rate = static_cast<double>(o.samples) / ours.wall_s;
  const double ours_rss = static_cast<double>(ours.max_rss_kb) / 1024.0;
  j["goal_samples_per_s"] = goal_rate;
  j["goal_peak_rss_mb"] = goal_rss_mb;
  j["goal_ratio_to_peer"] = goal_ratio;
  j["goal_samples_per_s_met"] = ours_rate >= goal_rate;
  j["goal_peak_rss_met"] = ours_rss < goal_rss_mb;
  // Human lines here and after the peer; main prints the JSON.
  const auto met = [](bool b) { return b ? "met" : "NOT met"; };
  {
    char line[512];
    std::snprintf(line, sizeof line,
                  "analyze: %zu samples (%.0f MB CSV): ours %.3f M samples/s (%.1f s wall, %.1f s CPU), peak RSS %.0f MB; "
                  ">= 2 M samples/s %s, peak RSS < 1 GiB %s\n",
                  o.samples, static_cast<double>(in.bytes) / 1e6, ours_rate / 1e6, ours.wall_s, ours.user_s + ours.sys_s,
                  ours_rss, met(ours_rate >= goal_rate), met(ours_rss < goal_rss_mb));
    std::cout << line << std::flush;
  }

  if (o.phases) {
    std::cerr << "bench: analyze: shikan analyze again, timing its phases..." << std::endl;
    j["ours_phases"] = phase_times({(bin_dir / "shikan").string(), "analyze", "--measurements", in.measurements.string(),
                                    "--sites", in.sites.string(), "--out", (dir / "report-phases").string()});
    if (j["ours_phases"].contains("import_clean_observe_s"))
      j["ours_phases"]["import_clean_observe_rows_per_s"] =
          static_cast<double>(o.samples) / j["ours_phases"]["import_clean_observe_s"].get<double>();
  }

  if (!o.run_peer) return j;
  std::vector<std::string> peer_argv = {o.python, o.peer_script.string(), in.measurements.string()};
  if (o.peer_chunksize) peer_argv.insert(peer_argv.end(), {"--chunksize", std::to_string(o.peer_chunksize)});
  if (::access(o.python.c_str(), X_OK) != 0 || !fs::exists(o.peer_script)) {
    j["peer"] = "not run: " + o.python + " or " + o.peer_script.string() + " missing";
    return j;
  }
  std::cerr << "bench: analyze: peer (pandas)..." << std::endl;
  const ChildRun peer = run_child(peer_argv, dir / "peer.out", dir / "peer.err");
  if (peer.status != 0) {
    const std::string err = tail(slurp(dir / "peer.err"));
    if (err.find("No module named 'pandas'") != std::string::npos) {
      j["peer"] = "not run: pandas missing (apt-get install python3-pandas)";
      return j;
    }
    throw std::runtime_error("peer failed (exit " + std::to_string(peer.status) + "): " + err);
  }
  const json pj = json::parse(slurp(dir / "peer.out"));
  j["peer"] = run_figures(peer, o.samples);
  j["peer"]["program"] = "bench/peer_coverage.py: pandas " + pj.value("pandas", std::string("?")) + ", numpy " +
                         pj.value("numpy", std::string("?")) + ", " + o.python + "; read: " +
                         pj.value("read", std::string("?")) + "; projection: " + pj.value("projection", std::string("?"));
  j["peer"]["coverage"] = {{"bins", pj.at("bins")},
                           {"covered_bins", pj.at("covered_bins")},
                           {"rate", pj.at("rate")},
                           {"sample_rate", pj.at("sample_rate")},
                           {"presence_only", pj.at("presence_only")}};
  const double ratio = peer.wall_s / ours.wall_s;
  j["ratio_ours_to_peer_speed"] = ratio;
  j["goal_ratio_met"] = ratio >= goal_ratio;

  // Same work: the same bins judged the same way, up to the projections' centimetre differences at bin edges.
  const double tol = 0.01;
  json agree = json::object();
  bool ok = true;
  const auto check = [&](json& into, const json& a, const json& b) {
    const double db = rel_diff(a.at("bins").get<double>(), b.at("bins").get<double>());
    const double dr = rel_diff(a.at("rate").get<double>(), b.at("rate").get<double>());
    const double ds = rel_diff(a.at("sample_rate").get<double>(), b.at("sample_rate").get<double>());
    into = {{"bins_rel_diff", db}, {"rate_rel_diff", dr}, {"sample_rate_rel_diff", ds}, {"within_1_percent", db <= tol && dr <= tol && ds <= tol}};
    ok = ok && into["within_1_percent"].get<bool>();
  };
  check(agree["pooled"], cov, pj);
  for (const json& op : cov.at("per_operator"))
    for (const auto& [plmn, pc] : pj.at("per_operator").items())
      if (op_key(plmn) == op.value("operator", std::string())) {
        check(agree[op_key(plmn)], op, pc);
        agree[op_key(plmn)]["ours"] = {{"bins", op.at("bins")}, {"rate", op.at("rate")}, {"sample_rate", op.at("sample_rate")}};
        agree[op_key(plmn)]["peer"] = {{"bins", pc.at("bins")}, {"rate", pc.at("rate")}, {"sample_rate", pc.at("sample_rate")}};
      }
  j["agreement"] = agree;
  j["results_agree"] = ok;
  if (!ok) std::cerr << "bench: analyze: WARNING: ours and the peer disagree by more than 1 %: " << agree.dump() << std::endl;

  char line[512];
  std::snprintf(line, sizeof line,
                "analyze: pandas peer %.3f M samples/s (%.1f s wall, %.1f s CPU), peak RSS %.0f MB; ours/peer speed "
                "%.2fx: >= 10x %s. Coverage: ours %lld bins, rate %.4f, sample rate %.4f; peer %lld bins, rate %.4f, "
                "sample rate %.4f: %s\n",
                static_cast<double>(o.samples) / peer.wall_s / 1e6, peer.wall_s, peer.user_s + peer.sys_s,
                static_cast<double>(peer.max_rss_kb) / 1024.0, ratio, met(ratio >= goal_ratio),
                cov.at("bins").get<long long>(), cov.at("rate").get<double>(), cov.at("sample_rate").get<double>(),
                pj.at("bins").get<long long>(), pj.at("rate").get<double>(), pj.at("sample_rate").get<double>(),
                ok ? "agree within 1 %" : "DISAGREE");
  std::cout << line;
  return j;
}
