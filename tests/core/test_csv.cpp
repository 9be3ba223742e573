// CSV reader: RFC 4180 cases, dialect sniffing, line numbers, bounds and garbage.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "shikan/core/csv.hpp"

namespace {

struct Rec {
  std::vector<std::string> fields;
  std::size_t line;
  bool operator==(const Rec&) const = default;
};

std::vector<Rec> read_all(const std::string& text, shikan::csv::Dialect d = {}) {
  std::istringstream in(text);
  std::vector<Rec> out;
  shikan::csv::for_each_record(in, d, "t.csv", [&](const shikan::csv::Record& r) {
    out.push_back(Rec{{r.fields.begin(), r.fields.end()}, r.line});
  });
  return out;
}

}  // namespace

TEST_CASE("csv: records, fields and physical line numbers", "[csv]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<Rec> want;
  };
  const std::vector<Case> cases = {
      {"plain LF", "a,b\n1,2\n", {{{"a", "b"}, 1}, {{"1", "2"}, 2}}},
      {"no final newline", "a,b\n1,2", {{{"a", "b"}, 1}, {{"1", "2"}, 2}}},
      {"CRLF", "a,b\r\n1,2\r\n", {{{"a", "b"}, 1}, {{"1", "2"}, 2}}},
      {"mixed LF/CRLF/CR", "a\r\nb\nc\rd\n", {{{"a"}, 1}, {{"b"}, 2}, {{"c"}, 3}, {{"d"}, 4}}},
      {"BOM dropped", "\xEF\xBB\xBFid,x\n1,2\n", {{{"id", "x"}, 1}, {{"1", "2"}, 2}}},
      {"quoted delimiter and quote", "\"a,b\",\"say \"\"hi\"\"\"\n", {{{"a,b", "say \"hi\""}, 1}}},
      {"quoted newline counts lines", "\"x\ny\",2\nz,3\n", {{{"x\ny", "2"}, 1}, {{"z", "3"}, 3}}},
      {"quoted CRLF kept", "\"x\r\ny\",2\r\nz,3\r\n", {{{"x\r\ny", "2"}, 1}, {{"z", "3"}, 3}}},
      {"empty fields", ",,\n", {{{"", "", ""}, 1}}},
      {"empty quoted field", "\"\",a\n", {{{"", "a"}, 1}}},
      {"blank lines skipped but counted", "a\n\n\r\nb\n", {{{"a"}, 1}, {{"b"}, 4}}},
      {"quote inside unquoted field is literal", "ab\"c,d\n", {{{"ab\"c", "d"}, 1}}},
      {"text after closing quote appended", "\"ab\"c,d\n", {{{"abc", "d"}, 1}}},
      {"UTF-8 Chinese untouched", "站点编号,运营商\nA1,中国移动\n", {{{"站点编号", "运营商"}, 1}, {{"A1", "中国移动"}, 2}}},
      {"ragged rows kept as they are", "a,b,c\n1\n1,2,3,4\n", {{{"a", "b", "c"}, 1}, {{"1"}, 2}, {{"1", "2", "3", "4"}, 3}}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(read_all(c.text) == c.want);
  }
}

TEST_CASE("csv: delimiter given or sniffed from the header line", "[csv]") {
  CHECK(read_all("a\tb\tc\n1\t2,5\t3\n") == std::vector<Rec>{{{"a", "b", "c"}, 1}, {{"1", "2,5", "3"}, 2}});
  CHECK(read_all("a;b\n1,5;2\n") == std::vector<Rec>{{{"a", "b"}, 1}, {{"1,5", "2"}, 2}});
  // A comma inside a quoted header name does not count.
  CHECK(read_all("\"x,y,z\"\tb\n1\t2\n") == std::vector<Rec>{{{"x,y,z", "b"}, 1}, {{"1", "2"}, 2}});
  shikan::csv::Dialect tab;
  tab.delimiter = '\t';
  CHECK(read_all("a,b\tc\n", tab) == std::vector<Rec>{{{"a,b", "c"}, 1}});
  std::istringstream in("a\tb\n");
  shikan::csv::CsvReader r(in);
  REQUIRE(r.next());
  CHECK(r.delimiter() == '\t');
}

TEST_CASE("csv: records spanning block boundaries", "[csv]") {
  shikan::csv::Dialect tiny;
  tiny.block_bytes = 16;  // forces CRLF pairs, quotes and fields to straddle reads
  std::string text = "id,name\r\n";
  std::vector<Rec> want{{{"id", "name"}, 1}};
  std::size_t line = 2;
  for (int i = 0; i < 50; ++i) {
    const std::string name = "n\"" + std::to_string(i) + "\nx";
    text += std::to_string(i) + ",\"n\"\"" + std::to_string(i) + "\nx\"\r\n";
    want.push_back({{std::to_string(i), name}, line});
    line += 2;
  }
  CHECK(read_all(text, tiny) == want);
}

TEST_CASE("csv: garbage gives an error with source and line", "[csv]") {
  struct Case {
    const char* name;
    std::string text;
    shikan::csv::Dialect dialect;
    std::size_t line;
    std::string reason_part;
  };
  shikan::csv::Dialect small;
  small.max_field_bytes = 8;
  shikan::csv::Dialect small_rec;
  small_rec.max_record_bytes = 10;
  shikan::csv::Dialect few;
  few.max_fields = 3;
  const std::vector<Case> cases = {
      {"truncated quoted field", "a,b\n1,\"never closed\n2,3\n", {}, 2, "unterminated quoted field"},
      {"field over bound", "a,b\n123456789,1\n", small, 2, "field longer than 8 bytes"},
      {"record over bound", "a,b\n123456,123456\n", small_rec, 2, "record longer than 10 bytes"},
      {"too many fields", "a,b,c,d,e\n", few, 1, "more than 3 fields"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    try {
      read_all(c.text, c.dialect);
      FAIL("no error");
    } catch (const shikan::csv::CsvError& e) {
      CHECK(e.line() == c.line);
      CHECK_THAT(e.what(), Catch::Contains("t.csv:" + std::to_string(c.line) + ": " + c.reason_part));
    }
  }
}

TEST_CASE("csv: empty input has no records", "[csv]") {
  CHECK(read_all("").empty());
  CHECK(read_all("\xEF\xBB\xBF").empty());
  CHECK(read_all("\n\r\n").empty());
}

TEST_CASE("csv: header map with aliases, case and Chinese names", "[csv]") {
  using shikan::csv::ColumnSpec;
  const std::vector<ColumnSpec> specs = {
      {"site_id", {"站点编号", "基站编号"}, true},
      {"lat", {"latitude", "纬度"}, true},
      {"lon", {"lng", "longitude", "经度"}, true},
      {"address", {"地址"}, false},
  };
  const std::vector<std::string_view> header = {" Latitude ", "基站编号", "LNG", "extra"};
  const shikan::csv::HeaderMap map(header, specs, "s.csv");
  CHECK(map.index("lat") == 0u);
  CHECK(map.index("site_id") == 1u);
  CHECK(map.index("lon") == 2u);
  CHECK_FALSE(map.has("address"));
  CHECK(map.unmapped() == std::vector<std::string>{"extra"});
  const std::vector<std::string_view> row = {" 30.5 ", "A1"};
  CHECK(map.get(row, "lat") == "30.5");
  CHECK(map.get(row, "lon").empty());  // short row
  CHECK(map.get(row, "address").empty());

  const std::vector<std::string_view> missing = {"site_id", "经度"};
  CHECK_THROWS_WITH(shikan::csv::HeaderMap(missing, specs, "s.csv"),
                    "s.csv:1: missing required column 'lat' (aliases: latitude, 纬度)");
  const std::vector<std::string_view> twice = {"site_id", "lat", "lon", "经度"};
  CHECK_THROWS_WITH(shikan::csv::HeaderMap(twice, specs, "s.csv"), "s.csv:1: columns 'lon' and '经度' both give 'lon'");
}

TEST_CASE("encoding: detection of UTF-8, GBK and neither", "[csv][encoding]") {
  using shikan::csv::TextEncoding;
  using shikan::csv::detect_encoding;
  const std::string gbk_cmcc = "\xD6\xD0\xB9\xFA\xD2\xC6\xB6\xAF";  // 中国移动 in GBK
  CHECK(detect_encoding("site_id,lat\n") == TextEncoding::Utf8);
  CHECK(detect_encoding("") == TextEncoding::Utf8);
  CHECK(detect_encoding("中国移动") == TextEncoding::Utf8);
  CHECK(detect_encoding("A1," + gbk_cmcc + "\n") == TextEncoding::Gbk);
  CHECK(detect_encoding("\x81\x30\x81\x30") == TextEncoding::Gbk);  // GB18030 four-byte form (U+0080)
  CHECK(detect_encoding("\xFF\xFE") == std::nullopt);                 // neither (a UTF-16 BOM)
  CHECK(detect_encoding("\xC0\xAF") == TextEncoding::Gbk);            // overlong UTF-8, yet a GBK pair
  CHECK(detect_encoding("\xED\xA0\x80") == std::nullopt);             // UTF-8 surrogate, bad GBK trail
  // A sample cut inside a character: accepted only when declared truncated.
  CHECK(detect_encoding("ab\xE4\xB8", true) == TextEncoding::Utf8);
  CHECK(detect_encoding("ab\xE4", false) == std::nullopt);     // cut lead byte: neither UTF-8 nor GBK
  CHECK(detect_encoding("ab\xE4\xB8", false) == TextEncoding::Gbk);  // E4 B8 is also a GBK pair
}

TEST_CASE("encoding: GBK converted to UTF-8, errors name the source", "[csv][encoding]") {
  CHECK(shikan::csv::gbk_to_utf8("\xD6\xD0\xB9\xFA\xD2\xC6\xB6\xAF,46000", "g.csv") == "中国移动,46000");
  CHECK(shikan::csv::gbk_to_utf8("", "g.csv").empty());
  CHECK_THROWS_WITH(shikan::csv::gbk_to_utf8("ab\xD6", "g.csv"), Catch::StartsWith("g.csv: byte 2:"));
  const auto d = shikan::csv::decode_text("\xEF\xBB\xBFid\n", "u.csv");
  CHECK(d.encoding == shikan::csv::TextEncoding::Utf8);
  CHECK(d.utf8 == "id\n");
  const auto g = shikan::csv::decode_text("\xD5\xBE\xB5\xE3\xB1\xE0\xBA\xC5\n", "g.csv");  // 站点编号
  CHECK(g.encoding == shikan::csv::TextEncoding::Gbk);
  CHECK(g.utf8 == "站点编号\n");
  CHECK_THROWS_WITH(shikan::csv::decode_text("\xFF\xFE", "x.csv"), "x.csv: text is neither UTF-8 nor GBK/GB18030");
  CHECK_THROWS_WITH(shikan::csv::read_text_file("/nonexistent/s.csv"), Catch::StartsWith("/nonexistent/s.csv: cannot open"));
}

TEST_CASE("csv: seeded random records survive writing and reading at any block size", "[csv]") {
  // Fields drawn from bytes that matter to the parser; written RFC 4180 style (quoted when needed) with LF
  // or CRLF ends; read back with block sizes that put every kind of byte on a block edge.
  std::uint32_t state = 12345;
  const auto rnd = [&](std::uint32_t n) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % n;
  };
  const std::vector<std::string> atoms = {"a", "7", ",", "\"", "\n", "\r", " ", "\t", "中", "-8.5"};
  std::string text;
  std::vector<Rec> want;
  for (int r = 0; r < 400; ++r) {
    Rec rec{{}, 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'))};
    const auto nfields = 1 + rnd(6);
    for (std::uint32_t f = 0; f < nfields; ++f) {
      std::string field;
      for (auto k = rnd(5); k > 0; --k) field += atoms[rnd(static_cast<std::uint32_t>(atoms.size()))];
      rec.fields.push_back(field);
      const bool quote = field.find_first_of(",\"\r\n") != std::string::npos || (nfields == 1 && field.empty());
      std::string out = field;
      if (quote) {
        out.clear();
        for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out = "\"" + out + "\"";
      }
      text += (f ? "," : "") + out;
    }
    text += rnd(2) ? "\r\n" : "\n";
    want.push_back(rec);
  }
  for (const std::size_t block : {16u, 17u, 61u, 4096u}) {
    INFO("block " << block);
    shikan::csv::Dialect d;
    d.delimiter = ',';
    d.block_bytes = block;
    CHECK(read_all(text, d) == want);
  }
}

TEST_CASE("csv: unquoted records read in place equal the byte-by-byte reading", "[csv]") {
  // Mostly unquoted records of 20..150 bytes (the in-place path's case) with quoted fields, blank lines,
  // CR, CRLF and LF ends, and a last line without its end. A 16- or 17-byte block keeps almost every record
  // off the in-place path (it must lie whole in one block); 4096 and 65536 put almost all of them on it.
  std::uint32_t state = 777;
  const auto rnd = [&](std::uint32_t n) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % n;
  };
  const std::vector<std::string> atoms = {"-93.5", "30.2512345", "",    "NR-SA", "46000", "2026-05-12T00:00:01Z",
                                          "中",    " ",          "a\"b"};
  const std::vector<std::string> ends = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
  std::string text;
  std::vector<Rec> want;
  std::size_t line = 1;
  for (int r = 0; r < 3000; ++r) {
    Rec rec{{}, line};
    const auto nfields = 1 + rnd(25);
    for (std::uint32_t f = 0; f < nfields; ++f) {
      std::string field = atoms[rnd(static_cast<std::uint32_t>(atoms.size()))];
      if (rnd(40) == 0) field = "x,\"y\"\nz";  // needs quotes, holds a line end
      rec.fields.push_back(field);
      const bool quote = field.find_first_of(",\"\r\n") != std::string::npos || (nfields == 1 && field.empty());
      std::string out = field;
      if (quote) {
        out.clear();
        for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out = "\"" + out + "\"";
      }
      text += (f ? "," : "") + out;
      line += static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));  // quoted line ends
    }
    const std::string& end = r == 2999 ? std::string() : ends[rnd(static_cast<std::uint32_t>(ends.size()))];
    text += end;
    line += end == "\n" || end == "\r\n" || end == "\r" ? 1 : end.empty() ? 0 : 2;
    want.push_back(rec);
  }
  for (const std::size_t block : {16u, 17u, 4096u, 65536u}) {
    INFO("block " << block);
    shikan::csv::Dialect d;
    d.block_bytes = block;
    CHECK(read_all(text, d) == want);
  }
}

TEST_CASE("csv: bounds hold on records read in place", "[csv]") {
  // Each offending record lies whole in the first block, after good ones: the in-place path must hand it to the
  // byte-by-byte reader, which raises the usual error.
  shikan::csv::Dialect field8;
  field8.max_field_bytes = 8;
  shikan::csv::Dialect record20;
  record20.max_record_bytes = 20;
  shikan::csv::Dialect fields4;
  fields4.max_fields = 4;
  const std::string good = "12345678,1,2,3\n";  // a field at the field bound, 14 bytes, 4 fields
  CHECK(read_all(good + good, field8).size() == 2);
  CHECK(read_all(good + good, record20).size() == 2);
  CHECK(read_all(good + good, fields4).size() == 2);
  const auto error = [&](const std::string& text, const shikan::csv::Dialect& d) -> std::string {
    try {
      read_all(text, d);
    } catch (const shikan::csv::CsvError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error(good + good + "1,123456789\n", field8) == "t.csv:3: field longer than 8 bytes");
  CHECK(error(good + "1234,1234,1234,1234,1\n", record20) == "t.csv:2: record longer than 20 bytes");
  CHECK(error(good + good + good + "1,2,3,4,5,6\r\n", fields4) == "t.csv:4: more than 4 fields");
}

TEST_CASE("csv: a tab-separated file read in place keeps commas in its fields", "[csv]") {
  std::string text = "time\tlat\tlon\n";
  std::vector<Rec> want{{{"time", "lat", "lon"}, 1}};
  for (std::size_t i = 0; i < 200; ++i) {
    text += "2026-05-12T00:00:00Z\t30,25\t120,12\r\n";
    want.push_back({{"2026-05-12T00:00:00Z", "30,25", "120,12"}, i + 2});
  }
  CHECK(read_all(text) == want);
}
