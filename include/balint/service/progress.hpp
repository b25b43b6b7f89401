#pragma once
// Progress of one person against a rule set (SPEC §7), and the progress report as a PDF.
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/pdf/progress.hpp"
#include "balint/report/progress.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// Exactly one of `pathway` (a family: the edition in force, or the grandfathered one) and
/// `rules` (a rule set id) is given.
struct ProgressRequest {
  std::string person;
  std::string pathway;
  std::string rules;
  core::Date as_of;
};

/// The report and the history it was built from (the PDF's chart draws the entries).
struct Progress {
  report::ProgressReport report;
  domain::PersonHistory history;
};

/// UsageError when both or neither of pathway and rules are given or either is unknown;
/// NotFound for an unknown person.
Progress progress(const store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const ProgressRequest& request);
/// The report alone, from the person's history read already (`ledger.history(person)`), so
/// that a page showing several pathways reads it once. Throws as progress() does.
/// Explain::table leaves out what only the full report lists (the web dashboard's table).
report::ProgressReport progress_report(const store::Ledger& ledger,
                                       const rules::Catalogue& catalogue,
                                       const ProgressRequest& request,
                                       const domain::PersonHistory& history,
                                       eval::Explain explain = eval::Explain::full);
/// The same, with everyone's accreditations (domain::AccreditationIndex of
/// `ledger.accreditations()`) given, as read already (a server keeps it between requests
/// while the ledger is unchanged).
report::ProgressReport progress_report(const store::Ledger& ledger,
                                       const rules::Catalogue& catalogue,
                                       const ProgressRequest& request,
                                       const domain::PersonHistory& history,
                                       const domain::AccreditationIndex& accredited,
                                       eval::Explain explain);

/// The report of `person` under `rules` exactly, as on `as_of` (what accredit decides on).
report::ProgressReport evaluate(const store::Ledger& ledger, const std::string& person,
                                const rules::RuleSet& rules, core::Date as_of);

/// The report as PDF bytes, laid out with template `template_name` (empty: progress-report)
/// found in `templates_dirs`, in `words` (English unless given).
std::string progress_pdf(const Progress& progress, const std::vector<std::string>& templates_dirs,
                         const std::string& template_name, const pdf::ProgressWording& words = {});

}  // namespace balint::service
