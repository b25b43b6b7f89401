#include "balint/store/accounts.hpp"

#include <array>

#include "balint/core/error.hpp"
#include "detail.hpp"

namespace balint::store {
namespace {

constexpr std::array<std::string_view, 4> kRoles = {"member", "leader", "secretary", "auditor"};

Account read_account(SQLite::Statement& q) {
  Account a;
  a.id = q.getColumn(0).getInt64();
  a.person = q.getColumn(1).getString();
  a.role = parse_account_role(q.getColumn(2).getString()).value();
  a.password_hash = q.getColumn(3).getString();
  a.disabled = q.getColumn(4).getInt() != 0;
  a.created_on = *core::Date::parse(q.getColumn(5).getString());
  return a;
}

}  // namespace

std::string_view to_string(AccountRole r) { return kRoles[static_cast<std::size_t>(r)]; }

std::optional<AccountRole> parse_account_role(std::string_view s) {
  for (std::size_t i = 0; i < kRoles.size(); ++i)
    if (kRoles[i] == s) return static_cast<AccountRole>(i);
  return std::nullopt;
}

std::optional<Account> Accounts::by_person(const std::string& person) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT id, person, role, password_hash, disabled, created_on FROM account "
                      "WHERE person = ?");
  q.bind(1, person);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

std::optional<Account> Accounts::by_id(std::int64_t id) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT id, person, role, password_hash, disabled, created_on FROM account "
                      "WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

std::vector<Account> Accounts::all() const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT id, person, role, password_hash, disabled, created_on FROM account "
                      "ORDER BY person");
  std::vector<Account> out;
  while (q.executeStep()) out.push_back(read_account(q));
  return out;
}

std::int64_t Accounts::add(const std::string& person, AccountRole role, core::Date on) {
  SQLite::Statement q(ledger_.impl_->db,
                      "INSERT INTO account (person, role, created_on) VALUES (?, ?, ?)");
  q.bind(1, person);
  q.bind(2, std::string(to_string(role)));
  q.bind(3, on.iso());
  q.exec();
  return ledger_.impl_->db.getLastInsertRowid();
}

void Accounts::set_password_hash(std::int64_t account, const std::string& hash) {
  SQLite::Statement q(ledger_.impl_->db, "UPDATE account SET password_hash = ? WHERE id = ?");
  q.bind(1, hash);
  q.bind(2, account);
  q.exec();
}

void Accounts::set_role(std::int64_t account, AccountRole role) {
  SQLite::Statement q(ledger_.impl_->db, "UPDATE account SET role = ? WHERE id = ?");
  q.bind(1, std::string(to_string(role)));
  q.bind(2, account);
  q.exec();
}

void Accounts::set_disabled(std::int64_t account, bool disabled) {
  SQLite::Statement q(ledger_.impl_->db, "UPDATE account SET disabled = ? WHERE id = ?");
  q.bind(1, disabled ? 1 : 0);
  q.bind(2, account);
  q.exec();
}

void Accounts::add_session(const std::string& token_hash, const SessionRecord& s) {
  SQLite::Statement q(ledger_.impl_->db,
                      "INSERT INTO account_session (token_hash, account, csrf, created_at, "
                      "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, token_hash);
  q.bind(2, s.account);
  q.bind(3, s.csrf);
  q.bind(4, s.created_at);
  q.bind(5, s.last_seen_at);
  q.bind(6, s.expires_at);
  q.exec();
}

std::optional<SessionRecord> Accounts::session(const std::string& token_hash) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT account, csrf, created_at, last_seen_at, expires_at "
                      "FROM account_session WHERE token_hash = ?");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  return SessionRecord{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                       q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                       q.getColumn(4).getInt64()};
}

namespace {
void exec_with(SQLite::Database& db, const char* sql, const std::string& text,
               std::optional<std::int64_t> number = std::nullopt) {
  SQLite::Statement q(db, sql);
  int i = 1;
  if (number) q.bind(i++, *number);
  q.bind(i, text);
  q.exec();
}
void exec_with(SQLite::Database& db, const char* sql, std::int64_t a,
               std::optional<std::int64_t> b = std::nullopt) {
  SQLite::Statement q(db, sql);
  q.bind(1, a);
  if (b) q.bind(2, *b);
  q.exec();
}
}  // namespace

void Accounts::touch_session(const std::string& token_hash, std::int64_t now) {
  exec_with(ledger_.impl_->db, "UPDATE account_session SET last_seen_at = ? WHERE token_hash = ?",
            token_hash, now);
}

void Accounts::end_session(const std::string& token_hash) {
  exec_with(ledger_.impl_->db, "DELETE FROM account_session WHERE token_hash = ?", token_hash);
}

void Accounts::end_sessions(std::int64_t account) {
  exec_with(ledger_.impl_->db, "DELETE FROM account_session WHERE account = ?", account);
}

void Accounts::purge_sessions(std::int64_t now, std::int64_t idle_before) {
  exec_with(ledger_.impl_->db,
            "DELETE FROM account_session WHERE expires_at <= ? OR last_seen_at < ?", now,
            idle_before);
}

void Accounts::add_invitation(const std::string& token_hash, std::int64_t account, std::int64_t now,
                              std::int64_t expires_at) {
  SQLite::Statement q(ledger_.impl_->db,
                      "INSERT INTO account_invitation (token_hash, account, created_at, "
                      "expires_at) VALUES (?, ?, ?, ?)");
  q.bind(1, token_hash);
  q.bind(2, account);
  q.bind(3, now);
  q.bind(4, expires_at);
  q.exec();
}

std::optional<std::int64_t> Accounts::invitation(const std::string& token_hash,
                                                 std::int64_t now) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT account FROM account_invitation WHERE token_hash = ? AND "
                      "used_at IS NULL AND expires_at > ?");
  q.bind(1, token_hash);
  q.bind(2, now);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

void Accounts::use_invitation(const std::string& token_hash, std::int64_t now) {
  exec_with(ledger_.impl_->db, "UPDATE account_invitation SET used_at = ? WHERE token_hash = ?",
            token_hash, now);
}

void Accounts::cancel_invitations(std::int64_t account, std::int64_t now) {
  exec_with(ledger_.impl_->db,
            "UPDATE account_invitation SET used_at = ? WHERE account = ? AND used_at IS NULL", now,
            account);
}

void Accounts::add_token(const std::string& token_hash, std::int64_t account,
                         const std::string& name, std::int64_t now) {
  SQLite::Statement q(ledger_.impl_->db,
                      "INSERT INTO api_token (token_hash, account, name, created_at) "
                      "VALUES (?, ?, ?, ?)");
  q.bind(1, token_hash);
  q.bind(2, account);
  q.bind(3, name);
  q.bind(4, now);
  q.exec();
}

std::optional<std::int64_t> Accounts::token(const std::string& token_hash) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT account FROM api_token WHERE token_hash = ? AND revoked_at IS NULL");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

void Accounts::revoke_tokens(std::int64_t account, std::int64_t now) {
  exec_with(ledger_.impl_->db,
            "UPDATE api_token SET revoked_at = ? WHERE account = ? AND revoked_at IS NULL", now,
            account);
}

Failures Accounts::failures(const std::string& key) const {
  SQLite::Statement q(ledger_.impl_->db,
                      "SELECT failures, last_at FROM login_throttle WHERE key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return {};
  return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

void Accounts::set_failures(const std::string& key, const Failures& f) {
  SQLite::Statement q(ledger_.impl_->db,
                      "INSERT INTO login_throttle (key, failures, last_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
                      "last_at = excluded.last_at");
  q.bind(1, key);
  q.bind(2, f.count);
  q.bind(3, f.last_at);
  q.exec();
}

void Accounts::clear_failures(const std::string& key) {
  exec_with(ledger_.impl_->db, "DELETE FROM login_throttle WHERE key = ?", key);
}

}  // namespace balint::store
