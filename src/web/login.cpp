#include "login.hpp"

#include <fmt/core.h>

#include "balint/service/accounts.hpp"

namespace balint::web {

LoginResult attempt_login(Call& c, const std::string& user, const std::string& password) {
  store::Accounts accounts(c.ledger);
  const std::string user_key = "user:" + user.substr(0, 100), addr_key = "addr:" + c.addr;
  const auto user_failures = accounts.failures(user_key), addr_failures = accounts.failures(addr_key);
  LoginResult r;
  r.retry_after = std::max(throttle_wait(user_failures, c.now), throttle_wait(addr_failures, c.now));
  if (r.retry_after > 0) {
    r.status = 429;
    return r;
  }
  auto account = accounts.by_person(user);
  bool ok = account && !account->disabled && service::password_matches(account->password_hash, password);
  if (!ok) {
    c.ledger.transaction([&] {
      accounts.set_failures(user_key, after_failure(accounts.failures(user_key), c.now));
      accounts.set_failures(addr_key, after_failure(accounts.failures(addr_key), c.now));
    });
    r.status = 401;
    return r;
  }
  c.ledger.transaction([&] {
    accounts.clear_failures(user_key);
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
