// waive: an exception granted by the society; the requirement then counts as met.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/people.hpp"
#include "cmd_rules.hpp"

namespace balint::app {
namespace {

std::string required(const po::variables_map& vm, const char* name, const char* what) {
  std::string v = text_arg(opt_str(vm, name), name);
  if (v.empty()) throw core::UsageError(fmt::format("--{} {} is required", name, what));
  return v;
}

int cmd_waive(Context& ctx, const po::variables_map& vm) {
  domain::Waiver w;
  w.person = person_operand(vm);
  w.ruleset = required(vm, "rules", "RULESET");
  w.requirement = required(vm, "requirement", "REQ");
  w.reason = required(vm, "reason", "TEXT");
  w.by = opt_str(vm, "by");
  w.on = opt_date_if(vm, "on").value_or(ctx.as_of);
  const auto& catalogue = ctx.catalogue();
  auto& ledger = ctx.ledger();
  const std::string title = service::waive(ledger, catalogue, w);
  ctx.say(fmt::format("{}: requirement {} of {} ({}) waived on {}{}: {}", w.person, w.requirement,
                      w.ruleset, title, w.on.iso(), w.by.empty() ? "" : " by " + w.by, w.reason));
  return 0;
}

}  // namespace

void add_waive_command(std::vector<Command>& t) {
  t.push_back(
      {"waive",
       "record an exception granted by the society",
       "waive ID --rules RULESET --requirement REQ --reason TEXT [--by ID] [--on DATE]",
       "Records that the society waived one requirement of a rule set for this person (prior "
       "learning, an approved equivalent). From --on (default: --as-of, else today) the "
       "requirement counts as met and is shown as waived, with the reason, in progress reports. "
       "--by names who granted it (a person in the ledger).",
       {"balint waive cailin --rules bbs-leader-2020 --requirement leadership-training --reason "
        "'IBF leadership course 2019 accepted as equivalent' --by helen"},
       [](po::options_description& d, po::positional_options_description& p) {
         // clang-format off
         d.add_options()
             ("person", po::value<std::string>()->value_name("ID"), "the person's ID")
             ("rules", po::value<std::string>()->value_name("RULESET"), "the rule set id")
             ("requirement", po::value<std::string>()->value_name("REQ"), "the requirement id")
             ("reason", po::value<std::string>()->value_name("TEXT"), "why it is waived")
             ("by", po::value<std::string>()->value_name("ID"), "who granted it")
             ("on", po::value<std::string>()->value_name("DATE"), "when it was granted");
         // clang-format on
         p.add("person", 1);
       },
       cmd_waive,
       Need::ledger_write | Need::catalogue});
}

}  // namespace balint::app
