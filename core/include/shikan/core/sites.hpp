// The reported sites list (issue 3, "Reported sites CSV"), shared by the analyzer and the survey planner.
// Columns, aliases, encodings and CRS: docs/input-formats.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shikan/core/crs.hpp"
#include "shikan/core/csv.hpp"
#include "shikan/core/plmn.hpp"
#include "shikan/core/result.hpp"
#include "shikan/core/units.hpp"

namespace shikan {

enum class SiteType { Macro, Micro, Indoor, Pico };
std::string_view to_string(SiteType t);  // "macro", "micro", "indoor", "pico"
// The English names (ASCII case-insensitive) or 宏站/微站/室分/皮站 (also 宏基站, 微基站, 室内, 室分站).
std::optional<SiteType> parse_site_type(std::string_view s);

// Operator as written in a sites file: a PLMN ("46000"), cmcc/cucc/ctcc/cbn (any case), 中国移动/中国联通/
// 中国电信/中国广电, the short 移动/联通/电信/广电, or the English names. The PLMN is kept when one was given.
struct SiteOperator {
  Operator op = Operator::Other;
  std::optional<Plmn> plmn;
};
Parsed<SiteOperator> parse_site_operator(std::string_view s);

struct ReportedSite;
// The entry's operator as a key: cmcc, cucc, ctcc, cbn, or the text as written for an operator not known.
std::string operator_key(const ReportedSite& s);

struct ReportedSite {
  std::string site_id;
  SiteOperator op;
  std::string operator_text;  // as written (trimmed): tells apart operators that map to Operator::Other
  GeoPoint pos{Latitude(0), Longitude(0)};  // WGS-84, converted from the declared CRS
  GeoPoint raw{Latitude(0), Longitude(0)};  // as written, in SiteList::crs (see crs.hpp on GeoPoints in another CRS)
  std::optional<std::uint32_t> gnb_id;
  std::optional<int> gnb_id_bits;    // 22..32 (FIELD_GUIDE §3)
  std::optional<std::uint32_t> enb_id;  // 20 bits (ECI >> 8)
  std::string rat;                   // as written ("NR", "5G", "LTE", ...); empty when absent
  std::string band;
  std::optional<SiteType> type;
  std::string district;
  std::string address;
  std::size_t line = 0;  // physical line in the file
};

// One rejected row. message is "FILE:LINE: reason".
struct SiteRejection {
  std::size_t line = 0;
  std::string message;
};

// A site_id given more than once for one operator: the first row is kept, the others are rejected.
struct DuplicateSite {
  std::string site_id;
  std::string operator_key;       // operator_name(op).key, or the text as written for Operator::Other
  std::vector<std::size_t> lines;  // every line that has it, the kept one first
};

struct SiteList {
  std::string source;
  csv::TextEncoding encoding = csv::TextEncoding::Utf8;
  Crs crs = Crs::Wgs84;  // the declared CRS of the raw coordinates
  std::vector<ReportedSite> sites;
  std::vector<SiteRejection> rejections;
  std::vector<DuplicateSite> duplicates;
  std::size_t rows = 0;        // data rows after the header, blank ones excluded: sites + rejections
  std::size_t blank_rows = 0;  // rows whose fields are all empty (Excel leaves them), skipped
  std::vector<std::string> unmapped_columns;  // header names that match no known column
};

struct SiteReadOptions {
  Crs crs = Crs::Wgs84;
  // Extra header names for a logical column, e.g. {"lat", "bs_lat"}: for lists with their own headers.
  std::vector<std::pair<std::string, std::string>> column_aliases;
  // Extra operator values, e.g. {"mno_1", Operator::Other} for an anonymised list.
  std::vector<std::pair<std::string, Operator>> operator_aliases;
  csv::Dialect dialect{};
};

// The logical columns with their built-in aliases (site_id|站点编号|基站编号|站号, ...).
std::vector<csv::ColumnSpec> site_columns();

// Pure: parses UTF-8 text (already decoded; `encoding` is only recorded). Bad rows become rejections.
// Throws csv::CsvError ("SOURCE:LINE: ...") for a missing required column, a structural CSV problem, an
// empty text or a header without rows.
SiteList parse_sites(std::string_view utf8, csv::TextEncoding encoding, const std::string& source,
                     const SiteReadOptions& options = {});

// Edge: reads the file, detects UTF-8 or GBK, and parses it. Throws std::runtime_error naming the file.
SiteList read_sites_file(const std::filesystem::path& path, const SiteReadOptions& options = {});

}  // namespace shikan
