// Detecting a site list encoded in GCJ-02 or BD-09 (FIELD_GUIDE §5): a common offset between listed and
// estimated positions that agrees with the transform's own offset at each place is an encoding, not a set of
// relocations. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shikan/analyzer/nodes.hpp"
#include "shikan/analyzer/reconcile.hpp"
#include "shikan/core/crs.hpp"

namespace shikan::analyzer {

struct CrsFinding {
  std::optional<Crs> declared;  // nullopt: auto
  Crs used = Crs::Wgs84;
  std::optional<std::pair<double, double>> detected_offset_m;  // median (east, north) listed - estimated
  std::string likely = "unknown";  // wgs84 | gcj02 | bd09 | unknown
  int pairs = 0;                   // matched entries the detection rests on
  double median_residual_m = 0;    // of the likely CRS's offset model
};

std::string_view crs_key(Crs c);  // "wgs84", "gcj02", "bd09"

// `raw_as_wgs84`: the reconciliation of the list read as if it were WGS-84; `raw`: the list entries (raw field).
CrsFinding detect_crs(const std::vector<ReportedSite>& raw, const Reconciliation& raw_as_wgs84,
                      const std::vector<Node>& nodes, const LocalFrame& frame);

}  // namespace shikan::analyzer
