// Subcommands of `shikan`: each registers its options on the app and returns its action, which returns the
// exit code, or -1 when its subcommand was not the one parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "shikan/core/units.hpp"
#include "shikan/survey/roads.hpp"

namespace shikan::app {
using Action = std::function<int()>;
Action register_sim(CLI::App& app);
Action register_analyze(CLI::App& app);
Action register_survey(CLI::App& app);
Action register_survey_status(CLI::App& survey_cmd);
// "LAT,LON" in WGS-84 degrees; a CLI::ValidationError naming `option` otherwise.
GeoPoint parse_lat_lon(const std::string& text, const std::string& option);
// Reads an OpenStreetMap extract for --roads, with progress and its size on stderr.
std::shared_ptr<const survey::RoadGraph> load_roads(const std::filesystem::path& path);
}  // namespace shikan::app
