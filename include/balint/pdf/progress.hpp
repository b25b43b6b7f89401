#pragma once
// The progress report (SPEC §7) as a PDF: the degree-audit content with a progress bar per
// requirement, cumulative hours over time by role, the entries that counted, "page x of y".
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/report/progress.hpp"

namespace balint::pdf {

/// The bundled template's footer and page label (templates/progress-report.toml), which
/// ProgressWording::template_texts may give in another language.
inline constexpr const char* kProgressFooter = "{person_name} · {title} · as of {as_of}";
inline constexpr const char* kProgressPageLabel = "page {page} of {pages}";

/// The report's own words in its reader's language. As made here they are English (and the
/// figures report's words, dates ISO 8601, hours "1.50"); the web fills them from its
/// catalogue for a German or Greek page. A text with `{}` takes one value (fmt).
struct ProgressWording {
  std::string requirements = "Requirements";
  std::string no_requirements = "This rule set has no requirements.";
  std::string chart = "Cumulative hours by role";
  std::string counted = "Entries that counted";
  std::string none_counted = "No entry has counted yet.";
  std::string no_entries = "No entries yet.";
  std::string hours_axis = "hours";
  std::string hours_short = "h";  ///< after the hours of a role in the chart's legend
  /// The columns of the entries that counted.
  std::vector<std::string> columns{"Date", "Hours", "Activity, role", "Group · setting · event",
                                   "Counted for"};
  std::string rule_set = "rule set {}";
  std::string as_of = "Progress as of {}";
  std::string pathway = "pathway {}";
  std::string enrolled = "enrolled {}";
  std::string not_enrolled = "not enrolled";
  std::string grandfathered = "grandfathered (in force: {})";
  std::string eligible = "Eligible: every essential requirement is met.";
  /// The verdict when not eligible, `{}` the unmet requirements' titles ("; " between); empty:
  /// report::verdict_text's English sentence.
  std::string not_eligible;
  std::string desirable = "desirable: does not decide eligibility";
  std::string pace = "at the pace of the last 12 months: met by {}";
  std::string no_pace = "not at current pace (no progress in the last 12 months)";
  /// The template's header, footer and page label by their English text (the bundled
  /// template's): a template's own other text is drawn as it is.
  std::map<std::string, std::string> template_texts;
  std::function<std::string(core::Date)> date;             ///< empty: ISO 8601
  std::function<std::string(std::int64_t minutes)> hours;  ///< empty: core::hours_str
  std::function<std::string(std::string_view word)>
      vocab;  ///< the ledger's words; empty: as spelled
  std::function<std::string(const report::RequirementView&)>
      amount;  ///< empty: report::amount_text
  std::function<std::string(const report::RequirementView&)>
      needed;  ///< empty: report::needed_text
};

/// The report laid out with the page, fonts, header, footer and colours of `style` (a template
/// with a [report] table, e.g. templates/progress-report.toml); `entries` are the person's
/// entries, for the chart (voided ones and those after the report's date are left out).
/// A table row is never split across pages. DataError names any character no font covers.
std::string render_progress_pdf(const report::ProgressReport& r,
                                const std::vector<domain::Entry>& entries, const Template& style,
                                const Meta& meta, const ProgressWording& words = {});

}  // namespace balint::pdf
