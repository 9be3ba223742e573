// Row-level cleaning: GNSS jumps, stale fixes and duplicates (docs/analyzer.md, "Cleaning").
#include <bit>
#include <cstdlib>

#include "shikan/analyzer/clean.hpp"

namespace shikan::analyzer {

namespace {

// splitmix64 finaliser: a cheap, well-mixed 64-bit hash step.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h;
}

std::uint64_t u(std::int64_t v) { return static_cast<std::uint64_t>(v); }

}  // namespace

std::uint64_t duplicate_key(const Measurement& m) {
  std::uint64_t h = mix(0x5348494B414E, u(m.utc.ms));
  h = mix(h, (u(m.lat_e7()) << 32) ^ (u(m.lon_e7()) & 0xFFFFFFFFull));
  h = mix(h, (std::uint64_t{static_cast<std::uint8_t>(m.rat)} << 32) | m.plmn_code());
  h = mix(h, m.cell_raw());
  h = mix(h, (std::uint64_t{m.pci.raw()} << 48) | (std::uint64_t{static_cast<std::uint16_t>(m.rsrp.raw())} << 32) |
                 (std::uint64_t{static_cast<std::uint16_t>(m.rsrq.raw())} << 16) |
                 static_cast<std::uint16_t>(m.sinr.raw()));
  h = mix(h, (std::uint64_t{m.nr_pci.raw()} << 48) |
                 (std::uint64_t{static_cast<std::uint16_t>(m.nr_rsrp.raw())} << 32) |
                 (std::uint64_t{static_cast<std::uint16_t>(m.nr_rsrq.raw())} << 16) |
                 static_cast<std::uint16_t>(m.nr_sinr.raw()));
  const float dl = m.dl_mbps() ? static_cast<float>(*m.dl_mbps()) : -1.0f;
  const float ul = m.ul_mbps() ? static_cast<float>(*m.ul_mbps()) : -1.0f;
  h = mix(h, (std::uint64_t{std::bit_cast<std::uint32_t>(dl)} << 32) | std::bit_cast<std::uint32_t>(ul));
  return h == 0 ? 1 : h;
}

Cleaner::Cleaner(CleaningOptions options, Sink sink) : options_(options), sink_(std::move(sink)) {}

bool Cleaner::consistent(const Anchor& a, const Measurement& b) const {
  const auto pa = GeoPoint{Latitude(a.lat_e7 * 1e-7), Longitude(a.lon_e7 * 1e-7)};
  const double d = haversine(pa, *b.position()).value;
  const std::int64_t dt = std::max(std::llabs(b.utc.ms - a.utc_ms), static_cast<long long>(options_.min_dt_ms));
  return d <= options_.max_speed_mps * static_cast<double>(dt) / 1000.0 + options_.jump_tolerance_m;
}

bool Cleaner::is_duplicate(const Measurement& m) {
  const std::int64_t t = m.utc.ms;
  // Forget rows that left the window (compacting now and then, so the vector does not grow).
  while (recent_head_ < recent_.size() && recent_[recent_head_].utc_ms < t - options_.duplicate_window_ms)
    ++recent_head_;
  if (recent_head_ > 4096 && recent_head_ * 2 > recent_.size()) {
    recent_.erase(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(recent_head_));
    recent_head_ = 0;
  }
  const std::uint64_t key = duplicate_key(m);
  // Newest first: in-order rows stop at the first older moment.
  for (std::size_t i = recent_.size(); i > recent_head_; --i) {
    const Recent& r = recent_[i - 1];
    if (r.utc_ms == t && r.key == key) return true;
    if (r.utc_ms < t && !out_of_order_) break;
  }
  if (!recent_.empty() && t < recent_.back().utc_ms) out_of_order_ = true;
  recent_.push_back({t, key});
  return false;
}

void Cleaner::emit(const Measurement& m) {
  ++report_.seen;
  if (m.excluded == 0) ++report_.usable;
  if (m.excluded & kExcludedGnssJump) ++report_.gnss_jump;
  if (m.excluded & kExcludedStaleFix) ++report_.stale_fix;
  if (m.excluded & kExcludedDuplicate) ++report_.duplicate;
  if (!m.has_position()) ++report_.without_position;
  sink_(m);
}

void Cleaner::release_held(bool jumped) {
  if (!held_) return;
  Measurement m = *held_;
  held_.reset();
  if (jumped) {
    m.excluded |= kExcludedGnssJump;
  } else {
    anchor_ = Anchor{m.lat_e7(), m.lon_e7(), m.utc.ms};
  }
  emit(m);
}

void Cleaner::track(const Measurement& m) {
  if (held_) {
    Anchor held{held_->lat_e7(), held_->lon_e7(), held_->utc.ms};
    if (consistent(held, m)) {
      release_held(false);  // the track really moved (or the earlier fix was coarse): new reference
    } else if (consistent(*anchor_, m)) {
      release_held(true);  // the held point was a spike between two agreeing fixes
    } else {
      release_held(true);  // agrees with neither: flag it, and judge m against the anchor
      held_ = m;
      return;
    }
  }
  if (!anchor_ || consistent(*anchor_, m)) {
    // A repeated position is the same fix logged again (G-NetTrack repeats the last fix until the
    // next one): the anchor keeps the time it was first seen, so the next real move gets its true dt.
    if (!anchor_ || anchor_->lat_e7 != m.lat_e7() || anchor_->lon_e7 != m.lon_e7())
      anchor_ = Anchor{m.lat_e7(), m.lon_e7(), m.utc.ms};
    emit(m);
    return;
  }
  held_ = m;
}

void Cleaner::push(const Measurement& in) {
  if (file_ != in.file) {
    release_held(true);  // the file ended on a point that jumped away from the last good fix
    anchor_.reset();
    file_ = in.file;
    recent_.clear();
    recent_head_ = 0;
    out_of_order_ = false;
  }
  Measurement m = in;
  if (const auto age = m.fix_age_ms(); age && m.has_position() && *age > options_.max_fix_age_ms)
    m.excluded |= kExcludedStaleFix;
  if (is_duplicate(m)) m.excluded |= kExcludedDuplicate;
  if (m.excluded != 0 || !m.has_position()) {
    emit(m);
    return;
  }
  track(m);
}

void Cleaner::finish() {
  release_held(true);
  anchor_.reset();
  file_.reset();
}

}  // namespace shikan::analyzer
