#include <catch2/catch.hpp>

#include <filesystem>

#include "shikan/probe/note.hpp"

using namespace shikan;

TEST_CASE("an inspector's note lands in the newest session, committed", "[probe][note]") {
  const auto path = std::filesystem::temp_directory_path() / ("shikan-note-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  ManualClock clock(UtcTime{1'790'000'000'000});
  {
    LogStore store(path);
    CHECK_THROWS_WITH(probe::add_note(store, clock, "x"), Catch::Contains("no session"));
    store.begin_session(SessionInfo{"p1", "0.1.0", "", clock.utc_now()});
    const SessionId second = store.begin_session(SessionInfo{"p1", "0.1.0", "", clock.utc_now()});
    clock.advance_ms(5000);
    CHECK(probe::add_note(store, clock, "到达第一人民医院") == second);
    CHECK_THROWS_WITH(probe::add_note(store, clock, "  \n"), Catch::Contains("empty note"));
  }
  StoreOptions ro;
  ro.read_only = true;
  LogStore reread(path, ro);
  const auto events = reread.events(reread.sessions().back().id);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == EventKind::Note);
  CHECK(events[0].source == "inspector");
  CHECK(events[0].detail == "到达第一人民医院");
  CHECK(events[0].utc.ms == 1'790'000'005'000);
  std::filesystem::remove(path);
}
