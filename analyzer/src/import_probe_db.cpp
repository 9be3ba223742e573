// The probe's log database (core LogStore, opened read-only): every session's samples.
// LogStore::samples() returns one session at a time, so memory is bounded by the largest session,
// not the file.
#include "shikan/analyzer/importer.hpp"
#include "shikan/core/store.hpp"
#include "import_support.hpp"

namespace shikan::analyzer {

namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

std::optional<double> level(const std::optional<Dbm>& v) { return v ? std::optional<double>(v->value) : std::nullopt; }
std::optional<double> level(const std::optional<Db>& v) { return v ? std::optional<double>(v->value) : std::nullopt; }
template <class T>
std::optional<double> num(const std::optional<T>& v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

class ProbeDbImporter final : public Importer {
 public:
  std::string_view name() const override { return "probe-db"; }
  bool sniff(const std::filesystem::path&, std::string_view head) const override {
    return head.starts_with(kSqliteMagic);
  }
  ImportStats read(const std::filesystem::path& file, const MeasurementSink& sink) const override;
};

void convert(const Sample& s, Measurement& m, DroppedValues& dropped) {
  // Timed by GNSS when the sample has a fix (fix time + its monotonic age): the satellites' clock is right
  // even when the laptop's is not, and a time-accelerated simulation keeps its simulated time. Else the host.
  m.utc = s.fix && s.fix_age_ms >= 0 ? UtcTime{s.fix->utc.ms + s.fix_age_ms} : s.utc;
  m.rat = s.serving.rat;
  m.set_position(s.fix ? std::optional<GeoPoint>(s.fix->pos) : std::nullopt);
  m.set_plmn(s.serving.plmn);
  if (s.serving.rat == Rat::NrSa && s.serving.nci) {
    m.set_nci(*s.serving.nci);
  } else if (s.serving.eci) {
    m.set_eci(*s.serving.eci);
  }
  detail::RowValues v;
  v.rsrp = level(s.serving.rsrp);
  v.rsrq = level(s.serving.rsrq);
  v.sinr = level(s.serving.sinr);
  v.pci = num(s.serving.pci);
  v.arfcn = num(s.serving.arfcn);
  v.band = num(s.serving.band);
  if (s.serving.nr) {
    v.nr_pci = num(s.serving.nr->pci);
    v.nr_arfcn = num(s.serving.nr->arfcn);
    v.nr_rsrp = level(s.serving.nr->rsrp);
    v.nr_rsrq = level(s.serving.nr->rsrq);
    v.nr_sinr = level(s.serving.nr->sinr);
  }
  if (s.fix) {
    v.speed_mps = s.fix->speed_mps;
    v.hdop = s.fix->hdop;
    if (s.fix_age_ms >= 0) v.fix_age_ms = static_cast<double>(s.fix_age_ms);
  }
  detail::apply_values(v, m, dropped);
}

ImportStats ProbeDbImporter::read(const std::filesystem::path& file, const MeasurementSink& sink) const {
  ImportStats stats;
  try {
    StoreOptions options;
    options.read_only = true;
    const LogStore store(file, options);
    std::uint64_t ordinal = 0;
    for (const SessionRow& session : store.sessions()) {
      for (const Sample& s : store.samples(session.id)) {
        ++ordinal;
        ++stats.rows;
        Measurement m;
        m.line = static_cast<std::uint32_t>(ordinal);
        convert(s, m, stats.dropped);
        ++stats.accepted;
        sink(m);
      }
    }
  } catch (const StoreError& e) {
    throw ImportError(file, 0, std::string("probe database: ") + e.what());
  }
  return stats;
}

}  // namespace

std::unique_ptr<Importer> make_probe_db_importer() { return std::make_unique<ProbeDbImporter>(); }

}  // namespace shikan::analyzer
