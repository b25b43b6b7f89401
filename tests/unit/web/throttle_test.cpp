// The login throttle: its three keys and their limits, behind one address and spread over many.
#include <doctest/doctest.h>

#include <string>

#include "temp_ledger.hpp"
#include "throttle.hpp"

using namespace balint::web;
using balint::store::Failures;

TEST_CASE("one key: slowed from slow_after, refused from lock_after, forgotten after 15 minutes") {
  const std::int64_t t = 1'000'000;
  CHECK(throttle_wait({4, t}, t, kAccountAtAddress) == 0);
  CHECK(throttle_wait({5, t}, t, kAccountAtAddress) == 1);  // 2^0 s after the 5th
  CHECK(throttle_wait({6, t}, t, kAccountAtAddress) == 2);
  CHECK(throttle_wait({9, t}, t + 3, kAccountAtAddress) == 13);  // 2^4 = 16, 3 s gone
  CHECK(throttle_wait({9, t}, t + 16, kAccountAtAddress) == 0);
  CHECK(throttle_wait({10, t}, t, kAccountAtAddress) == kLockSeconds);
  CHECK(throttle_wait({10, t}, t + kLockSeconds, kAccountAtAddress) == 0);
  CHECK(throttle_wait({19, t}, t, kAccount) == 0);
  CHECK(throttle_wait({20, t}, t, kAccount) == 1);
  CHECK(throttle_wait({99, t}, t, kAccount) == 1024);  // at most 2^10 s
  CHECK(throttle_wait({100, t}, t, kAccount) == kLockSeconds);
  CHECK(throttle_wait({29, t}, t, kAddress) == 0);
  CHECK(throttle_wait({30, t}, t, kAddress) == 1);
  CHECK(after_failure({}, t).count == 1);
  CHECK(after_failure({3, t}, t + 10).count == 4);
  CHECK(after_failure({3, t}, t + 10).last_at == t + 10);
  CHECK(after_failure({9, t}, t + kLockSeconds).count == 1);  // a quiet quarter of an hour
}

TEST_CASE("the keys of a login") {
  auto keys = throttle_keys("zoe", "192.0.2.7");
  CHECK(keys[0].key == "pair:192.0.2.7 zoe");
  CHECK(keys[1].key == "user:zoe");
  CHECK(keys[2].key == "addr:192.0.2.7");
  CHECK(throttle_keys(std::string(500, 'x'), "a")[1].key.size() == 105);  // "user:" + 100
}

TEST_CASE("a guesser at one address is stopped, the member logs in from elsewhere") {
  TempLedger t;
  balint::store::Accounts a(t.ledger);
  const std::int64_t now = 2'000'000;
  for (int i = 0; i < 10; ++i) record_failure(a, "zoe", "198.51.100.9", now);
  CHECK(login_wait(a, "zoe", "198.51.100.9", now) == kLockSeconds);
  CHECK(login_wait(a, "zoe", "203.0.113.5", now) == 0);   // 10 < 20 for the account
  CHECK(login_wait(a, "ann", "198.51.100.9", now) == 0);  // 10 < 30 for the address
}

TEST_CASE("behind one address: many people's typos do not lock out the rest") {
  TempLedger t;
  balint::store::Accounts a(t.ledger);
  const std::int64_t now = 3'000'000;
  for (int i = 0; i < 29; ++i) record_failure(a, "member" + std::to_string(i), "10.0.0.1", now);
  CHECK(login_wait(a, "member0", "10.0.0.1", now) == 0);
  CHECK(login_wait(a, "someone", "10.0.0.1", now) == 0);
  // A spray: from the 30th failure the whole address waits, and is refused from the 100th.
  record_failure(a, "member29", "10.0.0.1", now);
  CHECK(login_wait(a, "someone", "10.0.0.1", now) == 1);
  for (int i = 30; i < 100; ++i) record_failure(a, "member" + std::to_string(i), "10.0.0.1", now);
  CHECK(login_wait(a, "someone", "10.0.0.1", now) == kLockSeconds);
  CHECK(login_wait(a, "someone", "10.0.0.2", now) == 0);
}

TEST_CASE("guessing one account from many addresses is slowed for the account") {
  TempLedger t;
  balint::store::Accounts a(t.ledger);
  const std::int64_t now = 4'000'000;
  for (int i = 0; i < 20; ++i) record_failure(a, "zoe", "192.0.2." + std::to_string(i), now);
  CHECK(login_wait(a, "zoe", "192.0.2.200", now) == 1);
  CHECK(login_wait(a, "ann", "192.0.2.1", now) == 0);
}

TEST_CASE("a success clears only the account at that address") {
  TempLedger t;
  balint::store::Accounts a(t.ledger);
  const std::int64_t now = 5'000'000;
  for (int i = 0; i < 6; ++i) record_failure(a, "zoe", "192.0.2.1", now);
  CHECK(login_wait(a, "zoe", "192.0.2.1", now) == 2);
  record_success(a, "zoe", "192.0.2.1");
  CHECK(login_wait(a, "zoe", "192.0.2.1", now) == 0);
  CHECK(a.failures("user:zoe").count == 6);
  CHECK(a.failures("addr:192.0.2.1").count == 6);
}
