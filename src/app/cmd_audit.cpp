// audit: every audited person's standing, the anomalies in their entries, an audit sample.
#include <fmt/core.h>

#include <charconv>
#include <random>

#include "balint/audit/audit.hpp"
#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/render/audit.hpp"
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

  auto ledger = ctx.open_read();
  const auto catalogue = load_catalogue(ctx);
  store::HistoryReader reader(ledger);
  const domain::AccreditationIndex accredited(reader.accreditations());
  const audit::Auditor auditor(catalogue, options, accredited);
  report::AuditBuilder builder(auditor);
  reader.for_each(candidates(reader, options), [&](domain::PersonHistory& h) {
    if (auditor.in_scope(h)) builder.add(auditor.audit(h));
  });
  const auto report = builder.finish(sample, seed);
  if (format == "json")
    render::write_audit_json(ctx.out, report);
  else if (format == "csv")
    render::write_audit_csv(ctx.out, report);
  else
    render::write_audit_text(ctx.out, report);
  return 0;
}

}  // namespace

void add_audit_commands(std::vector<Command>& t) {
  t.push_back(
      {"audit", "society view: everyone's standing, suspicious entries, an audit sample",
       "audit (--pathway FAMILY | --rules ID) [--from D] [--to D | -p PERIOD] [--anomalies-only] "
       "[--sample N [--seed S]] [--format text|json|csv]",
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
       "given). Exits 0: it is a report.",
       {"balint audit --pathway bbs-leader", "balint audit --rules cpd-uk -p 'last year' --format csv",
        "balint audit --pathway bbs-leader --anomalies-only", "balint audit --pathway bbs-leader --sample 10 --seed 42"},
       [](po::options_description& d, po::positional_options_description&) {
         d.add_options()
             ("pathway", po::value<std::string>()->value_name("FAMILY"),
              "the pathway (rule set family), e.g. bbs-leader")
             ("rules", po::value<std::string>()->value_name("ID"), "one rule set for everyone, e.g. cpd-uk")
             ("anomalies-only", po::bool_switch(), "only look for anomalies (no evaluation)")
             ("sample", po::value<std::string>()->value_name("N"), "draw an audit sample of N people")
             ("seed", po::value<std::string>()->value_name("S"), "the sample's seed, 0 to 2^64-1");
         add_period_options(d);
         add_format_option(d);
       },
       cmd_audit, true});
}

}  // namespace balint::app
