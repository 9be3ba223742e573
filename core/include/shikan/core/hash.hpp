// SHA-256 of files, for the record of what a report or a plan was made from (OpenSSL libcrypto).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace shikan {

// Lowercase hex SHA-256 of a file. Throws std::runtime_error "FILE:0: reason".
std::string sha256_file(const std::filesystem::path& path);
// Lowercase hex SHA-256 of bytes in memory (a file's text before it is written: the campaign names its plan.json).
std::string sha256_hex(std::string_view bytes);
// Size and SHA-256 of the first and last MiB: equal for identical files, and cheap; equal fingerprints are
// confirmed with sha256_file.
std::string quick_fingerprint(const std::filesystem::path& path);

}  // namespace shikan
