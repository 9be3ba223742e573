// G-NetTrack Pro tab-separated cell log (as in ../shared/data/gnettrack-dakar/*_log.txt):
// Timestamp Longitude Latitude Operatorname Operator Cellname Node CellID LAC NetworkTech Level Qual
// SNR CQI LTERSSI ARFCN PSC Altitude Distance TA BAND (+ an empty last field). The _datatest,
// _events and _stats files beside it have no Operator column and are not this format.
#include <charconv>

#include "import_support.hpp"

namespace shikan::analyzer {

namespace {

using detail::field;

std::optional<Rat> rat_of_tech(std::string_view s) {
  s = csv::trim(s);
  if (s == "4G") return Rat::Lte;
  if (s == "5G") return Rat::NrNsa;  // G-NetTrack on Android: NSA, identity of the LTE anchor
  if (s == "3G") return Rat::Wcdma;
  if (s == "2G") return Rat::Gsm;
  if (s.empty() || s == "-" || s == "--") return Rat::None;
  return std::nullopt;
}

// "L3" -> 3, "n78" -> 78, "U1" -> 1; "EGSM" etc. -> nullopt.
std::optional<double> band_number(std::string_view s) {
  s = csv::trim(s);
  while (!s.empty() && !(s.front() >= '0' && s.front() <= '9')) s.remove_prefix(1);
  int v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

struct Columns {
  std::size_t time, lon, lat, tech;
  std::optional<std::size_t> op, node, cell, level, qual, snr, arfcn, psc, ta, band;
};

class GnettrackTxtImporter final : public Importer {
 public:
  explicit GnettrackTxtImporter(ImportOptions options) : options_(options) {}
  std::string_view name() const override { return "gnettrack-txt"; }
  bool sniff(const std::filesystem::path&, std::string_view head) const override {
    const auto line = detail::first_line(head);
    return line.starts_with("Timestamp\t") && detail::has_column(line, '\t', "NetworkTech") &&
           detail::has_column(line, '\t', "Operator") && detail::has_column(line, '\t', "Level");
  }
  ImportStats read(const std::filesystem::path& file, const MeasurementSink& sink) const override;

 private:
  void row(const Columns& c, std::span<const std::string_view> f, Measurement& m, detail::RowParser& p,
           DroppedValues& dropped) const;
  ImportOptions options_;
};

// Rows without coverage ("--") carry CellID -1; -1 elsewhere is Android's "unknown" too.
void set_cell(Measurement& m, std::optional<std::int64_t> node, std::optional<std::int64_t> cell,
              detail::RowParser& p, bool& dropped_id) {
  if (m.rat == Rat::None || !cell || (m.rat != Rat::Gsm && !node)) return;  // kept without identity
  if (*cell < 0 || (node && *node < 0)) {
    dropped_id = true;
    return;
  }
  if (m.rat >= Rat::Lte) {  // ECI = eNB id * 256 + cell (TS 36.413 §9.2.1.38)
    if (*cell > 0xFF || *node > (Eci::kMax >> 8)) return p.fail("Node/CellID: not an eNB id and 8-bit cell");
    m.set_eci(Eci(static_cast<std::uint32_t>(*node * 256 + *cell)));
  } else {  // WCDMA: UTRAN cell id = RNC id << 16 | cell id; GSM: the same packing when Node is given
    m.set_legacy_cell((static_cast<std::uint64_t>(node.value_or(0)) << 16) | static_cast<std::uint64_t>(*cell));
  }
}

void GnettrackTxtImporter::row(const Columns& c, std::span<const std::string_view> f, Measurement& m,
                               detail::RowParser& p, DroppedValues& dropped) const {
  const auto utc = detail::parse_gnettrack_time(f[c.time], options_.gnettrack_utc_offset_min);
  if (!utc) return p.fail("Timestamp: not yyyy.mm.dd_HH.MM.SS '" + std::string(f[c.time]) + "'");
  m.utc = *utc;
  const auto lon = p.number(f[c.lon], "Longitude");
  const auto lat = p.number(f[c.lat], "Latitude");
  detail::set_position(m, lat, lon, p);
  const auto rat = rat_of_tech(f[c.tech]);
  if (!rat) return p.fail("NetworkTech: unknown '" + std::string(f[c.tech]) + "'");
  m.rat = *rat;
  const auto op = csv::trim(field(f, c.op));
  if (!detail::is_missing(op)) {
    const auto plmn = Plmn::parse(op);
    if (!plmn) return p.fail("Operator: not MCC+MNC '" + std::string(op) + "'");
    m.set_plmn(plmn);
  }
  bool dropped_id = false;
  set_cell(m, p.integer(field(f, c.node), "Node"), p.integer(field(f, c.cell), "CellID"), p, dropped_id);
  detail::RowValues v;
  if (m.rat >= Rat::Lte) {  // Level/Qual are RSCP/Ec-No on 3G and RxLev on 2G rows: not RSRP/RSRQ
    v.rsrp = p.number(field(f, c.level), "Level");
    v.rsrq = p.number(field(f, c.qual), "Qual");
    v.sinr = p.number(field(f, c.snr), "SNR");
    v.pci = p.number(field(f, c.psc), "PSC");
    v.ta = p.number(field(f, c.ta), "TA");
    v.band = band_number(field(f, c.band));
  }
  v.arfcn = p.number(field(f, c.arfcn), "ARFCN");
  if (p.failed()) return;
  if (dropped_id) ++dropped.out_of_range[static_cast<std::size_t>(Field::CellId)];
  // SOURCE.md: 0.0 is written on every 4G row of phones that do not report SNR: not a value.
  if (v.sinr && *v.sinr == 0.0) {
    ++dropped.sentinel[static_cast<std::size_t>(Field::Sinr)];
    v.sinr.reset();
  }
  detail::apply_values(v, m, dropped);
}

ImportStats GnettrackTxtImporter::read(const std::filesystem::path& file, const MeasurementSink& sink) const {
  ImportStats stats;
  Columns c{};
  std::size_t width = 0;
  detail::read_delimited(
      file, '\t',
      [&](std::span<const std::string_view> h, std::size_t line) {
        c.time = detail::required_column(h, "Timestamp", file, line);
        c.lon = detail::required_column(h, "Longitude", file, line);
        c.lat = detail::required_column(h, "Latitude", file, line);
        c.tech = detail::required_column(h, "NetworkTech", file, line);
        c.op = detail::column(h, "Operator");
        c.node = detail::column(h, "Node");
        c.cell = detail::column(h, "CellID");
        c.level = detail::column(h, "Level");
        c.qual = detail::column(h, "Qual");
        c.snr = detail::column(h, "SNR");
        c.arfcn = detail::column(h, "ARFCN");
        c.psc = detail::column(h, "PSC");
        c.ta = detail::column(h, "TA");
        c.band = detail::column(h, "BAND");
        width = h.size();
      },
      [&](std::span<const std::string_view> f, std::size_t line) {
        if (!f.empty() && csv::trim(f[0]) == "Timestamp") return;  // a header repeated by an appended log
        detail::deliver_row(f, line, width, file, stats, sink,
                            [&](Measurement& m, detail::RowParser& p) { row(c, f, m, p, stats.dropped); });
      });
  return stats;
}

}  // namespace

std::unique_ptr<Importer> make_gnettrack_txt_importer(const ImportOptions& options) {
  return std::make_unique<GnettrackTxtImporter>(options);
}

}  // namespace shikan::analyzer
