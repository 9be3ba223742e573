// sites.csv and keyplaces.csv parsing (pure). One bad row is one error line; the rest is kept.
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "csv_split.hpp"
#include "shikan/sim/city.hpp"

namespace shikan::sim {
namespace {

using detail::split_csv_line;
using detail::split_lines;
using detail::trim;

std::optional<double> to_double(std::string_view s) {
  s = trim(s);
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> to_u32(std::string_view s) {
  s = trim(s);
  std::uint32_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string where(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

// Returns an error reason, or empty when `row` was filled.
std::string parse_site_fields(const std::vector<std::string>& f, SiteRow& row) {
  if (f.size() != 7) return "expected 7 fields, got " + std::to_string(f.size());
  row.site_id = std::string(trim(f[0]));
  if (row.site_id.empty()) return "empty site_id";
  const auto op = parse_site_operator(trim(f[1]));
  if (!op) return "unknown operator '" + std::string(trim(f[1])) + "'";
  row.op = *op;
  const auto lat = to_double(f[2]);
  const auto lon = to_double(f[3]);
  if (!lat || *lat < -90 || *lat > 90) return "bad latitude '" + std::string(trim(f[2])) + "'";
  if (!lon || *lon < -180 || *lon > 180) return "bad longitude '" + std::string(trim(f[3])) + "'";
  row.pos = GeoPoint{Latitude(*lat), Longitude(*lon)};
  const auto gnb = to_u32(f[4]);
  if (!gnb) return "bad gnb_id '" + std::string(trim(f[4])) + "'";
  row.gnb_id = *gnb;
  std::string_view az = trim(f[5]);
  if (az.empty()) return "no azimuths";
  while (!az.empty()) {
    const auto semi = az.find(';');
    const auto a = to_double(az.substr(0, semi));
    if (!a || *a < 0 || *a >= 360) return "bad azimuth in '" + std::string(trim(f[5])) + "'";
    row.azimuths_deg.push_back(*a);
    if (semi == std::string_view::npos) break;
    az.remove_prefix(semi + 1);
  }
  const auto band = find_band(trim(f[6]));
  if (!band) return "unknown band '" + std::string(trim(f[6])) + "'";
  row.band = *band;
  return {};
}

}  // namespace

std::optional<Operator> parse_site_operator(std::string_view s) {
  if (auto op = parse_operator(s)) return op;
  if (s == "移动") return Operator::ChinaMobile;
  if (s == "联通") return Operator::ChinaUnicom;
  if (s == "电信") return Operator::ChinaTelecom;
  if (s == "广电") return Operator::ChinaBroadnet;
  return std::nullopt;
}

SiteTable parse_sites_csv(std::string_view text, const std::string& file) {
  SiteTable t;
  const auto lines = split_lines(text);
  constexpr std::string_view kHeader = "site_id,operator,lat,lon,gnb_id,azimuths,band";
  if (lines.empty() || trim(lines[0]) != kHeader) {
    t.errors.push_back(where(file, 1) + "expected header '" + std::string(kHeader) + "'");
    return t;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    if (trim(lines[i]).empty() || lines[i].front() == '#') continue;
    ++t.rows;
    SiteRow row;
    row.line = line_no;
    const std::string err = parse_site_fields(split_csv_line(lines[i]), row);
    if (!err.empty()) {
      t.errors.push_back(where(file, line_no) + err);
      continue;
    }
    bool dup = false;
    for (const SiteRow& s : t.sites) dup = dup || (s.site_id == row.site_id && s.op == row.op && s.band.name() == row.band.name());
    if (dup) {
      t.errors.push_back(where(file, line_no) + "duplicate site '" + row.site_id + "' for this operator and band");
      continue;
    }
    t.sites.push_back(std::move(row));
  }
  return t;
}

KeyPlaceTable parse_keyplaces_csv(std::string_view text, const std::string& file) {
  KeyPlaceTable t;
  const auto lines = split_lines(text);
  if (lines.empty() || trim(lines[0]) != "name,kind,lat,lon") {
    t.errors.push_back(where(file, 1) + "expected header 'name,kind,lat,lon'");
    return t;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    if (trim(lines[i]).empty() || lines[i].front() == '#') continue;
    const auto f = split_csv_line(lines[i]);
    if (f.size() != 4) {
      t.errors.push_back(where(file, line_no) + "expected 4 fields, got " + std::to_string(f.size()));
      continue;
    }
    const auto lat = to_double(f[2]);
    const auto lon = to_double(f[3]);
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
      t.errors.push_back(where(file, line_no) + "bad position");
      continue;
    }
    t.places.push_back(KeyPlace{std::string(trim(f[0])), std::string(trim(f[1])), GeoPoint{Latitude(*lat), Longitude(*lon)}});
  }
  return t;
}

std::string read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ConfigError(p.string() + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace shikan::sim
