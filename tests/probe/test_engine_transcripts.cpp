// AtProtocol against scripted transcripts in tests/fixtures/engine (format: its README.md).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shikan/probe/at_engine.hpp"
#include "shikan/probe/serial.hpp"
#include "test_paths.hpp"

using namespace shikan;
using namespace shikan::probe;

namespace {

struct ExpectedCommand {
  AtCommand cmd;
  std::vector<std::string> answer;
  std::string final_line;
  std::string status;  // "OK", "+CME ERROR 10", ...; empty: not checked
};

struct Script {
  std::vector<ExpectedCommand> commands;
  std::string stream;  // bytes the modem sends
  std::vector<std::string> urcs;
  std::size_t garbage = 0;
};

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 2, 2)), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// V.250 verbose response framing: CR LF text CR LF. (append, not operator+: g++ 12 -Wrestrict false positive.)
void add_line(std::string& stream, std::string_view text) { stream.append("\r\n").append(text).append("\r\n"); }

Script load(const std::string& name) {
  std::ifstream in(test::fixtures() / "engine" / name);
  REQUIRE(in.good());
  Script s;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    const std::string tag = line.substr(0, sp);
    const std::string text = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (tag == ">" || tag == ">s") {
      s.commands.push_back({tag == ">" ? at_query(text) : at_set(text), {}, {}, {}});
    } else if (tag == "e") {
      s.stream.append(text).append("\r");
    } else if (tag == "a") {
      add_line(s.stream, text);
      s.commands.back().answer.push_back(text);
    } else if (tag == "u") {
      add_line(s.stream, text);
      s.urcs.push_back(text);
    } else if (tag == "f") {
      const auto eq = text.find(" = ");
      const std::string fl = text.substr(0, eq);
      add_line(s.stream, fl);
      s.commands.back().final_line = fl;
      if (eq != std::string::npos) s.commands.back().status = text.substr(eq + 3);
    } else if (tag == "g") {
      add_line(s.stream, unescape(text));
      ++s.garbage;
    } else {
      FAIL("unknown tag in fixture " << name << ": " << line);
    }
  }
  return s;
}

std::string status_text(const AtResult& r) {
  std::string s(to_string(r.status));
  if (r.error_code) s.append(" ").append(std::to_string(*r.error_code));
  return s;
}

// Feeds the stream in the given chunks and checks every classification.
void run(const Script& s, const std::vector<std::string_view>& chunks) {
  AtProtocol p;
  LineSplitter splitter;
  const MonoTime t0{0};
  for (const auto& c : s.commands) p.submit(c.cmd, t0);
  std::vector<AtResult> done;
  std::vector<std::string> urcs, sent;
  std::size_t garbage = 0, unexpected = 0;
  auto drain = [&] {
    for (auto& ev : p.take_events()) {
      if (auto* d = std::get_if<AtDone>(&ev)) done.push_back(d->result);
      if (auto* u = std::get_if<AtUrc>(&ev)) urcs.push_back(u->line);
      if (auto* x = std::get_if<AtSend>(&ev)) sent.push_back(x->text);
      if (std::holds_alternative<AtGarbage>(ev)) ++garbage;
      if (std::holds_alternative<AtUnexpected>(ev)) ++unexpected;
    }
  };
  drain();
  for (auto chunk : chunks) {
    splitter.feed(chunk, [&](std::string_view l, bool t) { p.feed_line(l, t, t0); });
    drain();
  }
  REQUIRE(done.size() == s.commands.size());
  REQUIRE(sent.size() == s.commands.size());
  for (std::size_t i = 0; i < done.size(); ++i) {
    INFO("command " << s.commands[i].cmd.text);
    CHECK(sent[i] == s.commands[i].cmd.text);
    CHECK(done[i].command == s.commands[i].cmd.text);
    CHECK(done[i].lines == s.commands[i].answer);
    CHECK(done[i].final_line == s.commands[i].final_line);
    if (!s.commands[i].status.empty()) CHECK(status_text(done[i]) == s.commands[i].status);
  }
  CHECK(urcs == s.urcs);
  CHECK(garbage == s.garbage);
  CHECK(unexpected == 0);
  CHECK_FALSE(p.busy());
}

void run_all_splits(const std::string& name) {
  const Script s = load(name);
  REQUIRE_FALSE(s.commands.empty());
  SECTION("in one read") { run(s, {s.stream}); }
  SECTION("split in two at every byte boundary") {
    for (std::size_t i = 1; i < s.stream.size(); ++i) {
      INFO("split at byte " << i);
      const std::string_view all(s.stream);
      run(s, {all.substr(0, i), all.substr(i)});
    }
  }
  SECTION("one byte per read") {
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < s.stream.size(); ++i) bytes.push_back(std::string_view(s.stream).substr(i, 1));
    run(s, bytes);
  }
}

}  // namespace

TEST_CASE("engine: quectel-CM capture, echo off, URC between commands", "[probe][engine]") {
  run_all_splits("cm_log_sa_echo_off.txt");
}

TEST_CASE("engine: echo on, URCs interleaved between answer lines", "[probe][engine]") {
  run_all_splits("echo_on_urcs_interleaved.txt");
}

TEST_CASE("engine: ERROR, +CME ERROR, +CMS ERROR, NO CARRIER and garbage bytes", "[probe][engine]") {
  run_all_splits("errors_and_noise.txt");
}
