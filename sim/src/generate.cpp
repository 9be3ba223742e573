// Generated cities: site layout and planted discrepancies (docs/simulator.md §10). Pure and seeded; each
// operator draws from its own streams ("generate/layout/OP", "generate/ids/OP", "generate/plant/OP"), so
// adding an operator does not move another's sites.
#include "shikan/sim/generate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "generate_detail.hpp"
#include "shikan/sim/geo.hpp"
#include "shikan/sim/random.hpp"

namespace shikan::sim {
namespace {

using detail::OperatorPreset;

void check_range(double v, double lo, double hi, const char* option) {
  if (!(v >= lo && v <= hi))
    throw std::invalid_argument(std::string(option) + " must be within " + std::to_string(lo) + ".." +
                                std::to_string(hi));
}

void validate(const GenerateOptions& o) {
  check_range(o.sites_per_operator, 1, 2000, "sites_per_operator");
  check_range(o.spacing_m, 200, 5000, "spacing_m");
  check_range(o.jitter, 0, 0.45, "jitter");
  check_range(o.micro_share, 0, 1, "micro_share");
  check_range(o.phantom, 0, 1, "phantom");
  check_range(o.relocated, 0, 1, "relocated");
  check_range(o.unreported, 0, 1, "unreported");
  check_range(o.relocate_min_m, 0, 20000, "relocate_min_m");
  check_range(o.relocate_max_m, o.relocate_min_m, 20000, "relocate_max_m");
  check_range(o.keyplaces, 0, 20, "keyplaces");
  if (o.operators.empty()) throw std::invalid_argument("operators: none given");
  for (std::size_t i = 0; i < o.operators.size(); ++i) {
    detail::preset(o.operators[i]);  // throws for an unknown key
    if (std::find(o.operators.begin(), o.operators.begin() + static_cast<std::ptrdiff_t>(i), o.operators[i]) !=
        o.operators.begin() + static_cast<std::ptrdiff_t>(i))
      throw std::invalid_argument("operators: " + o.operators[i] + " given twice");
  }
}

int planted_count(double share, int n) { return static_cast<int>(std::lround(share * n)); }

std::vector<std::size_t> shuffled(std::size_t n, Rng& rng) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i)
    std::swap(v[i - 1], v[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
  return v;
}

// An operator's true sites on a jittered grid (row-major), shifted by a random offset per operator.
std::vector<Enu> grid_positions(const GenerateOptions& o, Rng& rng) {
  const int n = o.sites_per_operator;
  const int nx = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int ny = (n + nx - 1) / nx;
  const double off_e = rng.uniform(-0.5, 0.5) * o.spacing_m, off_n = rng.uniform(-0.5, 0.5) * o.spacing_m;
  std::vector<std::size_t> slots = shuffled(static_cast<std::size_t>(nx * ny), rng);
  slots.resize(static_cast<std::size_t>(n));  // drop surplus slots at random
  std::sort(slots.begin(), slots.end());
  std::vector<Enu> out;
  for (const std::size_t s : slots) {
    const double i = static_cast<double>(s % static_cast<std::size_t>(nx)) - (nx - 1) / 2.0;
    const double j = static_cast<double>(s / static_cast<std::size_t>(nx)) - (ny - 1) / 2.0;
    const double je = rng.uniform(-o.jitter, o.jitter) * o.spacing_m,
                 jn = rng.uniform(-o.jitter, o.jitter) * o.spacing_m;
    out.push_back(Enu{i * o.spacing_m + off_e + je, j * o.spacing_m + off_n + jn});
  }
  return out;
}

double nearest_m(const Enu& p, const std::vector<Enu>& others) {
  double best = 1e18;
  for (const Enu& q : others) best = std::min(best, distance_m(p, q));
  return best;
}

// A phantom goes into a gap: the best of 32 uniform candidates in the grid's box (largest distance to the
// operator's true sites and earlier phantoms), so it is not hidden under a real site.
Enu phantom_position(const std::vector<Enu>& taken, const GenerateOptions& o, Rng& rng) {
  Enu lo{1e18, 1e18}, hi{-1e18, -1e18};
  for (const Enu& p : taken) {
    lo = Enu{std::min(lo.east_m, p.east_m), std::min(lo.north_m, p.north_m)};
    hi = Enu{std::max(hi.east_m, p.east_m), std::max(hi.north_m, p.north_m)};
  }
  const double m = o.spacing_m / 2;
  Enu best{};
  double best_d = -1;
  for (int k = 0; k < 32; ++k) {
    const Enu c{rng.uniform(lo.east_m - m, hi.east_m + m), rng.uniform(lo.north_m - m, hi.north_m + m)};
    if (const double d = nearest_m(c, taken); d > best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

GeneratedSite make_site(const OperatorPreset& p, const GenerateOptions& o, Rng& rng) {
  GeneratedSite s;
  s.op = p.key;
  s.plmn = *Plmn::parse(p.plmn);
  s.gnb_id_bits = p.gnb_id_bits;
  s.band = p.band;
  s.type = rng.chance(o.micro_share) ? SiteType::Micro : SiteType::Macro;
  if (s.type == SiteType::Micro) {
    s.azimuths_deg = {rng.uniform_int(0, 359)};
  } else {
    const int base = rng.uniform_int(0, 119);
    s.azimuths_deg = {base, base + 120, base + 240};
  }
  return s;
}

void plant(std::vector<GeneratedSite>& sites, std::size_t n_true, const GenerateOptions& o, const LocalFrame& frame,
           Rng& rng) {
  const int relocated = planted_count(o.relocated, o.sites_per_operator),
            unreported = planted_count(o.unreported, o.sites_per_operator);
  const std::vector<std::size_t> order = shuffled(n_true, rng);
  for (std::size_t k = 0; k < order.size(); ++k) {
    GeneratedSite& s = sites[order[k]];
    if (k < static_cast<std::size_t>(relocated)) {
      const double d = rng.uniform(o.relocate_min_m, o.relocate_max_m), b = rng.uniform(0, 2 * std::numbers::pi);
      const Enu t = frame.to_enu(s.true_pos);
      s.reported = frame.to_geo(Enu{t.east_m + d * std::sin(b), t.north_m + d * std::cos(b)});
      s.status = Planted::Relocated;
      s.offset_m = d;
    } else if (k < static_cast<std::size_t>(relocated + unreported)) {
      s.reported.reset();
      s.status = Planted::Unreported;
    }
  }
}

std::vector<GeneratedSite> operator_sites(const OperatorPreset& p, const GenerateOptions& o, const LocalFrame& frame) {
  Rng layout(o.seed, std::string("generate/layout/") + p.key), ids(o.seed, std::string("generate/ids/") + p.key),
      planting(o.seed, std::string("generate/plant/") + p.key);
  std::vector<Enu> taken = grid_positions(o, layout);
  const std::size_t n_true = taken.size();
  const auto n_phantom = static_cast<std::size_t>(planted_count(o.phantom, o.sites_per_operator));
  std::vector<GeneratedSite> sites;
  for (std::size_t i = 0; i < n_true + n_phantom; ++i) {
    GeneratedSite s = make_site(p, o, layout);
    if (i >= n_true) taken.push_back(phantom_position(taken, o, layout));
    s.true_pos = frame.to_geo(taken[i]);
    s.reported = s.true_pos;
    if (i >= n_true) s.status = Planted::Phantom;
    sites.push_back(std::move(s));
  }
  // Ids in a shuffled order, so a phantom's id and gNB ID look like any other (no tell-tale numbering).
  const std::vector<std::size_t> number = shuffled(sites.size(), ids);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    sites[i].site_id = detail::site_id(p, number[i]);
    sites[i].gnb_id = p.gnb_base + static_cast<std::uint32_t>(number[i]);
  }
  plant(sites, n_true, o, frame, planting);
  std::sort(sites.begin(), sites.end(),
            [](const GeneratedSite& a, const GeneratedSite& b) { return a.site_id < b.site_id; });
  return sites;
}

}  // namespace

std::string_view to_string(Planted p) {
  switch (p) {
    case Planted::Correct: return "correct";
    case Planted::Phantom: return "phantom";
    case Planted::Relocated: return "relocated";
    case Planted::Unreported: return "unreported";
  }
  return "correct";
}

GeneratedCity generate_city(const GenerateOptions& options) {
  validate(options);
  if (planted_count(options.relocated, options.sites_per_operator) +
          planted_count(options.unreported, options.sites_per_operator) >
      options.sites_per_operator)
    throw std::invalid_argument("relocated + unreported exceed the sites per operator");
  GeneratedCity city;
  city.options = options;
  const LocalFrame frame(options.centre);
  for (const std::string& key : options.operators) {
    std::vector<GeneratedSite> s = operator_sites(detail::preset(key), options, frame);
    city.sites.insert(city.sites.end(), std::make_move_iterator(s.begin()), std::make_move_iterator(s.end()));
  }
  city.files = detail::city_files(city, frame);
  return city;
}

}  // namespace shikan::sim
