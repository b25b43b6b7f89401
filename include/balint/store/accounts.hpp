#pragma once
// Web accounts (one per person), their sessions, invitations, API tokens, and the counts behind
// the login throttle. Secrets are never stored: only hashes the caller computes. Times are Unix
// seconds. Works on the Ledger's own connection, so it shares the Ledger's transactions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {

enum class AccountRole { member, leader, secretary, auditor };
std::string_view to_string(AccountRole r);
std::optional<AccountRole> parse_account_role(std::string_view s);

struct Account {
  std::int64_t id = 0;
  std::string person;
  AccountRole role = AccountRole::member;
  std::string password_hash;  ///< Argon2id string; empty until a password is set
  bool disabled = false;
  core::Date created_on;
};

/// A login session (the token's hash is its key).
struct SessionRecord {
  std::int64_t account = 0;
  std::string csrf;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;  ///< absolute expiry
};

/// Failed logins counted under one key ("user:ID", "addr:IP").
struct Failures {
  std::int64_t count = 0;
  std::int64_t last_at = 0;
};

class Accounts {
 public:
  /// Reads and writes through `ledger`'s connection (writes need it opened for writing).
  explicit Accounts(const Ledger& ledger) : ledger_(ledger) {}

  std::optional<Account> by_person(const std::string& person) const;
  std::optional<Account> by_id(std::int64_t id) const;
  std::vector<Account> all() const;
  /// Adds an account for an existing person; returns its id.
  std::int64_t add(const std::string& person, AccountRole role, core::Date on);
  void set_password_hash(std::int64_t account, const std::string& hash);
  void set_role(std::int64_t account, AccountRole role);
  void set_disabled(std::int64_t account, bool disabled);

  void add_session(const std::string& token_hash, const SessionRecord& s);
  std::optional<SessionRecord> session(const std::string& token_hash) const;
  void touch_session(const std::string& token_hash, std::int64_t now);
  void end_session(const std::string& token_hash);
  /// Ends every session of the account (logout everywhere, a new password, disabling).
  void end_sessions(std::int64_t account);
  /// Deletes sessions past their absolute expiry or idle since `idle_before`.
  void purge_sessions(std::int64_t now, std::int64_t idle_before);

  void add_invitation(const std::string& token_hash, std::int64_t account, std::int64_t now,
                      std::int64_t expires_at);
  /// The account of an invitation not used and not expired at `now`.
  std::optional<std::int64_t> invitation(const std::string& token_hash, std::int64_t now) const;
  void use_invitation(const std::string& token_hash, std::int64_t now);
  /// Makes every open invitation of the account unusable.
  void cancel_invitations(std::int64_t account, std::int64_t now);

  void add_token(const std::string& token_hash, std::int64_t account, const std::string& name,
                 std::int64_t now);
  /// The account of a token not revoked.
  std::optional<std::int64_t> token(const std::string& token_hash) const;
  void revoke_tokens(std::int64_t account, std::int64_t now);

  Failures failures(const std::string& key) const;
  void set_failures(const std::string& key, const Failures& f);
  void clear_failures(const std::string& key);

 private:
  const Ledger& ledger_;
};

}  // namespace balint::store
