// The authorisation table (src/web/authz.cpp): routes matched, and every route x role x
// relation to the data decided as the README's "Roles" promise, written out here by hand.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "authz.hpp"

using namespace balint::web;
using balint::store::AccountRole;

namespace {

const std::vector<AccountRole> kRoles = {AccountRole::member, AccountRole::leader,
                                         AccountRole::secretary, AccountRole::auditor};

// Who may use each route at all (with their own data), from the README: members log and void
// their own, leaders also log for their groups and confirm, secretaries do everything members
// and leaders do for anyone, auditors read and change nothing.
const std::map<std::string, std::set<std::string>> kWhoMay = {
    {"GET /", {"member", "leader", "secretary", "auditor"}},
    {"POST /logout", {"member", "leader", "secretary", "auditor"}},
    {"GET /log", {"member", "leader", "secretary"}},
    {"POST /log", {"member", "leader", "secretary"}},
    {"POST /entries/{}/void", {"member", "leader", "secretary"}},
    {"GET /progress.pdf", {"member", "leader", "secretary", "auditor"}},
    {"GET /certificates/{}", {"member", "leader", "secretary", "auditor"}},
    {"GET /groups", {"leader", "secretary"}},
    {"POST /groups/log", {"leader", "secretary"}},
    {"POST /entries/{}/confirm", {"leader", "secretary"}},
    {"POST /api/logout", {"member", "leader", "secretary", "auditor"}},
    {"GET /api/me", {"member", "leader", "secretary", "auditor"}},
    {"GET /api/people/{}/progress", {"member", "leader", "secretary", "auditor"}},
    {"GET /api/people/{}/entries", {"member", "leader", "secretary", "auditor"}},
    {"POST /api/entries", {"member", "leader", "secretary"}},
    {"POST /api/entries/{}/confirm", {"leader", "secretary"}},
    {"POST /api/entries/{}/void", {"member", "leader", "secretary"}},
    {"GET /register", {"secretary", "auditor"}},
    {"POST /certificates/{}/revoke", {"secretary"}},
    {"GET /audit", {"secretary", "auditor"}},
    {"GET /audit/anomalies", {"secretary", "auditor"}},
    {"GET /audit.csv", {"secretary", "auditor"}},
    {"GET /audit.json", {"secretary", "auditor"}},
    {"GET /audit.pdf", {"secretary", "auditor"}},
    {"GET /audit/letters/{}", {"secretary", "auditor"}},
    {"GET /import", {"secretary"}},
    {"POST /import", {"secretary"}},
    {"GET /people", {"secretary", "auditor"}},
    {"POST /people", {"secretary"}},
    {"GET /people/{}", {"secretary", "auditor"}},
    {"POST /people/{}", {"secretary"}},
    {"POST /people/{}/waive", {"secretary"}},
    {"POST /people/{}/accredit", {"secretary"}},
    {"POST /people/{}/memberships", {"secretary"}},
    {"POST /people/{}/enrolments", {"secretary"}},
    {"POST /people/{}/documents", {"secretary"}},
    {"GET /accounts", {"secretary"}},
    {"POST /accounts", {"secretary"}},
    {"POST /accounts/{}/role", {"secretary"}},
    {"POST /accounts/{}/disable", {"secretary"}},
    {"POST /accounts/{}/reset", {"secretary"}},
    {"GET /activity", {"secretary", "auditor"}},
    {"GET /activity.csv", {"secretary", "auditor"}},
    {"GET /issue", {"secretary", "auditor"}},
    {"POST /issue", {"secretary"}},
};
const std::set<std::string> kOpen = {
    "GET /login",   "POST /login", "GET /invite",  "POST /invite",    "GET /style.css",
    "GET /healthz", "GET /verify", "POST /verify", "POST /api/login", "GET /api/verify/{}"};

std::string key(const Route& r) { return std::string(r.method) + " " + r.pattern; }

std::string role_name(AccountRole r) { return std::string(balint::store::to_string(r)); }

// The caller's relation to the data of a route.
enum class Rel { own, led, other, missing };

Facts facts(AccountRole role, Rel rel, bool confirmed = false) {
  Facts f;
  f.role = role;
  f.subject_exists = rel != Rel::missing;
  f.own = rel == Rel::own;
  f.in_led_group = rel == Rel::led && role == AccountRole::leader;
  f.entry_confirmed = confirmed;
  return f;
}

}  // namespace

TEST_CASE("every route is in the written-out table, once") {
  std::set<std::string> seen;
  for (const auto& r : routes()) {
    const std::string k = key(r);
    CHECK_MESSAGE(seen.insert(k).second, k << " twice");
    CHECK_MESSAGE((kWhoMay.count(k) + kOpen.count(k)) == 1, k << " is not in the test's table");
    CHECK(r.open == (kOpen.count(k) == 1));
    CHECK(r.api == (k.find(" /api/") != std::string::npos));
    CHECK(!name(r.id).empty());
  }
  CHECK(seen.size() == kWhoMay.size() + kOpen.size());
}

TEST_CASE("matching a request to a route") {
  std::string seg;
  const Route* r = match("GET", "/api/people/zoe/progress", &seg);
  REQUIRE(r);
  CHECK(r->id == RouteId::api_progress);
  CHECK(seg == "zoe");
  CHECK(match("HEAD", "/verify", nullptr)->id == RouteId::verify_page);
  CHECK(match("POST", "/entries/12/void", &seg)->id == RouteId::void_entry);
  CHECK(seg == "12");
  CHECK(match("GET", "/entries/12/void", nullptr) == nullptr);          // wrong method
  CHECK(match("GET", "/api/people//progress", nullptr) == nullptr);     // empty segment
  CHECK(match("GET", "/api/people/a/b/progress", nullptr) == nullptr);  // segment with '/'
  CHECK(match("GET", "/api/people/zoe/progress/", nullptr) == nullptr);
  CHECK(match("GET", "/nowhere", nullptr) == nullptr);
  CHECK(match("DELETE", "/", nullptr) == nullptr);
}

TEST_CASE("not logged in: open routes only, the rest ask for a login") {
  for (const auto& r : routes()) {
    Facts none;
    CHECK_MESSAGE(authorize(r, none) == (r.open ? Access::allow : Access::unauthenticated), key(r));
  }
}

TEST_CASE("each role with its own data: allowed exactly where the table says") {
  for (const auto& r : routes()) {
    if (r.open) continue;
    for (auto role : kRoles) {
      const bool may = kWhoMay.at(key(r)).count(role_name(role)) > 0;
      // Confirming one's own entry is never allowed, whatever the role (below).
      if (r.action == Action::confirm) continue;
      CHECK_MESSAGE(
          authorize(r, facts(role, Rel::own)) == (may ? Access::allow : Access::forbidden),
          key(r) << " as " << role_name(role));
    }
  }
}

TEST_CASE("another person's data answers 404, never 403, to those who may not see it") {
  const Route* entries = match("GET", "/api/people/x/entries", nullptr);
  const Route* cert = match("GET", "/certificates/x", nullptr);
  for (const Route* r : {entries, cert}) {
    CHECK(authorize(*r, facts(AccountRole::member, Rel::other)) == Access::not_found);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::other)) == Access::not_found);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::led)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::auditor, Rel::other)) == Access::allow);
    for (auto role : kRoles) CHECK(authorize(*r, facts(role, Rel::missing)) == Access::not_found);
  }
}

TEST_CASE("revoking: the secretary only, any certificate, an unknown one is 404") {
  const Route* r = match("POST", "/certificates/CPD-2026-000001/revoke", nullptr);
  REQUIRE(r);
  CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other)) == Access::allow);
  CHECK(authorize(*r, facts(AccountRole::secretary, Rel::missing)) == Access::not_found);
  for (auto role : {AccountRole::member, AccountRole::leader, AccountRole::auditor})
    for (auto rel : {Rel::own, Rel::led, Rel::other, Rel::missing})
      CHECK(authorize(*r, facts(role, rel)) == Access::forbidden);
}

TEST_CASE(
    "the audit's pages: secretary and auditor only, a letter of anyone, an unknown person 404") {
  for (const char* path : {"/audit", "/audit/anomalies", "/audit.csv", "/audit.json", "/audit.pdf",
                           "/audit/letters/zoe"}) {
    const Route* r = match("GET", path, nullptr);
    REQUIRE(r);
    CAPTURE(path);
    for (auto role : {AccountRole::secretary, AccountRole::auditor})
      CHECK(authorize(*r, facts(role, Rel::other)) == Access::allow);
    for (auto role : {AccountRole::member, AccountRole::leader})
      for (auto rel : {Rel::own, Rel::led, Rel::other, Rel::missing})
        CHECK(authorize(*r, facts(role, rel)) == Access::forbidden);
  }
  const Route* letter = match("GET", "/audit/letters/nobody", nullptr);
  CHECK(authorize(*letter, facts(AccountRole::auditor, Rel::missing)) == Access::not_found);
  CHECK(authorize(*letter, facts(AccountRole::secretary, Rel::missing)) == Access::not_found);
}

TEST_CASE("logging for others: a leader for their group, the secretary for anyone") {
  for (const char* path : {"/log", "/groups/log", "/api/entries"}) {
    const Route* r = match("POST", path, nullptr);
    REQUIRE(r);
    CAPTURE(path);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::auditor, Rel::own)) == Access::forbidden);
    if (r->id == RouteId::group_log) continue;  // members never reach it
    CHECK(authorize(*r, facts(AccountRole::member, Rel::other)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::other)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::led)) == Access::allow);
  }
}

TEST_CASE("voiding: one's own unconfirmed entry, the secretary any") {
  for (const char* path : {"/entries/1/void", "/api/entries/1/void"}) {
    const Route* r = match("POST", path, nullptr);
    CAPTURE(path);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::own)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::own, true)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::other)) == Access::not_found);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::led)) ==
          Access::forbidden);  // sees it, may not
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::other)) == Access::not_found);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other, true)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::auditor, Rel::other)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::missing)) == Access::not_found);
  }
}

TEST_CASE("confirming: a leader their group's entries, never their own") {
  for (const char* path : {"/entries/1/confirm", "/api/entries/1/confirm"}) {
    const Route* r = match("POST", path, nullptr);
    CAPTURE(path);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::led)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::own)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::other)) == Access::not_found);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::own)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::own)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::member, Rel::other)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::auditor, Rel::other)) == Access::forbidden);
    CHECK(authorize(*r, facts(AccountRole::leader, Rel::missing)) == Access::not_found);
  }
}

TEST_CASE("records and accounts: the secretary writes them for anyone, an unknown person 404") {
  for (const char* path :
       {"/people/zoe/memberships", "/people/zoe/enrolments", "/people/zoe/documents",
        "/accounts/zoe/role", "/accounts/zoe/disable", "/accounts/zoe/reset", "/accounts"}) {
    std::string seg;
    const Route* r = match("POST", path, &seg);
    REQUIRE(r);
    CAPTURE(path);
    CHECK(r->action == Action::office);
    const bool has_person = r->subject == Subject::person;
    if (has_person) CHECK(seg == "zoe");
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::other)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::own)) == Access::allow);
    CHECK(authorize(*r, facts(AccountRole::secretary, Rel::missing)) ==
          (has_person ? Access::not_found : Access::allow));
    // The auditor reads the person page, never writes a record or touches an account.
    for (auto role : {AccountRole::member, AccountRole::leader, AccountRole::auditor})
      for (auto rel : {Rel::own, Rel::led, Rel::other, Rel::missing})
        CHECK(authorize(*r, facts(role, rel)) == Access::forbidden);
  }
  const Route* list = match("GET", "/accounts", nullptr);
  REQUIRE(list);
  CHECK(list->id == RouteId::accounts_page);
  CHECK(authorize(*list, facts(AccountRole::secretary, Rel::other)) == Access::allow);
  for (auto role : {AccountRole::member, AccountRole::leader, AccountRole::auditor})
    CHECK(authorize(*list, facts(role, Rel::own)) == Access::forbidden);
  CHECK(match("GET", "/people/zoe/documents", nullptr) == nullptr);  // nothing to read there
  CHECK(match("POST", "/accounts/zoe/role/x", nullptr) == nullptr);
}
