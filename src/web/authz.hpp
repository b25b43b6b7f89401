#pragma once
// The authorisation table: every route, who may use it, and one function that decides before
// any handler runs. A person's data that the caller may not see answers 404, never 403, so
// ids cannot be probed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/store/accounts.hpp"

namespace balint::web {

enum class RouteId {
  home,
  login_page,
  login,
  logout,
  invite_page,
  invite,
  style,
  healthz,
  verify_page,
  verify,
  log_page,
  log,
  void_entry,
  progress_pdf,
  certificate_pdf,
  groups_page,
  group_log,
  confirm,
  api_login,
  api_logout,
  api_me,
  api_progress,
  api_entries,
  api_log,
  api_confirm,
  api_void,
  api_verify,
  register_page,
  revoke,
  audit_page,
  audit_anomalies,
  audit_csv,
  audit_json,
  audit_pdf,
  audit_letter,
  import_page,
  import_file,
  people_page,
  person_add,
  person_page,
  person_set,
  waive,
  accredit,
  membership_add,
  enrolment_add,
  document_add,
  accounts_page,
  account_add,
  account_role,
  account_disable,
  account_reset,
  activity_page,
  activity_csv,
  issue_page,
  issue,
  unknown,  ///< no route matches: a 404 page (not in the table)
};

/// Whose data a route touches.
enum class Subject { none, self, person, entry, certificate };

/// What a route does to its subject: reads it, logs entries for it, voids one of its own
/// entries, confirms someone else's entry, or changes it as the society's office (revoking a
/// certificate: the route's roles say who).
enum class Action { read, log, void_own, confirm, office };

struct Route {
  RouteId id;
  const char* method;
  const char* pattern;  ///< literal path, or with one `{}` standing for a path segment
  bool open;            ///< no login needed
  unsigned roles;       ///< bit per store::AccountRole allowed, when not open
  Subject subject;
  Action action;
  bool api;  ///< JSON answers (401 instead of a redirect to the login page)
};

/// Every route of the server.
const std::vector<Route>& routes();
/// The route of `method` and `path` and its `{}` segment; nullopt when none (404).
const Route* match(std::string_view method, std::string_view path, std::string* segment);

/// The caller's relation to the subject, found out before any handler runs.
struct Facts {
  std::optional<store::AccountRole> role;  ///< none when not logged in
  bool subject_exists = false;
  bool own = false;              ///< the subject is the caller or the caller's entry
  bool in_led_group = false;     ///< the subject's person or entry is in a group the caller leads
  bool entry_confirmed = false;  ///< for entries: verified already
};

enum class Access { allow, unauthenticated, forbidden, not_found };

/// The one decision, from the table and the facts.
Access authorize(const Route& route, const Facts& facts);

/// The route's name, for logs and tests.
std::string_view name(RouteId id);

}  // namespace balint::web
