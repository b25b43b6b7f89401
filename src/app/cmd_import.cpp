// import entries, import people: all or nothing, every bad row reported (the first
// core::kMaxProblems problems in full, the rest counted).
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>
#include <optional>
#include <unordered_set>

#include "balint/core/error.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

// Ends an import that found problems: the first core::kMaxProblems of them, how many more
// there are, then a summary line.
[[noreturn]] void refuse(const std::string& file, std::vector<core::Diagnostic> problems,
                         std::int64_t bad_rows) {
  if (problems.size() > core::kMaxProblems) {
    std::size_t more = problems.size() - core::kMaxProblems;
    problems.resize(core::kMaxProblems);
    problems.push_back({file, 0, 0,
                        fmt::format("{} more problem{} not shown", more, more == 1 ? "" : "s")});
  }
  problems.push_back({file, 0, 0,
                      bad_rows == 0 ? std::string("the header row has problems; nothing imported")
                                    : fmt::format("{} bad row{}; nothing imported", bad_rows,
                                                  bad_rows == 1 ? "" : "s")});
  throw core::DataError(problems);
}

std::string file_operand(const po::variables_map& vm) {
  std::string f = opt_str(vm, "file");
  if (f.empty()) throw core::UsageError("a CSV FILE to import is required");
  return f;
}

std::string summary(const store::ImportResult& r, bool dry_run, const char* one,
                    const char* many, const std::string& file) {
  return fmt::format("{} {} {} from {}; {} already present", dry_run ? "dry run: would add" : "added",
                     r.added, r.added == 1 ? one : many, file, r.present);
}

int cmd_import_entries(Context& ctx, const po::variables_map& vm) {
  std::string file = file_operand(vm);
  bool dry_run = vm["dry-run"].as<bool>();
  auto ledger = ctx.open_write();
  std::optional<io::EntryRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::int64_t bad_rows = 0;
  store::EntryImport import(ledger, file);
  auto ids = ledger.person_ids();
  // Looked up for every person a row names (up to four a row): a hash, not a tree of strings.
  std::unordered_set<std::string> known(ids.begin(), ids.end());
  io::read_csv(file, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(file, rec, [&known](const std::string& id) { return known.count(id) > 0; }, ids);
      if (!vm["allow-future"].as<bool>()) parser->refuse_after(ctx.as_of);
      problems = parser->header_errors();
      return;
    }
    if (!problems.empty() && !parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    auto e = parser->parse(rec, problems);
    if (problems.size() > before) ++bad_rows;
    if (e && problems.empty()) import.add(*e);
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  if (!problems.empty()) refuse(file, problems, bad_rows);
  const auto& r = import.result();
  // Nothing new: roll back, so even the record of this import leaves the ledger untouched.
  if (!dry_run && r.added > 0) import.commit();
  ctx.say(summary(r, dry_run, "entry", "entries", file));
  return 0;
}

bool same_person(const domain::Person& a, const domain::Person& b) {
  return a.name == b.name && a.email == b.email && a.attrs == b.attrs;
}

int cmd_import_people(Context& ctx, const po::variables_map& vm) {
  std::string file = file_operand(vm);
  bool dry_run = vm["dry-run"].as<bool>();
  std::optional<io::PersonRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::vector<domain::Person> rows;
  std::map<std::string, int> first_line;
  std::int64_t bad_rows = 0;
  auto ledger = ctx.open_write();
  io::read_csv(file, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(file, rec);
      problems = parser->header_errors();
      return;
    }
    if (!parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    auto p = parser->parse(rec, problems);
    if (p) {
      auto [it, fresh] = first_line.emplace(p->id, rec.line);
      if (!fresh)
        problems.push_back({file, rec.line, 0,
                            fmt::format("id: '{}' appears twice in this file (first on line {})",
                                        p->id, it->second)});
      else
        rows.push_back(*p);
    }
    if (problems.size() > before) ++bad_rows;
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  store::ImportResult r;
  ledger.transaction([&] {
    for (const auto& p : rows) {
      ++r.rows;
      auto old = ledger.person(p.id);
      if (!old) {
        ++r.added;
        if (!dry_run) ledger.add_person(p);
      } else if (same_person(*old, p)) {
        ++r.present;
      } else {
        problems.push_back({file, first_line[p.id], 0,
                            fmt::format("id: '{}' is already in the ledger with other details; "
                                        "change it with 'balint person set'",
                                        p.id)});
        ++bad_rows;
      }
    }
    if (!problems.empty()) {
      std::stable_sort(problems.begin(), problems.end(),
                       [](const auto& a, const auto& b) { return a.line < b.line; });
      refuse(file, problems, bad_rows);
    }
  });
  ctx.say(summary(r, dry_run, "person", "people", file));
  return 0;
}

void import_setup(po::options_description& d, po::positional_options_description& p) {
  d.add_options()("file", po::value<std::string>()->value_name("FILE.csv"), "the CSV file")
      ("dry-run,n", po::bool_switch(), "check everything and report what would happen; write nothing");
  p.add("file", 1);
}

}  // namespace

void add_import_commands(std::vector<Command>& t) {
  t.push_back({"import entries", "import sessions from a CSV file", "import entries FILE.csv [--dry-run]",
               "Imports entries from CSV (RFC 4180, UTF-8, header row, columns in any order): "
               "required date, person, activity, role and minutes or hours; optional group, "
               "setting, format (or mode), leader, co_leader, supervisor, cases, event, days, tags, "
               "verified_by, note. All or nothing: every row is checked first and every bad row "
               "is reported as FILE:LINE: column: problem, with nothing written (exit 65); a row "
               "dated after today (or --as-of) is one, unless --allow-future. Rows "
               "already in the ledger are counted, not added again, so re-importing a file is "
               "safe.",
               {"balint import entries examples/entries.csv --dry-run"},
               [](po::options_description& d, po::positional_options_description& p) {
                 import_setup(d, p);
                 d.add_options()("allow-future", po::bool_switch(),
                                 "accept rows dated after today");
               },
               cmd_import_entries});
  t.push_back({"import people", "import people from a CSV file", "import people FILE.csv [--dry-run]",
               "Imports people from CSV with columns id, name, optional email and any attr:KEY "
               "columns. All or nothing, like 'import entries'; a row identical to a person "
               "already in the ledger is counted as present.",
               {"balint import people examples/people.csv"},
               import_setup, cmd_import_people});
}

}  // namespace balint::app
