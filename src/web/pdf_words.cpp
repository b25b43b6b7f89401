// The progress report PDF in the page's language (pdf_words.hpp).
#include "pdf_words.hpp"

#include "figures.hpp"
#include "language.hpp"

namespace balint::web {
namespace {

void titles_in(std::vector<report::RequirementView>& views, const rules::RuleSet& rs,
               const std::string& language) {
  for (auto& v : views) {
    if (const rules::Requirement* q = rs.find(v.result.id)) {
      v.result.title = q->title_in(language);
      v.result.title_en.clear();
    }
    titles_in(v.children, rs, language);
  }
}

}  // namespace

pdf::ProgressWording pdf_wording() {
  pdf::ProgressWording w;
  if (current_language() == "en") return w;
  w.requirements = tr("Requirements");
  w.no_requirements = tr("This rule set has no requirements.");
  w.chart = tr("Cumulative hours by role");
  w.counted = tr("Entries that counted");
  w.none_counted = tr("No entry has counted yet.");
  w.no_entries = tr("No entries yet.");
  w.hours_axis = tr("hours");
  w.hours_short = tr("h");
  w.columns = {tr("Date"), tr("Hours"), tr("Activity, role"), tr("Group · setting · event"),
               tr("Counted for")};
  w.rule_set = tr("rule set {}");
  w.as_of = tr("Progress as of {}");
  w.pathway = tr("pathway {}");
  w.enrolled = tr("enrolled {}");
  w.not_enrolled = tr("not enrolled");
  w.grandfathered = tr("grandfathered (in force: {})");
  w.eligible = tr("Eligible: every essential requirement is met.");
  w.not_eligible = tr("Not yet eligible, still unmet: {}.");
  w.desirable = tr("desirable: does not decide eligibility");
  w.pace = tr("at the pace of the last 12 months: met by {}");
  w.no_pace = tr("not at current pace (no progress in the last 12 months)");
  w.template_texts = {{pdf::kProgressFooter, tr("{person_name} · {title} · as of {as_of}")},
                      {pdf::kProgressPageLabel, tr("page {page} of {pages}")}};
  // Called while the PDF is made, on this thread: in its language still.
  w.date = [](core::Date d) { return date_text(d); };
  w.hours = [](std::int64_t minutes) { return hours_text(minutes); };
  w.vocab = [](std::string_view word) { return vocab_text(word); };
  w.amount = [](const report::RequirementView& v) { return amount_words(v); };
  w.needed = [](const report::RequirementView& v) { return needed_words(v); };
  return w;
}

report::ProgressReport with_titles_in_language(report::ProgressReport r, const rules::RuleSet& rs) {
  const std::string& language = current_language();
  if (language == "en") return r;
  r.title = rs.title_in(language);
  r.title_en.clear();
  titles_in(r.requirements, rs, language);
  for (auto& u : r.unmet)
    if (const rules::Requirement* q = rs.find(u.id)) u.title = q->title_in(language);
  return r;
}

}  // namespace balint::web
