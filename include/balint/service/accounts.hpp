#pragma once
// Web accounts: adding, invitations, passwords (Argon2id), roles, disabling, API tokens.
// Secrets (passwords, invitation and API tokens) are returned once and stored only hashed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "balint/core/date.hpp"
#include "balint/service/errors.hpp"
#include "balint/store/accounts.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// An invitation link's secret and when it stops working.
struct Invitation {
  std::string token;
  std::int64_t expires_at = 0;
};

/// How long an invitation (or a reset) stays usable: 7 days.
constexpr std::int64_t kInvitationSeconds = 7 * 24 * 3600;

/// A fresh random secret: 32 bytes (256 bits), base64url without padding.
std::string random_token();
/// Lower-case hex SHA-256 of a secret: what the ledger keeps of it.
std::string token_hash(std::string_view token);

/// The Argon2id hash of `password` (libsodium's crypto_pwhash_str, interactive limits).
/// UsageError when it is shorter than 10 characters, longer than 1024 bytes or not UTF-8.
std::string hash_password(const std::string& password);
/// True when `password` matches `hash` (constant time inside libsodium).
bool password_matches(const std::string& hash, const std::string& password);

/// Adds an account for an existing person (NotFound otherwise; Conflict when they have one),
/// with a password when given; returns an invitation when `invite`.
struct NewUser {
  std::string person;
  store::AccountRole role = store::AccountRole::member;
  std::optional<std::string> password;
  bool invite = false;
  core::Date on;
  std::int64_t now = 0;
};
std::optional<Invitation> add_user(store::Ledger& ledger, const NewUser& request);

/// The account of `person`; NotFound when they have none.
store::Account account_of(const store::Ledger& ledger, const std::string& person);

/// A new password, or (without one) a new invitation; ends every session of the account and
/// cancels earlier invitations.
std::optional<Invitation> reset_user(store::Ledger& ledger, const std::string& person,
                                     const std::optional<std::string>& password, std::int64_t now);
/// Refused because the change would leave the ledger with no secretary account that can log
/// in (enabled, with a password): the web's office could no longer manage accounts.
struct LockOut : Conflict {
  explicit LockOut(std::string m) : Conflict(std::move(m)) {}
};

/// Disables the account, ends its sessions and revokes its API tokens. With
/// `keep_a_secretary` (the web's pages), LockOut when it is the last secretary account that
/// can log in.
void disable_user(store::Ledger& ledger, const std::string& person, std::int64_t now,
                  bool keep_a_secretary = false);
/// Gives the account `role` and ends its sessions; with `keep_a_secretary`, LockOut when it
/// takes the secretary role from the last secretary account that can log in.
void set_role(store::Ledger& ledger, const std::string& person, store::AccountRole role,
              bool keep_a_secretary = false);
/// A new API token for `person`'s account, printed once.
std::string new_api_token(store::Ledger& ledger, const std::string& person, const std::string& name,
                          std::int64_t now);

/// The one-time link of an invitation, as `balint user add --invite` prints it: `base`
/// (trailing slashes dropped) + "/invite?token=" + the token.
std::string invitation_url(std::string base, const Invitation& invitation);
/// When an invitation expires, as "YYYY-MM-DD HH:MM UTC".
std::string invitation_until(const Invitation& invitation);

/// Sets the password of the account that `token` invited; NotFound when the invitation is
/// unknown, used or expired (nothing changes then). Returns the account id.
std::int64_t accept_invitation(store::Ledger& ledger, const std::string& token,
                               const std::string& password, std::int64_t now);

}  // namespace balint::service
