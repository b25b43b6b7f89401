// rules list, rules check; the rule catalogue of the rule directories. Registers progress, accredit
// and waive too (cmd_progress.cpp, cmd_waive.cpp).
#include "cmd_rules.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "balint/core/error.hpp"
#include "balint/render/table.hpp"
#include "balint/rules/loader.hpp"

namespace balint::app {
namespace {

namespace fs = std::filesystem;

std::string effective_to(const rules::RuleSet& rs) {
  return rs.effective_to ? rs.effective_to->iso() : std::string();
}

int cmd_rules_list(Context& ctx, const po::variables_map& vm) {
  auto format = output_format(vm);
  const auto& catalogue = ctx.catalogue();
  if (format == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& rs : catalogue.all())
      arr.push_back(
          {{"id", rs.id},
           {"family", rs.family},
           {"kind", rs.kind},
           {"title", rs.title},
           {"edition", rs.edition},
           {"effective_from", rs.effective_from.iso()},
           {"effective_to", rs.effective_to ? nlohmann::ordered_json(rs.effective_to->iso())
                                            : nlohmann::ordered_json(nullptr)},
           {"file", rs.file}});
    ctx.out << arr.dump(2) << '\n';
    return 0;
  }
  render::Table t{
      {"id", "family", "kind", "edition", "effective_from", "effective_to", "file"}, {}, {}};
  t.wrap = 3;  // the edition; a file's path is not broken
  for (const auto& rs : catalogue.all())
    t.rows.push_back({rs.id, rs.family, rs.kind, rs.edition, rs.effective_from.iso(),
                      effective_to(rs), rs.file});
  if (format == "csv")
    render::write_csv(ctx.out, t);
  else if (t.rows.empty())
    ctx.out << "no rule sets found\n";
  else
    render::write_text(ctx.out, t, ctx.width);
  return 0;
}

int cmd_rules_check(Context&, const po::variables_map& vm) {
  if (!vm.count("file")) throw core::UsageError("rules check needs one or more FILEs");
  const auto& files = vm["file"].as<std::vector<std::string>>();
  auto problems = rules::check_rule_files(files);
  if (problems.empty()) return 0;
  // Every problem is reported; a file that is missing or not a regular file (a folder, a FIFO,
  // a device) decides the exit code.
  bool missing = std::any_of(files.begin(), files.end(), [](const std::string& f) {
    std::error_code ec;
    return !fs::is_regular_file(f, ec);
  });
  std::vector<std::string> lines;
  for (const auto& d : problems) lines.push_back(d.str());
  throw core::Error(missing ? core::Exit::no_input : core::Exit::data, lines);
}

}  // namespace

std::string person_operand(const po::variables_map& vm) {
  std::string id = opt_str(vm, "person");
  if (id.empty()) throw core::UsageError("a PERSON is required");
  return id;
}

void add_rules_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"rules list",
               "list the rule sets found in the rule directories",
               "rules list [--format text|json|csv]",
               "Lists every rule set in the rule directories (--rules-dir, $BALINT_RULES_DIR, the "
               "installed and the source rules/; directories that do not exist are skipped, and "
               "when two directories hold the same id the first one wins): id, family, kind, "
               "edition, effective dates and file.",
               {"balint rules list", "balint --rules-dir my-rules rules list --format json"},
               [](po::options_description& d, po::positional_options_description&) {
                 add_format_option(d);
               },
               cmd_rules_list, Need::catalogue,
               Formats::text_json_csv});
  // clang-format on
  // clang-format off
  t.push_back({"rules check",
               "validate rule files",
               "rules check FILE...",
               "Reads each rule file and reports every problem as FILE:LINE:COL: message (exit "
               "65); says nothing when all are sound.\n\n"
               "A file holds [ruleset] (id, family, kind, title, title_en, title_de, title_el, "
               "body, edition, effective_from, effective_to, supersedes, grandfather, source, note, "
               "accredited_families), [[requirement]] tables and, in a cpd rule set, [[credit]] "
               "rates (where, per_hour, cap_per_day, cap_per_year; a day cap applies to each "
               "day of an entry of several days). A requirement has id, title, title_en, "
               "title_de, title_el, note, essential, accredited_families, when = { attribute, "
               "equals } and exactly one "
               "of:\n"
               "  measure = sessions | hours | cases | days | credits | units | distinct:FIELD,\n"
               "    with at_least/at_most and where, where_not, within, per, share_of;\n"
               "    units needs unit_minutes = N: an entry counts floor(minutes / N) units;\n"
               "    before/after = \"enrolment\" | \"document:TYPE\" | \"accreditation:FAMILY\"\n"
               "    count only entries strictly before, or on and after, that record's date\n"
               "    (the record missing: not met);\n"
               "  membership = BODY;  document = TYPE (within, held_for);\n"
               "  accreditation = FAMILY (held_for);  all_of / any_of = [ids].\n"
               "README.md (Rule files) has the details.",
               {"balint rules check rules/*.toml"},
               [](po::options_description& d, po::positional_options_description& p) {
                 d.add_options()("file", po::value<std::vector<std::string>>()->value_name("FILE"),
                                 "a rule file (TOML)");
                 p.add("file", -1);
               },
               cmd_rules_check, Need::none});
  // clang-format on
  add_progress_commands(t);
  add_waive_command(t);
}

}  // namespace balint::app
