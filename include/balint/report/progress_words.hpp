#pragma once
// The words and numbers of a requirement's progress, the same in every front end: the text
// report (render), the PDF report (pdf) and the web pages (web) all take them from here.
#include <string>

#include "balint/core/quantity.hpp"
#include "balint/report/progress.hpp"

namespace balint::report {

/// ✓ met or waived, ✗ not met, – not applicable.
std::string status_mark(eval::Status s);

/// status_mark, or ○ for a part of an any_of that another part has met (not needed).
std::string view_mark(const RequirementView& v);

/// The unit for `n` of it: "1 session", "sessions", "hours", "settings", "co-leaders" ...
std::string unit_word(Unit u, const std::string& distinct_field, core::Centi n);

/// A number of a unit: "14 sessions", "7.5 hours", "1 setting".
std::string quantity(Unit u, const std::string& distinct_field, core::Centi n);

/// A share in percent: "45%".
std::string percent(core::Centi fraction);

/// The progress column: "14 / 20 sessions", "45% / 50% of hours", "50 credits a year", "member
/// since 2021-01-01", "any one of:", "waived", "not applicable".
std::string amount_text(const RequirementView& v);

/// "still needed: 6 sessions", "not needed" (a part of a met any_of), or empty.
std::string needed_text(const RequirementView& v);

/// "waived: prior learning (granted by helen on 2021-01-01)": a waived requirement's line.
std::string waiver_line(const eval::RequirementResult& r);

/// One period of a `per` requirement: "2021 ✓ 12", "2022 ✗ 40%", "2023 3 so far".
std::string period_item(const RequirementView& v, const eval::PeriodResult& p);

/// "3 sessions did not count: REASON": a group of near misses.
std::string miss_line(const MissGroup& g);

/// "Eligible: every essential requirement is met." or "Not yet eligible: 2 essential
/// requirements still unmet: A, B.", the unmet requirements named by title ("; " between) or
/// by id (", " between).
enum class UnmetNames { titles, ids };
std::string verdict_text(const ProgressReport& r, UnmetNames names);

}  // namespace balint::report
