#include "import_support.hpp"

#include <charconv>
#include <fstream>

#include "shikan/core/csv.hpp"

namespace shikan::analyzer::detail {

bool is_missing(std::string_view field) {
  field = csv::trim(field);
  return field.empty() || field == "-";
}

std::optional<double> RowParser::number(std::string_view field, std::string_view column) {
  field = csv::trim(field);
  if (field.empty() || field == "-") return std::nullopt;
  if (field.front() == '+') field.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || ptr != field.data() + field.size()) {
    fail(std::string(column) + ": not a number '" + std::string(field.substr(0, 40)) + "'");
    return std::nullopt;
  }
  return v;
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

std::optional<double> take(Field f, const std::optional<double>& v, DroppedValues& d) {
  return v ? accept(f, *v, d) : std::nullopt;
}

template <class T>
std::optional<T> whole(Field f, const std::optional<double>& v, DroppedValues& d) {
  const auto a = take(f, v, d);
  return a ? std::optional<T>(static_cast<T>(*a)) : std::nullopt;
}

std::optional<Dbm> dbm(Field f, const std::optional<double>& v, DroppedValues& d) {
  const auto a = take(f, v, d);
  return a ? std::optional<Dbm>(Dbm(*a)) : std::nullopt;
}

std::optional<Db> db(Field f, const std::optional<double>& v, DroppedValues& d) {
  const auto a = take(f, v, d);
  return a ? std::optional<Db>(Db(*a)) : std::nullopt;
}

}  // namespace

void apply_values(const RowValues& v, Measurement& m, DroppedValues& d) {
  m.rsrp.set(dbm(Field::Rsrp, v.rsrp, d));
  m.rsrq.set(db(Field::Rsrq, v.rsrq, d));
  m.sinr.set(db(Field::Sinr, v.sinr, d));
  m.nr_rsrp.set(dbm(Field::NrRsrp, v.nr_rsrp, d));
  m.nr_rsrq.set(db(Field::NrRsrq, v.nr_rsrq, d));
  m.nr_sinr.set(db(Field::NrSinr, v.nr_sinr, d));
  m.pci.set(whole<std::uint16_t>(Field::Pci, v.pci, d));
  m.nr_pci.set(whole<std::uint16_t>(Field::NrPci, v.nr_pci, d));
  m.arfcn.set(whole<std::uint32_t>(Field::Arfcn, v.arfcn, d));
  m.nr_arfcn.set(whole<std::uint32_t>(Field::NrArfcn, v.nr_arfcn, d));
  m.band.set(whole<std::uint16_t>(Field::Band, v.band, d));
  m.ta.set(whole<std::uint16_t>(Field::Ta, v.ta, d));
  m.set_speed_mps(take(Field::SpeedMps, v.speed_mps, d));
  m.set_hdop(take(Field::Hdop, v.hdop, d));
  const auto age = take(Field::FixAgeMs, v.fix_age_ms, d);
  m.set_fix_age_ms(age ? std::optional<std::int64_t>(static_cast<std::int64_t>(*age)) : std::nullopt);
  m.set_dl_mbps(take(Field::Mbps, v.dl_mbps, d));
  m.set_ul_mbps(take(Field::Mbps, v.ul_mbps, d));
}

std::optional<GeoPoint> position_of(std::optional<double> lat, std::optional<double> lon, RowParser& p) {
  if (!lat || !lon) {
    if (lat || lon) p.fail("only one of latitude and longitude given");
    return std::nullopt;
  }
  if (*lat == 0 && *lon == 0) return std::nullopt;
  if (!(*lat >= -90 && *lat <= 90) || !(*lon >= -180 && *lon <= 180)) {
    p.fail("position out of range (lat " + std::to_string(*lat) + ", lon " + std::to_string(*lon) + ")");
    return std::nullopt;
  }
  return GeoPoint{Latitude(*lat), Longitude(*lon)};
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
