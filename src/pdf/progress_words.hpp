#pragma once
// Private to pdf: the words of the progress report PDF that are its own (detail lines, the
// verdict, the bars); the shared ones are report's.
#include <string>
#include <vector>

#include "balint/report/progress.hpp"
#include "balint/report/progress_words.hpp"

namespace balint::pdf::detail {

// The marks, units and amounts are report's (report/progress_words.hpp).
using report::amount_text;
using report::needed_text;
using report::status_mark;
using report::view_mark;

/// Lines under a requirement: waiver, applicability, pace, periods, caps, near misses.
std::vector<std::string> detail_lines(const report::RequirementView& v);
/// How full the requirement's bar is, 0 to 1.
double bar_fraction(const report::RequirementView& v);

}  // namespace balint::pdf::detail
