#include "balint/service/progress.hpp"

#include <fmt/core.h>

#include "balint/eval/evaluation.hpp"
#include "balint/pdf/progress.hpp"
#include "balint/pdf/template.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {
namespace {

// The rule set to evaluate and, when chosen by pathway, how.
struct Choice {
  const rules::RuleSet* rules = nullptr;
  std::optional<report::PathwayChoice> pathway;
};

// `enrolments`: the person's (Ledger::enrolments), read already when given.
Choice choose(const rules::Catalogue& catalogue, const store::Ledger& ledger,
              const ProgressRequest& r,
              const std::vector<domain::Enrolment>* enrolments = nullptr) {
  if (r.pathway.empty() == r.rules.empty())
    throw core::UsageError(r.pathway.empty() ? "give --pathway FAMILY or --rules ID"
                                             : "give --pathway or --rules, not both");
  if (!r.rules.empty()) return {&catalogue.by_id(r.rules), std::nullopt};
  const auto edition = catalogue.edition_for(
      r.pathway, enrolments ? *enrolments : ledger.enrolments(r.person), r.as_of);
  return {edition.rules, report::make_pathway(r.pathway, edition.enrolled_on, edition.rules->id,
                                              edition.in_force->id)};
}

report::ProgressReport report_of(const domain::PersonHistory& history,
                                 const domain::AccreditationIndex& accredited, const Choice& choice,
                                 core::Date as_of, eval::Explain explain = eval::Explain::full) {
  auto ev = eval::evaluate(*choice.rules, history, accredited, as_of, explain);
  return report::build_progress(std::move(ev), history, choice.pathway);
}

report::ProgressReport report_of(const domain::PersonHistory& history, const store::Ledger& ledger,
                                 const Choice& choice, core::Date as_of,
                                 eval::Explain explain = eval::Explain::full) {
  return report_of(history, domain::AccreditationIndex(ledger.accreditations()), choice, as_of,
                   explain);
}

}  // namespace

Progress progress(const store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const ProgressRequest& request) {
  if (!ledger.has_person(request.person))
    throw NotFound(fmt::format("no person '{}' in the ledger", request.person));
  const Choice choice = choose(catalogue, ledger, request);
  Progress p;
  p.history = ledger.history(request.person);
  p.report = report_of(p.history, ledger, choice, request.as_of);
  return p;
}

report::ProgressReport progress_report(const store::Ledger& ledger,
                                       const rules::Catalogue& catalogue,
                                       const ProgressRequest& request,
                                       const domain::PersonHistory& history,
                                       eval::Explain explain) {
  if (history.person.id != request.person)
    throw core::InternalError("progress_report: the history is not the person's");
  return report_of(history, ledger, choose(catalogue, ledger, request), request.as_of, explain);
}

report::ProgressReport progress_report(const store::Ledger& ledger,
                                       const rules::Catalogue& catalogue,
                                       const ProgressRequest& request,
                                       const domain::PersonHistory& history,
                                       const domain::AccreditationIndex& accredited,
                                       eval::Explain explain) {
  if (history.person.id != request.person)
    throw core::InternalError("progress_report: the history is not the person's");
  return report_of(history, accredited, choose(catalogue, ledger, request, &history.enrolments),
                   request.as_of, explain);
}

report::ProgressReport evaluate(const store::Ledger& ledger, const std::string& person,
                                const rules::RuleSet& rules, core::Date as_of) {
  return report_of(ledger.history(person), ledger, {&rules, std::nullopt}, as_of);
}

std::string progress_pdf(const Progress& progress, const std::vector<std::string>& templates_dirs,
                         const std::string& template_name, const pdf::ProgressWording& words) {
  const auto& report = progress.report;
  const auto style = pdf::load_template(
      pdf::find_template(templates_dirs, template_name.empty() ? "progress-report" : template_name),
      pdf::progress_placeholders());
  pdf::Meta meta;
  meta.date = report.as_of.iso();
  meta.title = fmt::format("Progress: {}", report.person_name);
  meta.author = report.body;
  meta.subject = fmt::format("{} as of {}", report.ruleset_id, report.as_of.iso());
  return pdf::render_progress_pdf(report, progress.history.entries, style, meta, words);
}

}  // namespace balint::service
