// analyze(): read the inputs (the I/O edge), then the pure stages.
#include "shikan/analyzer/analyze.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>

namespace shikan::analyzer {
namespace fs = std::filesystem;

namespace {

InputFile input_file(std::string role, const fs::path& p, std::string format = {}) {
  std::error_code ec;
  const auto bytes = fs::file_size(p, ec);
  return InputFile{std::move(role), p, ec ? 0 : bytes, sha256_file(p), std::move(format)};
}

// Sites inside the measured area (grown by 20 km), as listed and with lat/lon swapped.
void check_area(const Analysis& a, std::vector<std::string>& warnings) {
  if (!a.obs.bbox || a.list.sites.empty()) return;
  const GeoPoint lo = a.obs.bbox->first, hi = a.obs.bbox->second;  // not a structured binding: clang 14 cannot capture one
  const double pad = 0.2;  // degrees, ~20 km
  const auto inside = [&](double lat, double lon) {
    return lat >= lo.lat.degrees() - pad && lat <= hi.lat.degrees() + pad && lon >= lo.lon.degrees() - pad &&
           lon <= hi.lon.degrees() + pad;
  };
  std::size_t in = 0, swapped = 0;
  for (const ReportedSite& s : a.list.sites) {
    in += inside(s.raw.lat.degrees(), s.raw.lon.degrees());
    swapped += inside(s.raw.lon.degrees(), s.raw.lat.degrees());
  }
  const std::size_t n = a.list.sites.size();
  if (in * 10 < n && swapped * 2 > n)
    throw AnalyzeError(a.list.source + ":" + std::to_string(a.list.sites.front().line) +
                       ": latitude and longitude look swapped: " + std::to_string(swapped) + " of " +
                       std::to_string(n) + " entries fall in the measured area when swapped, " + std::to_string(in) +
                       " as written");
  if (in < n)
    warnings.push_back(a.list.source + ": " + std::to_string(n - in) + " of " + std::to_string(n) +
                       " entries lie more than 20 km outside the measured area");
}

std::vector<ReportedSite> in_crs(const std::vector<ReportedSite>& sites, Crs c) {
  std::vector<ReportedSite> out = sites;
  for (ReportedSite& s : out) s.pos = to_wgs84(s.raw, c);
  return out;
}

struct Hypothesis {
  Crs crs;
  std::vector<ReportedSite> sites;
  std::vector<GnbLength> lengths;
  std::vector<Node> nodes;
  Reconciliation recon;
};

bool same_lengths(const std::vector<GnbLength>& x, const std::vector<GnbLength>& y) {
  return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                    [](const GnbLength& a, const GnbLength& b) { return a.op == b.op && a.bits == b.bits; });
}

// `previous`: a hypothesis already run; its nodes are reused when the gNB lengths agree (locating is the
// expensive step, and it does not depend on the list).
Hypothesis run_hypothesis(const Analysis& a, Crs c, const Hypothesis* previous) {
  Hypothesis h{c, in_crs(a.list.sites, c), {}, {}, {}};
  h.lengths = choose_gnb_lengths(a.obs, h.sites, a.profile);
  if (previous && same_lengths(previous->lengths, h.lengths)) h.nodes = previous->nodes;
  else h.nodes = build_nodes(a.obs, h.lengths, h.sites, a.profile);
  h.recon = reconcile(h.sites, h.nodes, a.obs, a.profile);
  return h;
}

}  // namespace

void reconcile_and_judge(Analysis& a, std::optional<Crs> sites_crs) {
  check_area(a, a.warnings);
  std::vector<Hypothesis> hyps;
  hyps.reserve(3);
  hyps.push_back(run_hypothesis(a, Crs::Wgs84, nullptr));
  if (!sites_crs) {
    hyps.push_back(run_hypothesis(a, Crs::Gcj02, &hyps.front()));
    hyps.push_back(run_hypothesis(a, Crs::Bd09, &hyps.front()));
  } else if (*sites_crs != Crs::Wgs84) {
    hyps.push_back(run_hypothesis(a, *sites_crs, &hyps.front()));
  }
  a.crs = a.obs.frame ? detect_crs(a.list.sites, hyps.front().recon, hyps.front().nodes, *a.obs.frame) : CrsFinding{};
  a.crs.declared = sites_crs;
  // Declared: use it. Auto: the hypothesis that verifies the most entries; ties go to the detected CRS, then WGS-84.
  const Hypothesis* chosen = &hyps.back();
  if (!sites_crs) {
    chosen = &hyps.front();
    for (const Hypothesis& h : hyps) {
      const int v = h.recon.verified(), best = chosen->recon.verified();
      if (v > best || (v == best && crs_key(h.crs) == a.crs.likely)) chosen = &h;
    }
  }
  a.crs.used = chosen->crs;
  a.list.sites = chosen->sites;
  a.lengths = chosen->lengths;
  a.nodes = chosen->nodes;
  a.recon = chosen->recon;

  a.counts = count_sites(a.list.sites, a.recon);
  a.coverage = coverage_figures(a.obs, a.profile);
  a.residency = residency_figures(a.obs, a.profile);
  for (const OperatorObs& op : a.obs.operators) {
    a.coverage_by_op.push_back(coverage_figures(a.obs, a.profile, op.key));
    a.residency_by_op.push_back(residency_figures(a.obs, a.profile, op.key));
  }
  if (a.places) a.place_findings = place_findings(a.obs, a.places->places.size(), a.profile);
  a.indicators = indicators({a.counts, a.coverage, a.residency, a.place_findings, a.claims}, a.profile);
}

Analysis analyze(const AnalyzeOptions& o) {
  Analysis a;
  const auto say = [&](const std::string& s) {
    if (o.progress) o.progress(s);
  };
  if (o.profile) {
    a.profile = read_profile_file(o.profile->string());
    a.inputs.push_back(input_file("profile", *o.profile));
  }
  for (const auto& [text, target] : o.operator_plmn) {
    if (!valid_operator_target(target))
      throw AnalyzeError("--operator " + text + "=" + target + ": not a PLMN nor an operator key");
    a.profile.operator_plmn[text] = target;
  }
  if (o.claims) {
    a.claims = read_claims_file(o.claims->string(), a.profile);
    a.inputs.push_back(input_file("claims", *o.claims));
  }
  SiteReadOptions sro = o.site_read;
  for (const auto& [text, target] : a.profile.operator_plmn) {
    const auto plmn = Plmn::parse(target);
    sro.operator_aliases.emplace_back(text, plmn ? operator_of(*plmn) : Operator::Other);
  }
  sro.crs = Crs::Wgs84;  // raw coordinates; the CRS is applied per hypothesis
  a.list = read_sites_file(o.sites, sro);
  a.list.crs = o.sites_crs.value_or(Crs::Wgs84);
  a.inputs.push_back(input_file("sites", o.sites));
  std::vector<KeyPlace> places;
  if (o.places) {
    a.places = read_places_file(*o.places);
    places = a.places->places;
    a.inputs.push_back(input_file("places", *o.places));
  }
  say("reading measurements");
  Observer observer(a.profile, places);
  std::uint64_t rows = 0;
  a.input = import_and_clean(
      o.measurements,
      [&](const Measurement& m) {
        observer.push(m);
        if (++rows % 1'000'000 == 0) say("read " + std::to_string(rows) + " rows");
      },
      o.import, o.cleaning);
  a.obs = observer.finish();
  say("read " + std::to_string(rows) + " rows; analysing");
  for (const ImportedFile& f : a.input.import.files)
    a.inputs.push_back(InputFile{"measurements", f.path, f.bytes, f.sha256, f.format});
  if (a.input.cleaning.usable == 0)
    throw AnalyzeError((o.measurements.empty() ? std::string("--measurements") : o.measurements.front().string()) +
                       ":0: no usable measurement rows (" + std::to_string(a.input.import.total.rows) + " rows read, " +
                       std::to_string(a.input.import.total.rejected) + " rejected)");
  reconcile_and_judge(a, o.sites_crs);
  return a;
}

}  // namespace shikan::analyzer
