// G-NetTrack Pro comma-separated export (as in ../shared/data/ucc-5g-beyond-throughput):
// Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,...,DL_bitrate,
// UL_bitrate,...,CELLHEX,NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ. Mapping: docs/analyzer.md.
#include <charconv>

#include "import_support.hpp"

namespace shikan::analyzer {

namespace {

using detail::field;

// NetworkMode -> RAT. "5G" is NR NSA on these phones: cell ids and levels are the LTE anchor's.
std::optional<Rat> rat_of_mode(std::string_view s) {
  s = csv::trim(s);
  if (s == "5G") return Rat::NrNsa;
  if (s == "LTE") return Rat::Lte;
  if (s == "HSPA+" || s == "HSPA" || s == "UMTS" || s == "HSUPA" || s == "HSDPA" || s == "WCDMA") return Rat::Wcdma;
  if (s == "GPRS" || s == "EDGE" || s == "GSM") return Rat::Gsm;
  if (s.empty() || s == "-") return Rat::None;
  return std::nullopt;
}

struct Columns {
  std::size_t time, lon, lat, mode;
  std::optional<std::size_t> speed, op, rsrp, rsrq, snr, dl, ul, raw_cell, node_hex, cell_hex;
};

class GnettrackCsvImporter final : public Importer {
 public:
  explicit GnettrackCsvImporter(ImportOptions options) : options_(options) {}
  std::string_view name() const override { return "gnettrack-csv"; }
  bool sniff(const std::filesystem::path&, std::string_view head) const override {
    const auto line = detail::first_line(head);
    return line.starts_with("Timestamp,") && detail::has_column(line, ',', "NetworkMode") &&
           detail::has_column(line, ',', "Longitude");
  }
  ImportStats read(const std::filesystem::path& file, const MeasurementSink& sink) const override;

 private:
  void row(const Columns& c, std::span<const std::string_view> f, Measurement& m, detail::RowParser& p,
           DroppedValues& dropped) const;
  ImportOptions options_;
};

std::optional<std::uint64_t> hex(std::string_view s) {
  s = csv::trim(s);
  std::uint64_t v = 0;
  if (s.empty() || s == "-") return std::nullopt;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return ec == std::errc() && ptr == s.data() + s.size() ? std::optional<std::uint64_t>(v) : std::nullopt;
}

void GnettrackCsvImporter::row(const Columns& c, std::span<const std::string_view> f, Measurement& m,
                               detail::RowParser& p, DroppedValues& dropped) const {
  const auto utc = detail::parse_gnettrack_time(f[c.time], options_.gnettrack_utc_offset_min);
  if (!utc) return p.fail("Timestamp: not yyyy.mm.dd_HH.MM.SS '" + std::string(f[c.time]) + "'");
  m.utc = *utc;
  const auto lon = p.number(f[c.lon], "Longitude");
  const auto lat = p.number(f[c.lat], "Latitude");
  detail::set_position(m, lat, lon, p);
  const auto rat = rat_of_mode(f[c.mode]);
  if (!rat) return p.fail("NetworkMode: unknown '" + std::string(f[c.mode]) + "'");
  m.rat = *rat;
  m.set_plmn(Plmn::parse(csv::trim(field(f, c.op))));  // "B" (anonymised) or "0": no PLMN
  auto raw = p.integer(field(f, c.raw_cell), "RAWCELLID");
  if (raw && *raw < 0) return p.fail("RAWCELLID: negative");
  bool identity_dropped = false;
  if (m.rat >= Rat::Lte) {
    // An ECI is eNB id * 256 + 8-bit cell. Rows labelled LTE right after a 3G cell can carry the
    // UTRAN identity (CELLHEX of 16 bits, RAWCELLID = RNC << 16 | cell): that identity is dropped.
    const auto node = hex(field(f, c.node_hex));
    const auto cell = hex(field(f, c.cell_hex));
    if (node && cell && (*cell > 0xFF || (raw && static_cast<std::uint64_t>(*raw) != *node * 256 + *cell))) {
      identity_dropped = true;
      raw.reset();
    } else if (!raw && node && cell) {  // RAWCELLID missing: NODEHEX * 256 + CELLHEX
      raw = static_cast<std::int64_t>(*node * 256 + *cell);
    }
  }
  if (raw && m.rat >= Rat::Lte) {
    if (static_cast<std::uint64_t>(*raw) > Eci::kMax) return p.fail("RAWCELLID: more than 28 bits for an ECI");
    m.set_eci(Eci(static_cast<std::uint32_t>(*raw)));
  } else if (raw && m.rat != Rat::None) {
    m.set_legacy_cell(static_cast<std::uint64_t>(*raw));
  }
  detail::RowValues v;
  if (m.rat >= Rat::Lte) {  // on 2G/3G rows these columns hold RSCP/RxLev, not RSRP
    v.rsrp = p.number(field(f, c.rsrp), "RSRP");
    v.rsrq = p.number(field(f, c.rsrq), "RSRQ");
    v.sinr = p.number(field(f, c.snr), "SNR");
  }
  if (const auto kmh = p.number(field(f, c.speed), "Speed")) v.speed_mps = *kmh / 3.6;
  if (const auto dl = p.number(field(f, c.dl), "DL_bitrate")) v.dl_mbps = *dl / 1000.0;  // kbit/s
  if (const auto ul = p.number(field(f, c.ul), "UL_bitrate")) v.ul_mbps = *ul / 1000.0;
  if (p.failed()) return;
  if (identity_dropped) ++dropped.out_of_range[static_cast<std::size_t>(Field::CellId)];
  detail::apply_values(v, m, dropped);
}

ImportStats GnettrackCsvImporter::read(const std::filesystem::path& file, const MeasurementSink& sink) const {
  ImportStats stats;
  Columns c{};
  std::size_t width = 0;
  detail::read_delimited(
      file, ',',
      [&](std::span<const std::string_view> h, std::size_t line) {
        c.time = detail::required_column(h, "Timestamp", file, line);
        c.lon = detail::required_column(h, "Longitude", file, line);
        c.lat = detail::required_column(h, "Latitude", file, line);
        c.mode = detail::required_column(h, "NetworkMode", file, line);
        c.speed = detail::column(h, "Speed");
        c.op = detail::column(h, "Operatorname");
        c.rsrp = detail::column(h, "RSRP");
        c.rsrq = detail::column(h, "RSRQ");
        c.snr = detail::column(h, "SNR");
        c.dl = detail::column(h, "DL_bitrate");
        c.ul = detail::column(h, "UL_bitrate");
        c.raw_cell = detail::column(h, "RAWCELLID");
        c.node_hex = detail::column(h, "NODEHEX");
        c.cell_hex = detail::column(h, "CELLHEX");
        width = h.size();
      },
      [&](std::span<const std::string_view> f, std::size_t line) {
        detail::deliver_row(f, line, width, file, stats, sink,
                            [&](Measurement& m, detail::RowParser& p) { row(c, f, m, p, stats.dropped); });
      });
  return stats;
}

}  // namespace

std::unique_ptr<Importer> make_gnettrack_csv_importer(const ImportOptions& options) {
  return std::make_unique<GnettrackCsvImporter>(options);
}

}  // namespace shikan::analyzer
