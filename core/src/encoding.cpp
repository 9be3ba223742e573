// Text-encoding detection (pure) and GBK -> UTF-8 conversion through glibc iconv (the edge).
#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "shikan/core/csv.hpp"

namespace shikan::csv {

std::string_view to_string(TextEncoding e) { return e == TextEncoding::Utf8 ? "UTF-8" : "GBK"; }

namespace {

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Length of the UTF-8 sequence at i (1..4), 0 if malformed, or SIZE_MAX when it is cut by the end.
// Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
std::size_t utf8_seq(std::string_view s, std::size_t i) {
  const unsigned b0 = byte_at(s, i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return SIZE_MAX;
    const unsigned b = byte_at(s, i + k);
    if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) return 0;
  }
  return n;
}

// GB18030 structure: 00-7F; lead 81-FE + trail 40-7E/80-FE; or 81-FE 30-39 81-FE 30-39.
std::size_t gb_seq(std::string_view s, std::size_t i) {
  const unsigned b0 = byte_at(s, i);
  if (b0 < 0x80) return 1;
  if (b0 == 0x80 || b0 == 0xFF) return 0;
  if (i + 1 >= s.size()) return SIZE_MAX;
  const unsigned b1 = byte_at(s, i + 1);
  if ((b1 >= 0x40 && b1 <= 0x7E) || (b1 >= 0x80 && b1 <= 0xFE)) return 2;
  if (b1 < 0x30 || b1 > 0x39) return 0;
  if (i + 3 >= s.size()) return SIZE_MAX;
  const unsigned b2 = byte_at(s, i + 2), b3 = byte_at(s, i + 3);
  return (b2 >= 0x81 && b2 <= 0xFE && b3 >= 0x30 && b3 <= 0x39) ? 4 : 0;
}

bool well_formed(std::string_view s, bool truncated, std::size_t (*seq)(std::string_view, std::size_t)) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = seq(s, i);
    if (n == SIZE_MAX) return truncated;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

std::optional<TextEncoding> detect_encoding(std::string_view bytes, bool truncated) {
  if (well_formed(bytes, truncated, utf8_seq)) return TextEncoding::Utf8;
  if (well_formed(bytes, truncated, gb_seq)) return TextEncoding::Gbk;
  return std::nullopt;
}

std::string gbk_to_utf8(std::string_view bytes, const std::string& source) {
  // GB18030 is a superset of GBK and GB2312, so one converter covers all three.
  iconv_t raw = iconv_open("UTF-8", "GB18030");
  if (raw == reinterpret_cast<iconv_t>(-1))
    throw std::runtime_error(fmt::format("{}: iconv cannot convert GB18030 to UTF-8: {}", source, std::strerror(errno)));
  const std::unique_ptr<void, IconvCloser> cd(raw);
  std::string out(bytes.size() * 3 / 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());  // iconv's interface is not const-correct; input is not written
  std::size_t in_left = bytes.size();
  std::size_t done = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + done;
    std::size_t out_left = out.size() - done;
    const std::size_t r = iconv(raw, &in_ptr, &in_left, &out_ptr, &out_left);
    done = out.size() - out_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const auto offset = bytes.size() - in_left;
    throw std::runtime_error(fmt::format("{}: byte {}: not valid GBK/GB18030 text ({})", source, offset,
                                         errno == EINVAL ? "truncated sequence at the end" : "invalid sequence"));
  }
  out.resize(done);
  return out;
}

DecodedText decode_text(std::string bytes, const std::string& source) {
  const auto enc = detect_encoding(bytes);
  if (!enc) throw std::runtime_error(fmt::format("{}: text is neither UTF-8 nor GBK/GB18030", source));
  DecodedText out;
  out.encoding = *enc;
  out.utf8 = *enc == TextEncoding::Utf8 ? std::move(bytes) : gbk_to_utf8(bytes, source);
  if (out.utf8.starts_with("\xEF\xBB\xBF")) out.utf8.erase(0, 3);
  return out;
}

DecodedText read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error(fmt::format("{}: read error", path.string()));
  return decode_text(std::move(bytes), path.string());
}

}  // namespace shikan::csv
