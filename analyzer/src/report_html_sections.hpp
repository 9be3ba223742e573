// The sections of the HTML report, in page order. Each takes the whole report and writes nothing when its part
// of the report is absent.
#pragma once

#include "report_html_format.hpp"

namespace shikan::analyzer::html {

// report_html_evidence.cpp
void verdicts(Page& p, const Json& report);
void sites(Page& p, const Json& report);
void unreported(Page& p, const Json& report);
// report_html_measures.cpp
void coverage(Page& p, const Json& report);
void residency(Page& p, const Json& report);
void key_places(Page& p, const Json& report);
void throughput(Page& p, const Json& report);
// report_html_method.cpp
void crs(Page& p, const Json& report);
void data_quality(Page& p, const Json& report);
void methodology(Page& p, const Json& report);
void inputs(Page& p, const Json& report);

}  // namespace shikan::analyzer::html
