// decode_stream: the I/O edge of the transcript decoder (block reads, line splitting, block writes), and
// the raw-line export writer whose format the decoder reads back.
#include <cstring>
#include <istream>
#include <ostream>
#include <vector>

#include "decode_json.hpp"
#include "shikan/probe/decode.hpp"

namespace shikan::probe {
namespace {

constexpr std::size_t kBlock = 1 << 20;      // read size
constexpr std::size_t kFlushAt = 1 << 20;    // write when this much output is pending

// Splits a byte stream into lines at LF, CRLF, CR CR LF or a lone CR, across block boundaries.
class Lines {
 public:
  template <class F>
  void feed(std::string_view bytes, F&& on_line) {
    std::size_t i = 0;
    if (pending_cr_) {  // the last block ended in CR(s): a following LF belongs to that terminator
      pending_cr_ = false;
      if (!bytes.empty() && bytes.front() == '\n') i = 1;
    }
    const char* const base = bytes.data();
    const std::size_t n = bytes.size();
    std::size_t start = i;
    while (i < n) {
      // The next LF (memchr is vectorised); a CR before it either ends the line (CR LF, CR CR LF) or,
      // followed by other bytes, is a line end of its own.
      const void* nl = std::memchr(base + i, '\n', n - i);
      const std::size_t lf = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
      const void* cr = std::memchr(base + i, '\r', lf - i);
      if (!cr) {
        if (lf == n) break;  // no terminator left in this block
        emit(bytes.substr(start, lf - start), on_line);
        i = start = lf + 1;
        continue;
      }
      std::size_t c = static_cast<std::size_t>(static_cast<const char*>(cr) - base);
      emit(bytes.substr(start, c - start), on_line);
      while (c < n && base[c] == '\r') ++c;  // CR CR LF is one terminator
      if (c == n) {
        pending_cr_ = true;
        return;
      }
      if (base[c] == '\n') ++c;
      i = start = c;
    }
    carry_.append(bytes.substr(start));
  }

  template <class F>
  void finish(F&& on_line) {
    if (!carry_.empty()) on_line(std::string_view(carry_));
    carry_.clear();
  }

 private:
  template <class F>
  void emit(std::string_view tail, F& on_line) {
    if (carry_.empty()) {
      on_line(tail);
    } else {
      carry_.append(tail);
      on_line(std::string_view(carry_));
      carry_.clear();
    }
  }

  std::string carry_;  // the start of a line cut by a block boundary
  bool pending_cr_ = false;
};

}  // namespace

DecodeStats decode_stream(std::istream& in, std::ostream& out, const DecodeOptions& opt) {
  TranscriptDecoder dec(opt);
  Lines lines;
  std::vector<char> block(kBlock);
  std::string jsonl;
  jsonl.reserve(kFlushAt + 64 * 1024);
  auto write = [&] {
    out.write(jsonl.data(), static_cast<std::streamsize>(jsonl.size()));
    if (!out) throw std::ios_base::failure("decode: writing the JSON Lines output failed");
    jsonl.clear();
  };
  auto on_line = [&](std::string_view l) {
    dec.feed(l, jsonl);
    if (jsonl.size() >= kFlushAt) write();
  };
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    lines.feed(std::string_view(block.data(), got), on_line);
  }
  lines.finish(on_line);
  dec.finish(jsonl);
  write();
  out.flush();
  return dec.stats();
}

void append_raw_line(const RawLine& line, std::string& out) {
  dec::append_iso8601(out, line.utc);
  out += ' ';
  if (line.source.empty()) {
    out += '-';
  } else {
    for (char c : line.source) out += (c == ' ' || c == '\t' || c == '\r' || c == '\n') ? '_' : c;
  }
  out += line.dir == Direction::Sent ? " > " : " < ";
  for (char c : line.text) out += (c == '\r' || c == '\n') ? ' ' : c;
}

}  // namespace shikan::probe
