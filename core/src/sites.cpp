// Reported sites list: header mapping, per-row validation into ReportedSite, duplicate detection.
#include "shikan/core/sites.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

namespace shikan {

std::string operator_key(const ReportedSite& s) {
  return s.op.op == Operator::Other ? s.operator_text : std::string(operator_name(s.op.op).key);
}

namespace {

std::optional<double> to_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> to_uint(std::string_view s) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

struct RowContext {
  const csv::HeaderMap& map;
  std::span<const std::string_view> fields;
  const SiteReadOptions& options;
  std::string_view get(std::string_view col) const { return map.get(fields, col); }
};

Parsed<double> coordinate(const RowContext& row, std::string_view col) {
  const std::string_view text = row.get(col);
  if (text.empty()) return parse_error(fmt::format("missing {}", col));
  const auto v = to_double(text);
  if (!v) return parse_error(fmt::format("{} '{}' is not a number", col, text));
  if (!std::isfinite(*v)) return parse_error(fmt::format("{} '{}' is not a finite number", col, text));
  return *v;
}

// Range checks on a (lat, lon) pair; the hint names the likely cause when the columns look exchanged.
std::optional<std::string> implausible(double lat, double lon) {
  if (lat == 0.0 && lon == 0.0) return std::string("coordinates (0, 0) are a placeholder, not a position");
  if (std::fabs(lat) <= 90.0 && std::fabs(lon) <= 180.0) return std::nullopt;
  std::string msg = fmt::format("coordinates out of range: lat {} lon {}", lat, lon);
  if (std::fabs(lon) <= 90.0 && std::fabs(lat) <= 180.0 && in_china_box(GeoPoint{Latitude(lon), Longitude(lat)}))
    msg += " (swapped, they would lie in China: are the lat and lon columns exchanged?)";
  return msg;
}

Parsed<SiteOperator> operator_of_row(const RowContext& row) {
  const std::string_view text = row.get("operator");
  if (text.empty()) return parse_error("missing operator");
  for (const auto& [alias, op] : row.options.operator_aliases)
    if (csv::iequals(alias, text)) return SiteOperator{op, std::nullopt};
  return parse_site_operator(text);
}

// Fills the optional identity columns; nullopt on success, else the reason.
std::optional<std::string> parse_ids(const RowContext& row, ReportedSite& site) {
  if (const auto t = row.get("gnb_id_bits"); !t.empty()) {
    const auto v = to_uint(t);
    if (!v || *v < 22 || *v > 32) return fmt::format("gnb_id_bits '{}' is not an integer in 22..32", t);
    site.gnb_id_bits = static_cast<int>(*v);
  }
  if (const auto t = row.get("gnb_id"); !t.empty()) {
    const auto v = to_uint(t);
    const int bits = site.gnb_id_bits.value_or(32);
    if (!v || *v >= (std::uint64_t{1} << bits))
      return fmt::format("gnb_id '{}' is not an integer below 2^{}", t, bits);
    site.gnb_id = static_cast<std::uint32_t>(*v);
  }
  if (const auto t = row.get("enb_id"); !t.empty()) {
    const auto v = to_uint(t);
    if (!v || *v >= (std::uint64_t{1} << 20)) return fmt::format("enb_id '{}' is not an integer below 2^20", t);
    site.enb_id = static_cast<std::uint32_t>(*v);
  }
  if (const auto t = row.get("type"); !t.empty()) {
    site.type = parse_site_type(t);
    if (!site.type) return fmt::format("type '{}' is not macro|micro|indoor|pico (宏站/微站/室分/皮站)", t);
  }
  return std::nullopt;
}

Parsed<ReportedSite> parse_row(const RowContext& row, Crs crs) {
  ReportedSite site;
  site.site_id = std::string(row.get("site_id"));
  if (site.site_id.empty()) return parse_error("missing site_id");
  auto op = operator_of_row(row);
  if (!op) return op.error();
  site.op = op.value();
  site.operator_text = std::string(row.get("operator"));
  const auto lat = coordinate(row, "lat");
  if (!lat) return lat.error();
  const auto lon = coordinate(row, "lon");
  if (!lon) return lon.error();
  if (auto why = implausible(lat.value(), lon.value())) return parse_error(std::move(*why));
  site.raw = GeoPoint{Latitude(lat.value()), Longitude(lon.value())};
  site.pos = to_wgs84(site.raw, crs);
  if (auto why = parse_ids(row, site)) return parse_error(std::move(*why));
  site.rat = std::string(row.get("rat"));
  site.band = std::string(row.get("band"));
  site.district = std::string(row.get("district"));
  site.address = std::string(row.get("address"));
  return site;
}

std::vector<csv::ColumnSpec> columns_with(const SiteReadOptions& options) {
  auto specs = site_columns();
  for (const auto& [column, alias] : options.column_aliases) {
    bool found = false;
    for (auto& spec : specs) {
      if (spec.name != column) continue;
      spec.aliases.insert(spec.aliases.begin(), alias);
      found = true;
    }
    if (!found) throw std::invalid_argument(fmt::format("column alias for unknown column '{}'", column));
  }
  return specs;
}

bool all_blank(std::span<const std::string_view> fields) {
  for (const auto f : fields)
    if (!csv::trim(f).empty()) return false;
  return true;
}

// Keeps the first row of each (operator, site_id); later rows are rejected and listed in duplicates.
void admit(SiteList& list, std::map<std::pair<std::string, std::string>, std::size_t>& seen, ReportedSite site) {
  auto key = std::make_pair(operator_key(site), site.site_id);
  const auto it = seen.find(key);
  if (it == seen.end()) {
    seen.emplace(std::move(key), list.sites.size());
    list.sites.push_back(std::move(site));
    return;
  }
  const std::size_t first = list.sites[it->second].line;
  list.rejections.push_back({site.line, fmt::format("{}:{}: duplicate site_id '{}' for operator {} (first at line {})",
                                                     list.source, site.line, site.site_id, key.first, first)});
  for (auto& d : list.duplicates) {
    if (d.site_id == key.second && d.operator_key == key.first) {
      d.lines.push_back(site.line);
      return;
    }
  }
  list.duplicates.push_back({key.second, key.first, {first, site.line}});
}

}  // namespace

SiteList parse_sites(std::string_view utf8, csv::TextEncoding encoding, const std::string& source,
                     const SiteReadOptions& options) {
  SiteList list;
  list.source = source;
  list.encoding = encoding;
  list.crs = options.crs;
  const auto specs = columns_with(options);
  std::istringstream in{std::string(utf8)};
  csv::CsvReader reader(in, options.dialect, source);
  const auto header = reader.next();
  if (!header) throw csv::CsvError(source, 1, "empty file: no header row");
  const csv::HeaderMap map(header->fields, specs, source, header->line);
  list.unmapped_columns = map.unmapped();
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  while (const auto rec = reader.next()) {
    if (all_blank(rec->fields)) {
      ++list.blank_rows;
      continue;
    }
    ++list.rows;
    auto site = parse_row(RowContext{map, rec->fields, options}, options.crs);
    if (!site) {
      list.rejections.push_back({rec->line, fmt::format("{}:{}: {}", source, rec->line, site.error().reason)});
      continue;
    }
    site->line = rec->line;
    admit(list, seen, std::move(site.value()));
  }
  if (list.rows == 0) throw csv::CsvError(source, header->line, "no site rows after the header");
  return list;
}

SiteList read_sites_file(const std::filesystem::path& path, const SiteReadOptions& options) {
  const csv::DecodedText text = csv::read_text_file(path);
  return parse_sites(text.utf8, text.encoding, path.string(), options);
}

}  // namespace shikan
