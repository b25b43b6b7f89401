#pragma once
// A requirement's figures on the dashboard in the page's language: report's words
// (report/progress_words.hpp) on an English page, the same figures in German or Greek
// otherwise.
#include <string>

#include "balint/report/progress.hpp"

namespace balint::web {

/// The progress column: "14 / 20 sessions" (English: report::amount_text).
std::string amount_words(const report::RequirementView& v);

/// The still-needed column: "still needed: 6 sessions" (English: report::needed_text).
std::string needed_words(const report::RequirementView& v);

}  // namespace balint::web
