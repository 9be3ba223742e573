// Pseudo-terminal edge: a probe-side open of the stable link talks to the emulator; an unplug closes
// the pty and removes the link, a re-plug re-points it. And the `shikan sim` program end to end.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <cstdio>
#include <fcntl.h>
#include <future>
#include <poll.h>
#include <sys/inotify.h>
#include <thread>
#include <unistd.h>

#include "shikan/sim/modem.hpp"
#include "shikan/sim/pty.hpp"
#include "shikan/sim/rig.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::sim;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("shikan-sim-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Reads until `want` bytes arrived or `timeout_ms` passed (poll-driven, no sleeps).
std::string read_some(int fd, std::size_t want, int timeout_ms) {
  std::string got;
  while (got.size() < want) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

// Runs an io_context on its own thread; run_on() executes a function on it and waits.
struct IoThread {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  std::thread th{[this] { io.run(); }};
  ~IoThread() {
    guard.reset();
    io.stop();
    th.join();
  }
  template <class F>
  void run_on(F f) {
    std::promise<void> done;
    boost::asio::post(io, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }
};

}  // namespace

TEST_CASE("pty: open the stable link, send AT, read the answer; unplug and re-plug", "[sim][pty]") {
  const fs::path dir = fresh_dir("pty");
  const fs::path link = dir / "dev" / "cmcc";
  ModemSetup setup;
  ModemCore core(setup);
  IoThread t;
  std::unique_ptr<PtyPort> port;
  t.run_on([&] {
    port = std::make_unique<PtyPort>(t.io, link, [&](std::string_view in) { port->write(core.feed(in, ModemWorld{})); });
    port->open();
  });
  REQUIRE(fs::is_symlink(link));
  const std::string first = port->slave_path();
  CHECK(fs::read_symlink(link) == first);

  const int fd = ::open(link.c_str(), O_RDWR | O_NOCTTY);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "AT\r", 3) == 3);
  CHECK(read_some(fd, 9, 2000) == "AT\r\r\nOK\r\n");
  REQUIRE(::write(fd, "ATI\r", 4) == 4);
  CHECK(read_some(fd, 60, 2000) == "ATI\r\r\nQuectel\r\nRM500Q-GL\r\nRevision: RM500QGLABR11A06M4G\r\n\r\nOK\r\n");

  t.run_on([&] { port->close(); });
  CHECK_FALSE(fs::exists(fs::symlink_status(link)));
  // The probe's open descriptor sees the hang-up: a read ends (EOF or EIO), no more data.
  pollfd p{fd, POLLIN, 0};
  REQUIRE(::poll(&p, 1, 2000) == 1);
  CHECK((p.revents & (POLLHUP | POLLERR | POLLIN)) != 0);
  char c;
  CHECK(::read(fd, &c, 1) <= 0);
  ::close(fd);

  t.run_on([&] { port->open(); });
  REQUIRE(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == port->slave_path());
  const int fd2 = ::open(link.c_str(), O_RDWR | O_NOCTTY);
  REQUIRE(fd2 >= 0);
  REQUIRE(::write(fd2, "AT\r", 3) == 3);
  CHECK(read_some(fd2, 9, 2000) == "AT\r\r\nOK\r\n");
  ::close(fd2);
  t.run_on([&] { port.reset(); });
  fs::remove_all(dir);
}

TEST_CASE("pty: output nobody reads is discarded, like a serial line without a listener", "[sim][pty]") {
  const fs::path dir = fresh_dir("unread");
  IoThread t;
  std::unique_ptr<PtyPort> port;
  t.run_on([&] {
    // The periodic check is pushed out of the test's way; the test calls it itself.
    port = std::make_unique<PtyPort>(t.io, dir / "gnss", [](std::string_view) {}, std::chrono::hours(1));
    port->open();
    port->write("stale\r\n");
  });
  t.run_on([] {});  // the write's completion has run
  std::size_t unread = 0, dropped = 0;
  // The kernel moves written bytes into the slave's input queue asynchronously (pty flip-buffer work),
  // so wait, bounded, until they are there. Seen under CI load: TIOCINQ still 0 right after the write.
  for (int i = 0; i < 200 && unread < 7; ++i) {
    t.run_on([&] { unread = port->unread(); });
    if (unread < 7) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  t.run_on([&] {
    unread = port->unread();
    port->discard_if_unread();  // nothing consumed since the write: discard
  });
  CHECK(unread == 7);
  t.run_on([&] {
    unread = port->unread();
    dropped = port->dropped_bytes();
  });
  CHECK(unread == 0);
  CHECK(dropped == 7);

  // A reader that keeps reading loses nothing.
  const int fd = ::open((dir / "gnss").c_str(), O_RDONLY | O_NOCTTY);
  REQUIRE(fd >= 0);
  t.run_on([&] { port->write("fresh\r\n"); });
  CHECK(read_some(fd, 7, 2000) == "fresh\r\n");
  t.run_on([&] {
    port->discard_if_unread();
    dropped = port->dropped_bytes();
  });
  CHECK(dropped == 7);
  ::close(fd);
  t.run_on([&] { port.reset(); });
  fs::remove_all(dir);
}

TEST_CASE("probe.toml has the agreed shape", "[sim][rig]") {
  CHECK(probe_toml("/o", {"cmcc", "ctcc"}) ==
        "probe_id = \"sim-probe\"\ndatabase = \"/o/probe.db\"\nsample_interval_ms = 1000\n[gnss]\nsource = \"nmea\"\nport = \"/o/dev/gnss\"\nbaud = 9600\n"
        "[[modem]]\nid = \"cmcc\"\nport = \"/o/dev/cmcc\"\nbaud = 115200\ndriver = \"quectel\"\nlte_sinr = \"twice_minus_20\"\n"
        "[[modem]]\nid = \"ctcc\"\nport = \"/o/dev/ctcc\"\nbaud = 115200\ndriver = \"quectel\"\nlte_sinr = \"twice_minus_20\"\n");
}

#ifdef SHIKAN_BIN
TEST_CASE("shikan sim: runs the town, unplug re-points the link, writes its files, exits 0", "[sim][rig]") {
  const fs::path out = fresh_dir("cli");
  fs::create_directories(out / "dev");
  const int in = ::inotify_init1(IN_CLOEXEC);
  REQUIRE(in >= 0);
  REQUIRE(::inotify_add_watch(in, (out / "dev").c_str(), IN_MOVED_TO | IN_DELETE) >= 0);
  const std::string cmd = std::string(SHIKAN_BIN) + " sim --city " + (test::fixtures() / "sim" / "town").string() + " --out " + out.string() +
                          " --duration 40 --accel 20 --seed 3 --fault unplug:cmcc@10+10 --fault garbage:gnss@5 2>" + (out / "err.txt").string();
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  // Link events for dev/cmcc, in order: created, deleted (unplug), created (re-plug), deleted (exit).
  std::vector<std::string> events;
  char buf[4096] __attribute__((aligned(8)));
  while (events.size() < 4) {
    pollfd pf{in, POLLIN, 0};
    if (::poll(&pf, 1, 10000) <= 0) break;
    const ssize_t n = ::read(in, buf, sizeof buf);
    for (ssize_t i = 0; i < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + i);
      if (ev->len && std::string(ev->name) == "cmcc") events.push_back(ev->mask & IN_DELETE ? "deleted" : "created");
      i += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
    }
  }
  std::string stdout_text;
  char line[512];
  while (std::fgets(line, sizeof line, p)) stdout_text += line;
  const int status = ::pclose(p);
  ::close(in);
  CHECK(events == std::vector<std::string>{"created", "deleted", "created", "deleted"});
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(stdout_text.find("device cmcc " + (out / "dev" / "cmcc").string() + "\n") == 0);
  CHECK(stdout_text.find("device gnss " + (out / "dev" / "gnss").string() + "\n") != std::string::npos);
  CHECK(read_text_file(out / "probe.toml") == probe_toml(out, {"cmcc", "ctcc"}));
  const std::string truth = read_text_file(out / "truth.jsonl");
  CHECK(std::count(truth.begin(), truth.end(), '\n') == 1 + 41 + 3);  // meta, 41 states, 3 fault lines
  CHECK(truth.find("\"fault\":\"unplug\"") != std::string::npos);
  CHECK(read_text_file(out / "devices.json").find("\"firmware\": \"endc\"") != std::string::npos);
  fs::remove_all(out);
}
#endif
