#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shikan/probe/serial.hpp"

using shikan::probe::LineSplitter;

namespace {
std::vector<std::string> split_all(LineSplitter& s, std::initializer_list<std::string_view> chunks) {
  std::vector<std::string> out;
  for (auto c : chunks) s.feed(c, [&](std::string_view l, bool t) { out.push_back(std::string(l) + (t ? "~" : "")); });
  return out;
}
}  // namespace

TEST_CASE("lines split across reads are joined; CR LF and blank lines are handled", "[probe][serial]") {
  LineSplitter s;
  auto lines = split_all(s, {"AT+QENG=\"serv", "ingcell\"\r\r\n+QENG: \"servingcell\",\"NOCONN\"\r", "\nOK\r\n"});
  REQUIRE(lines == std::vector<std::string>{"AT+QENG=\"servingcell\"", "+QENG: \"servingcell\",\"NOCONN\"", "OK"});
  CHECK(s.partial().empty());
}

TEST_CASE("a half line stays pending; overlong lines are cut and flagged", "[probe][serial]") {
  LineSplitter s(8);
  auto lines = split_all(s, {"$GPGGA,1234567890\r\nOK\r\n$GP"});
  REQUIRE(lines == std::vector<std::string>{"$GPGGA,1~", "OK"});
  CHECK(s.partial() == "$GP");
}
