// Internal to the analyzer: accept()'s rule (clean.hpp) in the form the importers' hot path needs.
#pragma once

#include "shikan/analyzer/clean.hpp"

namespace shikan::analyzer::detail {

// accept() as a yes/no: true when `raw` is neither a sentinel nor out of range; otherwise false, counted in
// `dropped`. accept() returns this answer wrapped in an optional<double>, which g++ 12 hands back through
// memory and reloads in a wider load than it stored (a store-forwarding stall); import asks for every value of
// every row, so it asks here.
bool keep_value(Field f, double raw, DroppedValues& dropped);

}  // namespace shikan::analyzer::detail
