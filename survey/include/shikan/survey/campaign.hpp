// The plan as a probe campaign: campaign.json, schema shikan.campaign/1 (docs/survey.md "campaign.json"), the
// stops in visiting order with a geofence each, for `shikan-probe run --campaign`. core/campaign.hpp reads it.
// Pure and deterministic: the same plan gives the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "shikan/core/sites.hpp"
#include "shikan/core/units.hpp"
#include "shikan/survey/plan.hpp"

namespace shikan::survey {

// A key place without an outline or a radius of its own (cannot come from the places reader, which requires one).
inline constexpr Metres kPlaceGeofenceDefault{300};

// The geofence around a site: the analyzer's decide radius for its type (core kDecideRadiusMacro for macro
// and unknown, kDecideRadiusMicro for micro, pico and indoor), so "visited" means close enough to decide.
Metres site_geofence_radius(std::optional<SiteType> type);

// campaign.json text. plan_sha256 is the SHA-256 of plan.json's bytes as written (write_plan computes it), so a
// probe log names the plan it followed. Each stop takes its operator, site type and place outline from
// plan.origins; a stop without an origin gets its Stop::detail as operator or category and a default circle.
// Positions with 7 decimals; text escaped and cleaned to valid UTF-8 (core markup).
std::string campaign_json(const Plan& plan, std::uint64_t seed, const std::string& plan_sha256,
                          const std::string& title);

}  // namespace shikan::survey
