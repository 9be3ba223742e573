// Row codecs: how the model types map to columns (docs/log-format.md). bind_* and read_* walk the
// same column order; keep each pair side by side.
#include <fmt/format.h>

#include <array>
#include <limits>
#include <stdexcept>

#include "sqlite_store.hpp"

namespace shikan::sqlite {
namespace {

// Stable on-disk codes; the rats and neighbour_scopes tables hold their names for SQL users.
constexpr std::array kRatCodes{Rat::None, Rat::Gsm, Rat::Wcdma, Rat::Lte, Rat::NrNsa, Rat::NrSa};
constexpr std::array kScopeCodes{NeighbourScope::Intra, NeighbourScope::Inter, NeighbourScope::Nr,
                                 NeighbourScope::Unknown};

template <class E, std::size_t N>
std::int64_t code_of(const std::array<E, N>& codes, E e) {
  for (std::size_t i = 0; i < N; ++i)
    if (codes[i] == e) return static_cast<std::int64_t>(i);
  throw std::invalid_argument(fmt::format("enum value {} has no stored code", static_cast<int>(e)));
}

template <class E, std::size_t N>
E from_code(const std::array<E, N>& codes, std::int64_t code, std::string_view what) {
  if (code < 0 || code >= static_cast<std::int64_t>(N))
    throw std::out_of_range(fmt::format("unknown {} code {}", what, code));
  return codes[static_cast<std::size_t>(code)];
}

// Binds values to consecutive parameters.
class Binder {
 public:
  Binder(Stmt::Use& q, int first) : q_(q), i_(first) {}
  Binder& operator<<(std::int64_t v) { return put([&] { q_.bind(i_, v); }); }
  Binder& operator<<(int v) { return put([&] { q_.bind(i_, v); }); }
  Binder& operator<<(std::uint32_t v) { return put([&] { q_.bind(i_, v); }); }
  Binder& operator<<(std::uint64_t v) { return put([&] { q_.bind(i_, v); }); }
  Binder& operator<<(double v) { return put([&] { q_.bind(i_, v); }); }
  Binder& operator<<(Dbm v) { return *this << v.value; }
  Binder& operator<<(shikan::Db v) { return *this << v.value; }
  Binder& operator<<(Metres v) { return *this << v.value; }
  // Bound without a copy: `v` must outlive the statement's step (it lives in the queued row).
  Binder& operator<<(const std::string& v) { return put([&] { q_.bind_text(i_, v); }); }
  // For strings made while binding, which die before the step.
  Binder& copy(const std::optional<std::string>& v) {
    return put([&] {
      if (v) q_.bind_text_copy(i_, *v);
      else q_.bind_null(i_);
    });
  }
  Binder& operator<<(std::string&&) = delete;  // a temporary would dangle: use copy()
  template <class T>
  Binder& operator<<(const std::optional<T>& v) {
    if (v) return *this << *v;
    return put([&] { q_.bind_null(i_); });
  }
  Binder& null(int n) {
    for (int k = 0; k < n; ++k) put([&] { q_.bind_null(i_); });
    return *this;
  }

 private:
  template <class F>
  Binder& put(F f) {
    f();
    ++i_;
    return *this;
  }
  Stmt::Use& q_;
  int i_;
};

// Reads consecutive columns, checking that integers fit the model's types.
class Reader {
 public:
  Reader(const Stmt::Use& q, int first) : q_(q), i_(first) {}
  bool next_is_null() const { return q_.is_null(i_); }
  void skip(int n) { i_ += n; }
  std::int64_t i64() { return q_.i64(i_++); }
  std::string text() { return q_.text(i_++); }
  std::optional<std::string> otext() { return q_.opt_text(i_++); }
  std::optional<double> oreal() { return q_.opt_real(i_++); }
  std::optional<Dbm> odbm() { return wrap<Dbm>(oreal()); }
  std::optional<shikan::Db> odb() { return wrap<shikan::Db>(oreal()); }
  template <class T>
  std::optional<T> oint() {
    const int col = i_++;
    const auto v = q_.opt_i64(col);
    if (!v) return std::nullopt;
    return narrow<T>(*v, col);
  }
  template <class T>
  T integer() {
    const int col = i_;
    return narrow<T>(i64(), col);
  }

 private:
  template <class T>
  static std::optional<T> wrap(std::optional<double> v) {
    if (!v) return std::nullopt;
    return T{*v};
  }
  template <class T>
  T narrow(std::int64_t v, int col) const {
    // Compare negative values only with the minimum: cast to uint64 they would look huge.
    const bool too_small = v < std::int64_t{std::numeric_limits<T>::min()};
    const bool too_large = v >= 0 && static_cast<std::uint64_t>(v) > std::uint64_t{std::numeric_limits<T>::max()};
    if (too_small || too_large)
      throw std::out_of_range(fmt::format("column {} value {} out of range", col, v));
    return static_cast<T>(v);
  }
  const Stmt::Use& q_;
  int i_;
};

constexpr int kFixColumns = 9;  // fix_utc_ms .. course_deg
constexpr int kNrColumns = 8;   // nr_pci .. nr_scs

void bind_fix(Binder& b, const std::optional<Fix>& fix) {
  if (!fix) {
    b.null(kFixColumns);
    return;
  }
  b << fix->utc.ms << fix->pos.lat.degrees() << fix->pos.lon.degrees() << fix->alt << fix->hdop
    << fix->sats << static_cast<int>(fix->quality) << fix->speed_mps << fix->course_deg;
}

std::optional<Fix> read_fix(Reader& r) {
  const auto utc = r.oint<std::int64_t>();
  const auto lat = r.oreal(), lon = r.oreal(), alt = r.oreal(), hdop = r.oreal();
  const auto sats = r.oint<int>();
  const auto quality = r.oint<int>();
  const auto speed = r.oreal(), course = r.oreal();
  if (!quality) return std::nullopt;
  if (!utc || !lat || !lon) throw std::invalid_argument("fix_quality set but fix_utc_ms, lat or lon missing");
  if (*quality < 0 || *quality > static_cast<int>(FixQuality::Simulation))
    throw std::out_of_range(fmt::format("unknown fix_quality {}", *quality));
  Fix f{UtcTime{*utc}, GeoPoint{Latitude(*lat), Longitude(*lon)}, static_cast<FixQuality>(*quality), {}, hdop, sats,
        speed, course};
  if (alt) f.alt = Metres{*alt};
  return f;
}

void bind_nr(Binder& b, const std::optional<NrLeg>& nr) {
  b << std::int64_t{nr.has_value()};
  if (!nr) {
    b.null(kNrColumns);
    return;
  }
  b << nr->pci << nr->arfcn << nr->band << nr->rsrp << nr->rsrq << nr->sinr << nr->bandwidth_code << nr->scs;
}

std::optional<NrLeg> read_nr(Reader& r) {
  const bool has_nr = r.i64() != 0;
  if (!has_nr) {
    r.skip(kNrColumns);
    return std::nullopt;
  }
  NrLeg nr;
  nr.pci = r.oint<int>();
  nr.arfcn = r.oint<std::uint32_t>();
  nr.band = r.oint<int>();
  nr.rsrp = r.odbm();
  nr.rsrq = r.odb();
  nr.sinr = r.odb();
  nr.bandwidth_code = r.oint<int>();
  nr.scs = r.oint<int>();
  return nr;
}

}  // namespace

std::string_view sample_columns() {
  return "modem_id, utc_ms, mono_ns, "
         "fix_utc_ms, lat, lon, alt_m, hdop, sats, fix_quality, speed_mps, course_deg, fix_age_ms, "
         "rat, state, plmn, nci, eci, pci, tac, arfcn, band, duplex, bandwidth_code, "
         "rsrp_dbm, rsrq_db, sinr_db, rssi_dbm, cqi, tx_power, srxlev, "
         "has_nr, nr_pci, nr_arfcn, nr_band, nr_rsrp_dbm, nr_rsrq_db, nr_sinr_db, nr_bandwidth_code, nr_scs";
}

void bind_sample(Stmt::Use& q, int first, const Sample& s) {
  Binder b(q, first);
  b << s.modem << s.utc.ms << s.mono.ns;
  bind_fix(b, s.fix);
  b << s.fix_age_ms;
  const ServingCell& c = s.serving;
  std::optional<std::string> plmn;
  if (c.plmn) plmn = c.plmn->str();
  std::optional<std::uint64_t> nci;
  if (c.nci) nci = c.nci->value();
  std::optional<std::uint32_t> eci;
  if (c.eci) eci = c.eci->value();
  b << code_of(kRatCodes, c.rat) << c.state;
  b.copy(plmn) << nci << eci << c.pci << c.tac << c.arfcn << c.band << c.duplex
    << c.bandwidth_code << c.rsrp << c.rsrq << c.sinr << c.rssi << c.cqi << c.tx_power << c.srxlev;
  bind_nr(b, c.nr);
}

Sample read_sample(const Stmt::Use& q, int first) {
  Reader r(q, first);
  Sample s;
  s.modem = r.text();
  s.utc = UtcTime{r.i64()};
  s.mono = MonoTime{r.i64()};
  s.fix = read_fix(r);
  s.fix_age_ms = r.i64();
  ServingCell& c = s.serving;
  c.rat = from_code(kRatCodes, r.i64(), "rat");
  c.state = r.text();
  if (const auto plmn = r.otext()) {
    c.plmn = Plmn::parse(*plmn);
    if (!c.plmn) throw std::invalid_argument(fmt::format("malformed plmn \"{}\"", *plmn));
  }
  if (const auto nci = r.oint<std::uint64_t>()) c.nci = Nci(*nci);
  if (const auto eci = r.oint<std::uint32_t>()) c.eci = Eci(*eci);
  c.pci = r.oint<int>();
  c.tac = r.oint<std::uint32_t>();
  c.arfcn = r.oint<std::uint32_t>();
  c.band = r.oint<int>();
  c.duplex = r.otext();
  c.bandwidth_code = r.oint<int>();
  c.rsrp = r.odbm();
  c.rsrq = r.odb();
  c.sinr = r.odb();
  c.rssi = r.odbm();
  c.cqi = r.oint<int>();
  c.tx_power = r.oint<int>();
  c.srxlev = r.oint<int>();
  c.nr = read_nr(r);
  return s;
}

std::string_view neighbour_columns() {
  return "rat, scope, arfcn, pci, rsrp_dbm, rsrq_db, rssi_dbm, sinr_db, srxlev";
}

void bind_neighbour(Stmt::Use& q, int first, const Neighbour& n) {
  Binder b(q, first);
  b << code_of(kRatCodes, n.rat) << code_of(kScopeCodes, n.scope) << n.arfcn << n.pci << n.rsrp << n.rsrq << n.rssi
    << n.sinr << n.srxlev;
}

Neighbour read_neighbour(const Stmt::Use& q, int first) {
  Reader r(q, first);
  Neighbour n;
  n.rat = from_code(kRatCodes, r.i64(), "rat");
  n.scope = from_code(kScopeCodes, r.i64(), "neighbour scope");
  n.arfcn = r.oint<std::uint32_t>();
  n.pci = r.oint<int>();
  n.rsrp = r.odbm();
  n.rsrq = r.odb();
  n.rssi = r.odbm();
  n.sinr = r.odb();
  n.srxlev = r.oint<int>();
  return n;
}

void check_encodable(const Sample& s) {
  code_of(kRatCodes, s.serving.rat);
  for (const Neighbour& n : s.neighbours) {
    code_of(kRatCodes, n.rat);
    code_of(kScopeCodes, n.scope);
  }
  if (s.fix && static_cast<int>(s.fix->quality) > static_cast<int>(FixQuality::Simulation))
    throw std::invalid_argument(fmt::format("fix quality {} has no stored code", static_cast<int>(s.fix->quality)));
}

void check_encodable(const Event& e) {
  if (!parse_event_kind(to_string(e.kind)))
    throw std::invalid_argument(fmt::format("event kind {} has no stored name", static_cast<int>(e.kind)));
}

char direction_code(Direction d) { return d == Direction::Sent ? '>' : '<'; }

Direction direction_from_code(std::string_view code) {
  if (code == ">") return Direction::Sent;
  if (code == "<") return Direction::Received;
  throw std::invalid_argument(fmt::format("unknown raw line direction \"{}\"", code));
}

}  // namespace shikan::sqlite
