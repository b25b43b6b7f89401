#pragma once
// The progress report (SPEC §7) as a PDF: the degree-audit content with a progress bar per
// requirement, cumulative hours over time by role, the entries that counted, "page x of y".
#include <string>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/report/progress.hpp"

namespace balint::pdf {

/// The report laid out with the page, fonts, header, footer and colours of `style` (a template
/// with a [report] table, e.g. templates/progress-report.toml); `entries` are the person's
/// entries, for the chart (voided ones and those after the report's date are left out).
/// A table row is never split across pages. DataError names any character no font covers.
std::string render_progress_pdf(const report::ProgressReport& r,
                                const std::vector<domain::Entry>& entries, const Template& style,
                                const Meta& meta);

}  // namespace balint::pdf
