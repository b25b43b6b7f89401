#include "authz.hpp"

#include <array>

namespace balint::web {
namespace {

constexpr unsigned bit(store::AccountRole r) { return 1u << static_cast<unsigned>(r); }
constexpr unsigned M = bit(store::AccountRole::member), L = bit(store::AccountRole::leader),
                   S = bit(store::AccountRole::secretary), A = bit(store::AccountRole::auditor);
constexpr unsigned kAll = M | L | S | A;

// Built in a function: `using enum RouteId` at namespace scope would clash with the handlers of
// the same names (login, log, verify ...) when a unity build compiles the module's files as one.
// clang-format off
std::vector<Route> make_routes() {
  using enum RouteId;
  return {
    // id               method  pattern                          open  roles    subject           action          api
    {home,              "GET",  "/",                             false, kAll,   Subject::self,    Action::read,   false},
    {login_page,        "GET",  "/login",                        true,  0,      Subject::none,    Action::read,   false},
    {login,             "POST", "/login",                        true,  0,      Subject::none,    Action::log,    false},
    {logout,            "POST", "/logout",                       false, kAll,   Subject::self,    Action::read,   false},
    {invite_page,       "GET",  "/invite",                       true,  0,      Subject::none,    Action::read,   false},
    {invite,            "POST", "/invite",                       true,  0,      Subject::none,    Action::log,    false},
    {style,             "GET",  "/style.css",                    true,  0,      Subject::none,    Action::read,   false},
    {healthz,           "GET",  "/healthz",                      true,  0,      Subject::none,    Action::read,   false},
    {verify_page,       "GET",  "/verify",                       true,  0,      Subject::none,    Action::read,   false},
    {verify,            "POST", "/verify",                       true,  0,      Subject::none,    Action::read,   false},
    {log_page,          "GET",  "/log",                          false, M|L|S,  Subject::self,    Action::read,   false},
    {log,               "POST", "/log",                          false, M|L|S,  Subject::person,  Action::log,    false},
    {void_entry,        "POST", "/entries/{}/void",              false, M|L|S,  Subject::entry,   Action::void_own, false},
    {progress_pdf,      "GET",  "/progress.pdf",                 false, kAll,   Subject::self,    Action::read,   false},
    {certificate_pdf,   "GET",  "/certificates/{}",              false, kAll,   Subject::certificate,    Action::read,   false},
    {groups_page,       "GET",  "/groups",                       false, L|S,    Subject::self,    Action::read,   false},
    {group_log,         "POST", "/groups/log",                   false, L|S,    Subject::person,  Action::log,    false},
    {confirm,           "POST", "/entries/{}/confirm",           false, L|S,    Subject::entry,   Action::confirm, false},
    {api_login,         "POST", "/api/login",                    true,  0,      Subject::none,    Action::log,    true},
    {api_logout,        "POST", "/api/logout",                   false, kAll,   Subject::self,    Action::read,   true},
    {api_me,            "GET",  "/api/me",                       false, kAll,   Subject::self,    Action::read,   true},
    {api_progress,      "GET",  "/api/people/{}/progress",       false, kAll,   Subject::person,  Action::read,   true},
    {api_entries,       "GET",  "/api/people/{}/entries",        false, kAll,   Subject::person,  Action::read,   true},
    {api_log,           "POST", "/api/entries",                  false, M|L|S,  Subject::person,  Action::log,    true},
    {api_confirm,       "POST", "/api/entries/{}/confirm",       false, L|S,    Subject::entry,   Action::confirm, true},
    {api_void,          "POST", "/api/entries/{}/void",          false, M|L|S,  Subject::entry,   Action::void_own, true},
    {api_verify,        "GET",  "/api/verify/{}",                true,  0,      Subject::none,    Action::read,   true},
    {register_page,     "GET",  "/register",                     false, S|A,    Subject::none,    Action::read,   false},
    {revoke,            "POST", "/certificates/{}/revoke",       false, S,      Subject::certificate, Action::office, false},
    {audit_page,        "GET",  "/audit",                        false, S|A,    Subject::none,    Action::read,   false},
    {audit_anomalies,   "GET",  "/audit/anomalies",              false, S|A,    Subject::none,    Action::read,   false},
    {audit_csv,         "GET",  "/audit.csv",                    false, S|A,    Subject::none,    Action::read,   false},
    {audit_json,        "GET",  "/audit.json",                   false, S|A,    Subject::none,    Action::read,   false},
    {audit_pdf,         "GET",  "/audit.pdf",                    false, S|A,    Subject::none,    Action::read,   false},
    {audit_letter,      "GET",  "/audit/letters/{}",             false, S|A,    Subject::person,  Action::read,   false},
    {import_page,       "GET",  "/import",                       false, S,      Subject::none,    Action::read,   false},
    {import_file,       "POST", "/import",                       false, S,      Subject::none,    Action::office, false},
    {people_page,       "GET",  "/people",                       false, S|A,    Subject::none,    Action::read,   false},
    {person_add,        "POST", "/people",                       false, S,      Subject::none,    Action::office, false},
    {person_page,       "GET",  "/people/{}",                    false, S|A,    Subject::person,  Action::read,   false},
    {person_set,        "POST", "/people/{}",                    false, S,      Subject::person,  Action::office, false},
    {waive,             "POST", "/people/{}/waive",              false, S,      Subject::person,  Action::office, false},
    {accredit,          "POST", "/people/{}/accredit",           false, S,      Subject::person,  Action::office, false},
    {membership_add,    "POST", "/people/{}/memberships",        false, S,      Subject::person,  Action::office, false},
    {enrolment_add,     "POST", "/people/{}/enrolments",         false, S,      Subject::person,  Action::office, false},
    {document_add,      "POST", "/people/{}/documents",          false, S,      Subject::person,  Action::office, false},
    {accounts_page,     "GET",  "/accounts",                     false, S,      Subject::none,    Action::read,   false},
    {account_add,       "POST", "/accounts",                     false, S,      Subject::none,    Action::office, false},
    {account_role,      "POST", "/accounts/{}/role",             false, S,      Subject::person,  Action::office, false},
    {account_disable,   "POST", "/accounts/{}/disable",          false, S,      Subject::person,  Action::office, false},
    {account_reset,     "POST", "/accounts/{}/reset",            false, S,      Subject::person,  Action::office, false},
    {activity_page,     "GET",  "/activity",                     false, S|A,    Subject::none,    Action::read,   false},
    {activity_csv,      "GET",  "/activity.csv",                 false, S|A,    Subject::none,    Action::read,   false},
    {issue_page,        "GET",  "/issue",                        false, S|A,    Subject::none,    Action::read,   false},
    {issue,             "POST", "/issue",                        false, S,      Subject::none,    Action::office, false},
  };
}
// clang-format on
const std::vector<Route> kRoutes = make_routes();

// `path` against `pattern`; a `{}` takes one non-empty segment without '/'.
bool matches(std::string_view pattern, std::string_view path, std::string* segment) {
  auto hole = pattern.find("{}");
  if (hole == std::string_view::npos) return pattern == path;
  std::string_view head = pattern.substr(0, hole), tail = pattern.substr(hole + 2);
  if (path.size() <= head.size() + tail.size() || path.substr(0, head.size()) != head ||
      path.substr(path.size() - tail.size()) != tail)
    return false;
  std::string_view seg = path.substr(head.size(), path.size() - head.size() - tail.size());
  if (seg.find('/') != std::string_view::npos) return false;
  if (segment) *segment = std::string(seg);
  return true;
}

Access decide(Action action, const Facts& f) {
  const bool secretary = *f.role == store::AccountRole::secretary;
  switch (action) {
    case Action::log:  // a person who need not exist yet answers as one who does
      return f.own || secretary || f.in_led_group ? Access::allow : Access::forbidden;
    case Action::read:
      if (!f.subject_exists) return Access::not_found;
      if (f.own || secretary || *f.role == store::AccountRole::auditor || f.in_led_group)
        return Access::allow;
      return Access::not_found;
    case Action::void_own:
      if (!f.subject_exists) return Access::not_found;
      if (secretary) return Access::allow;
      if (f.own) return f.entry_confirmed ? Access::forbidden : Access::allow;
      return f.in_led_group ? Access::forbidden : Access::not_found;
    case Action::office:  // only the route's roles get here
      return f.subject_exists ? Access::allow : Access::not_found;
    case Action::confirm:
      if (!f.subject_exists) return Access::not_found;
      if (f.own) return Access::forbidden;
      if (secretary || f.in_led_group) return Access::allow;
      return Access::not_found;
  }
  return Access::forbidden;
}

}  // namespace

const std::vector<Route>& routes() { return kRoutes; }

const Route* match(std::string_view method, std::string_view path, std::string* segment) {
  for (const auto& r : kRoutes)
    if ((method == r.method || (method == "HEAD" && std::string_view(r.method) == "GET")) &&
        matches(r.pattern, path, segment))
      return &r;
  return nullptr;
}

Access authorize(const Route& route, const Facts& f) {
  if (route.open) return Access::allow;
  if (!f.role) return Access::unauthenticated;
  if (!(route.roles & bit(*f.role))) return Access::forbidden;
  if (route.subject == Subject::none || route.subject == Subject::self) return Access::allow;
  return decide(route.action, f);
}

std::string_view name(RouteId id) {
  static constexpr std::array<std::string_view, 56> kNames = {
      "home",          "login_page",      "login",           "logout",
      "invite_page",   "invite",          "style",           "healthz",
      "verify_page",   "verify",          "log_page",        "log",
      "void_entry",    "progress_pdf",    "certificate_pdf", "groups_page",
      "group_log",     "confirm",         "api_login",       "api_logout",
      "api_me",        "api_progress",    "api_entries",     "api_log",
      "api_confirm",   "api_void",        "api_verify",      "register_page",
      "revoke",        "audit_page",      "audit_anomalies", "audit_csv",
      "audit_json",    "audit_pdf",       "audit_letter",    "import_page",
      "import_file",   "people_page",     "person_add",      "person_page",
      "person_set",    "waive",           "accredit",        "membership_add",
      "enrolment_add", "document_add",    "accounts_page",   "account_add",
      "account_role",  "account_disable", "account_reset",   "activity_page",
      "activity_csv",  "issue_page",      "issue",           "unknown"};
  return kNames[static_cast<std::size_t>(id)];
}

}  // namespace balint::web
