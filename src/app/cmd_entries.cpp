// log, void, entries, export entries, backup.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <ostream>

#include "balint/core/error.hpp"
#include "balint/core/quantity.hpp"
#include "balint/core/text.hpp"
#include "balint/io/entry_export.hpp"
#include "balint/io/rows.hpp"
#include "balint/render/entries.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

using nlohmann::json;

// `balint log` options, each the §5 column of the same name (with '-' for '_').
const std::vector<std::pair<const char*, const char*>> kLogFields = {
    {"date", "the day, YYYY-MM-DD"},
    {"activity", "group, leadership-training, supervision, peer-supervision or other-cpd"},
    {"role", "member, leader, co-leader, supervisee, supervisor, participant or facilitator"},
    {"minutes", "length in whole minutes (1-1440)"},
    {"hours", "length in hours, e.g. 1.5 (instead of --minutes)"},
    {"group", "the group's name"},
    {"setting", "e.g. general practice, hospital psychiatry, medical school"},
    {"mode", "in-person (default) or online"},
    {"leader", "the leader's ID"},
    {"co-leader", "the co-leader's ID"},
    {"supervisor", "the supervisor's ID"},
    {"cases", "number of cases presented"},
    {"event", "e.g. the name of a weekend or intensive"},
    {"days", "length of a multi-day event in days"},
    {"tags", "tags separated by ';'"},
    {"verified-by", "ID of whoever verified the entry"},
    {"note", "a note"},
};

std::string column_of(std::string option) {
  for (auto& c : option)
    if (c == '-') c = '_';
  return option;
}

std::string choices(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

// One line for each option `log` cannot do without, in command-line words.
void require_log_options(const po::variables_map& vm) {
  std::vector<std::string> missing;
  if (opt_str(vm, "person").empty()) missing.emplace_back("--person ID[,ID...] is required");
  if (!vm.count("date")) missing.emplace_back("--date YYYY-MM-DD is required");
  if (!vm.count("activity"))
    missing.push_back("--activity is required: " + choices(domain::activity_names()));
  if (!vm.count("role")) missing.push_back("--role is required: " + choices(domain::role_names()));
  if (!vm.count("minutes") && !vm.count("hours"))
    missing.emplace_back("--minutes M or --hours H is required");
  if (!missing.empty()) throw core::Error(core::Exit::usage, missing);
}

// The options as a service::LogRequest; the service checks them exactly as `import` checks a
// row, and its problems name §5 columns, shown here as the options they came from.
int cmd_log(Context& ctx, const po::variables_map& vm) {
  require_log_options(vm);
  std::string people = opt_str(vm, "person");
  service::LogRequest req{core::split(people, ','), {}, {"log", "", 0}};
  if (!vm["allow-future"].as<bool>()) req.refuse_after = ctx.as_of;
  for (const auto& [name, help] : kLogFields)
    if (vm.count(name)) req.fields.emplace_back(column_of(name), vm[name].as<std::string>());
  auto& ledger = ctx.ledger();
  std::vector<std::int64_t> ids;
  try {
    ids = service::log_entries(ledger, req);
  } catch (const service::FieldErrors& e) {
    std::vector<std::string> lines;
    for (std::string m : e.lines()) {
      auto colon = m.find(':');
      if (colon != std::string::npos) {
        std::string col = m.substr(0, colon);
        for (auto& c : col)
          if (c == '_') c = '-';
        m = "--" + col + m.substr(colon);
      }
      if (std::find(lines.begin(), lines.end(), m) == lines.end()) lines.push_back(m);
    }
    throw core::Error(core::Exit::usage, lines);
  }
  std::string numbers;
  for (auto id : ids) numbers += (numbers.empty() ? "" : ", ") + std::to_string(id);
  ctx.committed(fmt::format("{} {}", ids.size() == 1 ? "entry" : "entries", numbers));
  for (auto id : ids) ctx.out << id << '\n';
  return 0;
}

int cmd_void(Context& ctx, const po::variables_map& vm) {
  std::string arg = opt_str(vm, "entry");
  auto id = core::parse_count(arg);
  if (!id) throw core::UsageError(fmt::format("'{}' is not an entry number", arg));
  std::string reason = text_arg(opt_str(vm, "reason"), "--reason");
  if (reason.empty()) throw core::UsageError("--reason TEXT is required");
  auto& ledger = ctx.ledger();
  service::void_entry(ledger, {*id, reason, ctx.as_of, std::nullopt});
  ctx.say(fmt::format("entry {} voided: {}", *id, reason));
  return 0;
}

int cmd_entries(Context& ctx, const po::variables_map& vm) {
  auto format = output_format(vm);
  auto period = period_from(vm, ctx.as_of);
  auto& ledger = ctx.ledger();
  store::EntryFilter f{std::nullopt, period.from, period.to, vm["voided"].as<bool>()};
  if (vm.count("person")) {
    f.person = opt_str(vm, "person");
    require_person(ledger, *f.person, "entries");
  }
  const auto listed = service::list_entries(ledger, f);
  if (format == "json")
    render::write_entries_json(ctx.out, listed);
  else if (format == "csv")
    render::write_entries_csv(ctx.out, listed);
  else
    render::write_entries_text(ctx.out, listed, ctx.width);
  return 0;
}

int cmd_export_entries(Context& ctx, const po::variables_map& vm) {
  std::string format = vm.count("format") ? vm["format"].as<std::string>() : "csv";
  if (format != "csv" && format != "json" && format != "ledger")
    throw core::UsageError(fmt::format("--format: '{}' is not one of csv, json, ledger", format));
  auto& ledger = ctx.ledger();
  if (format == "ledger") {
    render::write_journal_header(ctx.out);
    ledger.for_each_entry(
        {}, [&ctx](const domain::Entry& e) { render::write_journal_entry(ctx.out, e); });
  } else if (format == "json") {
    json arr = json::array();
    ledger.for_each_entry({}, [&arr](const domain::Entry& e) { arr.push_back(io::entry_json(e)); });
    ctx.out << arr.dump(2) << '\n';
  } else {
    io::write_csv_row(ctx.out, io::entry_columns());
    ledger.for_each_entry(
        {}, [&ctx](const domain::Entry& e) { io::write_csv_row(ctx.out, io::entry_row(e)); });
  }
  return 0;
}

int cmd_backup(Context& ctx, const po::variables_map& vm) {
  std::string dest = opt_str(vm, "file");
  if (dest.empty()) throw core::UsageError("backup needs a FILE to write");
  auto& ledger = ctx.ledger();
  ledger.backup(dest);
  ctx.say(fmt::format("backed up {} to {}", ctx.db_path, dest));
  return 0;
}

}  // namespace

void add_entry_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"log", "log a session for one or more people",
               "log --person ID[,ID...] --date D --activity A --role R (--minutes M | --hours H) "
               "[--group G] [--setting S] [--mode M] [--leader ID] [--co-leader ID] "
               "[--supervisor ID] [--cases N] [--event NAME] [--days N] [--tags T1;T2] "
               "[--verified-by ID] [--note N] [--allow-future]",
               "Adds one entry per person named (the same session for everyone in --person) and "
               "prints the new entry numbers, one per line. Values are checked exactly as in "
               "'balint import entries'. A date after today (or --as-of) is refused unless "
               "--allow-future: an entry logged ahead of time is usually a mistake.",
               {"balint log --person zoe,cailin --date 2025-03-04 --activity group --role member "
                "--minutes 90 --group 'Thursday GP group' --setting 'general practice' --leader helen"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()("person", po::value<std::string>()->value_name("ID[,ID...]"),
                                 "who attended (comma-separated IDs)");
                 for (const auto& [name, help] : kLogFields)
                   d.add_options()(name, po::value<std::string>(), help);
                 d.add_options()("allow-future", po::bool_switch(),
                                 "accept a date after today");
               },
               cmd_log, Need::ledger_write, Formats::none, {{"--format", "--mode"}}});
  // clang-format on
  // clang-format off
  t.push_back({"void", "withdraw a wrong entry", "void ENTRY --reason TEXT",
               "Marks an entry void. Entries are never deleted or edited in place: a voided "
               "entry no longer counts anywhere, and audits list it.",
               {"balint void 42 --reason 'logged twice'"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()("entry", po::value<std::string>()->value_name("ENTRY"), "entry number")
                     ("reason", po::value<std::string>()->value_name("TEXT"), "why");
                 p.add("entry", 1);
               },
               cmd_void, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"entries", "list entries, with totals by activity and role",
               "entries [PERSON] [--from D] [--to D | -p PERIOD] [--voided] [--format text|json|csv]",
               "Lists entries (everyone's, or one person's) by date, then totals of sessions and "
               "hours by activity and role. Voided entries are left out unless --voided.",
               {"balint entries zoe -p 'last year'", "balint entries --from 2025-01-01 --to 2025-06-30 --format csv"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()("person", po::value<std::string>()->value_name("PERSON"), "only this person")
                     ("voided", po::bool_switch(), "include voided entries, marked VOID");
                 add_period_options(d);
                 add_format_option(d);
                 p.add("person", 1);
               },
               cmd_entries, Need::ledger_read, Formats::text_json_csv});
  // clang-format on
  // clang-format off
  t.push_back({"export entries", "write every entry as CSV, JSON or a ledger journal",
               "export entries [--format csv|json|ledger]",
               "Writes every entry that is not void. CSV has exactly the import columns in their "
               "order, so it re-imports as it is; JSON adds entry numbers; 'ledger' writes a "
               "ledger/hledger journal (time in minutes, commodity min; accounts "
               "people:ID:ACTIVITY:ROLE), so totals can be checked with those tools.",
               {"balint export entries > entries.csv", "balint export entries --format ledger | ledger -f - balance --flat"},
               [](po::options_description& d, po::positional_options_description&) {
                 d.add_options()("format", po::value<std::string>()->value_name("FMT"),
                                 "csv (default), json or ledger");
               },
               cmd_export_entries, Need::ledger_read});
  // clang-format on
  // clang-format off
  t.push_back({"backup", "copy the ledger safely, even while in use", "backup FILE",
               "Writes a consistent copy of the ledger (SQLite's online backup) to a new file, "
               "mode 0600. An existing file is not overwritten.",
               {"balint backup ledger-2026-11-25.sqlite"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()("file", po::value<std::string>()->value_name("FILE"), "where to write");
                 p.add("file", 1);
               },
               cmd_backup, Need::ledger_read});
  // clang-format on
}

}  // namespace balint::app
