// user add | list | disable | role | reset | token: the web accounts of `balint serve`.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>
#include <ostream>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/render/table.hpp"
#include "balint/service/accounts.hpp"
#include "command.hpp"

namespace balint::app {
namespace {

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

store::AccountRole role_arg(const std::string& s) {
  auto r = store::parse_account_role(s);
  if (!r)
    throw core::UsageError(
        fmt::format("'{}' is not a role: member, leader, secretary or auditor{}", s,
                    core::did_you_mean(s, {"member", "leader", "secretary", "auditor"})));
  return *r;
}

std::string person_arg(const po::variables_map& vm) {
  std::string p = opt_str(vm, "person");
  if (p.empty()) throw core::UsageError("give the PERSON whose account it is");
  return p;
}

// One line of standard input, without its line end.
std::string password_from_stdin() {
  std::string line;
  if (!std::getline(std::cin, line))
    throw core::UsageError("--password-stdin: nothing on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> password_option(const po::variables_map& vm) {
  if (vm["password-stdin"].as<bool>() && vm["invite"].as<bool>())
    throw core::UsageError("give --password-stdin or --invite, not both");
  if (vm["password-stdin"].as<bool>()) return password_from_stdin();
  return std::nullopt;
}

void print_invitation(const Context& ctx, const po::variables_map& vm, const std::string& person,
                      const service::Invitation& inv) {
  ctx.out << fmt::format("invitation for {} (one use, until {}):\n{}\n", person,
                         service::invitation_until(inv),
                         service::invitation_url(opt_str(vm, "base-url"), inv));
}

int cmd_user_add(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_arg(vm);
  const auto role = role_arg(opt_str(vm, "role"));
  auto password = password_option(vm);
  auto& ledger = ctx.ledger();
  auto inv = service::add_user(ledger,
                               {person, role, password, vm["invite"].as<bool>(), ctx.as_of, now()});
  ctx.say(fmt::format("added the account of {} as {}{}", person, store::to_string(role),
                      password || inv ? "" : "; it has no password yet (balint user reset)"));
  if (inv) print_invitation(ctx, vm, person, *inv);
  return 0;
}

std::string status_of(const store::Account& a) {
  if (a.disabled) return "disabled";
  return a.password_hash.empty() ? "no password" : "active";
}

int cmd_user_list(Context& ctx, const po::variables_map& vm) {
  const auto format = output_format(vm);
  auto& ledger = ctx.ledger();
  render::Table t{{"person", "name", "role", "status", "since"}, {}, {}};
  for (const auto& a : store::Accounts(ledger).all()) {
    auto p = ledger.person(a.person);
    t.rows.push_back({a.person, p ? p->name : "", std::string(store::to_string(a.role)),
                      status_of(a), a.created_on.iso()});
  }
  if (format == "csv") {
    render::write_csv(ctx.out, t);
  } else if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& row : t.rows) {
      nlohmann::json o;
      for (std::size_t i = 0; i < row.size(); ++i) o[t.headers[i]] = row[i];
      arr.push_back(o);
    }
    ctx.out << arr.dump(2) << '\n';
  } else if (t.rows.empty()) {
    ctx.out << "no accounts\n";
  } else {
    render::write_text(ctx.out, t, ctx.width);
  }
  return 0;
}

int cmd_user_disable(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_arg(vm);
  auto& ledger = ctx.ledger();
  service::disable_user(ledger, person, now());
  ctx.say(fmt::format("disabled the account of {}: its sessions and API tokens no longer work",
                      person));
  return 0;
}

int cmd_user_role(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_arg(vm);
  const auto role = role_arg(opt_str(vm, "role"));
  auto& ledger = ctx.ledger();
  service::set_role(ledger, person, role);
  ctx.say(fmt::format("{} is now {}; their sessions were ended", person, store::to_string(role)));
  return 0;
}

int cmd_user_reset(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_arg(vm);
  auto password = password_option(vm);
  auto& ledger = ctx.ledger();
  auto inv = service::reset_user(ledger, person, password, now());
  ctx.say(fmt::format("{}: sessions ended{}", person, password ? ", new password set" : ""));
  if (inv) print_invitation(ctx, vm, person, *inv);
  return 0;
}

int cmd_user_token(Context& ctx, const po::variables_map& vm) {
  const std::string person = person_arg(vm);
  auto& ledger = ctx.ledger();
  ctx.out << service::new_api_token(ledger, person, opt_str(vm, "name"), now()) << '\n';
  return 0;
}

void secret_options(po::options_description& d) {
  // clang-format off
  d.add_options()("password-stdin", po::bool_switch(), "read the password from standard input")
      ("invite", po::bool_switch(), "print a one-time link (valid 7 days) to set the password")
      ("base-url", po::value<std::string>()->value_name("URL")->default_value("http://127.0.0.1:8080"),
       "the server's address, for the invitation link");
  // clang-format on
}

}  // namespace

void add_user_commands(std::vector<Command>& t) {
  // clang-format off
  t.push_back({"user add", "give a person an account for the web server (balint serve)",
               "user add PERSON --role member|leader|secretary|auditor [--password-stdin | --invite]",
               "Adds a web account for a person already in the ledger. A member sees and logs "
               "their own entries; a leader also logs sessions for their groups and confirms "
               "members' entries. --invite prints a one-time link, valid 7 days, where the person "
               "sets their own password (at least 10 characters); passwords are kept only as "
               "Argon2id hashes.",
               {"balint user add zoe --role member --invite",
                "printf '%s\\n' \"$PASSWORD\" | balint user add helen --role leader --password-stdin"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 d.add_options()("role", po::value<std::string>()->value_name("ROLE"),
                                 "member, leader, secretary or auditor");
                 secret_options(d);
               },
               cmd_user_add, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"user list", "list the web accounts", "user list [--format text|json|csv]",
               "Lists every account: person, name, role, and whether it is active, disabled or "
               "still without a password.",
               {"balint user list"},
               [](po::options_description& d, po::positional_options_description&) { add_format_option(d); },
               cmd_user_list, Need::ledger_read, Formats::text_json_csv});
  // clang-format on
  // clang-format off
  t.push_back({"user disable", "stop an account from logging in", "user disable PERSON",
               "Disables the account: its sessions end at once, its API tokens and open "
               "invitations stop working. Entries it made stay.",
               {"balint user disable zoe"}, person_operand_option, cmd_user_disable, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"user role", "change an account's role", "user role PERSON ROLE",
               "Gives the account another role (member, leader, secretary or auditor) and ends its "
               "sessions, so the next login carries the new role.",
               {"balint user role cailin leader"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 d.add_options()("role", po::value<std::string>()->value_name("ROLE"), "the new role");
                 p.add("role", 1);
               },
               cmd_user_role, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"user reset", "a new password or a new invitation link",
               "user reset PERSON [--password-stdin | --invite]",
               "Ends every session of the account and cancels earlier invitations, then sets the "
               "password read from standard input or (by default) prints a new one-time link.",
               {"balint user reset zoe"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 secret_options(d);
               },
               cmd_user_reset, Need::ledger_write});
  // clang-format on
  // clang-format off
  t.push_back({"user token", "an API token for scripts (printed once)", "user token PERSON [--name NAME]",
               "Prints a new bearer token for the JSON API, acting as that account "
               "(Authorization: Bearer TOKEN). Only its hash is kept; 'user disable' revokes it.",
               {"balint user token cailin --name 'monthly export'"},
               [](po::options_description& d, po::positional_options_description& p) {
                 person_operand_option(d, p);
                 d.add_options()("name", po::value<std::string>()->value_name("NAME"),
                                 "what the token is for");
               },
               cmd_user_token, Need::ledger_write});
  // clang-format on
}

}  // namespace balint::app
