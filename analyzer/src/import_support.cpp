#include "import_support.hpp"

#include <charconv>
#include <fstream>

#include "clean_values.hpp"
#include "shikan/core/csv.hpp"

namespace shikan::analyzer::detail {

bool is_missing(std::string_view field) {
  field = csv::trim(field);
  return field.empty() || field == "-";
}

void RowParser::number_general(std::string_view field, std::string_view column, std::optional<double>& out) {
  field = csv::trim(field);
  if (field.empty() || field == "-") return;
  if (field.front() == '+') field.remove_prefix(1);
  double v = 0;
  if (csv::parse_double(field, v))
    out = v;
  else
    fail(std::string(column) + ": not a number '" + std::string(field.substr(0, 40)) + "'");
}

std::optional<std::int64_t> RowParser::integer(std::string_view field, std::string_view column) {
  field = csv::trim(field);
  if (field.empty() || field == "-") return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || ptr != field.data() + field.size()) {
    fail(std::string(column) + ": not an integer '" + std::string(field.substr(0, 40)) + "'");
    return std::nullopt;
  }
  return v;
}

namespace {

// accept() for a value that may be absent: true with `out` set when it is present and kept (keep_value counts
// what it drops). An out-parameter, like keep_value: g++ 12 builds an optional<double> piecewise and then
// copies or returns it in wider loads than it was stored with, a store-forwarding stall each time, and with
// 17 values a row those stalls were most of apply_values' time.
bool kept(Field f, const std::optional<double>& v, DroppedValues& d, double& out) {
  if (!v || !keep_value(f, *v, d)) return false;
  out = *v;
  return true;
}

template <class T>
void set_whole(Compact<T>& to, Field f, const std::optional<double>& v, DroppedValues& d) {
  double x = 0;
  if (kept(f, v, d, x))
    to.set(static_cast<T>(x));
  else
    to.set(std::nullopt);
}

template <class Unit>
void set_level(Level16<Unit>& to, Field f, const std::optional<double>& v, DroppedValues& d) {
  double x = 0;
  if (kept(f, v, d, x))
    to.set(Unit(x));
  else
    to.set(std::nullopt);
}

// The kept value for Measurement's setters that take an optional.
std::optional<double> take(Field f, const std::optional<double>& v, DroppedValues& d) {
  double x = 0;
  if (kept(f, v, d, x)) return x;
  return std::nullopt;
}

}  // namespace

void apply_values(const RowValues& v, Measurement& m, DroppedValues& d) {
  set_level(m.rsrp, Field::Rsrp, v.rsrp, d);
  set_level(m.rsrq, Field::Rsrq, v.rsrq, d);
  set_level(m.sinr, Field::Sinr, v.sinr, d);
  set_level(m.nr_rsrp, Field::NrRsrp, v.nr_rsrp, d);
  set_level(m.nr_rsrq, Field::NrRsrq, v.nr_rsrq, d);
  set_level(m.nr_sinr, Field::NrSinr, v.nr_sinr, d);
  set_whole(m.pci, Field::Pci, v.pci, d);
  set_whole(m.nr_pci, Field::NrPci, v.nr_pci, d);
  set_whole(m.arfcn, Field::Arfcn, v.arfcn, d);
  set_whole(m.nr_arfcn, Field::NrArfcn, v.nr_arfcn, d);
  set_whole(m.band, Field::Band, v.band, d);
  set_whole(m.ta, Field::Ta, v.ta, d);
  m.set_speed_mps(take(Field::SpeedMps, v.speed_mps, d));
  m.set_hdop(take(Field::Hdop, v.hdop, d));
  double age = 0;
  if (kept(Field::FixAgeMs, v.fix_age_ms, d, age))
    m.set_fix_age_ms(static_cast<std::int64_t>(age));
  else
    m.set_fix_age_ms(std::nullopt);
  m.set_dl_mbps(take(Field::Mbps, v.dl_mbps, d));
  m.set_ul_mbps(take(Field::Mbps, v.ul_mbps, d));
}

void set_position(Measurement& m, const std::optional<double>& lat, const std::optional<double>& lon, RowParser& p) {
  const bool usable = lat && lon && !(*lat == 0 && *lon == 0);
  if (!usable) {
    if (!lat != !lon) p.fail("only one of latitude and longitude given");
    m.set_position(std::nullopt);
  } else if (!(*lat >= -90 && *lat <= 90) || !(*lon >= -180 && *lon <= 180)) {
    p.fail("position out of range (lat " + std::to_string(*lat) + ", lon " + std::to_string(*lon) + ")");
    m.set_position(std::nullopt);
  } else {
    m.set_position(GeoPoint{Latitude(*lat), Longitude(*lon)});
  }
}

std::optional<UtcTime> parse_gnettrack_time(std::string_view s, int utc_offset_min) {
  s = csv::trim(s);
  // yyyy.mm.dd_HH.MM.SS
  if (s.size() != 19 || s[4] != '.' || s[7] != '.' || s[10] != '_' || s[13] != '.' || s[16] != '.')
    return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len, int& out) {
    const auto [ptr, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
    return ec == std::errc() && ptr == s.data() + at + len;
  };
  int y, mo, d, h, mi, sec;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, sec))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - std::int64_t{utc_offset_min} * 60;
  return UtcTime{secs * 1000};
}

void read_delimited(const std::filesystem::path& file, char delimiter,
                    const std::function<void(std::span<const std::string_view>, std::size_t)>& on_header,
                    const std::function<void(std::span<const std::string_view>, std::size_t)>& on_row) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError(file, 0, "cannot open");
  csv::Dialect dialect;
  dialect.delimiter = delimiter;
  std::size_t line = 0;
  try {
    csv::CsvReader reader(in, dialect, file.string());
    auto header = reader.next();
    if (!header) throw ImportError(file, 1, "empty file: no header row");
    on_header(header->fields, header->line);
    while (auto rec = reader.next()) {
      line = rec->line;
      on_row(rec->fields, rec->line);
    }
  } catch (const csv::CsvError& e) {
    throw ImportError(file, e.line(), e.reason());
  } catch (const ImportError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw ImportError(file, line, e.what());
  }
}

}  // namespace shikan::analyzer::detail

namespace shikan::analyzer::detail {

std::string_view first_line(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  return head.substr(0, head.find_first_of("\r\n"));
}

bool has_column(std::string_view line, char delim, std::string_view name) {
  while (true) {
    const auto cut = line.find(delim);
    std::string_view f = csv::trim(line.substr(0, cut));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    if (csv::iequals(f, name)) return true;
    if (cut == std::string_view::npos) return false;
    line.remove_prefix(cut + 1);
  }
}

std::optional<std::size_t> column(std::span<const std::string_view> header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (csv::iequals(csv::trim(header[i]), name)) return i;
  return std::nullopt;
}

std::size_t required_column(std::span<const std::string_view> header, std::string_view name,
                            const std::filesystem::path& file, std::size_t line) {
  if (const auto i = column(header, name)) return *i;
  throw ImportError(file, line, "missing required column '" + std::string(name) + "'");
}

}  // namespace shikan::analyzer::detail
