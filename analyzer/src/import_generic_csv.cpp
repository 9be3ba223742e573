// Shikan's generic measurement CSV (docs/analyzer.md): header row, UTF-8, extra columns ignored,
// empty field = missing. Required columns: time, lat, lon, plmn, rat, cell_id, pci, rsrp.
#include <array>

#include "import_support.hpp"

namespace shikan::analyzer {

namespace {

using detail::field;

enum Col : std::size_t {
  kTime, kLat, kLon, kPlmn, kRat, kCellId, kPci, kRsrp,  // required
  kArfcn, kBand, kRsrq, kSinr, kTa, kSpeedKmh, kHdop, kNrPci, kNrArfcn, kNrRsrp, kNrRsrq, kNrSinr, kDl, kUl,
  kColCount
};
constexpr std::size_t kRequired = kRsrp + 1;
constexpr std::array<std::string_view, kColCount> kNames = {
    "time", "lat", "lon", "plmn", "rat", "cell_id", "pci", "rsrp", "arfcn", "band", "rsrq", "sinr", "ta",
    "speed_kmh", "hdop", "nr_pci", "nr_arfcn", "nr_rsrp", "nr_rsrq", "nr_sinr", "dl_mbps", "ul_mbps"};

using Columns = std::array<std::optional<std::size_t>, kColCount>;

// ISO-8601 with Z or a numeric offset; a time without a zone is ambiguous and refused.
std::optional<UtcTime> zoned_time(std::string_view s) {
  s = csv::trim(s);
  const bool zoned = s.ends_with('Z') || s.ends_with('z') ||
                     (s.size() > 6 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-') && s[s.size() - 3] == ':');
  return zoned ? parse_iso8601(s) : std::nullopt;
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

void parse_row(const Columns& c, std::span<const std::string_view> f, Measurement& m, detail::RowParser& p,
               DroppedValues& dropped) {
  auto get = [&](Col col) { return field(f, c[col]); };
  const auto utc = zoned_time(get(kTime));
  if (!utc) return p.fail("time: not ISO-8601 with Z or offset '" + std::string(get(kTime).substr(0, 40)) + "'");
  m.utc = *utc;
  const auto lat = p.number(get(kLat), "lat");
  const auto lon = p.number(get(kLon), "lon");
  m.set_position(detail::position_of(lat, lon, p));
  const auto rat = parse_rat(csv::trim(get(kRat)));
  if (!rat) return p.fail("rat: not NR-SA|NR-NSA|LTE|WCDMA|GSM|NONE '" + std::string(get(kRat).substr(0, 20)) + "'");
  m.rat = *rat;
  if (const auto plmn_text = csv::trim(get(kPlmn)); !plmn_text.empty()) {
    const auto plmn = Plmn::parse(plmn_text);
    if (!plmn) return p.fail("plmn: not MCC+MNC '" + std::string(plmn_text.substr(0, 20)) + "'");
    m.set_plmn(plmn);
  }
  set_cell(m, p.integer(get(kCellId), "cell_id"), p);
  detail::RowValues v;
  v.pci = p.number(get(kPci), "pci");
  v.rsrp = p.number(get(kRsrp), "rsrp");
  v.arfcn = p.number(get(kArfcn), "arfcn");
  v.band = p.number(get(kBand), "band");
  v.rsrq = p.number(get(kRsrq), "rsrq");
  v.sinr = p.number(get(kSinr), "sinr");
  v.ta = p.number(get(kTa), "ta");
  if (const auto kmh = p.number(get(kSpeedKmh), "speed_kmh")) v.speed_mps = *kmh / 3.6;
  v.hdop = p.number(get(kHdop), "hdop");
  v.nr_pci = p.number(get(kNrPci), "nr_pci");
  v.nr_arfcn = p.number(get(kNrArfcn), "nr_arfcn");
  v.nr_rsrp = p.number(get(kNrRsrp), "nr_rsrp");
  v.nr_rsrq = p.number(get(kNrRsrq), "nr_rsrq");
  v.nr_sinr = p.number(get(kNrSinr), "nr_sinr");
  v.dl_mbps = p.number(get(kDl), "dl_mbps");
  v.ul_mbps = p.number(get(kUl), "ul_mbps");
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
    Columns c{};
    std::size_t width = 0;
    detail::read_delimited(
        file, ',',
        [&](std::span<const std::string_view> h, std::size_t line) {
          for (std::size_t i = 0; i < kColCount; ++i)
            c[i] = i < kRequired ? detail::required_column(h, kNames[i], file, line) : detail::column(h, kNames[i]);
          width = h.size();
        },
        [&](std::span<const std::string_view> f, std::size_t line) {
          detail::deliver_row(f, line, width, file, stats, sink,
                              [&](Measurement& m, detail::RowParser& p) { parse_row(c, f, m, p, stats.dropped); });
        });
    return stats;
  }
};

}  // namespace

std::unique_ptr<Importer> make_generic_csv_importer() { return std::make_unique<GenericCsvImporter>(); }

}  // namespace shikan::analyzer
