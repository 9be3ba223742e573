// Transcript decoder throughput (`shikan-probe decode`): AT and NMEA lines per second on one core.
#pragma once

#include <nlohmann/json.hpp>

// Generates in memory a realistic mixed AT transcript (ISO-8601 stamps; EN-DC groups, SA and LTE
// servingcell lines, LTE and NR neighbours, QNWINFO, QCAINFO, CESQ, COPS, CEREG/C5GREG, echoes, OK) and an
// NMEA one (GGA, RMC, GSA, GSV with valid checksums), decodes each with decode_stream into a discarding
// sink for about half of seconds_budget (at least one full pass each), and reports:
//   at_lines_per_s, nmea_lines_per_s     input lines / wall time of decode_stream (steady clock)
//   at_records_per_s                     JSON records written per second for the AT transcript
//   lines                                input lines decoded in total (both transcripts, all passes)
//   goal_lines_per_s                     1000000, the project's target for one core
nlohmann::json shikan_bench_decode(double seconds_budget);
