// Shikan's generic measurement CSV (docs/analyzer.md): header row, UTF-8, extra columns ignored,
// empty field = missing. Required columns: time, lat, lon, plmn, rat, cell_id, pci, rsrp.
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "import_support.hpp"

namespace shikan::analyzer {

namespace {

enum Col : std::size_t {
  kTime, kLat, kLon, kPlmn, kRat, kCellId, kPci, kRsrp,  // required
  kArfcn, kBand, kRsrq, kSinr, kTa, kSpeedKmh, kHdop, kNrPci, kNrArfcn, kNrRsrp, kNrRsrq, kNrSinr, kDl, kUl,
  kColCount
};
constexpr std::size_t kRequired = kRsrp + 1;
constexpr std::array<std::string_view, kColCount> kNames = {
    "time", "lat", "lon", "plmn", "rat", "cell_id", "pci", "rsrp", "arfcn", "band", "rsrq", "sinr", "ta",
    "speed_kmh", "hdop", "nr_pci", "nr_arfcn", "nr_rsrp", "nr_rsrq", "nr_sinr", "dl_mbps", "ul_mbps"};

// Index of each column in the file's records; kAbsent for an optional column the header lacks.
constexpr std::size_t kAbsent = std::numeric_limits<std::size_t>::max();
using Columns = std::array<std::size_t, kColCount>;

// The field of column `col`, or "" when the file lacks the column (every row is at least as wide as the
// header: deliver_row rejects shorter ones). One comparison covers both cases.
std::string_view field(std::span<const std::string_view> fields, std::size_t col) {
  return col < fields.size() ? fields[col] : std::string_view{};
}

// The numeric columns read into RowValues as they stand (speed_kmh is converted after), in the order that
// decides which problem a row with several is rejected for.
struct NumberColumn {
  Col col;
  std::optional<double> detail::RowValues::*value;
};
constexpr std::array<NumberColumn, 16> kNumbers = {{
    {kPci, &detail::RowValues::pci},
    {kRsrp, &detail::RowValues::rsrp},
    {kArfcn, &detail::RowValues::arfcn},
    {kBand, &detail::RowValues::band},
    {kRsrq, &detail::RowValues::rsrq},
    {kSinr, &detail::RowValues::sinr},
    {kTa, &detail::RowValues::ta},
    {kSpeedKmh, &detail::RowValues::speed_mps},
    {kHdop, &detail::RowValues::hdop},
    {kNrPci, &detail::RowValues::nr_pci},
    {kNrArfcn, &detail::RowValues::nr_arfcn},
    {kNrRsrp, &detail::RowValues::nr_rsrp},
    {kNrRsrq, &detail::RowValues::nr_rsrq},
    {kNrSinr, &detail::RowValues::nr_sinr},
    {kDl, &detail::RowValues::dl_mbps},
    {kUl, &detail::RowValues::ul_mbps},
}};

// Plmn::parse by text, remembering the texts seen: a drive log holds one PLMN per SIM, and parsing builds two
// strings and checks every digit twice, once per row. Bounded: a file with more distinct texts than
// kMaxEntries has the rest parsed every time.
class PlmnCache {
 public:
  const std::optional<Plmn>& parse(std::string_view text) {
    for (const auto& [seen, plmn] : entries_)
      if (seen == text) return plmn;
    if (entries_.size() == kMaxEntries) return uncached_ = Plmn::parse(text);
    return entries_.emplace_back(std::string(text), Plmn::parse(text)).second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 16;
  std::vector<std::pair<std::string, std::optional<Plmn>>> entries_;
  std::optional<Plmn> uncached_;
};

// What one read() keeps from row to row: the column indexes found in the header, the time parser with its
// cached date, and the PLMNs seen.
struct FileState {
  Columns c{};
  std::size_t width = 0;  // fields in the header
  Iso8601Parser times;
  PlmnCache plmns;
};

// ISO-8601 with Z or a numeric offset; a time without a zone is ambiguous and refused.
std::optional<UtcTime> zoned_time(std::string_view s, Iso8601Parser& times) {
  s = csv::trim(s);
  const bool zoned = s.ends_with('Z') || s.ends_with('z') ||
                     (s.size() > 6 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-') && s[s.size() - 3] == ':');
  return zoned ? times.parse(s) : std::nullopt;
}

void set_cell(Measurement& m, std::optional<std::int64_t> id, detail::RowParser& p) {
  if (m.rat == Rat::None) return;
  if (!id) return p.fail("cell_id: missing for rat " + std::string(to_string(m.rat)));
  if (*id < 0) return p.fail("cell_id: negative");
  const auto v = static_cast<std::uint64_t>(*id);
  if (m.rat == Rat::NrSa) {
    if (v > Nci::kMax) return p.fail("cell_id: NCI has more than 36 bits");
    m.set_nci(Nci(v));
  } else if (m.rat == Rat::Lte || m.rat == Rat::NrNsa) {
    if (v > Eci::kMax) return p.fail("cell_id: ECI has more than 28 bits");
    m.set_eci(Eci(static_cast<std::uint32_t>(v)));
  } else {
    m.set_legacy_cell(v);
  }
}

void parse_row(FileState& file, std::span<const std::string_view> f, Measurement& m, detail::RowParser& p,
               DroppedValues& dropped) {
  auto get = [&](Col col) { return field(f, file.c[col]); };
  const auto utc = zoned_time(get(kTime), file.times);
  if (!utc) return p.fail("time: not ISO-8601 with Z or offset '" + std::string(get(kTime).substr(0, 40)) + "'");
  m.utc = *utc;
  std::optional<double> lat, lon;
  p.number(get(kLat), "lat", lat);
  p.number(get(kLon), "lon", lon);
  detail::set_position(m, lat, lon, p);
  const auto rat = parse_rat(csv::trim(get(kRat)));
  if (!rat) return p.fail("rat: not NR-SA|NR-NSA|LTE|WCDMA|GSM|NONE '" + std::string(get(kRat).substr(0, 20)) + "'");
  m.rat = *rat;
  if (const auto plmn_text = csv::trim(get(kPlmn)); !plmn_text.empty()) {
    const auto& plmn = file.plmns.parse(plmn_text);
    if (!plmn) return p.fail("plmn: not MCC+MNC '" + std::string(plmn_text.substr(0, 20)) + "'");
    m.set_plmn(plmn);
  }
  set_cell(m, p.integer(get(kCellId), "cell_id"), p);
  detail::RowValues v;
  for (const auto& n : kNumbers) p.number(get(n.col), kNames[n.col], v.*n.value);
  if (v.speed_mps) *v.speed_mps /= 3.6;  // read as km/h
  if (!p.failed()) detail::apply_values(v, m, dropped);
}

class GenericCsvImporter final : public Importer {
 public:
  std::string_view name() const override { return "generic-csv"; }
  // Any extension: the header decides (a .txt holding this CSV is read as it).
  bool sniff(const std::filesystem::path&, std::string_view head) const override {
    const auto line = detail::first_line(head);
    return detail::has_column(line, ',', "time") && detail::has_column(line, ',', "lat") &&
           detail::has_column(line, ',', "lon");
  }
  ImportStats read(const std::filesystem::path& file, const MeasurementSink& sink) const override {
    ImportStats stats;
    FileState state;
    detail::read_delimited(
        file, ',',
        [&](std::span<const std::string_view> h, std::size_t line) {
          for (std::size_t i = 0; i < kColCount; ++i)
            state.c[i] = i < kRequired ? detail::required_column(h, kNames[i], file, line)
                                       : detail::column(h, kNames[i]).value_or(kAbsent);
          state.width = h.size();
        },
        [&](std::span<const std::string_view> f, std::size_t line) {
          detail::deliver_row(f, line, state.width, file, stats, sink,
                              [&](Measurement& m, detail::RowParser& p) { parse_row(state, f, m, p, stats.dropped); });
        });
    return stats;
  }
};

}  // namespace

std::unique_ptr<Importer> make_generic_csv_importer() { return std::make_unique<GenericCsvImporter>(); }

}  // namespace shikan::analyzer
