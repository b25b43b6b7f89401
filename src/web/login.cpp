#include "login.hpp"

#include <fmt/core.h>

#include <array>

#include "balint/service/accounts.hpp"

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
  const std::string name = user.substr(0, 100);
  const std::array<std::pair<std::string, ThrottlePolicy>, 3> keys = {{
      {"pair:" + c.addr + " " + name, kAccountAtAddress},
      {"user:" + name, kAccount},
      {"addr:" + c.addr, kAddress},
  }};
  LoginResult r;
  for (const auto& [key, policy] : keys)
    r.retry_after = std::max(r.retry_after, throttle_wait(accounts.failures(key), c.now, policy));
  if (r.retry_after > 0) {
    r.status = 429;
    return r;
  }
  auto account = accounts.by_person(user);
  const bool has_hash = account && !account->password_hash.empty();
  const bool matches = service::password_matches(has_hash ? account->password_hash : dummy_hash(), password);
  if (!(has_hash && matches && !account->disabled)) {
    c.ledger.transaction([&] {
      for (const auto& [key, policy] : keys) accounts.set_failures(key, after_failure(accounts.failures(key), c.now));
    });
    r.status = 401;
    return r;
  }
  c.ledger.transaction([&] {
    accounts.clear_failures(keys[0].first);  // the account's and the address's counts decay
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
