#pragma once
// The login throttle. Failed logins are counted in the ledger under three keys, each with its
// own limits: from the `slow_after`-th failure in a row each attempt waits 2^(n - slow_after)
// seconds after the last failure (at most 1024 s); from the `lock_after`-th the key is refused
// for kLockSeconds. A count with no failure for kLockSeconds starts again. Times are Unix
// seconds, passed in so tests can move the clock.
#include <array>
#include <cstdint>
#include <string>

#include "balint/store/accounts.hpp"

namespace balint::web {

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

/// A key under which failures are counted, and its limits.
struct ThrottleKey {
  std::string key;
  ThrottlePolicy policy;
};
/// The keys of a login as `user` from `addr` (the user name cut to 100 bytes).
std::array<ThrottleKey, 3> throttle_keys(const std::string& user, const std::string& addr);

/// Seconds before `user` may try again from `addr` (0: now).
std::int64_t login_wait(const store::Accounts& accounts, const std::string& user,
                        const std::string& addr, std::int64_t now);
/// Counts a failed login under every key (call inside a write transaction).
void record_failure(store::Accounts& accounts, const std::string& user, const std::string& addr,
                    std::int64_t now);
/// A successful login clears the account-at-address count; the account's and the address's
/// counts only decay, so that logging into one's own account does not reset a spray.
void record_success(store::Accounts& accounts, const std::string& user, const std::string& addr);

}  // namespace balint::web
