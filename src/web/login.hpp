#pragma once
// Private to web: logging in (shared by the login page and POST /api/login).
#include <cstdint>
#include <optional>
#include <string>

#include "web.hpp"

namespace balint::web {

struct LoginResult {
  int status = 200;  ///< 200, 401 (wrong user or password) or 429 (throttled)
  std::int64_t retry_after = 0;
  std::optional<NewSession> session;
  std::optional<store::Account> account;
};

/// Checks the throttle, then the password; on success ends the session the request came with
/// (a session id chosen before login is never kept) and starts a new one.
LoginResult attempt_login(Call& c, const std::string& user, const std::string& password);

/// The Set-Cookie value for a session token (empty token: a cookie that ends at once).
std::string session_cookie(const Call& c, const std::string& token);

}  // namespace balint::web
