// sites.csv and keyplaces.csv parsing (pure). One bad row is one error line; the rest is kept.
// Built on core's CSV reader and operator names, the same ones the analyzer and survey read with.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <span>
#include <sstream>

#include "shikan/core/csv.hpp"
#include "shikan/core/sites.hpp"
#include "shikan/sim/city.hpp"

namespace shikan::sim {
namespace {

using csv::trim;
using Fields = std::span<const std::string_view>;

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
std::string parse_site_fields(Fields f, SiteRow& row) {
  if (f.size() != 7) return "expected 7 fields, got " + std::to_string(f.size());
  row.site_id = std::string(trim(f[0]));
  if (row.site_id.empty()) return "empty site_id";
  const auto op = parse_site_operator(trim(f[1]));
  if (!op) return "unknown operator '" + std::string(trim(f[1])) + "'";
  row.op = op->op;
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

// Calls on_row(fields, line) for every data row after a header equal to `header`, skipping blank lines and
// '#' comments; a wrong header or a structural CSV problem becomes one error line in `errors`.
template <class OnRow>
void for_each_row(std::string_view text, const std::string& file, std::initializer_list<std::string_view> header,
                  std::vector<std::string>& errors, OnRow&& on_row) {
  std::istringstream in{std::string(text)};
  csv::Dialect dialect;
  dialect.delimiter = ',';
  try {
    csv::CsvReader reader(in, dialect, file);
    const auto first = reader.next();
    const bool header_ok = first && first->fields.size() == header.size() &&
                           std::equal(header.begin(), header.end(), first->fields.begin(),
                                      [](std::string_view want, std::string_view got) { return trim(got) == want; });
    if (!header_ok) {
      std::string want;
      for (std::string_view h : header) {
        if (!want.empty()) want += ',';
        want.append(h);
      }
      errors.push_back(where(file, 1) + "expected header '" + want + "'");
      return;
    }
    while (const auto rec = reader.next()) {
      if (trim(rec->fields[0]).starts_with('#')) continue;
      on_row(rec->fields, static_cast<int>(rec->line));
    }
  } catch (const csv::CsvError& e) {
    errors.push_back(e.what());
  }
}

}  // namespace

SiteTable parse_sites_csv(std::string_view text, const std::string& file) {
  SiteTable t;
  for_each_row(text, file, {"site_id", "operator", "lat", "lon", "gnb_id", "azimuths", "band"}, t.errors,
               [&](Fields f, int line_no) {
                 ++t.rows;
                 SiteRow row;
                 row.line = line_no;
                 const std::string err = parse_site_fields(f, row);
                 if (!err.empty()) {
                   t.errors.push_back(where(file, line_no) + err);
                   return;
                 }
                 bool dup = false;
                 for (const SiteRow& s : t.sites)
                   dup = dup || (s.site_id == row.site_id && s.op == row.op && s.band.name() == row.band.name());
                 if (dup) {
                   t.errors.push_back(where(file, line_no) + "duplicate site '" + row.site_id +
                                      "' for this operator and band");
                   return;
                 }
                 t.sites.push_back(std::move(row));
               });
  return t;
}

KeyPlaceTable parse_keyplaces_csv(std::string_view text, const std::string& file) {
  KeyPlaceTable t;
  for_each_row(text, file, {"name", "kind", "lat", "lon"}, t.errors, [&](Fields f, int line_no) {
    if (f.size() != 4) {
      t.errors.push_back(where(file, line_no) + "expected 4 fields, got " + std::to_string(f.size()));
      return;
    }
    const auto lat = to_double(f[2]);
    const auto lon = to_double(f[3]);
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
      t.errors.push_back(where(file, line_no) + "bad position");
      return;
    }
    t.places.push_back(
        KeyPlace{std::string(trim(f[0])), std::string(trim(f[1])), GeoPoint{Latitude(*lat), Longitude(*lon)}});
  });
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
