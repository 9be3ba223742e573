// Private to the transcript decoder: recognising and removing a line's prefix (timestamp, direction,
// source). The accepted forms are documented in shikan/probe/decode.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "shikan/core/time.hpp"

namespace shikan::probe::dec {

enum class Dir : std::uint8_t { Unknown, Sent, Received };

// A line with its prefix taken off.
struct Split {
  std::optional<UtcTime> ts;
  bool has_local = false;  // a quectel-CM stamp, rewritten into split_prefix's `local`
  std::string_view source;
  Dir dir = Dir::Unknown;
  std::string_view text;
  bool host_log = false;  // a quectel-CM line that is not AT traffic
};

// Splits off the prefix. A quectel-CM stamp is rewritten as "MM-DDTHH:MM:SS.mmm" into `local`.
Split split_prefix(std::string_view line, std::array<char, 18>& local);

}  // namespace shikan::probe::dec
