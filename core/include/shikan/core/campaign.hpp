// A survey campaign (schema shikan.campaign/1, docs/survey.md "campaign.json"): the stops of an audit plan in
// visiting order, each with a geofence, written by `shikan survey plan` and followed by `shikan-probe run
// --campaign`. The reader lives in core so the probe needs neither the survey library nor GeographicLib.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shikan/core/places.hpp"
#include "shikan/core/units.hpp"

namespace shikan {

inline constexpr std::string_view kCampaignSchema = "shikan.campaign/1";

// A campaign file that cannot be used: "<file>:<line>: <field>: <reason>" (line 0 when the file cannot be read).
class CampaignError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CampaignStopKind { Site, Place };
std::string_view to_string(CampaignStopKind k);  // "site", "place"

// Where a stop counts as visited. Exactly one of `circle` (centred on the stop) and `area` (non-empty) is set;
// the geometry functions of places.hpp apply (see as_place).
struct Geofence {
  std::optional<PlaceCircle> circle;
  std::vector<PlacePolygon> area;  // one polygon ("polygon") or several ("multipolygon"), rings closed, WGS-84
};

struct CampaignStop {
  int order = 0;  // 1-based visiting order, unique
  int day = 0;    // 1-based
  CampaignStopKind kind = CampaignStopKind::Site;
  std::string id;             // site id or place id (untrusted text)
  std::string operator_key;   // sites: "cmcc", "cucc", "ctcc", "cbn", a PLMN, or the list's text
  std::string category;       // places: "hospital", ... (to_string(PlaceCategory))
  std::string name;           // site address or place name; may be empty
  GeoPoint pos{Latitude(0), Longitude(0)};  // WGS-84: the site, or the place's anchor
  Geofence geofence;
};

struct Campaign {
  std::string source;       // the file it was read from (messages, the probe's session note)
  std::string title;
  std::string plan_sha256;  // lowercase hex SHA-256 of the plan.json it was written with
  std::uint64_t seed = 0;
  std::vector<CampaignStop> stops;  // sorted by order
};

// Pure: parses the JSON text. Throws CampaignError "<source>:<line>: <field>: <reason>" for text that is not
// JSON, another schema, a missing or ill-typed field, a position out of range or an invalid geofence. Unknown
// fields are ignored (later minor additions stay readable).
Campaign parse_campaign(std::string_view json_text, const std::string& source);
// Edge: reads the file and parses it. Throws CampaignError naming the file.
Campaign read_campaign_file(const std::filesystem::path& path);

// The geofence as a key place shape, for contains() / distance_to() of places.hpp (planar in a local frame:
// circles by distance from the centre, polygons by the even-odd rule with holes).
KeyPlace as_place(const CampaignStop& stop);

}  // namespace shikan
