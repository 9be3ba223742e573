// SHA-256 of input files (OpenSSL libcrypto): the report's evidence of what was analysed, and how identical
// files given twice are recognised.
#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <vector>

#include "shikan/analyzer/importer.hpp"

namespace shikan::analyzer {

std::string sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImportError(path, 0, "cannot open the file");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw ImportError(path, 0, "SHA-256 unavailable");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw ImportError(path, 0, "read error");
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += kHex[md[i] >> 4], out += kHex[md[i] & 15];
  return out;
}

}  // namespace shikan::analyzer
