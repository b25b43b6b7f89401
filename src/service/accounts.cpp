#include "balint/service/accounts.hpp"

#include <fmt/core.h>
#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <semaphore>
#include <thread>

#include "balint/core/text.hpp"
#include "balint/service/errors.hpp"

namespace balint::service {
namespace {

void need_sodium() {
  if (sodium_init() < 0) throw core::InternalError("libsodium failed to initialise");
}

Invitation invite(store::Accounts& accounts, std::int64_t account, std::int64_t now) {
  accounts.cancel_invitations(account, now);
  Invitation inv{random_token(), now + kInvitationSeconds};
  accounts.add_invitation(token_hash(inv.token), account, now, inv.expires_at);
  return inv;
}

// LockOut when `a` is a secretary account that can log in and no other one can.
void keep_secretary(const store::Ledger& ledger, const store::Account& a) {
  auto can_log_in = [](const store::Account& x) {
    return x.role == store::AccountRole::secretary && !x.disabled && !x.password_hash.empty();
  };
  if (!can_log_in(a)) return;
  for (const auto& other : store::Accounts(ledger).all())
    if (other.id != a.id && can_log_in(other)) return;
  throw LockOut(fmt::format(
      "{} has the last secretary account that can log in: give another account the secretary "
      "role (and let it set its password) first",
      a.person));
}

}  // namespace

std::string random_token() {
  need_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_hash(std::string_view token) {
  need_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {
// Argon2id at libsodium's interactive limits takes about 0.1 s of a core and 64 MiB: at most
// one hash or check a core at once, the others wait their turn here (a burst of logins to the
// server would otherwise share the cores among all of them, and hold that much memory each).
class PasswordGate {
 public:
  PasswordGate() : free_(std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 1, 64)) {}
  struct Turn {
    explicit Turn(PasswordGate& g) : gate(g) { gate.free_.acquire(); }
    ~Turn() { gate.free_.release(); }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    PasswordGate& gate;
  };

 private:
  std::counting_semaphore<64> free_;
};

PasswordGate& password_gate() {
  static PasswordGate gate;
  return gate;
}
}  // namespace

std::string hash_password(const std::string& password) {
  need_sodium();
  if (!core::valid_utf8(password)) throw core::UsageError("the password is not valid UTF-8");
  if (core::display_width(password) < 10)
    throw core::UsageError("the password is too short: use at least 10 characters");
  if (password.size() > 1024) throw core::UsageError("the password is longer than 1024 bytes");
  char out[crypto_pwhash_STRBYTES];
  PasswordGate::Turn turn(password_gate());
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw core::InternalError("out of memory while hashing a password");
  return out;
}

bool password_matches(const std::string& hash, const std::string& password) {
  need_sodium();
  if (hash.empty() || password.size() > 1024) return false;
  PasswordGate::Turn turn(password_gate());
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

store::Account account_of(const store::Ledger& ledger, const std::string& person) {
  auto a = store::Accounts(ledger).by_person(person);
  if (!a) throw NotFound(fmt::format("{} has no account; add one with 'balint user add'", person));
  return *a;
}

std::optional<Invitation> add_user(store::Ledger& ledger, const NewUser& r) {
  std::optional<std::string> hash;
  if (r.password) hash = hash_password(*r.password);  // before the write lock: it is slow
  std::optional<Invitation> inv;
  ledger.transaction([&] {
    if (!ledger.has_person(r.person))
      throw NotFound(fmt::format("no person '{}' in the ledger", r.person));
    store::Accounts accounts(ledger);
    if (accounts.by_person(r.person))
      throw Conflict(fmt::format("{} has an account already", r.person));
    auto id = accounts.add(r.person, r.role, r.on);
    if (hash) accounts.set_password_hash(id, *hash);
    if (r.invite) inv = invite(accounts, id, r.now);
    ledger.record({"user add",
                   "account",
                   r.person,
                   {r.person},
                   {{"role", std::string(store::to_string(r.role))},
                    {"password", hash ? "set" : "none"},
                    {"invitation", inv ? "sent" : "none"}}});
  });
  return inv;
}

std::optional<Invitation> reset_user(store::Ledger& ledger, const std::string& person,
                                     const std::optional<std::string>& password, std::int64_t now) {
  std::optional<std::string> hash;
  if (password) hash = hash_password(*password);
  std::optional<Invitation> inv;
  ledger.transaction([&] {
    auto a = account_of(ledger, person);
    store::Accounts accounts(ledger);
    accounts.end_sessions(a.id);
    accounts.cancel_invitations(a.id, now);
    if (hash)
      accounts.set_password_hash(a.id, *hash);
    else
      inv = invite(accounts, a.id, now);
    ledger.record(
        {"user reset",
         "account",
         person,
         {person},
         {{"password", hash ? "set" : "cleared"}, {"invitation", inv ? "sent" : "none"}}});
  });
  return inv;
}

void disable_user(store::Ledger& ledger, const std::string& person, std::int64_t now,
                  bool keep_a_secretary) {
  ledger.transaction([&] {
    auto a = account_of(ledger, person);
    if (keep_a_secretary) keep_secretary(ledger, a);
    store::Accounts accounts(ledger);
    accounts.set_disabled(a.id, true);
    accounts.end_sessions(a.id);
    accounts.revoke_tokens(a.id, now);
    accounts.cancel_invitations(a.id, now);
    ledger.record({"user disable", "account", person, {person}, {}});
  });
}

void set_role(store::Ledger& ledger, const std::string& person, store::AccountRole role,
              bool keep_a_secretary) {
  ledger.transaction([&] {
    auto a = account_of(ledger, person);
    if (keep_a_secretary && role != store::AccountRole::secretary) keep_secretary(ledger, a);
    store::Accounts accounts(ledger);
    accounts.set_role(a.id, role);
    accounts.end_sessions(a.id);  // a session never carries a role it was not granted under
    ledger.record({"user role",
                   "account",
                   person,
                   {person},
                   {{"from", std::string(store::to_string(a.role))},
                    {"to", std::string(store::to_string(role))}}});
  });
}

std::string new_api_token(store::Ledger& ledger, const std::string& person, const std::string& name,
                          std::int64_t now) {
  std::string token = random_token();
  ledger.transaction([&] {
    auto a = account_of(ledger, person);
    if (a.disabled) throw Conflict(fmt::format("the account of {} is disabled", person));
    store::Accounts(ledger).add_token(token_hash(token), a.id, name, now);
    ledger.record({"token add", "account", person, {person}, {{"name", name}}});
  });
  return token;
}

std::string invitation_url(std::string base, const Invitation& inv) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return fmt::format("{}/invite?token={}", base, inv.token);
}

std::string invitation_until(const Invitation& inv) {
  std::time_t t = static_cast<std::time_t>(inv.expires_at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char until[32];
  std::strftime(until, sizeof until, "%Y-%m-%d %H:%M UTC", &tm);
  return until;
}

std::int64_t accept_invitation(store::Ledger& ledger, const std::string& token,
                               const std::string& password, std::int64_t now) {
  const std::string hash = hash_password(password);
  std::int64_t account = 0;
  ledger.transaction([&] {
    store::Accounts accounts(ledger);
    auto id = accounts.invitation(token_hash(token), now);
    auto a = id ? accounts.by_id(*id) : std::nullopt;
    if (!a || a->disabled) throw NotFound("this invitation is unknown, used or expired");
    accounts.use_invitation(token_hash(token), now);
    accounts.set_password_hash(a->id, hash);
    accounts.end_sessions(a->id);
    account = a->id;
    ledger.record({"invitation accept", "account", a->person, {a->person}, {}});
  });
  return account;
}

}  // namespace balint::service
