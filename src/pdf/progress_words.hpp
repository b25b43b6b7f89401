#pragma once
// Private to pdf: the words of the progress report PDF that are its own (detail lines, the
// verdict, the bars); the shared ones are report's.
#include <functional>
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

/// Lines under a requirement: waiver, applicability, pace, periods, caps, near misses; the
/// desirable and pace lines in the words given (ProgressWording's; `pace` takes the date as
/// `date` writes it, ISO 8601 when empty).
std::vector<std::string> detail_lines(const report::RequirementView& v,
                                      const std::string& desirable, const std::string& pace,
                                      const std::string& no_pace,
                                      const std::function<std::string(core::Date)>& date);
/// How full the requirement's bar is, 0 to 1.
double bar_fraction(const report::RequirementView& v);

}  // namespace balint::pdf::detail
