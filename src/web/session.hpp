#pragma once
// Login sessions (random 256-bit tokens kept hashed, idle and absolute expiry), bearer tokens,
// and the login throttle. Times are Unix seconds, passed in so tests can move the clock.
#include <cstdint>
#include <optional>
#include <string>

#include "balint/store/accounts.hpp"
#include "balint/store/ledger.hpp"

namespace balint::web {

constexpr std::int64_t kIdleSeconds = 2 * 3600;        // a session unused this long ends
constexpr std::int64_t kAbsoluteSeconds = 12 * 3600;   // and every session ends after this
constexpr std::int64_t kTouchEverySeconds = 60;        // last use written at most this often

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

/// The login throttle. Failed logins are counted under three keys, each with its own limits:
/// from the `slow_after`-th failure in a row each attempt waits 2^(n - slow_after) seconds
/// after the last failure (at most 1024 s); from the `lock_after`-th the key is refused for
/// kLockSeconds. A count with no failure for kLockSeconds starts again.
struct ThrottlePolicy {
  std::int64_t slow_after;
  std::int64_t lock_after;
};
/// One account from one address: a guesser is stopped soon; a success clears it.
constexpr ThrottlePolicy kAccountAtAddress{5, 10};
/// One account from anywhere: guessing spread over many addresses is slowed, but a stranger
/// cannot lock a member out from one address (NIST SP 800-63B: at most 100 failures).
constexpr ThrottlePolicy kAccount{20, 100};
/// One address, any account: a password spray is slowed, while the people of a hospital or a
/// society's meeting behind one address can still mistype now and then.
constexpr ThrottlePolicy kAddress{30, 100};
constexpr std::int64_t kLockSeconds = 15 * 60;

/// Seconds to wait before a key with failures `f` may try again (0: now).
std::int64_t throttle_wait(const store::Failures& f, std::int64_t now, ThrottlePolicy p);
/// The counts after one more failure at `now` (a count older than kLockSeconds starts again).
store::Failures after_failure(const store::Failures& f, std::int64_t now);

}  // namespace balint::web
