#pragma once
// Login sessions (random 256-bit tokens kept hashed, idle and absolute expiry) and bearer
// tokens. Times are Unix seconds, passed in so tests can move the clock.
#include <cstdint>
#include <optional>
#include <string>

#include "balint/store/accounts.hpp"
#include "balint/store/ledger.hpp"

namespace balint::web {

constexpr std::int64_t kIdleSeconds = 2 * 3600;       // a session unused this long ends
constexpr std::int64_t kAbsoluteSeconds = 12 * 3600;  // and every session ends after this
constexpr std::int64_t kTouchEverySeconds = 60;       // last use written at most this often

/// Who is asking: an account that is not disabled, through a session or an API token.
struct Principal {
  store::Account account;
  std::string session_hash;  ///< empty for an API token
  std::string csrf;          ///< the session's CSRF token; empty for an API token
};

/// A new session: the cookie's value (shown once) and its CSRF token.
struct NewSession {
  std::string token;
  std::string csrf;
};

NewSession start_session(store::Ledger& ledger, std::int64_t account, std::int64_t now);
/// The principal of a session cookie's value; none when unknown, expired, idle too long or the
/// account is disabled (an expired session is deleted).
std::optional<Principal> session_principal(store::Ledger& ledger, const std::string& token,
                                           std::int64_t now);
/// The principal of an API token (Authorization: Bearer).
std::optional<Principal> token_principal(store::Ledger& ledger, const std::string& token);

}  // namespace balint::web
