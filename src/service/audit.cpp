#include "balint/service/audit.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "balint/audit/histories.hpp"
#include "balint/io/files.hpp"
#include "balint/core/error.hpp"
#include "balint/pdf/audit.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/render/audit_pages.hpp"
#include "balint/store/bulk.hpp"

namespace balint::service {
namespace {

std::uint64_t fresh_seed() {
  std::random_device rd;
  return (std::uint64_t{rd()} << 32) ^ rd();
}

// Reading and auditing are shared by two threads, each auditing the people it is handed: the
// first adds its audits to the report as it goes, the second reduces its own to report rows
// and keeps them until the first is done; the report (sorted by person when finished) is the
// same as with one thread.
void audit_all(const store::HistoryReader& reader, const std::vector<std::string>& people,
               const audit::Auditor& auditor, report::AuditBuilder& builder) {
  std::vector<std::optional<report::AuditPart>> later(people.size());
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1U, 2U);
  audit::for_each_history(reader, people, threads,
                          [&](unsigned worker, std::size_t i, const domain::PersonHistory& h) {
                            if (!auditor.in_scope(h)) return;
                            if (worker == 0)
                              builder.add(auditor.audit(h));
                            else
                              later[i] = report::AuditBuilder::part_of(auditor.audit(h));
                          });
  for (auto& a : later)
    if (a) builder.add(std::move(*a));
}

// The people to stream: those enrolled in the pathway, or everyone (the auditor keeps
// those in scope).
std::vector<std::string> candidates(const store::HistoryReader& reader,
                                    const audit::AuditOptions& o) {
  if (o.pathway.empty()) return reader.person_ids();
  std::vector<std::string> ids;
  for (const auto& e : reader.enrolments(o.pathway)) ids.push_back(e.person);
  return ids;
}

// The report and the letters hold several people's data: private (0600), and an existing
// file is replaced only with force (never one that is not a regular file).
void write_pdf(const std::string& path, const std::string& bytes, bool force) {
  io::write_file(path, bytes, io::kPrivateFileMode, force);
}

// One name no installed font can draw never stops the report: its characters are drawn as a
// replacement mark (U+FFFD), and on_undrawable is told whose name, which character and why.
std::string drawable_name(const OnUndrawable& on_undrawable, const pdf::Template& t,
                          const std::string& id, const std::string& name, const std::string& file) {
  auto missing = pdf::undrawable(t, name);
  if (missing.empty()) return name;
  if (on_undrawable)
    for (char32_t cp : missing) on_undrawable({id, pdf::undrawable_reason(cp), file});
  return pdf::with_replacement_marks(t, name);
}

void write_report_pdf(const AuditRequest& q, report::AuditReport r, const OnUndrawable& note) {
  const pdf::Template page = pdf::audit_page(pdf::load_template(
      pdf::find_template(q.templates_dirs, "progress-report"), pdf::progress_placeholders()));
  for (auto& row : r.people)
    row.person_name = drawable_name(note, page, row.person_id, row.person_name, q.pdf);
  if (r.sample)
    for (std::size_t i = 0; i < r.sample->names.size() && i < r.sample->people.size(); ++i)
      r.sample->names[i] = pdf::with_replacement_marks(page, r.sample->names[i]);
  pdf::Meta meta;
  meta.date = r.as_of.iso();
  meta.title = fmt::format("Society audit: {}", r.pathway.empty() ? r.ruleset_id : r.pathway);
  meta.author = r.body;
  meta.subject = fmt::format("as of {}", r.as_of.iso());
  write_pdf(q.pdf, pdf::render_pages(page, render::audit_pages(r), meta), q.force);
}

// One evidence-request letter per person sampled.
std::size_t write_letters(const AuditRequest& q, const store::HistoryReader& reader,
                          const report::AuditReport& r, const OnUndrawable& note) {
  const std::vector<std::string>& names = render::evidence_field_names();
  pdf::CertificateRenderer letters(
      pdf::load_template(pdf::find_template(q.templates_dirs, "evidence-request"),
                         std::set<std::string>(names.begin(), names.end())));
  const pdf::Template& layout = letters.layout();
  io::make_private_folder(q.letters);
  std::vector<std::string> people = r.sample->people;
  std::sort(people.begin(), people.end());
  std::size_t written = 0;
  reader.for_each(people, [&](domain::PersonHistory& h) {
    auto ev = report::evidence_request(r, h);
    const std::string file = letter_file(q.letters, ev.person_id);
    ev.person_name = drawable_name(note, layout, ev.person_id, ev.person_name, file);
    pdf::Meta meta;
    meta.date = q.letters_date.iso();
    meta.title = fmt::format("Audit: request for evidence ({})", ev.person_id);
    meta.author = ev.body;
    write_pdf(file, letters.render(render::evidence_fields(ev), meta), q.force);
    ++written;
  });
  return written;
}

}  // namespace

std::string letter_file(const std::string& folder, const std::string& person) {
  return fmt::format("{}/evidence-request-{}.pdf", folder, person);
}

AuditResult audit(const store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const AuditRequest& q, const OnUndrawable& on_undrawable) {
  if (!q.letters.empty() && !q.sample) throw core::UsageError("letters need a sample");
  store::HistoryReader reader(ledger);
  const domain::AccreditationIndex accredited(reader.accreditations());
  const audit::Auditor auditor(catalogue, q.options, accredited);
  report::AuditBuilder builder(auditor);
  audit_all(reader, candidates(reader, q.options), auditor, builder);
  AuditResult result{builder.finish(q.sample, q.seed ? *q.seed : fresh_seed())};
  const auto& r = result.report;
  if (!q.pdf.empty()) io::check_output(q.pdf, q.force);
  if (!q.letters.empty()) {
    io::check_output_folder(q.letters);
    for (const auto& id : r.sample->people) io::check_output(letter_file(q.letters, id), q.force);
  }
  if (!q.pdf.empty()) write_report_pdf(q, r, on_undrawable);
  if (!q.letters.empty()) result.letters = write_letters(q, reader, r, on_undrawable);
  return result;
}

}  // namespace balint::service
