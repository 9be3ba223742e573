// Whole-file reading and writing at the edges.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace shikan {

// The file's bytes; none when it cannot be opened or read (the caller names the file in its own error).
std::optional<std::string> read_file(const std::filesystem::path& path);

// Writes so that a reader (or a crash) never sees half a file: the text goes to "<path>.tmp", which is then
// renamed over the path. Throws std::runtime_error "<path>:0: cannot write[: reason]".
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace shikan
