// The secretary's web accounts (GET and POST /accounts, POST /accounts/ID/role|disable|reset):
// every account as `balint user list` lists it; adding one for a person with a role and an
// invitation, a new role, disabling, a new invitation: `balint user add --invite`, `user role`,
// `user disable`, `user reset`, through the same service functions. An invitation's link is
// shown once, on the page that answers the request that made it, never in a URL. The office
// cannot lock itself out: the last secretary account that can log in is neither disabled nor
// given another role here.
#include <fmt/core.h>

#include <array>
#include <ctime>
#include <string_view>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "balint/service/accounts.hpp"
#include "balint/service/errors.hpp"
#include "pages.hpp"
#include "secretary.hpp"

namespace balint::web {
namespace {

constexpr std::array<std::string_view, 4> kAccountRoles = {"member", "leader", "secretary",
                                                           "auditor"};

std::string account_done(const Call& c) {
  const std::string done = c.param("done");
  if (done == "role") return tr("The role was changed; the account's sessions were ended.");
  if (done == "disabled")
    return tr("The account was disabled: its sessions, API tokens and invitations no longer work.");
  return "";
}

std::string status_text(const store::Account& a) {
  if (a.disabled) return tr("disabled");
  return a.password_hash.empty() ? tr("no password yet") : tr("active");
}

// The server's own address, for the invitation link: the origin this request came to (a
// write's Origin was checked to be this).
std::string base_url(const Call& c) {
  return (c.secure ? "https://" : "http://") + c.req.get_header_value("Host");
}

struct Shown {
  std::string person, url, until;
};

void accounts_page(Call& c, const std::string& error = {}, int status = 200,
                   const Shown& invitation = {}) {
  mstch::array rows;
  for (const auto& a : store::Accounts(c.ledger).all()) {
    auto p = c.ledger.person(a.person);
    rows.push_back(mstch::map{{"person", a.person},
                              {"name", core::printable(p ? p->name : std::string())},
                              {"role", role_label(store::to_string(a.role))},
                              {"status", status_text(a)},
                              {"since", a.created_on.iso()},
                              {"disabled", a.disabled},
                              {"me", a.person == c.who->account.person},
                              {"roles", role_choices(std::string(store::to_string(a.role)))},
                              {"csrf", c.who->csrf}});
  }
  mstch::map data{{"rows", rows},
                  {"has_rows", !rows.empty()},
                  {"error", error},
                  {"message", account_done(c)},
                  {"new_person", c.req.method == "POST" ? c.param("person") : std::string()},
                  {"roles", role_choices(c.param("role").empty() ? "member" : c.param("role"))}};
  if (!invitation.url.empty()) {
    data["invited"] = true;
    data["invited_person"] = invitation.person;
    data["invitation_url"] = invitation.url;
    data["invitation_until"] = invitation.until;
  }
  send_page(c, "accounts", tr("Accounts"), std::move(data), status);
}

std::optional<store::AccountRole> role_field(const Call& c) {
  return store::parse_account_role(c.param("role"));
}

void show_invitation(Call& c, const std::string& person, const service::Invitation& inv) {
  accounts_page(
      c, {}, 200,
      {person, service::invitation_url(base_url(c), inv), service::invitation_until(inv)});
}

void account_add(Call& c) {
  const std::string person(core::trim(c.param("person")));
  auto role = role_field(c);
  if (!role)
    return accounts_page(c, tr("Choose a role: member, leader, secretary or auditor."), 400);
  if (!core::valid_handle(person)) return accounts_page(c, tr("Give the person's id."), 400);
  try {
    auto inv = service::add_user(c.ledger, {person, *role, std::nullopt, true, c.today, c.now});
    show_invitation(c, person, *inv);
  } catch (const service::NotFound&) {
    accounts_page(
        c, tr("There is no such person in the ledger: add them on the People page first."), 404);
  } catch (const service::Conflict&) {
    accounts_page(c, tr("This person has an account already."), 409);
  }
}

void account_role(Call& c) {
  auto role = role_field(c);
  if (!role)
    return accounts_page(c, tr("Choose a role: member, leader, secretary or auditor."), 400);
  try {
    service::set_role(c.ledger, c.segment, *role, true);
    redirect(c, "/accounts?done=role");
  } catch (const service::LockOut&) {
    accounts_page(c, lock_out_message(), 409);
  } catch (const service::NotFound&) {
    accounts_page(c, tr("This person has no account."), 404);
  }
}

void account_disable(Call& c) {
  try {
    service::disable_user(c.ledger, c.segment, c.now, true);
    redirect(c, "/accounts?done=disabled");
  } catch (const service::LockOut&) {
    accounts_page(c, lock_out_message(), 409);
  } catch (const service::NotFound&) {
    accounts_page(c, tr("This person has no account."), 404);
  }
}

void account_reset(Call& c) {
  try {
    auto a = service::account_of(c.ledger, c.segment);
    if (a.disabled) return accounts_page(c, tr("This account is disabled."), 409);
    auto inv = service::reset_user(c.ledger, c.segment, std::nullopt, c.now);
    show_invitation(c, c.segment, *inv);
  } catch (const service::NotFound&) {
    accounts_page(c, tr("This person has no account."), 404);
  }
}

}  // namespace

std::string lock_out_message() {
  return tr(
      "Refused: this is the last secretary account that can log in, and the office would be "
      "locked out. Give another account the secretary role (and let its holder set a password) "
      "first.");
}

std::string role_label(std::string_view role) {
  if (role == "member") return tr("member");
  if (role == "leader") return tr("leader");
  if (role == "secretary") return tr("secretary");
  if (role == "auditor") return tr("auditor");
  return std::string(role);
}

mstch::array role_choices(const std::string& selected) {
  mstch::array out;
  for (auto r : kAccountRoles)
    out.push_back(mstch::map{
        {"value", std::string(r)}, {"label", role_label(r)}, {"selected", r == selected}});
  return out;
}

void handle_accounts_page(Call& c) {
  switch (c.route.id) {
    case RouteId::accounts_page: return accounts_page(c);
    case RouteId::account_add: return account_add(c);
    case RouteId::account_role: return account_role(c);
    case RouteId::account_disable: return account_disable(c);
    case RouteId::account_reset: return account_reset(c);
    default: throw core::InternalError("not an accounts page");
  }
}

}  // namespace balint::web
