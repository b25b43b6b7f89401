// audit: every audited person's standing, the anomalies in their entries, an audit sample.
#include <fmt/core.h>

#include <optional>

#include "balint/audit/audit.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/render/audit.hpp"
#include "balint/service/audit.hpp"
#include "cmd_rules.hpp"

namespace balint::app {
namespace {

std::uint64_t parse_seed(const std::string& s) {
  auto v = service::parse_seed(s);
  if (!v)
    throw core::UsageError(
        fmt::format("--seed: '{}' is not a whole number from 0 to {}", s, UINT64_MAX));
  return *v;
}

// ---- options ------------------------------------------------------------------------------

audit::AuditOptions options_of(const po::variables_map& vm, core::Date today) {
  const std::string pathway = opt_str(vm, "pathway"), ruleset = opt_str(vm, "rules");
  if (pathway.empty() == ruleset.empty())
    throw core::UsageError(pathway.empty() ? "give --pathway FAMILY or --rules ID"
                                           : "give --pathway or --rules, not both");
  return service::audit_options(pathway, ruleset, period_from(vm, today),
                                vm["anomalies-only"].as<bool>(), today);
}

int cmd_audit(Context& ctx, const po::variables_map& vm) {
  const auto format = output_format(vm);
  const auto options = options_of(vm, ctx.as_of);
  std::optional<std::size_t> sample;
  if (vm.count("sample")) {
    auto n = core::parse_count(opt_str(vm, "sample"));
    if (!n)
      throw core::UsageError(
          fmt::format("--sample: '{}' is not a number of people", opt_str(vm, "sample")));
    sample = static_cast<std::size_t>(*n);
  } else if (vm.count("seed")) {
    throw core::UsageError("--seed goes with --sample N");
  }
  std::optional<std::uint64_t> seed;  // none: the service draws a fresh one
  if (vm.count("seed")) seed = parse_seed(opt_str(vm, "seed"));

  const std::string pdf_path = opt_str(vm, "pdf");
  const std::string letters_dir = opt_str(vm, "letters");
  if (!letters_dir.empty() && !sample) throw core::UsageError("--letters goes with --sample N");
  const bool force = vm["force"].as<bool>();
  if (force && pdf_path.empty() && letters_dir.empty())
    throw core::UsageError("--force goes with --pdf FILE or --letters DIR");

  service::AuditRequest request{options, sample, seed, pdf_path, letters_dir, force, ctx.as_of, {}};
  if (!pdf_path.empty() || !letters_dir.empty()) request.templates_dirs = ctx.templates();
  const store::Ledger& ledger = ctx.ledger();  // opened before the rules are read
  const auto result =
      service::audit(ledger, ctx.catalogue(), request, [&ctx](const service::UndrawableName& n) {
        ctx.err << fmt::format(
            "balint: note: {}: {} in the name; {} shows a "
            "replacement mark\n",
            n.person, n.reason, n.file);
      });
  const auto& report = result.report;
  if (!pdf_path.empty() || !letters_dir.empty()) {
    if (!pdf_path.empty()) ctx.say(fmt::format("wrote the audit report to {}", pdf_path));
    if (!letters_dir.empty())
      ctx.say(fmt::format(
          "wrote {} to {}",
          core::plural(result.letters, "evidence-request letter", "evidence-request letters"),
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
      {"audit",
       "society view: everyone's standing, suspicious entries, an audit sample",
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
       {"balint audit --pathway bbs-leader",
        "balint audit --rules cpd-uk -p 'last year' --format csv",
        "balint audit --pathway bbs-leader --anomalies-only",
        "balint audit --pathway bbs-leader --sample 10 --seed 42 --letters letters/",
        "balint audit --pathway bbs-leader -p 'last year' --pdf audit-2025.pdf"},
       [](po::options_description& d, po::positional_options_description&) {
         // clang-format off
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
         // clang-format on
         add_period_options(d);
         add_format_option(d);
       },
       cmd_audit,
       Need::ledger_read | Need::catalogue | Need::templates,
       Formats::text_json_csv});
}

}  // namespace balint::app
