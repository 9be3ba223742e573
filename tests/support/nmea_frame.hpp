// NMEA framing for test inputs, computed independently of the parser under test.
#pragma once

#include <string>
#include <string_view>

namespace shikan::test {

// "$" + body + "*hh" (hh = XOR of the body bytes, upper-case hex), without a line end.
inline std::string nmea_frame(std::string_view body) {
  unsigned x = 0;
  for (char c : body) x ^= static_cast<unsigned char>(c);
  constexpr char hex[] = "0123456789ABCDEF";
  std::string s;  // appended piecewise: g++ 12 -Wrestrict misfires on "$" + std::string + "*"
  s.reserve(body.size() + 5);
  s += '$';
  s += body;
  s += '*';
  s += hex[(x >> 4) & 0xF];
  s += hex[x & 0xF];
  return s;
}

}  // namespace shikan::test
