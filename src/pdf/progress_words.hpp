#pragma once
// Private to pdf: the words and numbers of the progress report PDF (the same phrasing as the
// text report of the render module, which this module may not depend on).
#include <string>
#include <vector>

#include "balint/report/progress.hpp"

namespace balint::pdf::detail {

/// ✓ met or waived, ✗ not met, – not applicable.
std::string status_mark(eval::Status s);
/// status_mark, or ○ for a part of a met any_of (not needed).
std::string view_mark(const report::RequirementView& v);
/// "14 / 20 sessions", "45% / 50% of hours", "50 credits a year", "waived", "any one of:".
std::string amount_text(const report::RequirementView& v);
/// "still needed: 6 sessions", "not needed", or empty.
std::string needed_text(const report::RequirementView& v);
/// Lines under a requirement: waiver, applicability, pace, periods, caps, near misses.
std::vector<std::string> detail_lines(const report::RequirementView& v);
/// How full the requirement's bar is, 0 to 1.
double bar_fraction(const report::RequirementView& v);
/// "Eligible: every essential requirement is met." or "Not yet eligible: ...".
std::string verdict_text(const report::ProgressReport& r);
/// "1.50" hours of minutes.
std::string hours(long minutes);

}  // namespace balint::pdf::detail
