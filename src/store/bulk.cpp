// HistoryReader: a read-only connection in one read transaction; small tables read whole,
// entries person by person.
#include "balint/store/bulk.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>

#include "balint/core/text.hpp"

#include "balint/core/error.hpp"
#include "detail.hpp"

namespace balint::store {
namespace {

constexpr int kBusyTimeoutMs = 60'000;
// Below this share of all people (1 in N), entries are read person by person through the
// (person, date) index; above it, the entry table is read once in storage order. The index
// walk visits table pages out of order (entries are usually stored by date), about 4 µs a
// row against well under 1 µs for the sequential read.
constexpr std::size_t kIndexShare = 20;

core::Date date_of(SQLite::Column c) { return *core::Date::parse(c.getString()); }

// Everything about a person except entries.
struct Records {
  domain::Person person;
  std::vector<domain::Membership> memberships;
  std::vector<domain::Accreditation> accreditations;
  std::vector<domain::Enrolment> enrolments;
  std::vector<domain::Document> documents;
  std::vector<domain::Waiver> waivers;
};

// Interned strings: id 0 is the empty string. An open-addressing table of ids (FNV-1a hash,
// linear probing, at most half full): a row of the entry table has a dozen strings to
// intern, and std::unordered_map's node chasing was a tenth of the whole audit.
class StringPool {
 public:
  StringPool() : slots_(1024, 0) { strings_.emplace_back(); }
  std::uint32_t intern(std::string_view s) {
    if (s.empty()) return 0;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(s) & mask;; i = (i + 1) & mask) {
      std::uint32_t id = slots_[i];
      if (id == 0) break;
      if (strings_[id] == s) return id;
    }
    auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(s);
    if (2 * strings_.size() > slots_.size())
      grow();  // places every id, this one included
    else
      place(id);
    return id;
  }
  const std::string& at(std::uint32_t id) const { return strings_[id]; }
  /// intern() with a memo of the last string seen in that column: rows stored by date come
  /// in runs that share a group, setting and leader.
  std::uint32_t intern(std::string_view s, std::pair<std::string, std::uint32_t>& last) {
    if (s == last.first) return last.second;
    last = {std::string(s), intern(s)};
    return last.second;
  }

 private:
  static std::size_t hash(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
  void place(std::uint32_t id) {
    std::size_t mask = slots_.size() - 1;
    std::size_t i = hash(strings_[id]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = id;
  }
  void grow() {
    slots_.assign(slots_.size() * 2, 0);
    for (std::uint32_t id = 1; id < strings_.size(); ++id) place(id);
  }
  std::deque<std::string> strings_;  // by id
  std::vector<std::uint32_t> slots_;  // ids; 0 is an empty slot
};

// One entry in about 90 bytes: numbers as numbers, strings as pool ids.
struct Packed {
  std::int64_t id;
  std::int32_t date;
  std::int32_t cases;  // -1: not given
  std::int32_t days;   // -1: not given
  std::int32_t source_line;
  std::uint32_t group, setting, leader, co_leader, supervisor, event, tags, verified_by, note,
      source_kind, source_file, void_reason;
  std::int16_t minutes;
  domain::Activity activity;
  domain::Role role;
  domain::Format format;
  bool voided;
};

// A prepared statement of the C API, for the one hot loop that reads every entry.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw SQLite::Exception(db, sqlite3_errcode(db));
  }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  std::string_view text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
             : std::string_view();
  }
  bool null(int col) const { return sqlite3_column_type(s, col) == SQLITE_NULL; }
  int integer(int col) const { return sqlite3_column_int(s, col); }
};

template <typename T>
T parsed(std::optional<T> v, std::string_view what, std::string_view s) {
  if (!v) throw core::DataError(fmt::format("ledger: bad {} '{}' in an entry", what, s));
  return *v;
}

}  // namespace

struct HistoryReader::Impl {
  SQLite::Database db;
  SQLite::Transaction tx;  // never committed: a read snapshot, rolled back at the end
  std::vector<std::string> ids;
  std::unordered_map<std::string, Records> records;
  std::vector<domain::Accreditation> accreditations;
  SQLite::Statement entries;

  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, kBusyTimeoutMs),
        tx(db),
        entries(db, fmt::format("SELECT {} FROM entry e LEFT JOIN void v ON v.entry = e.id "
                                "WHERE e.person = ? ORDER BY e.date, e.id",
                                detail::kEntryColumns)) {
    load();
  }

  domain::PersonHistory history_of(const std::string& id) {
    auto it = records.find(id);
    if (it == records.end())
      throw core::UsageError(fmt::format("no person '{}' in the ledger", id));
    const Records& r = it->second;
    return {r.person, {}, r.memberships, r.accreditations, r.enrolments, r.documents, r.waivers};
  }

  // Person by person through the index.
  void by_index(const std::vector<std::string>& people,
                const std::function<void(domain::PersonHistory&)>& fn) {
    for (const auto& id : people) {
      auto h = history_of(id);
      entries.reset();
      entries.bind(1, id);
      while (entries.executeStep()) h.entries.push_back(detail::read_entry(entries));
      fn(h);
    }
  }

  // The entry table read once in storage order into compact records, grouped by person.
  void by_scan(const std::vector<std::string>& people,
               const std::function<void(domain::PersonHistory&)>& fn) {
    StringPool pool;
    std::vector<std::int32_t> bucket_of;  // pool id of a person → index in `people`, or -1
    for (std::size_t i = 0; i < people.size(); ++i) {
      auto pid = pool.intern(people[i]);
      if (pid >= bucket_of.size()) bucket_of.resize(pid + 1, -1);
      bucket_of[pid] = static_cast<std::int32_t>(i);
    }
    const std::size_t wanted_pool_size = bucket_of.size();
    std::vector<Packed> rows;
    std::vector<std::uint32_t> bucket;  // for each row
    rows.reserve(static_cast<std::size_t>(
        db.execAndGet("SELECT coalesce(max(id), 0) FROM entry").getInt64()));
    Stmt q(db.getHandle(), fmt::format("SELECT {} FROM entry e LEFT JOIN void v ON v.entry = e.id",
                                      detail::kEntryColumns));
    std::vector<std::pair<std::string, std::uint32_t>> memo(22, {std::string(), 0});
    auto text = [&](int col) { return pool.intern(q.text(col), memo[static_cast<std::size_t>(col)]); };
    int rc;
    while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
      auto person = text(1);
      if (person >= wanted_pool_size || bucket_of[person] < 0) continue;
      Packed p{};
      p.id = sqlite3_column_int64(q.s, 0);
      p.date = parsed(core::Date::parse(q.text(2)), "date", q.text(2)).serial();
      p.activity = parsed(domain::parse_activity(q.text(3)), "activity", q.text(3));
      p.role = parsed(domain::parse_role(q.text(4)), "role", q.text(4));
      p.minutes = static_cast<std::int16_t>(q.integer(5));
      p.group = text(6);
      p.setting = text(7);
      p.format = parsed(domain::parse_format(q.text(8)), "format", q.text(8));
      p.leader = text(9);
      p.co_leader = text(10);
      p.supervisor = text(11);
      p.cases = q.null(12) ? -1 : q.integer(12);
      p.event = text(13);
      p.days = q.null(14) ? -1 : q.integer(14);
      p.tags = text(15);
      p.verified_by = text(16);
      p.note = text(17);
      p.source_kind = text(18);
      p.source_file = text(19);
      p.source_line = q.integer(20);
      p.voided = !q.null(21);
      p.void_reason = text(21);
      rows.push_back(p);
      bucket.push_back(static_cast<std::uint32_t>(bucket_of[person]));
    }
    if (rc != SQLITE_DONE) throw SQLite::Exception(db.getHandle(), rc);
    // Counting sort of row numbers by person, then each person's rows by date and id.
    std::vector<std::size_t> start(people.size() + 1, 0);
    for (auto b : bucket) ++start[b + 1];
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<std::uint32_t> order(rows.size());
    {
      auto next = start;
      for (std::size_t r = 0; r < rows.size(); ++r) order[next[bucket[r]]++] = static_cast<std::uint32_t>(r);
    }
    std::vector<std::uint32_t>().swap(bucket);
    for (std::size_t i = 0; i < people.size(); ++i) {
      auto first = order.begin() + static_cast<std::ptrdiff_t>(start[i]);
      auto last = order.begin() + static_cast<std::ptrdiff_t>(start[i + 1]);
      std::sort(first, last, [&rows](std::uint32_t a, std::uint32_t b) {
        return rows[a].date != rows[b].date ? rows[a].date < rows[b].date : rows[a].id < rows[b].id;
      });
      auto h = history_of(people[i]);
      h.entries.reserve(static_cast<std::size_t>(last - first));
      for (auto it = first; it != last; ++it) h.entries.push_back(unpack(rows[*it], people[i], pool));
      fn(h);
    }
  }

  static domain::Entry unpack(const Packed& p, const std::string& person, const StringPool& pool) {
    domain::Entry e;
    e.id = p.id;
    e.date = core::Date::from_serial(p.date);
    e.person = person;
    e.activity = p.activity;
    e.role = p.role;
    e.minutes = p.minutes;
    e.group = pool.at(p.group);
    e.setting = pool.at(p.setting);
    e.format = p.format;
    e.leader = pool.at(p.leader);
    e.co_leader = pool.at(p.co_leader);
    e.supervisor = pool.at(p.supervisor);
    if (p.cases >= 0) e.cases = p.cases;
    e.event = pool.at(p.event);
    if (p.days >= 0) e.days = p.days;
    if (p.tags) e.tags = core::split(pool.at(p.tags), ';');
    e.verified_by = pool.at(p.verified_by);
    e.note = pool.at(p.note);
    e.voided = p.voided;
    e.void_reason = pool.at(p.void_reason);
    e.source = {pool.at(p.source_kind), pool.at(p.source_file), p.source_line};
    return e;
  }

  Records& of(const std::string& id) {
    auto it = records.find(id);
    if (it == records.end())  // a foreign key keeps this from happening in a balint ledger
      throw core::DataError(fmt::format("{}: a record names unknown person '{}'", db.getFilename(), id));
    return it->second;
  }

  void load() {
    SQLite::Statement p(db, "SELECT id, name, email FROM person ORDER BY id");
    while (p.executeStep()) {
      domain::Person person{p.getColumn(0).getString(), p.getColumn(1).getString(),
                            p.getColumn(2).getString(), {}};
      ids.push_back(person.id);
      records[person.id].person = std::move(person);
    }
    SQLite::Statement a(db, "SELECT person, key, value FROM person_attr");
    while (a.executeStep())
      of(a.getColumn(0).getString()).person.attrs[a.getColumn(1).getString()] =
          a.getColumn(2).getString();
    SQLite::Statement m(db, "SELECT person, body, date_from, date_to FROM membership "
                            "ORDER BY person, date_from, id");
    while (m.executeStep()) {
      domain::Membership x{m.getColumn(0).getString(), m.getColumn(1).getString(),
                           date_of(m.getColumn(2)), std::nullopt};
      if (!m.getColumn(3).isNull()) x.to = date_of(m.getColumn(3));
      of(x.person).memberships.push_back(std::move(x));
    }
    SQLite::Statement c(db, "SELECT person, family, granted_on, note FROM accreditation "
                            "ORDER BY person, granted_on, id");
    while (c.executeStep()) {
      domain::Accreditation x{c.getColumn(0).getString(), c.getColumn(1).getString(),
                              date_of(c.getColumn(2)), c.getColumn(3).getString()};
      of(x.person).accreditations.push_back(x);
      accreditations.push_back(std::move(x));
    }
    SQLite::Statement e(db, "SELECT person, family, enrolled_on FROM enrolment "
                            "ORDER BY person, family");
    while (e.executeStep()) {
      domain::Enrolment x{e.getColumn(0).getString(), e.getColumn(1).getString(),
                          date_of(e.getColumn(2))};
      of(x.person).enrolments.push_back(std::move(x));
    }
    SQLite::Statement d(db, "SELECT id, person, type, dated, file_name, sha256, note FROM document "
                            "ORDER BY person, dated, id");
    while (d.executeStep()) {
      domain::Document x{d.getColumn(0).getInt64(), d.getColumn(1).getString(),
                         d.getColumn(2).getString(), date_of(d.getColumn(3)),
                         d.getColumn(4).getString(), d.getColumn(5).getString(),
                         d.getColumn(6).getString()};
      of(x.person).documents.push_back(std::move(x));
    }
    SQLite::Statement w(db, "SELECT id, person, ruleset, requirement, reason, "
                            "coalesce(granted_by, ''), granted_on FROM waiver "
                            "ORDER BY person, granted_on, id");
    while (w.executeStep()) {
      domain::Waiver x{w.getColumn(0).getInt64(), w.getColumn(1).getString(),
                       w.getColumn(2).getString(), w.getColumn(3).getString(),
                       w.getColumn(4).getString(), w.getColumn(5).getString(),
                       date_of(w.getColumn(6))};
      of(x.person).waivers.push_back(std::move(x));
    }
  }
};

HistoryReader::HistoryReader(const Ledger& ledger) {
  try {
    impl_ = std::make_unique<Impl>(ledger.path());
  } catch (const SQLite::Exception& e) {
    throw core::InternalError(fmt::format("{}: cannot read the ledger: {}", ledger.path(), e.what()));
  }
}

HistoryReader::~HistoryReader() = default;

const std::vector<std::string>& HistoryReader::person_ids() const { return impl_->ids; }

const std::vector<domain::Accreditation>& HistoryReader::accreditations() const {
  return impl_->accreditations;
}

std::vector<domain::Enrolment> HistoryReader::enrolments(const std::string& family) const {
  std::vector<domain::Enrolment> out;
  for (const auto& id : impl_->ids)
    for (const auto& e : impl_->records.at(id).enrolments)
      if (e.family == family) out.push_back(e);
  return out;
}

void HistoryReader::for_each(const std::vector<std::string>& people,
                             const std::function<void(domain::PersonHistory&)>& fn) const {
  for (const auto& id : people)  // unknown ids are refused before any work
    if (!impl_->records.count(id)) throw core::UsageError(fmt::format("no person '{}' in the ledger", id));
  try {
    if (people.size() * kIndexShare < impl_->ids.size())
      impl_->by_index(people, fn);
    else
      impl_->by_scan(people, fn);
  } catch (const SQLite::Exception& e) {
    throw core::InternalError(fmt::format("{}: cannot read the ledger: {}", impl_->db.getFilename(), e.what()));
  }
}

}  // namespace balint::store
