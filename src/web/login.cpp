#include "login.hpp"

#include <fmt/core.h>

#include "balint/service/accounts.hpp"
#include "throttle.hpp"

namespace balint::web {
namespace {

// A hash to check a password against when the user is unknown or has none, so that the
// answer takes as long as for a real account (no timing oracle for user names).
const std::string& dummy_hash() {
  static const std::string hash = service::hash_password(service::random_token());
  return hash;
}

}  // namespace

LoginResult attempt_login(Call& c, const std::string& user, const std::string& password) {
  store::Accounts accounts(c.ledger);
  LoginResult r;
  r.retry_after = login_wait(accounts, user, c.addr, c.now);
  if (r.retry_after > 0) {
    r.status = 429;
    return r;
  }
  auto account = accounts.by_person(user);
  const bool has_hash = account && !account->password_hash.empty();
  const bool matches =
      service::password_matches(has_hash ? account->password_hash : dummy_hash(), password);
  if (!(has_hash && matches && !account->disabled)) {
    c.ledger.transaction([&] { record_failure(accounts, user, c.addr, c.now); });
    r.status = 401;
    return r;
  }
  c.ledger.transaction([&] {
    record_success(accounts, user, c.addr);
    if (c.who && !c.who->session_hash.empty()) accounts.end_session(c.who->session_hash);
    r.session = start_session(c.ledger, account->id, c.now);
  });
  r.account = account;
  return r;
}

std::string session_cookie(const Call& c, const std::string& token) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                     c.secure ? "__Host-balint" : "balint", token,
                     token.empty() ? 0 : kAbsoluteSeconds, c.secure ? "; Secure" : "");
}

}  // namespace balint::web
