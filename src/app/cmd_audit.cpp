// audit: every audited person's standing, the anomalies in their entries, an audit sample.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <variant>

#include <filesystem>
#include <set>

#include "balint/audit/audit.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/io/files.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "balint/render/audit.hpp"
#include "balint/render/audit_pages.hpp"
#include "balint/report/audit.hpp"
#include "balint/store/bulk.hpp"
#include "cmd_rules.hpp"

namespace balint::app {
namespace {

std::uint64_t parse_seed(const std::string& s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    throw core::UsageError(fmt::format("--seed: '{}' is not a whole number from 0 to {}", s,
                                       UINT64_MAX));
  return v;
}

// Without --seed the sample must not be predictable by the people audited: a fresh seed,
// which the report prints so the same sample can be drawn again.
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
  reader.for_each_parallel(people, threads, store::EntryParts::no_source,
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

// ---- PDF --------------------------------------------------------------------------------

pdf::TextBox box(std::string text, double x, double y, double width, double size, pdf::Color color,
                 bool bold = false, pdf::Align align = pdf::Align::left) {
  pdf::TextBox b;
  b.text = std::move(text);
  b.x = x;
  b.y = y;
  b.width = width;
  b.size = size;
  b.min_size = 3.5;  // slots hold one line: long text shrinks rather than spills
  b.max_lines = 1;
  b.bold = bold;
  b.align = align;
  b.color = color;
  return b;
}

// The audit report's page: the progress report template's fonts, colours and logo, turned to
// landscape, with a text box for every slot of render::audit_pages() (bars first, so that
// text is drawn over them).
pdf::Template audit_page(const Context& ctx) {
  pdf::Template t = pdf::load_template(pdf::find_template(ctx.templates_dirs, "progress-report"),
                                       pdf::progress_placeholders());
  const pdf::ReportStyle style = t.report.value_or(pdf::ReportStyle{});
  auto& pg = t.page;
  if (pg.width < pg.height) std::swap(pg.width, pg.height);
  const double cw = pg.width - pg.left - pg.right, ch = pg.height - pg.top - pg.bottom;
  std::vector<pdf::Element> els;
  for (const auto& e : t.elements)
    if (std::holds_alternative<pdf::Image>(e)) els.push_back(e);  // the logo
  els.emplace_back(box("{header}", 0, 4, cw, 9, style.muted, false, pdf::Align::right));
  els.emplace_back(box("{title}", 0, 30, cw, 15, style.accent, true));
  els.emplace_back(box("{subtitle}", 0, 52, cw, 8.5, style.muted));
  constexpr double kTop = 72, kRow = 13, kBarSize = 7;
  const double bar_x = render::kAuditColumnX[2];
  const double bar_w = render::kAuditColumnX[6] - bar_x - 4;
  for (int k = 0; k < render::kAuditPageRows; ++k) {
    const double y = kTop + k * kRow;
    const pdf::Color bars[] = {style.bar, style.not_met, style.met};
    for (int b = 0; b < 3; ++b)
      els.emplace_back(box(fmt::format("{{{}}}", render::audit_slot(k, fmt::format("bar{}", b))), bar_x,
                        y + 1.5, bar_w, kBarSize, bars[b]));
    els.emplace_back(box(fmt::format("{{{}}}", render::audit_slot(k, "h")), 0, y, cw, 9.5, style.accent, true));
    els.emplace_back(box(fmt::format("{{{}}}", render::audit_slot(k, "w")), bar_x, y, cw - bar_x, 8.5,
                      style.text));
    for (int c = 0; c < render::kAuditColumns; ++c) {
      const auto i = static_cast<std::size_t>(c);
      const double x = render::kAuditColumnX[i];
      const double w = std::min(render::kAuditColumnWidth[i], cw - x);
      els.emplace_back(box(fmt::format("{{{}}}", render::audit_slot(k, fmt::format("c{}", c))), x, y, w,
                        8.5, style.text));
    }
  }
  els.emplace_back(box("{footer}", 0, ch - 11, cw / 2, 8, style.muted));
  els.emplace_back(box("{page}", cw / 2, ch - 11, cw / 2, 8, style.muted, false, pdf::Align::right));
  t.elements = std::move(els);
  return t;
}

// The report and the letters hold several people's data: private (0600), and an existing
// file is replaced only with --force (never one that is not a regular file).
void write_pdf(const std::string& path, const std::string& bytes, bool force) {
  io::write_file(path, bytes, io::kPrivateFileMode, force);
}

// One name no installed font can draw never stops the report: its characters are drawn as a
// replacement mark (U+FFFD) and stderr says whose name, which character and why.
std::string drawable_name(const Context& ctx, const pdf::Template& t, const std::string& id,
                          const std::string& name, const std::string& file) {
  auto missing = pdf::undrawable(t, name);
  if (missing.empty()) return name;
  for (char32_t cp : missing)
    ctx.err << fmt::format("balint: note: {}: {} in the name; {} shows a replacement mark\n", id,
                           pdf::undrawable_reason(cp), file);
  return pdf::with_replacement_marks(t, name);
}

void write_report_pdf(const Context& ctx, const std::string& path, report::AuditReport r, bool force) {
  const pdf::Template page = audit_page(ctx);
  for (auto& row : r.people)
    row.person_name = drawable_name(ctx, page, row.person_id, row.person_name, path);
  if (r.sample)
    for (std::size_t i = 0; i < r.sample->names.size() && i < r.sample->people.size(); ++i)
      r.sample->names[i] = pdf::with_replacement_marks(page, r.sample->names[i]);
  pdf::Meta meta;
  meta.date = r.as_of.iso();
  meta.title = fmt::format("Society audit: {}", r.pathway.empty() ? r.ruleset_id : r.pathway);
  meta.author = r.body;
  meta.subject = fmt::format("as of {}", r.as_of.iso());
  write_pdf(path, pdf::render_pages(page, render::audit_pages(r), meta), force);
}

// One evidence-request letter per person sampled: DIR/evidence-request-ID.pdf.
std::string letter_file(const std::string& dir, const std::string& person) {
  return fmt::format("{}/evidence-request-{}.pdf", dir, person);
}

std::size_t write_letters(const Context& ctx, const std::string& dir,
                          const store::HistoryReader& reader, const report::AuditReport& r,
                          bool force) {
  const std::vector<std::string>& names = render::evidence_field_names();
  pdf::CertificateRenderer letters(
      pdf::load_template(pdf::find_template(ctx.templates_dirs, "evidence-request"),
                         std::set<std::string>(names.begin(), names.end())));
  const pdf::Template& layout = letters.layout();
  io::make_private_folder(dir);
  std::vector<std::string> people = r.sample->people;
  std::sort(people.begin(), people.end());
  std::size_t written = 0;
  reader.for_each(people, [&](domain::PersonHistory& h) {
    auto q = report::evidence_request(r, h);
    const std::string file = letter_file(dir, q.person_id);
    q.person_name = drawable_name(ctx, layout, q.person_id, q.person_name, file);
    pdf::Meta meta;
    meta.date = ctx.as_of.iso();
    meta.title = fmt::format("Audit: request for evidence ({})", q.person_id);
    meta.author = q.body;
    write_pdf(file, letters.render(render::evidence_fields(q), meta), force);
    ++written;
  });
  return written;
}

// ---- options ------------------------------------------------------------------------------

audit::AuditOptions options_of(const po::variables_map& vm, core::Date today) {
  audit::AuditOptions o;
  o.pathway = opt_str(vm, "pathway");
  o.ruleset = opt_str(vm, "rules");
  if (o.pathway.empty() == o.ruleset.empty())
    throw core::UsageError(o.pathway.empty() ? "give --pathway FAMILY or --rules ID"
                                             : "give --pathway or --rules, not both");
  o.period = period_from(vm, today);
  o.as_of = audit::evaluation_date(o.period, today);
  o.anomalies_only = vm["anomalies-only"].as<bool>();
  return o;
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

int cmd_audit(Context& ctx, const po::variables_map& vm) {
  const auto format = output_format(vm);
  const auto options = options_of(vm, ctx.as_of);
  std::optional<std::size_t> sample;
  if (vm.count("sample")) {
    auto n = core::parse_count(opt_str(vm, "sample"));
    if (!n) throw core::UsageError(fmt::format("--sample: '{}' is not a number of people", opt_str(vm, "sample")));
    sample = static_cast<std::size_t>(*n);
  } else if (vm.count("seed")) {
    throw core::UsageError("--seed goes with --sample N");
  }
  const std::uint64_t seed = vm.count("seed") ? parse_seed(opt_str(vm, "seed")) : fresh_seed();

  const std::string pdf_path = opt_str(vm, "pdf");
  const std::string letters_dir = opt_str(vm, "letters");
  if (!letters_dir.empty() && !sample) throw core::UsageError("--letters goes with --sample N");
  const bool force = vm["force"].as<bool>();
  if (force && pdf_path.empty() && letters_dir.empty())
    throw core::UsageError("--force goes with --pdf FILE or --letters DIR");

  auto ledger = ctx.open_read();
  const auto catalogue = load_catalogue(ctx);
  store::HistoryReader reader(ledger);
  const domain::AccreditationIndex accredited(reader.accreditations());
  const audit::Auditor auditor(catalogue, options, accredited);
  report::AuditBuilder builder(auditor);
  audit_all(reader, candidates(reader, options), auditor, builder);
  const auto report = builder.finish(sample, seed);
  // Every output checked before the first is written: a refusal leaves nothing half done.
  if (!pdf_path.empty()) io::check_output(pdf_path, force);
  if (!letters_dir.empty()) {
    io::check_output_folder(letters_dir);
    for (const auto& id : report.sample->people) io::check_output(letter_file(letters_dir, id), force);
  }
  if (!pdf_path.empty()) write_report_pdf(ctx, pdf_path, report, force);
  std::size_t letters = 0;
  if (!letters_dir.empty()) letters = write_letters(ctx, letters_dir, reader, report, force);
  if (!pdf_path.empty() || !letters_dir.empty()) {
    if (!pdf_path.empty()) ctx.say(fmt::format("wrote the audit report to {}", pdf_path));
    if (!letters_dir.empty())
      ctx.say(fmt::format("wrote {} evidence-request letter{} to {}", letters, letters == 1 ? "" : "s",
                          letters_dir));
    return 0;
  }
  if (format == "json")
    render::write_audit_json(ctx.out, report);
  else if (format == "csv")
    render::write_audit_csv(ctx.out, report);
  else
    render::write_audit_text(ctx.out, report, ctx.width);
  return 0;
}

}  // namespace

void add_audit_commands(std::vector<Command>& t) {
  t.push_back(
      {"audit", "society view: everyone's standing, suspicious entries, an audit sample",
       "audit (--pathway FAMILY | --rules ID) [--from D] [--to D | -p PERIOD] [--anomalies-only] "
       "[--sample N [--seed S] [--letters DIR]] [--format text|json|csv | --pdf FILE] [--force]",
       "Audits a society. With --pathway, everyone enrolled in that family is evaluated against "
       "their own edition (the one in force, or the earlier one for those enrolled before it); "
       "with --rules, that rule set is applied to everyone enrolled in its family and everyone "
       "with entries. A row per person shows eligibility, each top-level requirement's value, "
       "what is still needed and the waivers applied; totals per requirement follow. "
       "Anomalies, each with a reason code and the entries concerned, are looked for in the "
       "entries of the period (all entries without one): day-over-24h, long-group-entry "
       "(over 8 hours a day), leader-and-member, future-entry, membership-lapsed, "
       "supervisor-not-accredited, near-duplicate, voided, unverified. Eligibility is "
       "evaluated as of the period's last day, or --as-of if earlier. --sample N draws N of "
       "the people audited, reproducibly for a seed (printed; a fresh one when --seed is not "
       "given); --letters writes an evidence-request letter for each of them from the template "
       "evidence-request. --pdf writes the report as a PDF a committee can read, with a chart "
       "of the requirements met. The PDF and the letters are created mode 0600 (a new folder "
       "0700); an existing file is replaced only with --force, and never one that is not a "
       "regular file. Exits 0: it is a report.",
       {"balint audit --pathway bbs-leader", "balint audit --rules cpd-uk -p 'last year' --format csv",
        "balint audit --pathway bbs-leader --anomalies-only", "balint audit --pathway bbs-leader --sample 10 --seed 42 --letters letters/",
        "balint audit --pathway bbs-leader -p 'last year' --pdf audit-2025.pdf"},
       [](po::options_description& d, po::positional_options_description&) {
         d.add_options()
             ("pathway", po::value<std::string>()->value_name("FAMILY"),
              "the pathway (rule set family), e.g. bbs-leader")
             ("rules", po::value<std::string>()->value_name("ID"), "one rule set for everyone, e.g. cpd-uk")
             ("anomalies-only", po::bool_switch(), "only look for anomalies (no evaluation)")
             ("sample", po::value<std::string>()->value_name("N"), "draw an audit sample of N people")
             ("seed", po::value<std::string>()->value_name("S"), "the sample's seed, 0 to 2^64-1")
             ("pdf", po::value<std::string>()->value_name("FILE"),
              "write the audit as a PDF report (summary chart, people, anomalies, sample)")
             ("letters", po::value<std::string>()->value_name("DIR"),
              "write an evidence-request letter (PDF) for each person sampled into DIR")
             ("force", po::bool_switch(), "replace existing --pdf and letter files");
         add_period_options(d);
         add_format_option(d);
       },
       cmd_audit, Formats::text_json_csv});
}

}  // namespace balint::app
