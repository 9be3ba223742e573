// Subcommands of `shikan`: each registers its options on the app and returns its action, which returns the
// exit code, or -1 when its subcommand was not the one parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace shikan::app {
using Action = std::function<int()>;
Action register_sim(CLI::App& app);
Action register_analyze(CLI::App& app);
Action register_survey(CLI::App& app);
}  // namespace shikan::app
