// init, person add|set|list|show.
#include <fmt/core.h>

#include <filesystem>
#include <ostream>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/render/entries.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/people.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

std::vector<std::pair<std::string, std::string>> parse_attrs(const po::variables_map& vm) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!vm.count("attr")) return out;
  for (const auto& kv : vm["attr"].as<std::vector<std::string>>()) {
    auto eq = kv.find('=');
    std::string key = eq == std::string::npos ? kv : kv.substr(0, eq);
    if (eq == std::string::npos || !core::valid_handle(key))
      throw core::UsageError(fmt::format(
          "--attr: '{}' is not KEY=VALUE (KEY of lower-case letters, digits, '.', '_', '-')", kv));
    out.emplace_back(key, text_arg(kv.substr(eq + 1), "--attr"));
  }
  return out;
}

std::string person_id_arg(const po::variables_map& vm) {
  std::string id = opt_str(vm, "id");
  if (id.empty()) throw core::UsageError("a person ID is required");
  if (!core::valid_handle(id))
    throw core::UsageError(fmt::format(
        "'{}' is not a valid person ID (use lower-case letters, digits, '.', '_' and '-')", id));
  return id;
}

int cmd_init(Context& ctx, const po::variables_map&) {
  std::error_code ec;  // an empty file is made a ledger: "created", not "exists"
  bool existed = std::filesystem::exists(ctx.db_path, ec) &&
                 !(std::filesystem::is_regular_file(ctx.db_path, ec) &&
                   std::filesystem::file_size(ctx.db_path, ec) == 0);
  auto& ledger = ctx.ledger();
  ctx.say(existed ? fmt::format("ledger {} already exists (schema version {})", ctx.db_path,
                                ledger.schema_version())
                  : fmt::format("created ledger {}", ctx.db_path));
  return 0;
}

// --name, checked: no control characters, no bidi overrides or isolates (SPEC §8).
std::string name_arg(const po::variables_map& vm) {
  std::string raw = opt_str(vm, "name");
  if (core::valid_utf8(raw))
    if (auto why = core::name_problem(core::trim(raw)))
      throw core::UsageError("--name: the name " + *why);
  return text_arg(raw, "--name");
}

int cmd_person_add(Context& ctx, const po::variables_map& vm) {
  domain::Person p;
  p.id = person_id_arg(vm);
  p.name = name_arg(vm);
  if (p.name.empty()) throw core::UsageError("--name NAME is required and may not be empty");
  p.email = text_arg(opt_str(vm, "email"), "--email");
  for (auto& [k, v] : parse_attrs(vm))
    if (!v.empty()) p.attrs[k] = v;
  try {
    service::add_person(ctx.ledger(), p);
  } catch (const service::Conflict&) {
    throw core::UsageError(fmt::format(
        "person '{}' already exists; change it with 'balint person set {}'", p.id, p.id));
  }
  ctx.say(fmt::format("added {} ({})", p.id, p.name));
  return 0;
}

int cmd_person_set(Context& ctx, const po::variables_map& vm) {
  std::string id = person_id_arg(vm);
  std::optional<std::string> name, email;
  if (vm.count("name")) {
    name = name_arg(vm);
    if (name->empty()) throw core::UsageError("--name may not be empty");
  }
  if (vm.count("email")) email = text_arg(opt_str(vm, "email"), "--email");
  auto attrs = parse_attrs(vm);
  if (!name && !email && attrs.empty())
    throw core::UsageError("nothing to change: give --name, --email or --attr");
  service::change_person(ctx.ledger(), {id, name, email, attrs});
  ctx.say(fmt::format("updated {}", id));
  return 0;
}

int cmd_export_people(Context& ctx, const po::variables_map&) {
  render::write_people_csv(ctx.out, ctx.ledger().people());
  return 0;
}

int cmd_person_list(Context& ctx, const po::variables_map& vm) {
  auto format = output_format(vm);
  auto& ledger = ctx.ledger();
  auto people = ledger.people();
  if (format == "json")
    render::write_people_json(ctx.out, people);
  else if (format == "csv")
    render::write_people_csv(ctx.out, people);
  else
    render::write_people_text(ctx.out, people, ctx.width);
  return 0;
}

int cmd_person_show(Context& ctx, const po::variables_map& vm) {
  std::string id = person_id_arg(vm);
  auto format = output_format(vm, false);
  auto& ledger = ctx.ledger();
  require_person(ledger, id, "person show");
  const auto record = service::person_record(ledger, id);
  if (format == "json")
    render::write_person_json(ctx.out, record);
  else
    render::write_person_text(ctx.out, record);
  return 0;
}

void person_fields(po::options_description& d) {
  // clang-format off
  d.add_options()
      ("name", po::value<std::string>()->value_name("NAME"), "full name in any script (UTF-8)")
      ("email", po::value<std::string>()->value_name("E"), "e-mail address")
      ("attr", po::value<std::vector<std::string>>()->value_name("KEY=VALUE"),
       "an attribute, e.g. psychodynamic_training=yes or registration=GMC 1234567; may be "
       "repeated (person set: an empty VALUE removes it)");
  // clang-format on
}

}  // namespace

void add_people_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"init", "create the ledger (does nothing if it exists)", "init",
               "Creates an empty ledger file (mode 0600, its folder 0700) at --db, $BALINT_DB or "
               "~/.local/share/balint/ledger.sqlite. An existing ledger is left as it is (and "
               "migrated to this version's schema).",
               {"balint --db society.sqlite init"}, nullptr, cmd_init, Need::ledger_create});
  // clang-format on
  // clang-format off
  t.push_back({"person add", "add a person", "person add ID --name NAME [--email E] [--attr KEY=VALUE]...",
               "Adds a person. ID is a short handle of lower-case letters, digits, '.', '_' and "
               "'-'; the name is stored exactly as given, in Unicode NFC.",
               {"balint person add zoe --name 'Ζωή Παπαδοπούλου' --attr psychodynamic_training=yes"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 person_fields(d);
               },
               cmd_person_add, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"person set", "change a person's name, e-mail or attributes",
               "person set ID [--name NAME] [--email E] [--attr KEY=VALUE]...",
               "Changes what is given and leaves the rest. '--attr KEY=' removes an attribute.",
               {"balint person set cailin --name 'Cailín Ó Briain' --attr registration=IMC 401234"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 person_fields(d);
               },
               cmd_person_set, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"export people", "write everyone as CSV, as 'import people' reads it",
               "export people",
               "Writes every person as CSV with the columns of 'import people' (id, name, email, "
               "attr:KEY), the same as 'person list --format csv'; it re-imports as it is.",
               {"balint export people > people.csv"},
               [](po::options_description&, po::positional_options_description&) {},
               cmd_export_people, Need::ledger_read});
  // clang-format on
  // clang-format off
  t.push_back({"person list", "list everyone in the ledger", "person list [--format text|json|csv]",
               "Lists people by ID with their name, e-mail and attributes.",
               {"balint person list --format csv > people.csv"},
               [](po::options_description& d, po::positional_options_description&) {
                 add_format_option(d);
               },
               cmd_person_list, Need::ledger_read, Formats::text_json_csv});
  // clang-format on
  // clang-format off
  t.push_back({"person show", "show one person and their records", "person show ID [--format text|json]",
               "Shows a person with memberships, accreditations, enrolments, documents, waivers "
               "and a count of their entries.",
               {"balint person show zoe"},
               [](po::options_description& d, po::positional_options_description& p) {
                 id_operand(d, p);
                 add_format_option(d, false);
               },
               cmd_person_show, Need::ledger_read, Formats::text_json});
  // clang-format on
}

}  // namespace balint::app
