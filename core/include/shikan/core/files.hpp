// Writing output files so that a reader (or a crash) never sees half of one: the text goes to "<path>.tmp",
// which is then renamed over the path. Throws std::runtime_error "<path>:0: cannot write[: reason]".
#pragma once

#include <filesystem>
#include <string_view>

namespace shikan {

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace shikan
