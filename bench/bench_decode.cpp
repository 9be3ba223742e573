#include "bench_decode.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <istream>
#include <ostream>
#include <streambuf>
#include <string>

#include "shikan/probe/decode.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// An output stream buffer that counts and drops everything.
class NullBuf : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

// An input stream buffer over memory the caller keeps alive: no copy of the transcript per pass, so the
// figure is the decoder's, not std::istringstream's.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(const std::string& s) {
    char* p = const_cast<char*>(s.data());  // get area only: never written through
    setg(p, p, p + s.size());
  }
};

std::string stamp(long ms) {
  char buf[40];
  const long s = ms / 1000;
  std::snprintf(buf, sizeof buf, "2026-11-21T%02ld:%02ld:%02ld.%03ldZ ", 6 + s / 3600 % 12, s / 60 % 60, s % 60,
                ms % 1000);
  return buf;
}

// One poll cycle of a Quectel modem per simulated second, values drifting like a drive.
std::string at_transcript(int cycles, std::size_t& lines) {
  std::mt19937 rng(7);
  std::string t;
  lines = 0;
  auto add = [&](long ms, const std::string& s) {
    t += stamp(ms);
    t += s;
    t += '\n';
    ++lines;
  };
  for (int i = 0; i < cycles; ++i) {
    const long ms = i * 1000L;
    const int rsrp = -70 - static_cast<int>(rng() % 40), nr = -75 - static_cast<int>(rng() % 40);
    const int mode = i % 3;
    add(ms, "AT+QENG=\"servingcell\"");
    if (mode == 0) {
      add(ms + 40, "+QENG: \"servingcell\",\"NOCONN\"");
      add(ms + 41, "+QENG: \"LTE\",\"FDD\",460,01,5F1EA15,12,1650,3,5,5,DE10," + std::to_string(rsrp) +
                       ",-11,-64,14,12,-,-");
      add(ms + 42, "+QENG:\"NR5G-NSA\",460,01,747," + std::to_string(nr) + ",16,-11,627264,78,12,1");
    } else if (mode == 1) {
      add(ms + 40, "+QENG: \"servingcell\",\"CONNECT\",\"NR5G-SA\",\"TDD\",460,00,170C23000,901,46550B,504990,41,12," +
                       std::to_string(nr) + ",-10,16,1,40");
    } else {
      add(ms + 40, "+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",460,11,243800E,20,1825,3,5,5,3AC9," +
                       std::to_string(rsrp) + ",-13,-52,15,10,-,30");
    }
    add(ms + 43, "OK");
    add(ms + 100, "AT+QENG=\"neighbourcell\"");
    add(ms + 140, "+QENG: \"neighbourcell intra\",\"LTE\",1650,101,-12," + std::to_string(rsrp - 6) + ",-70,10,30,7,16,6,44");
    add(ms + 141, "+QENG: \"neighbourcell inter\",\"LTE\",100,-,-,-,-,-,0,0,30,6");
    add(ms + 142, "+QENG: \"neighbourcell\",\"NR\",633984,262," + std::to_string(nr - 9) + ",-17,-6,-,32");
    add(ms + 143, "OK");
    add(ms + 200, "AT+QNWINFO;+QCAINFO;+CESQ;+COPS?;+CEREG?;+C5GREG?");
    add(ms + 240, "+QNWINFO: \"FDD LTE\",\"46001\",\"LTE BAND 3\",1650");
    add(ms + 241, "+QCAINFO: \"PCC\",1650,100,\"LTE BAND 3\",1,12," + std::to_string(rsrp) + ",-11,-64,8");
    add(ms + 242, "+QCAINFO: \"SCC\",627264,12,\"NR5G BAND 78\",747");
    add(ms + 243, "+CESQ: 99,99,255,255,18,46");
    add(ms + 244, "+COPS: 0,2,\"46001\",13");
    add(ms + 245, "+CEREG: 2,1,\"DE10\",\"5F1EA15\",7");
    add(ms + 246, "+C5GREG: 2,1,\"46550B\",\"0000000170C23000\",11,1,\"01\"");
    add(ms + 247, "OK");
  }
  return t;
}

std::string nmea(const std::string& body) {
  unsigned cs = 0;
  for (char c : body) cs ^= static_cast<unsigned char>(c);
  char tail[8];
  std::snprintf(tail, sizeof tail, "*%02X", cs);
  return "$" + body + tail;
}

std::string nmea_transcript(int epochs, std::size_t& lines) {
  std::string t;
  lines = 0;
  for (int i = 0; i < epochs; ++i) {
    char hms[16];
    std::snprintf(hms, sizeof hms, "%02d%02d%02d.00", 6 + i / 3600 % 12, i / 60 % 60, i % 60);
    const std::string h(hms);
    const std::string lat = std::to_string(3114.1234 + i * 1e-4), lon = std::to_string(12128.5678 + i * 1e-4);
    for (const std::string& s :
         {nmea("GNGGA," + h + "," + lat + ",N," + lon + ",E,1,12,0.8,12.3,M,8.9,M,,"),
          nmea("GNRMC," + h + ",A," + lat + ",N," + lon + ",E,3.2,87.5,211126,,,A,V"),
          nmea(std::string("GNGSA,A,3,05,12,15,18,,,,,,,,,1.5,0.8,1.2,1")),
          nmea(std::string("GBGSV,1,1,04,07,45,120,38,10,30,250,41,12,20,40,33,14,60,300,44,0"))}) {
      t += stamp(i * 1000L);
      t += s;
      t += '\n';
      ++lines;
    }
  }
  return t;
}

struct Run {
  double lines_per_s = 0, records_per_s = 0;
  std::size_t lines = 0;
};

Run measure(const std::string& text, std::size_t lines_per_pass, double budget_s) {
  NullBuf nb;
  std::ostream sink(&nb);
  Run r;
  std::uint64_t records = 0;
  const auto t0 = Clock::now();
  double elapsed = 0;
  do {
    ViewBuf vb(text);
    std::istream in(&vb);
    const auto st = shikan::probe::decode_stream(in, sink);
    records += st.total_records();
    r.lines += lines_per_pass;
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (elapsed < budget_s);
  r.lines_per_s = static_cast<double>(r.lines) / elapsed;
  r.records_per_s = static_cast<double>(records) / elapsed;
  return r;
}

}  // namespace

nlohmann::json shikan_bench_decode(double seconds_budget) {
  std::size_t at_lines = 0, nmea_lines = 0;
  const std::string at = at_transcript(20000, at_lines);  // ~ 460k lines, ~ 30 MB
  const std::string gnss = nmea_transcript(50000, nmea_lines);
  {  // warm-up pass (page faults, caches), excluded
    NullBuf nb;
    std::ostream sink(&nb);
    ViewBuf vb(at);
    std::istream in(&vb);
    shikan::probe::decode_stream(in, sink);
  }
  const Run a = measure(at, at_lines, seconds_budget / 4);
  const Run n = measure(gnss, nmea_lines, seconds_budget / 4);
  return {{"at_lines_per_s", a.lines_per_s},
          {"at_records_per_s", a.records_per_s},
          {"nmea_lines_per_s", n.lines_per_s},
          {"lines", a.lines + n.lines},
          {"goal_lines_per_s", 1000000}};
}
