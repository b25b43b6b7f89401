#include "session.hpp"

#include <algorithm>

#include "balint/service/accounts.hpp"

namespace balint::web {

NewSession start_session(store::Ledger& ledger, std::int64_t account, std::int64_t now) {
  NewSession s{service::random_token(), service::random_token()};
  store::Accounts(ledger).add_session(service::token_hash(s.token),
                                      {account, s.csrf, now, now, now + kAbsoluteSeconds});
  return s;
}

std::optional<Principal> session_principal(store::Ledger& ledger, const std::string& token,
                                           std::int64_t now) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  store::Accounts accounts(ledger);
  const std::string hash = service::token_hash(token);
  auto s = accounts.session(hash);
  if (!s) return std::nullopt;
  if (s->expires_at <= now || s->last_seen_at + kIdleSeconds <= now) {
    accounts.end_session(hash);
    return std::nullopt;
  }
  auto a = accounts.by_id(s->account);
  if (!a || a->disabled) return std::nullopt;
  if (now - s->last_seen_at >= kTouchEverySeconds) accounts.touch_session(hash, now);
  return Principal{*a, hash, s->csrf};
}

std::optional<Principal> token_principal(store::Ledger& ledger, const std::string& token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  store::Accounts accounts(ledger);
  auto id = accounts.token(service::token_hash(token));
  auto a = id ? accounts.by_id(*id) : std::nullopt;
  if (!a || a->disabled) return std::nullopt;
  return Principal{*a, "", ""};
}

std::int64_t throttle_wait(const store::Failures& f, std::int64_t now, ThrottlePolicy p) {
  if (f.count >= p.lock_after) return std::max<std::int64_t>(0, f.last_at + kLockSeconds - now);
  if (f.count >= p.slow_after) {
    std::int64_t delay = std::int64_t{1} << std::min<std::int64_t>(f.count - p.slow_after, 10);
    return std::max<std::int64_t>(0, f.last_at + delay - now);
  }
  return 0;
}

store::Failures after_failure(const store::Failures& f, std::int64_t now) {
  if (f.count > 0 && now - f.last_at >= kLockSeconds) return {1, now};
  return {f.count + 1, now};
}

}  // namespace balint::web
