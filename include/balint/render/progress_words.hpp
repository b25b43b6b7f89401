#pragma once
// The words and numbers of the progress text, one piece at a time (the layout is in
// progress_text.cpp).
#include <string>
#include <utility>
#include <vector>

#include "balint/core/quantity.hpp"
#include "balint/report/progress.hpp"
#include "balint/report/progress_words.hpp"

namespace balint::render {

// The marks, units and amounts are report's (report/progress_words.hpp), shared with the PDF
// and the web pages; named here too for the text report's callers.
using report::amount_text;
using report::needed_text;
using report::quantity;
using report::status_mark;
using report::unit_word;
using report::view_mark;

/// The lines shown under a requirement: waiver, applicability, projection, periods, caps and, when
/// `summarise_misses`, the near misses counted by reason.
std::vector<std::string> detail_lines(const report::RequirementView& v, bool summarise_misses);

/// What --explain adds under a requirement: its note, the entries that counted, the near misses
/// with their reasons.
std::vector<std::string> explain_lines(const report::RequirementView& v);

/// The header as label/value pairs: person, rule set, edition, body, id, pathway, as of.
std::vector<std::pair<std::string, std::string>> header_fields(const report::ProgressReport& r);

}  // namespace balint::render
