// The activity log (schema 6): rows added in the transaction of the write they describe, read
// for `balint activity` and the secretary's /activity page.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "balint/core/text.hpp"
#include "detail.hpp"

namespace balint::store {

std::string command_line_actor() {
  // getpwuid_r: the server's threads never call it, but a library should not assume so.
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found &&
      found->pw_name && *found->pw_name)
    return std::string("cli:") + found->pw_name;
  return "cli";
}

void detail::record_activity(SQLite::Database& db, const std::string& actor,
                             const ActivityNote& note) {
  nlohmann::ordered_json detail = nlohmann::ordered_json::object();
  for (const auto& [key, value] : note.detail) {
    if (const auto* text = std::get_if<std::string>(&value))
      detail[key] = *text;
    else
      detail[key] = std::get<std::int64_t>(value);
  }
  std::string people;
  const auto& named = note.people;
  for (auto it = named.begin(); it != named.end(); ++it) {
    if (it->empty() || std::find(named.begin(), it, *it) != it) continue;  // each person once
    if (!people.empty()) people += ' ';
    people += *it;
  }
  SQLite::Statement q(db,
                      "INSERT INTO activity (at, actor, operation, kind, subject, people, detail) "
                      "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?)");
  q.bind(1, actor);
  q.bind(2, note.operation);
  q.bind(3, note.kind);
  q.bind(4, note.subject);
  q.bind(5, people);
  // Invalid UTF-8 in a reason or a file name is replaced, not refused: the write it
  // describes has been checked already, and the log must not be what fails it.
  q.bind(6, detail.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  q.exec();
}

void Ledger::set_actor(std::string actor) { impl_->actor = std::move(actor); }
const std::string& Ledger::actor() const { return impl_->actor; }

void Ledger::record(const ActivityNote& note) {
  detail::record_activity(impl_->db, impl_->actor, note);
}

std::vector<Activity> Ledger::activity(const ActivityFilter& f) const {
  // `at` sorts as text; a date's rows lie between DATE and DATE + "U" (after "T..Z").
  SQLite::Statement q(
      impl_->db,
      "SELECT id, at, actor, operation, kind, subject, people, detail FROM activity "
      "WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2) "
      "AND (?3 IS NULL OR instr(' ' || people || ' ', ' ' || ?3 || ' ') > 0) "
      "ORDER BY id");
  if (f.since) q.bind(1, f.since->iso());
  if (f.until) q.bind(2, f.until->iso() + "U");
  if (f.person) q.bind(3, *f.person);
  std::vector<Activity> out;
  while (q.executeStep()) {
    Activity a;
    a.id = q.getColumn(0).getInt64();
    a.at = q.getColumn(1).getString();
    a.actor = q.getColumn(2).getString();
    a.operation = q.getColumn(3).getString();
    a.kind = q.getColumn(4).getString();
    a.subject = q.getColumn(5).getString();
    for (auto& p : core::split(q.getColumn(6).getString(), ' '))
      if (!p.empty()) a.people.push_back(std::move(p));
    a.detail = q.getColumn(7).getString();
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace balint::store
