// Seeded fault injection for AtProtocol: random mixes of answers, URCs, echoes, junk bytes and read
// splits. Whatever arrives, every submitted command completes exactly once, in order, and the
// protocol ends idle.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/serial.hpp"

using namespace shikan;
using namespace shikan::probe;
using namespace std::chrono_literals;

TEST_CASE("engine: random streams never lose or duplicate a command", "[probe][engine][fuzz]") {
  const std::vector<std::string> pieces{"\r\nOK\r\n",
                                        "\r\nERROR\r\n",
                                        "\r\n+CME ERROR: 10\r\n",
                                        "\r\n+QENG: \"servingcell\",\"NOCONN\"\r\n",
                                        "\r\n+CEREG: 1\r\n",
                                        "RDY\r\n",
                                        "AT+QENG=\"servingcell\"\r",
                                        "\r\n+QNWINFO: No Service\r\n",
                                        std::string("\x00\xff\xfe\r\n", 5),
                                        "\r\n\xe4\xb8\r\n",
                                        "\r\n+COPS: 0,0,\"中国移动\",7\r\n",
                                        "\r\r\n\n",
                                        "O",
                                        "K\r\n"};
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    AtProtocol p;
    LineSplitter splitter;
    std::int64_t now_ms = 0;
    const int n_cmds = 1 + static_cast<int>(rng() % 5);
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < n_cmds; ++i) {
      ids.push_back(
          p.submit(i % 2 ? at_query("AT+QNWINFO", 200ms) : at_query("AT+QENG=\"servingcell\"", 200ms), MonoTime{0}));
    }
    std::vector<std::uint64_t> done;
    auto drain = [&] {
      for (auto& ev : p.take_events()) {
        if (auto* d = std::get_if<AtDone>(&ev)) done.push_back(d->result.id);
      }
    };
    std::string stream;
    const int n_pieces = static_cast<int>(rng() % 40);
    for (int i = 0; i < n_pieces; ++i) stream += pieces[rng() % pieces.size()];
    std::size_t pos = 0;
    while (pos < stream.size()) {
      const std::size_t len = 1 + rng() % 16;
      now_ms += static_cast<std::int64_t>(rng() % 120);
      splitter.feed(std::string_view(stream).substr(pos, len),
                    [&](std::string_view l, bool t) { p.feed_line(l, t, MonoTime{now_ms * 1'000'000}); });
      p.tick(MonoTime{now_ms * 1'000'000});
      drain();
      pos += len;
    }
    // Silence: as the Asio adapter's timer does, tick at each deadline until nothing is timed.
    // Each command needs at most two (its timeout, then its late window).
    for (int i = 0; i < 2 * n_cmds + 1; ++i) {
      const auto deadline = p.next_deadline();
      if (!deadline) break;
      p.tick(*deadline);
      drain();
    }
    CHECK(done == ids);
    CHECK_FALSE(p.busy());
  }
}
