// import entries, people, records: options in, service/imports does the work, a summary out.
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "balint/service/imports.hpp"
#include "balint/service/names.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

std::string file_operand(const po::variables_map& vm) {
  std::string f = opt_str(vm, "file");
  if (f.empty()) throw core::UsageError("a CSV FILE to import is required");
  return f;
}

std::string summary(const store::ImportResult& r, bool dry_run, const char* one, const char* many,
                    const std::string& file) {
  return fmt::format("{} {} from {}; {} already present", dry_run ? "dry run: would add" : "added",
                     core::plural(r.added, one, many), file, r.present);
}

// The encoding and separator of the file, from --encoding (the separator is detected).
io::CsvFormat csv_format(const po::variables_map& vm) {
  io::CsvFormat f;
  f.encoding = opt_str(vm, "encoding");
  if (!f.encoding.empty()) io::iconv_encoding(f.encoding);  // a bad name is a usage error
  return f;
}

int cmd_import_entries(Context& ctx, const po::variables_map& vm) {
  service::ImportRequest q{file_operand(vm)};
  q.dry_run = vm["dry-run"].as<bool>();
  auto& ledger = ctx.ledger();
  q.format = csv_format(vm);
  if (!vm["allow-future"].as<bool>()) q.refuse_after = ctx.as_of;
  q.decimal_comma = vm["decimal-comma"].as<bool>();
  const auto r = service::import_entries(ledger, q);
  ctx.say(summary(r, q.dry_run, "entry", "entries", q.file));
  return 0;
}

int cmd_import_people(Context& ctx, const po::variables_map& vm) {
  service::ImportRequest q{file_operand(vm)};
  q.dry_run = vm["dry-run"].as<bool>();
  auto& ledger = ctx.ledger();
  q.format = csv_format(vm);
  const auto r = service::import_people(ledger, q);
  ctx.say(summary(r, q.dry_run, "person", "people", q.file));
  return 0;
}

// The name check of a records file: the names the rule sets and the ledger use, unless --new.
io::NameCheck name_check(Context& ctx, const store::Ledger& ledger, bool allow_new) {
  if (allow_new) return nullptr;
  return service::record_name_check(ctx.catalogue(), ledger, "give --new to accept new ones");
}

int cmd_import_records(Context& ctx, const po::variables_map& vm) {
  service::ImportRequest q{file_operand(vm)};
  q.dry_run = vm["dry-run"].as<bool>();
  auto& ledger = ctx.ledger();
  q.check_name = name_check(ctx, ledger, vm["new"].as<bool>());
  q.format = csv_format(vm);
  const auto r = service::import_records(ledger, q);
  ctx.say(summary(r, q.dry_run, "record", "records", q.file));
  return 0;
}

void import_setup(po::options_description& d, po::positional_options_description& p) {
  // clang-format off
  d.add_options()("file", po::value<std::string>()->value_name("FILE.csv"), "the CSV file")
      ("dry-run,n", po::bool_switch(), "check everything and report what would happen; write nothing")
      ("encoding", po::value<std::string>()->value_name("ENC"),
       "the file's encoding when not UTF-8: windows-1253, windows-1252, latin-1, ... (iconv's names)");
  // clang-format on
  p.add("file", 1);
}

}  // namespace

void add_import_commands(std::vector<Command>& t) {
  // clang-format off
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
  // clang-format on
  // clang-format off
  t.push_back({"import people", "import people from a CSV file", "import people FILE.csv [--dry-run] [--encoding ENC]",
               "Imports people from CSV with columns id, name, optional email and any attr:KEY "
               "columns. All or nothing, like 'import entries'; a row identical to a person "
               "already in the ledger is counted as present.",
               {"balint import people examples/people.csv"},
               import_setup, cmd_import_people, Need::ledger_write});
  // clang-format on
  // clang-format off
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
  // clang-format on
}

}  // namespace balint::app
