// balint activity: the activity log (issue 19), read-only.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "balint/render/table.hpp"
#include "balint/service/activity.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

int cmd_activity(Context& ctx, const po::variables_map& vm) {
  const auto format = output_format(vm);
  service::ActivityQuery q{opt_date_if(vm, "since"), opt_date_if(vm, "until"), std::nullopt};
  if (vm.count("person")) q.person = opt_str(vm, "person");
  const auto& ledger = ctx.ledger();
  if (q.person) require_person(ledger, *q.person, "--person");
  auto rows = service::activity_log(ledger, q);
  if (format == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& a : rows) {
      nlohmann::ordered_json o;
      o["id"] = a.id;
      o["at"] = a.at;
      o["actor"] = a.actor;
      o["operation"] = a.operation;
      o["kind"] = a.kind;
      o["subject"] = a.subject;
      o["people"] = a.people;
      o["detail"] = nlohmann::ordered_json::parse(a.detail, nullptr, false);
      arr.push_back(o);
    }
    ctx.out << arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return 0;
  }
  auto t = service::activity_table(rows);
  if (format == "csv")
    render::write_csv(ctx.out, t);
  else if (t.rows.empty())
    ctx.out << "no activity recorded\n";
  else
    render::write_text(ctx.out, t, ctx.width);
  return 0;
}

}  // namespace

void add_activity_command(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"activity", "the log of every write to the ledger (who, when, what)",
               "activity [--since DATE] [--until DATE] [--person ID] [--format text|json|csv]",
               "Lists the activity log, oldest first: one row for every write made through the "
               "command line or the web server (an import is one row with its counts), with the "
               "time in UTC, who made it (cli:LOGIN for the command line, web:PERSON for the "
               "server), the operation, what it wrote, the people it concerns and a short JSON "
               "detail. The log is append-only: the ledger refuses to change or delete its rows.",
               {"balint activity --since 2026-01-01", "balint activity --person p001 --format csv"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()
                     ("since", po::value<std::string>()->value_name("DATE"),
                      "only writes on or after this day (UTC)")
                     ("until", po::value<std::string>()->value_name("DATE"),
                      "only writes on or before this day (UTC)")
                     ("person", po::value<std::string>()->value_name("ID"),
                      "only writes concerning this person");
                 add_format_option(d);
               },
               cmd_activity, Need::ledger_read, Formats::text_json_csv});
  // clang-format on
}

}  // namespace balint::app
