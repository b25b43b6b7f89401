// Sessions and API tokens: the cookie's value is never stored, sessions end when idle, at their
// absolute expiry, on logout and when the account is disabled.
#include <doctest/doctest.h>

#include "balint/service/accounts.hpp"
#include "session.hpp"
#include "temp_ledger.hpp"

using namespace balint::web;
using balint::store::AccountRole;
using balint::store::Accounts;

namespace {

std::int64_t account(TempLedger& t, const char* person) {
  return Accounts(t.ledger).add(person, AccountRole::member,
                                *balint::core::Date::parse("2026-01-01"));
}

}  // namespace

TEST_CASE("a new session: 256-bit random token, kept only as its hash") {
  TempLedger t;
  const auto id = account(t, "zoe");
  const std::int64_t now = 1'700'000'000;
  auto s = start_session(t.ledger, id, now);
  CHECK(s.token.size() == 43);  // 32 bytes, base64url without padding
  CHECK(s.csrf.size() == 43);
  CHECK(s.token != s.csrf);
  CHECK(start_session(t.ledger, id, now).token != s.token);
  Accounts a(t.ledger);
  CHECK_FALSE(a.session(s.token).has_value());  // the value itself is not a key
  REQUIRE(a.session(balint::service::token_hash(s.token)).has_value());
  auto who = session_principal(t.ledger, s.token, now + 1);
  REQUIRE(who.has_value());
  CHECK(who->account.person == "zoe");
  CHECK(who->csrf == s.csrf);
  CHECK_FALSE(session_principal(t.ledger, s.token + "x", now).has_value());
  CHECK_FALSE(session_principal(t.ledger, "", now).has_value());
  CHECK_FALSE(session_principal(t.ledger, std::string(200, 'A'), now).has_value());
}

TEST_CASE("idle and absolute expiry, an expired session is deleted") {
  TempLedger t;
  const auto id = account(t, "zoe");
  const std::int64_t now = 1'700'000'000;
  auto idle = start_session(t.ledger, id, now);
  CHECK(session_principal(t.ledger, idle.token, now + kIdleSeconds - 1).has_value());
  // That use moved last_seen (written at most once a minute), so the idle clock starts again.
  CHECK(session_principal(t.ledger, idle.token, now + 2 * kIdleSeconds - 2).has_value());
  CHECK_FALSE(session_principal(t.ledger, idle.token, now + 3 * kIdleSeconds).has_value());
  CHECK_FALSE(Accounts(t.ledger).session(balint::service::token_hash(idle.token)).has_value());

  auto busy = start_session(t.ledger, id, now);
  std::int64_t at = now;
  while (at + kIdleSeconds / 2 < now + kAbsoluteSeconds) {  // used every hour
    at += kIdleSeconds / 2;
    CHECK(session_principal(t.ledger, busy.token, at).has_value());
  }
  CHECK_FALSE(session_principal(t.ledger, busy.token, now + kAbsoluteSeconds).has_value());
}

TEST_CASE("last use is written at most once a minute") {
  TempLedger t;
  const auto id = account(t, "zoe");
  const std::int64_t now = 1'700'000'000;
  auto s = start_session(t.ledger, id, now);
  const auto hash = balint::service::token_hash(s.token);
  session_principal(t.ledger, s.token, now + kTouchEverySeconds - 1);
  CHECK(Accounts(t.ledger).session(hash)->last_seen_at == now);
  session_principal(t.ledger, s.token, now + kTouchEverySeconds);
  CHECK(Accounts(t.ledger).session(hash)->last_seen_at == now + kTouchEverySeconds);
}

TEST_CASE("logout and a disabled account end sessions and tokens") {
  TempLedger t;
  const auto id = account(t, "zoe");
  const std::int64_t now = 1'700'000'000;
  auto s = start_session(t.ledger, id, now);
  Accounts a(t.ledger);
  a.end_session(balint::service::token_hash(s.token));
  CHECK_FALSE(session_principal(t.ledger, s.token, now).has_value());

  auto s2 = start_session(t.ledger, id, now);
  const std::string token = "an-api-token-of-forty-three-characters-long";
  a.add_token(balint::service::token_hash(token), id, "script", now);
  REQUIRE(token_principal(t.ledger, token).has_value());
  CHECK(token_principal(t.ledger, token)->session_hash.empty());  // no CSRF for tokens
  CHECK_FALSE(token_principal(t.ledger, token + "x").has_value());
  a.set_disabled(id, true);
  CHECK_FALSE(session_principal(t.ledger, s2.token, now).has_value());
  CHECK_FALSE(token_principal(t.ledger, token).has_value());
}
