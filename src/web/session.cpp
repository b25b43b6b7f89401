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

}  // namespace balint::web
