#include "throttle.hpp"

#include <algorithm>

namespace balint::web {

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

std::array<ThrottleKey, 3> throttle_keys(const std::string& user, const std::string& addr) {
  const std::string name = user.substr(0, 100);
  return {{{"pair:" + addr + " " + name, kAccountAtAddress},
           {"user:" + name, kAccount},
           {"addr:" + addr, kAddress}}};
}

std::int64_t login_wait(const store::Accounts& accounts, const std::string& user,
                        const std::string& addr, std::int64_t now) {
  std::int64_t wait = 0;
  for (const auto& k : throttle_keys(user, addr))
    wait = std::max(wait, throttle_wait(accounts.failures(k.key), now, k.policy));
  return wait;
}

void record_failure(store::Accounts& accounts, const std::string& user, const std::string& addr,
                    std::int64_t now) {
  for (const auto& k : throttle_keys(user, addr))
    accounts.set_failures(k.key, after_failure(accounts.failures(k.key), now));
}

void record_success(store::Accounts& accounts, const std::string& user, const std::string& addr) {
  accounts.clear_failures(throttle_keys(user, addr)[0].key);
}

}  // namespace balint::web
