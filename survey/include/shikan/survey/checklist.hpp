// The plan as a printable field checklist (checklist.html): a self-contained HTML page (inline CSS, no script,
// nothing fetched), zh-CN by default or English, with the plan's summary and per day a table of the stops in
// visiting order (planned arrival, position, what to check, tick boxes, room for notes), each day starting on a
// new printed page, and a signature line. Pure and deterministic: the same plan gives the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shikan::survey {

struct Plan;
struct PlanOptions;

enum class ChecklistLang { Zh, En };
std::optional<ChecklistLang> parse_checklist_lang(std::string_view s);  // "zh", "zh-CN", "en"

struct ChecklistOptions {
  ChecklistLang lang = ChecklistLang::Zh;
  int day_start_min = 8 * 60 + 30;  // clock time each day starts, minutes after midnight (08:30); arrivals add to it
};

// "08:30" or "8:30" -> 510; nullopt unless HH 0..23 and MM 0..59.
std::optional<int> parse_clock_time(std::string_view s);

// The page. Stop ids, names and operators are untrusted: escaped, invalid UTF-8 and control characters replaced.
// Operators and site types come from plan.origins when present (Stop::detail otherwise).
std::string render_checklist(const Plan& plan, const PlanOptions& options, const ChecklistOptions& checklist = {});

}  // namespace shikan::survey
