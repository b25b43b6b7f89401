#pragma once
// The words and numbers of the progress text, one piece at a time (the layout is in
// progress_text.cpp).
#include <string>
#include <utility>
#include <vector>

#include "balint/core/quantity.hpp"
#include "balint/report/progress.hpp"

namespace balint::render {

/// ✓ met or waived, ✗ not met, – not applicable.
std::string status_mark(eval::Status s);

/// status_mark, or ○ for a part of an any_of that another part has met (not needed).
std::string view_mark(const report::RequirementView& v);

/// The unit for `n` of it: "1 session", "sessions", "hours", "settings", "co-leaders" ...
std::string unit_word(report::Unit u, const std::string& distinct_field, core::Centi n);

/// A number of a unit: "14 sessions", "7.5 hours", "1 setting".
std::string quantity(report::Unit u, const std::string& distinct_field, core::Centi n);

/// The progress column: "14 / 20 sessions", "45% / 50% of hours", "50 credits a year", "member
/// since 2021-01-01", "any one of:", "waived", "not applicable".
std::string amount_text(const report::RequirementView& v);

/// "still needed: 6 sessions", "not needed" (a part of a met any_of), or empty.
std::string needed_text(const report::RequirementView& v);

/// The lines shown under a requirement: waiver, applicability, projection, periods, caps and, when
/// `summarise_misses`, the near misses counted by reason.
std::vector<std::string> detail_lines(const report::RequirementView& v, bool summarise_misses);

/// What --explain adds under a requirement: its note, the entries that counted, the near misses
/// with their reasons.
std::vector<std::string> explain_lines(const report::RequirementView& v);

/// The header as label/value pairs: person, rule set, edition, body, id, pathway, as of.
std::vector<std::pair<std::string, std::string>> header_fields(const report::ProgressReport& r);

/// "Eligible: every essential requirement is met." or "Not yet eligible: 2 essential requirements
/// still unmet: co-leading, supervision."
std::string verdict_text(const report::ProgressReport& r);

}  // namespace balint::render
