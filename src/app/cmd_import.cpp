// import entries, import people: all or nothing, every bad row reported (the first
// core::kMaxProblems problems in full, the rest counted).
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <memory>
#include <variant>
#include <set>
#include <optional>
#include <unordered_set>

#include "balint/core/error.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "cmd_rules.hpp"
#include "command.hpp"
#include "names.hpp"

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

// The encoding and separator of the file, from --encoding (the separator is detected).
io::CsvFormat csv_format(const po::variables_map& vm) {
  io::CsvFormat f;
  f.encoding = opt_str(vm, "encoding");
  if (!f.encoding.empty()) io::iconv_encoding(f.encoding);  // a bad name is a usage error
  return f;
}

int cmd_import_entries(Context& ctx, const po::variables_map& vm) {
  std::string file = file_operand(vm);
  bool dry_run = vm["dry-run"].as<bool>();
  auto& ledger = ctx.ledger();
  std::optional<io::EntryRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::int64_t bad_rows = 0;
  store::EntryImport import(ledger, file);
  auto ids = ledger.person_ids();
  // Looked up for every person a row names (up to four a row): a hash, not a tree of strings.
  std::unordered_set<std::string> known(ids.begin(), ids.end());
  io::CsvFormat format = csv_format(vm);
  io::read_csv(file, format, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(file, rec, [&known](const std::string& id) { return known.count(id) > 0; }, ids);
      if (!vm["allow-future"].as<bool>()) parser->refuse_after(ctx.as_of);
      // A ';'-separated file comes from a spreadsheet whose decimal mark is the comma.
      parser->decimal_comma(vm["decimal-comma"].as<bool>() || format.separator == ';');
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
  auto& ledger = ctx.ledger();
  io::CsvFormat format = csv_format(vm);
  io::read_csv(file, format, [&](const io::CsvRecord& rec) {
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

// Thrown to roll back a dry run's transaction after everything was checked and counted.
struct DryRunDone {};

// The name check of a records file: the names the rule sets and the ledger use, unless --new.
io::NameCheck name_check(Context& ctx, const store::Ledger& ledger, bool allow_new) {
  if (allow_new) return nullptr;
  auto names = std::make_shared<KnownNames>(known_names(ctx.catalogue(), ledger));
  return [names](std::string_view column, std::string_view value) {
    NameKind kind = column == "body"   ? NameKind::membership_body
                    : column == "type" ? NameKind::document_type
                                       : NameKind::family;
    return unknown_name(kind, value, *names, "give --new to accept new ones");
  };
}

// Adds one record unless the ledger holds the same; true when added. A second enrolment in a
// family with another date is a problem of its line.
bool add_record(store::Ledger& ledger, const io::RecordRow& row, const std::string& file,
                std::vector<core::Diagnostic>& problems) {
  if (const auto* m = std::get_if<domain::Membership>(&row.record)) {
    for (const auto& old : ledger.memberships(m->person))
      if (old.body == m->body && old.from == m->from && old.to == m->to) return false;
    ledger.add_membership(*m);
  } else if (const auto* e = std::get_if<domain::Enrolment>(&row.record)) {
    for (const auto& old : ledger.enrolments(e->person)) {
      if (old.family != e->family) continue;
      if (old.on == e->on) return false;
      problems.push_back({file, row.line, 0,
                          fmt::format("on: {} is already enrolled in {} since {}", e->person,
                                      e->family, old.on.iso())});
      return false;
    }
    ledger.add_enrolment(*e);
  } else if (const auto* a = std::get_if<domain::Accreditation>(&row.record)) {
    for (const auto& old : ledger.accreditations())
      if (old.person == a->person && old.family == a->family && old.on == a->on &&
          old.note == a->note)
        return false;
    ledger.add_accreditation(*a, "import records " + file);
  } else if (const auto* d = std::get_if<domain::Document>(&row.record)) {
    for (const auto& old : ledger.documents(d->person))
      if (old.type == d->type && old.on == d->on && old.note == d->note) return false;
    ledger.add_document(*d, "");
  }
  return true;
}

int cmd_import_records(Context& ctx, const po::variables_map& vm) {
  std::string file = file_operand(vm);
  bool dry_run = vm["dry-run"].as<bool>();
  auto& ledger = ctx.ledger();
  auto ids = ledger.person_ids();
  std::unordered_set<std::string> known(ids.begin(), ids.end());
  io::NameCheck check = name_check(ctx, ledger, vm["new"].as<bool>());
  std::optional<io::RecordRowParser> parser;
  std::vector<core::Diagnostic> problems;
  std::vector<io::RecordRow> rows;
  std::int64_t bad_rows = 0;
  io::CsvFormat format = csv_format(vm);
  io::read_csv(file, format, [&](const io::CsvRecord& rec) {
    if (!parser) {
      parser.emplace(file, rec, [&known](const std::string& id) { return known.count(id) > 0; },
                     ids, check);
      problems = parser->header_errors();
      return;
    }
    if (!parser->header_errors().empty()) return;
    std::size_t before = problems.size();
    if (auto row = parser->parse(rec, problems)) rows.push_back(std::move(*row));
    if (problems.size() > before) ++bad_rows;
  });
  if (!parser) throw core::DataError(fmt::format("{}: empty file; expected a header row", file));
  if (!problems.empty()) refuse(file, problems, bad_rows);
  store::ImportResult r;
  try {
    ledger.transaction([&] {
      for (const auto& row : rows) {
        std::size_t before = problems.size();
        if (add_record(ledger, row, file, problems))
          ++r.added;
        else if (problems.size() == before)
          ++r.present;
        else
          ++bad_rows;
      }
      if (!problems.empty()) refuse(file, problems, bad_rows);
      if (dry_run) throw DryRunDone{};
    });
  } catch (const DryRunDone&) {
  }
  ctx.say(summary(r, dry_run, "record", "records", file));
  return 0;
}

void import_setup(po::options_description& d, po::positional_options_description& p) {
  d.add_options()("file", po::value<std::string>()->value_name("FILE.csv"), "the CSV file")
      ("dry-run,n", po::bool_switch(), "check everything and report what would happen; write nothing")
      ("encoding", po::value<std::string>()->value_name("ENC"),
       "the file's encoding when not UTF-8: windows-1253, windows-1252, latin-1, ... (iconv's names)");
  p.add("file", 1);
}

}  // namespace

void add_import_commands(std::vector<Command>& t) {
  t.push_back({"import entries", "import sessions from a CSV file", "import entries FILE.csv [--dry-run] [--encoding ENC] [--decimal-comma] [--allow-future]",
               "Imports entries from CSV (RFC 4180, header row, columns in any order; separated by "
               "commas, semicolons or tabs, found from the header; UTF-8, UTF-16 with a "
               "byte-order mark, or the --encoding given; rows may leave out trailing empty "
               "cells): "
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
                                 "accept rows dated after today")
                     ("decimal-comma", po::bool_switch(),
                      "hours are written 1,5 (the default when columns are separated by ';')");
               },
               cmd_import_entries, Need::ledger_write});
  t.push_back({"import people", "import people from a CSV file", "import people FILE.csv [--dry-run] [--encoding ENC]",
               "Imports people from CSV with columns id, name, optional email and any attr:KEY "
               "columns. All or nothing, like 'import entries'; a row identical to a person "
               "already in the ledger is counted as present.",
               {"balint import people examples/people.csv"},
               import_setup, cmd_import_people, Need::ledger_write});
  t.push_back({"import records",
               "import memberships, enrolments, accreditations and documents from a CSV file",
               "import records FILE.csv [--dry-run] [--new] [--encoding ENC]",
               "Imports the records rule sets look at from one CSV with columns kind, person, "
               "body, family, type, on, from, to, note (the columns a kind does not use may be "
               "left out or empty): kind membership (body, from, optional to), enrolment "
               "(family, on), accreditation (family, on, optional note) or document (type, on, "
               "optional note; the file itself is added with 'document add --file'). Names of "
               "bodies, families and document types must be ones the installed rule sets (or "
               "earlier records) use, unless --new. All or nothing, like 'import entries'; a "
               "record already in the ledger is counted as present, so re-importing is safe.",
               {"balint import records records.csv --dry-run"},
               [](po::options_description& d, po::positional_options_description& p) {
                 import_setup(d, p);
                 d.add_options()("new", po::bool_switch(),
                                 "accept bodies, families and document types no rule set uses");
               },
               cmd_import_records, Need::ledger_write | Need::catalogue});
}

}  // namespace balint::app
