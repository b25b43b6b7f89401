#pragma once
// The progress report PDF in the page's language (issue 19): the report's words from the
// catalogue, dates and figures written as the page writes them, and the rule set's and
// requirements' titles from the rule file (title_de, title_el, else title).
#include "balint/pdf/progress.hpp"
#include "balint/report/progress.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::web {

/// The PDF's words in this thread's language (LanguageScope); English: pdf's own.
pdf::ProgressWording pdf_wording();

/// `r` with its titles in this thread's language as the rule set `rs` gives them (the English
/// title beside a title in another language is dropped on a German or Greek page).
report::ProgressReport with_titles_in_language(report::ProgressReport r, const rules::RuleSet& rs);

}  // namespace balint::web
