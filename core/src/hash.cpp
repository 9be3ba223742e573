// SHA-256 of files (OpenSSL libcrypto): the evidence of what an analysis or a plan was made from.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <fstream>
#include <memory>
#include <vector>

#include "shikan/core/hash.hpp"

#include <stdexcept>

namespace shikan {

namespace {

std::string hex(const unsigned char* md, unsigned len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += kHex[md[i] >> 4], out += kHex[md[i] & 15];
  return out;
}

// SHA-256 of the file's bytes [0, head) and [size - tail, size), or of all of it when head/tail are unset.
std::string digest(const std::filesystem::path& path, std::optional<std::uintmax_t> head, std::uintmax_t tail) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ":0: cannot open the file");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error(path.string() + ":0: SHA-256 unavailable");
  std::vector<char> buf(1 << 20);
  const auto feed = [&](std::uintmax_t limit) {
    while (in && limit > 0) {
      in.read(buf.data(), static_cast<std::streamsize>(std::min<std::uintmax_t>(buf.size(), limit)));
      EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
      limit -= static_cast<std::uintmax_t>(in.gcount());
    }
  };
  if (!head) {
    feed(UINTMAX_MAX);
  } else {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    feed(*head);
    if (!ec && size > *head + tail) {
      in.clear();
      in.seekg(static_cast<std::streamoff>(size - tail));
      feed(tail);
    } else {
      feed(UINTMAX_MAX);
    }
  }
  if (in.bad()) throw std::runtime_error(path.string() + ":0: read error");
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
  return hex(md.data(), len);
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 unavailable");
  return hex(md.data(), len);
}

std::string sha256_file(const std::filesystem::path& path) { return digest(path, std::nullopt, 0); }

std::string quick_fingerprint(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return std::to_string(ec ? 0 : size) + ":" + digest(path, std::uintmax_t{1} << 20, std::uintmax_t{1} << 20);
}

}  // namespace shikan
