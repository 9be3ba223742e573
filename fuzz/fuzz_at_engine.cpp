// libFuzzer target: arbitrary bytes as what a modem sends while commands are in flight; the AT protocol
// state machine must stay consistent (never crash, every command completes at most once).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/serial.hpp"
#include "shikan/core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shikan::MonoTime now{};
  shikan::probe::AtProtocol protocol;
  for (const char* cmd : {"AT+QENG=\"servingcell\"", "AT+QENG=\"neighbourcell\"", "ATI", "AT+CESQ"})
    protocol.submit(shikan::probe::at_query(cmd), now);
  shikan::probe::LineSplitter splitter;
  splitter.feed(std::string_view(reinterpret_cast<const char*>(data), size), [&](std::string_view line, bool cut) {
    protocol.feed_line(line, cut, now);
    now.ns += 700'000'000;  // 0.7 s a line: timeouts and late answers happen too
    protocol.tick(now);
  });
  protocol.take_events();
  return 0;
}
