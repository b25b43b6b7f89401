#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"
#include "detail.hpp"
#include "entry_row.hpp"

namespace balint::store {
namespace detail {

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

std::int64_t insert_entry(SQLite::Database& db, SQLite::Statement& ins, const domain::Entry& e,
                          const std::string& key, std::int64_t batch) {
  // Every text is bound without a copy (SQLITE_STATIC): `e`, `key` and these locals outlive
  // exec(). A copying bind costs a malloc per column per row on large imports.
  const std::string date = e.date.iso();
  const std::string tags = join_tags(e.tags);
  auto text = [&ins](int i, const std::string& s) { ins.bindNoCopy(i, s); };
  auto person_ref = [&ins](int i, const std::string& s) {
    if (s.empty())
      ins.bind(i);
    else
      ins.bindNoCopy(i, s);
  };
  auto number = [&ins](int i, const std::optional<int>& v) {
    if (v)
      ins.bind(i, *v);
    else
      ins.bind(i);
  };
  ins.reset();
  text(1, e.person);
  text(2, date);
  ins.bindNoCopy(3, domain::to_string(e.activity).data());  // static literals
  ins.bindNoCopy(4, domain::to_string(e.role).data());
  ins.bind(5, e.minutes);
  text(6, e.group);
  text(7, e.setting);
  ins.bindNoCopy(8, domain::to_string(e.format).data());
  person_ref(9, e.leader);
  person_ref(10, e.co_leader);
  person_ref(11, e.supervisor);
  number(12, e.cases);
  text(13, e.event);
  number(14, e.days);
  text(15, tags);
  person_ref(16, e.verified_by);
  text(17, e.note);
  ins.bindNoCopy(18, key.data(), static_cast<int>(key.size()));
  text(19, e.source.kind);
  text(20, e.source.file);
  ins.bind(21, e.source.line);
  if (batch > 0)
    ins.bind(22, batch);
  else
    ins.bind(22);
  ins.exec();
  return db.getLastInsertRowid();
}

}  // namespace detail

std::string entry_content_key(const domain::Entry& e) {
  // Every §5 column, each preceded by its length so no two rows serialise alike.
  std::string canon;
  canon.reserve(256);
  auto put = [&canon](std::string_view s) {
    char len[12];
    auto [end, ec] = std::to_chars(len, len + sizeof len, s.size());
    canon.append(len, end);
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
  for (const auto& e : entries)
    ids.push_back(detail::insert_entry(impl_->db, ins, e, entry_content_key(e), 0));
  return ids;
}

static std::string entry_query(const EntryFilter& f) {
  std::string sql =
      fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id WHERE 1",
                  detail::entry_columns("e"));
  if (f.person) sql += " AND e.person = :person";
  if (f.from) sql += " AND e.date >= :from";
  if (f.to) sql += " AND e.date <= :to";
  if (!f.include_voided) sql += " AND v.entry IS NULL";
  sql += f.person ? " ORDER BY e.date, e.id" : " ORDER BY e.date, e.person, e.id";
  return sql;
}

// Calls fn(Entry&&) for each entry `f` selects, in its order.
template <typename Fn>
static void scan_entries(SQLite::Database& db, const EntryFilter& f, Fn&& fn) {
  SQLite::Statement q(db, entry_query(f));
  if (f.person) q.bind(":person", *f.person);
  if (f.from) q.bind(":from", f.from->iso());
  if (f.to) q.bind(":to", f.to->iso());
  detail::EntryRows rows(q);
  while (rows.next()) {
    domain::Entry e;
    rows.read(e);
    fn(std::move(e));
  }
}

void Ledger::for_each_entry(const EntryFilter& f,
                            const std::function<void(const domain::Entry&)>& fn) const {
  scan_entries(impl_->db, f, [&fn](domain::Entry&& e) { fn(e); });
}

void Ledger::for_each_entry_in_group(const std::string& group,
                                     const std::function<void(const domain::Entry&)>& fn) const {
  SQLite::Statement q(
      impl_->db, fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id "
                             "WHERE e.grp = ? AND v.entry IS NULL ORDER BY e.date, e.person, e.id",
                             detail::entry_columns("e")));
  q.bind(1, group);
  detail::EntryRows rows(q);
  domain::Entry e;
  while (rows.next()) {
    rows.read(e);
    fn(e);
  }
}

std::vector<domain::Entry> Ledger::entries(const EntryFilter& f) const {
  std::vector<domain::Entry> out;
  scan_entries(impl_->db, f, [&out](domain::Entry&& e) { out.push_back(std::move(e)); });
  return out;
}

std::optional<domain::Entry> Ledger::entry(std::int64_t id) const {
  SQLite::Statement q(
      impl_->db, fmt::format("SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id "
                             "WHERE e.id = ?",
                             detail::entry_columns("e")));
  q.bind(1, id);
  detail::EntryRows rows(q);
  if (!rows.next()) return std::nullopt;
  domain::Entry e;
  rows.read(e);
  return e;
}

void Ledger::void_entry(std::int64_t id, const std::string& reason, core::Date on,
                        std::optional<std::int64_t> account) {
  SQLite::Statement q(impl_->db,
                      "INSERT INTO void (entry, reason, voided_on, account) VALUES (?, ?, ?, ?)");
  q.bind(1, id);
  q.bind(2, reason);
  q.bind(3, on.iso());
  if (account) q.bind(4, *account);
  q.exec();
}

void Ledger::confirm_entry(std::int64_t id, const std::string& by, core::Date on,
                           std::optional<std::int64_t> account) {
  auto e = entry(id);
  if (!e || !e->verified_by.empty()) throw core::InternalError("confirm_entry: not unverified");
  e->verified_by = by;
  SQLite::Statement u(impl_->db,
                      "UPDATE entry SET verified_by = ?, content_key = ? WHERE id = ? "
                      "AND verified_by IS NULL");
  u.bind(1, by);
  const std::string key = entry_content_key(*e);
  u.bind(2, key.data(), static_cast<int>(key.size()));
  u.bind(3, id);
  u.exec();
  SQLite::Statement q(impl_->db,
                      "INSERT INTO confirmation (entry, by_person, confirmed_on, account) "
                      "VALUES (?, ?, ?, ?)");
  q.bind(1, id);
  q.bind(2, by);
  q.bind(3, on.iso());
  if (account) q.bind(4, *account);
  q.exec();
}

// ---- EntryImport ----------------------------------------------------------------------------

// Every person an imported row names was checked against the ledger inside this same write
// transaction, so SQLite's per-row foreign-key lookups would only repeat that work.
struct ForeignKeysOff {
  SQLite::Database& db;
  explicit ForeignKeysOff(SQLite::Database& d) : db(d) { db.exec("PRAGMA foreign_keys = OFF"); }
  ~ForeignKeysOff() {
    try {
      db.exec("PRAGMA foreign_keys = ON");
    } catch (...) {  // never throw from a destructor; the connection closes soon after
    }
  }
};

using Key = std::array<unsigned char, 16>;

Key to_key(const std::string& k) {
  Key out{};
  std::memcpy(out.data(), k.data(), out.size());
  return out;
}

struct EntryImport::Impl {
  SQLite::Database& db;
  ForeignKeysOff fk_off;  // before tx: the pragma is a no-op inside a transaction
  SQLite::Transaction tx;
  SQLite::Statement ins;
  std::int64_t batch = 0;
  std::string file, actor;  // for the activity row written at commit
  // Content keys of the entries in the ledger before this import, sorted (16 bytes each).
  std::vector<Key> before;
  // For keys that were there before: how many rows of this file carried them so far.
  std::unordered_map<std::uint64_t, std::int64_t> seen;  // by the key's first 8 bytes
  // The (person, date) index is dropped inside this transaction once the import is large,
  // and built again before commit: rows come in date order, the index wants them by person,
  // and inserting 1,000,000 keys at random places in it was half of a large import, where
  // CREATE INDEX sorts them once. A rollback brings the index back with everything else.
  std::string index_sql;  // the dropped index's CREATE statement, as the schema made it
  std::int64_t added = 0;
  explicit Impl(SQLite::Database& d)
      : db(d),
        fk_off(d),
        tx(d, SQLite::TransactionBehavior::IMMEDIATE),
        ins(d, detail::kInsertEntry) {}

  // Worth it when the rows added outnumber a quarter of those already there.
  static constexpr std::int64_t kDeferAfter = 20'000;
  void maybe_drop_index() {
    if (!index_sql.empty() || added < kDeferAfter ||
        4 * added < static_cast<std::int64_t>(before.size()))
      return;
    {
      SQLite::Statement q(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
      q.bind(1, "entry_person_date");
      if (!q.executeStep()) return;
      index_sql = q.getColumn(0).getString();
    }
    db.exec("DROP INDEX entry_person_date");
  }
  void rebuild_index() {
    if (index_sql.empty()) return;
    // CREATE INDEX sorts in memory up to the cache size, on top of the cache itself: a
    // smaller cache keeps a large import's peak memory near 80 MB (the sort spills to a
    // temporary file instead).
    db.exec("PRAGMA cache_size = -16384");
    db.exec(index_sql);
    index_sql.clear();
  }

  std::int64_t copies_before(const Key& k) const {
    auto [lo, hi] = std::equal_range(before.begin(), before.end(), k);
    return hi - lo;
  }
};

EntryImport::EntryImport(Ledger& ledger, const std::string& file)
    : impl_(std::make_unique<Impl>(ledger.impl_->db)) {
  auto& db = impl_->db;
  // Room for the indexes of a large import (about 64 MB), for this connection only.
  db.exec("PRAGMA cache_size = -65536");
  // One scan instead of one lookup per row: a large ledger costs 16 bytes per entry here.
  SQLite::Statement keys(db, "SELECT content_key FROM entry");
  while (keys.executeStep()) {
    auto col = keys.getColumn(0);
    Key k{};
    if (col.getBytes() == static_cast<int>(k.size()))
      std::memcpy(k.data(), col.getBlob(), k.size());
    impl_->before.push_back(k);
  }
  std::sort(impl_->before.begin(), impl_->before.end());
  SQLite::Statement q(db, "INSERT INTO import_batch (file) VALUES (?)");
  q.bind(1, file);
  q.exec();
  impl_->batch = db.getLastInsertRowid();
  impl_->file = file;
  impl_->actor = ledger.actor();
}

EntryImport::~EntryImport() = default;

// Rows are a multiset: the k-th copy of a row in this file is present when the ledger held at
// least k copies before the import.
void EntryImport::add(const domain::Entry& e) {
  ++result_.rows;
  std::string key = entry_content_key(e);
  std::int64_t before = impl_->before.empty() ? 0 : impl_->copies_before(to_key(key));
  if (before > 0) {
    std::uint64_t prefix = 0;
    std::memcpy(&prefix, key.data(), sizeof prefix);
    if (++impl_->seen[prefix] <= before) {
      ++result_.present;
      return;
    }
  }
  detail::insert_entry(impl_->db, impl_->ins, e, key, impl_->batch);
  ++result_.added;
  ++impl_->added;
  impl_->maybe_drop_index();
}

void EntryImport::commit() {
  SQLite::Statement q(impl_->db,
                      "UPDATE import_batch SET rows = ?, added = ?, present = ? WHERE id = ?");
  q.bind(1, result_.rows);
  q.bind(2, result_.added);
  q.bind(3, result_.present);
  q.bind(4, impl_->batch);
  q.exec();
  ActivityNote note{"import entries",
                    "import",
                    std::to_string(impl_->batch),
                    {},
                    {{"file", impl_->file},
                     {"rows", result_.rows},
                     {"added", result_.added},
                     {"present", result_.present}}};
  detail::record_activity(impl_->db, impl_->actor, note);
  impl_->rebuild_index();
  impl_->tx.commit();
  detail::note_commit();
}

}  // namespace balint::store
