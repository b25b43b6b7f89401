// progress, accredit: evaluate a rule set for one person, then report or record.
#include <fmt/core.h>

#include <ostream>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/io/files.hpp"
#include "balint/render/progress.hpp"
#include "balint/report/progress.hpp"
#include "balint/service/people.hpp"
#include "balint/service/progress.hpp"
#include "cmd_rules.hpp"

namespace balint::app {
namespace {

// The report as a PDF laid out with the template --template (default progress-report).
void write_progress_pdf(const Context& ctx, const po::variables_map& vm,
                        const service::Progress& progress) {
  const std::string path = opt_str(vm, "pdf");
  const bool force = vm["force"].as<bool>();
  io::check_output(path, force);  // before rendering: a refusal costs nothing
  // One person's standing, the holder's to pass on as they choose: private, as the ledger is.
  io::write_file(path, service::progress_pdf(progress, ctx.templates(), opt_str(vm, "template")),
                 io::kPrivateFileMode, force);
}

int cmd_progress(Context& ctx, const po::variables_map& vm) {
  const auto format = output_format(vm, false);
  const std::string person = person_operand(vm);
  const std::string pdf_path = opt_str(vm, "pdf");
  if (pdf_path.empty() && (vm["force"].as<bool>() || !opt_str(vm, "template").empty()))
    throw core::UsageError("--template and --force go with --pdf FILE");
  auto& ledger = ctx.ledger();
  require_person(ledger, person, "progress");
  const auto& catalogue = ctx.catalogue();
  const auto progress = service::progress(
      ledger, catalogue, {person, opt_str(vm, "pathway"), opt_str(vm, "rules"), ctx.as_of});
  const auto& report = progress.report;
  if (!pdf_path.empty()) {
    write_progress_pdf(ctx, vm, progress);
    ctx.say(fmt::format("wrote the progress report of {} ({}) to {}", report.person_name, person,
                        pdf_path));
    return 0;
  }
  if (format == "json")
    render::write_progress_json(ctx.out, report);
  else
    render::write_progress_text(ctx.out, report, vm["explain"].as<bool>(), ctx.width);
  return 0;
}

int cmd_accredit(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_operand(vm);
  const std::string id = opt_str(vm, "rules");
  if (id.empty()) throw core::UsageError("--rules ID is required");
  const core::Date on = opt_date_if(vm, "on").value_or(ctx.as_of);
  const auto& catalogue = ctx.catalogue();
  service::AccreditDecision decision;
  {
    auto& ledger = ctx.read_ledger();
    decision = service::accreditation_decision(ledger, catalogue, person, id, on);
  }
  const rules::RuleSet& rs = *decision.rules;
  if (decision.held) {
    ctx.out << fmt::format("{} is already accredited in {} (on {}); nothing recorded\n", person,
                           rs.family, decision.held->on.iso());
    return 0;
  }
  const auto& report = decision.report;
  if (!report.eligible) {
    ctx.out << fmt::format("{} ({}) cannot be accredited by {} on {}; nothing recorded.\n\n",
                           core::printable(report.person_name), person, rs.id, on.iso());
    render::write_unmet_text(ctx.out, report, ctx.width);
    return static_cast<int>(core::Exit::negative);
  }
  const auto a = service::record_accreditation(ctx.ledger(), decision, "accredit");
  ctx.out << fmt::format("{} ({}): accredited in {} on {} (rule set {})\n",
                         core::printable(report.person_name), person, a.family, a.on.iso(), rs.id);
  return 0;
}

}  // namespace

void add_progress_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"progress",
               "degree-audit style progress towards an accreditation or CPD target",
               "progress PERSON (--pathway FAMILY | --rules ID) [--format text|json] [--explain] "
               "[--pdf FILE [--template NAME] [--force]]",
               "Evaluates a rule set for one person on the --as-of date and shows every "
               "requirement: met (✓), not met (✗), not applicable (–) or waived, the value "
               "against the threshold, what is still needed and when it would be met at the pace "
               "of the last 12 months, then the verdict. --pathway picks the edition of the "
               "family in force, or the earlier one for a person enrolled before it "
               "(grandfathering); --rules forces one. --explain lists under each requirement the "
               "entries that counted and those that did not, with the reason. Exits 0 whatever "
               "the verdict. --pdf writes the report as a PDF instead (a progress bar per "
               "requirement, a chart of cumulative hours by role, the entries that counted, "
               "page x of y), laid out from the template progress-report or --template NAME; an "
               "existing file is kept unless --force.",
               {"balint progress cailin --pathway bbs-leader",
                "balint progress cailin --rules bbs-leader-2020 --explain --as-of 2025-12-31",
                "balint progress zoe --rules cpd-uk --format json",
                "balint progress cailin --pathway bbs-leader --pdf cailin-progress.pdf"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 d.add_options()
                     ("pathway", po::value<std::string>()->value_name("FAMILY"),
                      "the pathway (rule set family), e.g. bbs-leader")
                     ("rules", po::value<std::string>()->value_name("ID"),
                      "the rule set, e.g. bbs-leader-2020")
                     ("explain", po::bool_switch(), "list the entries behind each requirement")
                     ("pdf", po::value<std::string>()->value_name("FILE"),
                      "write the report as a PDF")
                     ("template", po::value<std::string>()->value_name("NAME"),
                      "the PDF's template: a name in the templates folder, or a path")
                     ("force", po::bool_switch(), "replace an existing --pdf file");
                 add_format_option(d, false);
               },
               cmd_progress, Need::ledger_read | Need::catalogue | Need::templates,
               Formats::text_json});
  // clang-format on
  // clang-format off
  t.push_back({"accredit",
               "record an accreditation once every essential requirement is met",
               "accredit PERSON --rules ID [--on DATE]",
               "Evaluates the rule set as on --on (default: --as-of, else today). When every "
               "essential requirement is met it records the accreditation of the rule set's "
               "family on that date, noted with the rule set, and prints it. Otherwise it lists "
               "what is unmet, records nothing and exits 1. Someone already accredited in the "
               "family is told so, and nothing is added.",
               {"balint accredit cailin --rules bbs-leader-2023 --on 2026-01-15"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 d.add_options()
                     ("rules", po::value<std::string>()->value_name("ID"),
                      "the rule set, e.g. bbs-leader-2023")
                     ("on", po::value<std::string>()->value_name("DATE"),
                      "the date of the accreditation");
               },
               cmd_accredit, Need::ledger_read | Need::ledger_write | Need::catalogue});
  // clang-format on
}

}  // namespace balint::app
