#include <sodium.h>

#include <unordered_map>

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "detail.hpp"

namespace balint::store {
namespace detail {

const char* const kEntryColumns =
    "e.id, e.person, e.date, e.activity, e.role, e.minutes, e.grp, e.setting, e.format, "
    "coalesce(e.leader, ''), coalesce(e.co_leader, ''), coalesce(e.supervisor, ''), e.cases, "
    "e.event, e.days, e.tags, coalesce(e.verified_by, ''), e.note, e.source_kind, e.source_file, "
    "e.source_line, v.reason";

const char* const kInsertEntry =
    "INSERT INTO entry (person, date, activity, role, minutes, grp, setting, format, leader, "
    "co_leader, supervisor, cases, event, days, tags, verified_by, note, content_key, "
    "source_kind, source_file, source_line, batch) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

namespace {
std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += ';';
    out += t;
  }
  return out;
}
}  // namespace

void bind_opt(SQLite::Statement& q, int index, const std::string& s) {
  if (s.empty())
    q.bind(index);
  else
    q.bind(index, s);
}

domain::Entry read_entry(SQLite::Statement& q) {
  domain::Entry e;
  e.id = q.getColumn(0).getInt64();
  e.person = q.getColumn(1).getString();
  e.date = *core::Date::parse(q.getColumn(2).getString());
  e.activity = domain::parse_activity(q.getColumn(3).getString()).value();
  e.role = domain::parse_role(q.getColumn(4).getString()).value();
  e.minutes = q.getColumn(5).getInt();
  e.group = q.getColumn(6).getString();
  e.setting = q.getColumn(7).getString();
  e.format = domain::parse_format(q.getColumn(8).getString()).value();
  e.leader = q.getColumn(9).getString();
  e.co_leader = q.getColumn(10).getString();
  e.supervisor = q.getColumn(11).getString();
  if (!q.getColumn(12).isNull()) e.cases = q.getColumn(12).getInt();
  e.event = q.getColumn(13).getString();
  if (!q.getColumn(14).isNull()) e.days = q.getColumn(14).getInt();
  std::string tags = q.getColumn(15).getString();
  if (!tags.empty()) e.tags = core::split(tags, ';');
  e.verified_by = q.getColumn(16).getString();
  e.note = q.getColumn(17).getString();
  e.source = {q.getColumn(18).getString(), q.getColumn(19).getString(), q.getColumn(20).getInt()};
  if (!q.getColumn(21).isNull()) {
    e.voided = true;
    e.void_reason = q.getColumn(21).getString();
  }
  return e;
}

std::int64_t insert_entry(SQLite::Database& db, SQLite::Statement& ins, const domain::Entry& e,
                          const std::string& key, std::int64_t batch) {
  ins.reset();
  ins.clearBindings();
  ins.bind(1, e.person);
  ins.bind(2, e.date.iso());
  ins.bind(3, std::string(domain::to_string(e.activity)));
  ins.bind(4, std::string(domain::to_string(e.role)));
  ins.bind(5, e.minutes);
  ins.bind(6, e.group);
  ins.bind(7, e.setting);
  ins.bind(8, std::string(domain::to_string(e.format)));
  bind_opt(ins, 9, e.leader);
  bind_opt(ins, 10, e.co_leader);
  bind_opt(ins, 11, e.supervisor);
  if (e.cases) ins.bind(12, *e.cases);
  ins.bind(13, e.event);
  if (e.days) ins.bind(14, *e.days);
  ins.bind(15, join_tags(e.tags));
  bind_opt(ins, 16, e.verified_by);
  ins.bind(17, e.note);
  ins.bind(18, key.data(), static_cast<int>(key.size()));
  ins.bind(19, e.source.kind);
  ins.bind(20, e.source.file);
  ins.bind(21, e.source.line);
  if (batch > 0) ins.bind(22, batch);
  ins.exec();
  return db.getLastInsertRowid();
}

}  // namespace detail

std::string entry_content_key(const domain::Entry& e) {
  // Every §5 column, each preceded by its length so no two rows serialise alike.
  std::string canon;
  auto put = [&canon](std::string_view s) {
    canon += std::to_string(s.size());
    canon += ':';
    canon += s;
  };
  put(e.date.iso());
  put(e.person);
  put(domain::to_string(e.activity));
  put(domain::to_string(e.role));
  put(std::to_string(e.minutes));
  put(e.group);
  put(e.setting);
  put(domain::to_string(e.format));
  put(e.leader);
  put(e.co_leader);
  put(e.supervisor);
  put(e.cases ? std::to_string(*e.cases) : "");
  put(e.event);
  put(e.days ? std::to_string(*e.days) : "");
  for (const auto& t : e.tags) put(t);
  put("|");
  put(e.verified_by);
  put(e.note);
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(canon.data()),
                     canon.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::vector<std::int64_t> Ledger::add_entries(const std::vector<domain::Entry>& entries) {
  std::vector<std::int64_t> ids;
  SQLite::Statement ins(impl_->db, detail::kInsertEntry);
  for (const auto& e : entries) ids.push_back(detail::insert_entry(impl_->db, ins, e, entry_content_key(e), 0));
  return ids;
}

static std::string entry_query(const EntryFilter& f) {
  std::string sql = fmt::format("SELECT {} FROM entry e LEFT JOIN void v ON v.entry = e.id WHERE 1",
                                detail::kEntryColumns);
  if (f.person) sql += " AND e.person = :person";
  if (f.from) sql += " AND e.date >= :from";
  if (f.to) sql += " AND e.date <= :to";
  if (!f.include_voided) sql += " AND v.entry IS NULL";
  sql += f.person ? " ORDER BY e.date, e.id" : " ORDER BY e.date, e.person, e.id";
  return sql;
}

void Ledger::for_each_entry(const EntryFilter& f,
                            const std::function<void(const domain::Entry&)>& fn) const {
  SQLite::Statement q(impl_->db, entry_query(f));
  if (f.person) q.bind(":person", *f.person);
  if (f.from) q.bind(":from", f.from->iso());
  if (f.to) q.bind(":to", f.to->iso());
  while (q.executeStep()) fn(detail::read_entry(q));
}

std::vector<domain::Entry> Ledger::entries(const EntryFilter& f) const {
  std::vector<domain::Entry> out;
  for_each_entry(f, [&out](const domain::Entry& e) { out.push_back(e); });
  return out;
}

std::optional<domain::Entry> Ledger::entry(std::int64_t id) const {
  SQLite::Statement q(impl_->db,
                      fmt::format("SELECT {} FROM entry e LEFT JOIN void v ON v.entry = e.id "
                                  "WHERE e.id = ?",
                                  detail::kEntryColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return detail::read_entry(q);
}

void Ledger::void_entry(std::int64_t id, const std::string& reason, core::Date on) {
  SQLite::Statement q(impl_->db, "INSERT INTO void (entry, reason, voided_on) VALUES (?, ?, ?)");
  q.bind(1, id);
  q.bind(2, reason);
  q.bind(3, on.iso());
  q.exec();
}

// ---- EntryImport ----------------------------------------------------------------------------

struct EntryImport::Impl {
  SQLite::Database& db;
  SQLite::Transaction tx;
  SQLite::Statement count;
  SQLite::Statement ins;
  std::int64_t batch = 0;
  // Per content key in this file: how many rows carried it, and how many of those we added.
  struct Seen {
    std::int64_t rows = 0;
    std::int64_t added = 0;
  };
  std::unordered_map<std::string, Seen> seen;
  Impl(SQLite::Database& d)
      : db(d),
        tx(d, SQLite::TransactionBehavior::IMMEDIATE),
        count(d, "SELECT count(*) FROM entry WHERE content_key = ?"),
        ins(d, detail::kInsertEntry) {}
};

EntryImport::EntryImport(Ledger& ledger, const std::string& file)
    : impl_(std::make_unique<Impl>(ledger.impl_->db)) {
  SQLite::Statement q(impl_->db, "INSERT INTO import_batch (file) VALUES (?)");
  q.bind(1, file);
  q.exec();
  impl_->batch = impl_->db.getLastInsertRowid();
}

EntryImport::~EntryImport() = default;

void EntryImport::add(const domain::Entry& e) {
  ++result_.rows;
  std::string key = entry_content_key(e);
  auto& seen = impl_->seen[key];
  ++seen.rows;
  auto& count = impl_->count;
  count.reset();
  count.bind(1, key.data(), static_cast<int>(key.size()));
  count.executeStep();
  // Copies in the ledger before this import = now − added by this import.
  std::int64_t before = count.getColumn(0).getInt64() - seen.added;
  if (seen.rows <= before) {
    ++result_.present;
    return;
  }
  detail::insert_entry(impl_->db, impl_->ins, e, key, impl_->batch);
  ++seen.added;
  ++result_.added;
}

void EntryImport::commit() {
  SQLite::Statement q(impl_->db,
                      "UPDATE import_batch SET rows = ?, added = ?, present = ? WHERE id = ?");
  q.bind(1, result_.rows);
  q.bind(2, result_.added);
  q.bind(3, result_.present);
  q.bind(4, impl_->batch);
  q.exec();
  impl_->tx.commit();
}

}  // namespace balint::store
