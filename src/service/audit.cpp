#include "balint/service/audit.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <random>
#include <set>
#include <thread>

#include "balint/audit/histories.hpp"
#include "balint/io/files.hpp"
#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/pdf/audit.hpp"
#include "balint/service/errors.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/render/audit_pages.hpp"
#include "balint/store/bulk.hpp"

namespace balint::service {
namespace {

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

pdf::Template audit_page_template(const std::vector<std::string>& templates_dirs) {
  return pdf::audit_page(pdf::load_template(pdf::find_template(templates_dirs, "progress-report"),
                                            pdf::progress_placeholders()));
}

pdf::CertificateRenderer letter_renderer(const std::vector<std::string>& templates_dirs) {
  const std::vector<std::string>& names = render::evidence_field_names();
  return pdf::CertificateRenderer(
      pdf::load_template(pdf::find_template(templates_dirs, "evidence-request"),
                         std::set<std::string>(names.begin(), names.end())));
}

// One letter, from the person's history.
std::string letter_bytes(pdf::CertificateRenderer& letters, const report::AuditReport& r,
                         const domain::PersonHistory& h, core::Date date, const std::string& file,
                         const OnUndrawable& note) {
  auto ev = report::evidence_request(r, h);
  ev.person_name = drawable_name(note, letters.layout(), ev.person_id, ev.person_name, file);
  pdf::Meta meta;
  meta.date = date.iso();
  meta.title = fmt::format("Audit: request for evidence ({})", ev.person_id);
  meta.author = ev.body;
  return letters.render(render::evidence_fields(ev), meta);
}

// One evidence-request letter per person sampled.
std::size_t write_letters(const AuditRequest& q, const store::HistoryReader& reader,
                          const report::AuditReport& r, const OnUndrawable& note) {
  auto letters = letter_renderer(q.templates_dirs);
  io::make_private_folder(q.letters);
  std::vector<std::string> people = r.sample->people;
  std::sort(people.begin(), people.end());
  std::size_t written = 0;
  reader.for_each(people, [&](domain::PersonHistory& h) {
    const std::string file = letter_file(q.letters, h.person.id);
    write_pdf(file, letter_bytes(letters, r, h, q.letters_date, file, note), q.force);
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
  if (!q.pdf.empty())
    write_pdf(q.pdf, audit_report_pdf(r, q.templates_dirs, q.pdf, on_undrawable), q.force);
  if (!q.letters.empty()) result.letters = write_letters(q, reader, r, on_undrawable);
  return result;
}

std::string audit_report_pdf(const report::AuditReport& report,
                             const std::vector<std::string>& templates_dirs,
                             const std::string& file, const OnUndrawable& on_undrawable) {
  const pdf::Template page = audit_page_template(templates_dirs);
  report::AuditReport r = report;
  for (auto& row : r.people)
    row.person_name = drawable_name(on_undrawable, page, row.person_id, row.person_name, file);
  if (r.sample)
    for (std::size_t i = 0; i < r.sample->names.size() && i < r.sample->people.size(); ++i)
      r.sample->names[i] = pdf::with_replacement_marks(page, r.sample->names[i]);
  pdf::Meta meta;
  meta.date = r.as_of.iso();
  meta.title = fmt::format("Society audit: {}", r.pathway.empty() ? r.ruleset_id : r.pathway);
  meta.author = r.body;
  meta.subject = fmt::format("as of {}", r.as_of.iso());
  return pdf::render_pages(page, render::audit_pages(r), meta);
}

std::string evidence_letter_pdf(const store::Ledger& ledger, const report::AuditReport& report,
                                const std::string& person,
                                const std::vector<std::string>& templates_dirs, core::Date date,
                                const std::string& file, const OnUndrawable& on_undrawable) {
  if (!report.sample || std::find(report.sample->people.begin(), report.sample->people.end(),
                                  person) == report.sample->people.end())
    throw NotFound(fmt::format("{} is not in the audit sample", person));
  auto letters = letter_renderer(templates_dirs);
  store::HistoryReader reader(ledger);
  std::string bytes;
  reader.for_each({person}, [&](domain::PersonHistory& h) {
    bytes = letter_bytes(letters, report, h, date, file, on_undrawable);
  });
  return bytes;
}

audit::AuditOptions audit_options(const std::string& pathway, const std::string& ruleset,
                                  const core::Period& period, bool anomalies_only,
                                  core::Date today) {
  if (pathway.empty() == ruleset.empty())
    throw core::UsageError(pathway.empty() ? "give a pathway or a rule set"
                                           : "give a pathway or a rule set, not both");
  audit::AuditOptions o;
  o.pathway = pathway;
  o.ruleset = ruleset;
  o.period = period;
  o.as_of = audit::evaluation_date(period, today);
  o.anomalies_only = anomalies_only;
  return o;
}

std::optional<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::uint64_t fresh_seed() {
  std::random_device rd;
  return (std::uint64_t{rd()} << 32) ^ rd();
}

std::vector<AnomalyEntries> anomalies_by_severity(const store::Ledger& ledger,
                                                  const report::AuditReport& report,
                                                  std::size_t limit, std::size_t entries_each) {
  std::vector<const audit::Anomaly*> sorted;
  sorted.reserve(report.anomalies.size());
  for (const auto& a : report.anomalies) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    return audit::severity(x->kind) < audit::severity(y->kind);
  });
  if (sorted.size() > limit) sorted.resize(limit);
  std::vector<AnomalyEntries> out;
  out.reserve(sorted.size());
  for (const auto* a : sorted) {
    AnomalyEntries ae{*a, {}, 0};
    for (auto id : a->entries) {
      if (ae.entries.size() == entries_each) {
        ++ae.more;
        continue;
      }
      if (auto e = ledger.entry(id)) ae.entries.push_back(std::move(*e));
    }
    out.push_back(std::move(ae));
  }
  return out;
}

const std::vector<std::string>& audit_standings() {
  static const std::vector<std::string> kStandings = {"eligible", "not-eligible", "anomalies",
                                                      "sample"};
  return kStandings;
}

std::vector<const report::AuditRow*> audit_rows(const report::AuditReport& report,
                                                const AuditFilter& filter) {
  const auto& known = audit_standings();
  if (!filter.standing.empty() &&
      std::find(known.begin(), known.end(), filter.standing) == known.end())
    throw core::UsageError(
        fmt::format("unknown standing '{}': {}", filter.standing, fmt::join(known, ", ")));
  const std::string needle = core::casefold(filter.text);
  auto stands = [&](const report::AuditRow& row) {
    if (filter.standing == "eligible") return row.evaluated && row.eligible;
    if (filter.standing == "not-eligible") return row.evaluated && !row.eligible;
    if (filter.standing == "anomalies") return row.anomalies > 0;
    if (filter.standing == "sample") return row.sample_position.has_value();
    return true;
  };
  std::vector<const report::AuditRow*> out;
  for (const auto& row : report.people) {
    if (!stands(row)) continue;
    if (!needle.empty() && core::casefold(row.person_id).find(needle) == std::string::npos &&
        core::casefold(row.person_name).find(needle) == std::string::npos)
      continue;
    out.push_back(&row);
  }
  return out;
}

}  // namespace balint::service
