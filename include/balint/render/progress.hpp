#pragma once
// The progress report (SPEC §7) as degree-audit text or as JSON.
#include <iosfwd>

#include "balint/report/progress.hpp"

namespace balint::render {

/// The degree-audit text: a header, one line per requirement indented under its parent with aligned
/// columns, the lines under each (projection, waiver, periods, caps, near misses), and the verdict.
/// `explain` adds the rule's note, the entries that counted and those that nearly did, under each
/// requirement. Lines are fitted to `width` display columns (titles and details wrap); 0 puts
/// each on one line.
void write_progress_text(std::ostream& out, const report::ProgressReport& r, bool explain,
                         int width = 0);

/// Only the unmet essential top-level requirements (with their parts), in the same lines as the
/// text report, then the verdict; for `accredit` when it refuses.
void write_unmet_text(std::ostream& out, const report::ProgressReport& r, int width = 0);

/// The SPEC §7 JSON object, two-space indented, with a final newline.
void write_progress_json(std::ostream& out, const report::ProgressReport& r);

}  // namespace balint::render
