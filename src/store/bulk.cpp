// HistoryReader: a read-only connection in one read transaction; small tables read whole,
// entries person by person through the index or by an EntryScan of the entry table.
#include "balint/store/bulk.hpp"

#include <fmt/core.h>

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "balint/core/error.hpp"
#include "detail.hpp"
#include "entry_row.hpp"

namespace balint::store {
namespace {

// Below this share of all people (1 in N), entries are read person by person through the
// (person, date) index; above it, the entry table is read once in storage order. The index
// walk visits table pages out of order (entries are usually stored by date), about 4 µs a
// row against well under 1 µs for the sequential read.
constexpr std::size_t kIndexShare = 20;

core::Date date_of(const SQLite::Column& c) { return *core::Date::parse(c.getString()); }

// Everything about a person except entries.
struct Records {
  domain::Person person;
  std::vector<domain::Membership> memberships;
  std::vector<domain::Accreditation> accreditations;
  std::vector<domain::Enrolment> enrolments;
  std::vector<domain::Document> documents;
  std::vector<domain::Waiver> waivers;
};

using detail::same;

// A hash of a short string eight bytes at a time rather than one (the group names of the
// benchmark society average 30 bytes).
std::size_t hash_of(std::string_view s) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i)
      w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
  }
  h ^= h >> 29;
  return static_cast<std::size_t>(h);
}

// Interned strings: id 0 is the empty string. An open-addressing table of ids (hash_of,
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
      if (same(strings_[id], s)) return id;
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
  std::size_t size() const { return strings_.size(); }
  /// intern() with a memo of the id last seen in that column: rows stored by date come in
  /// runs that share a group, setting and leader.
  std::uint32_t intern(std::string_view s, std::uint32_t& last) {
    if (same(s, strings_[last])) return last;
    last = intern(s);
    return last;
  }

 private:
  static std::size_t hash(std::string_view s) { return hash_of(s); }
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
  std::vector<std::string> strings_;  // by id
  std::vector<std::uint32_t> slots_;  // ids; 0 is an empty slot
};

// One entry in 80 bytes: its numbers as numbers, its strings as ids in a pool. A
// society-wide reading holds every entry at once, and then visits them person by person,
// scattered over the table: the smaller, the fewer pages to clear and lines to fetch.
struct Packed {
  detail::EntryScalars s;
  std::array<std::uint32_t, detail::kEntryTextCols.size()> text;  // by kEntryTextCols
  std::uint16_t pool;  // of the connection that read it (EntryScan)
  bool voided;         // its reason is looked up when unpacked: voids are few
};
static_assert(sizeof(Packed) <= 80);

// The people wanted, by id: an open-addressing table of their indexes (at most half full).
class PersonIndex {
 public:
  explicit PersonIndex(const std::vector<std::string>& people) : people_(people) {
    std::size_t n = 16;
    while (n < 2 * people.size()) n *= 2;
    slots_.assign(n, kNone);
    for (std::size_t i = 0; i < people.size(); ++i) {
      std::size_t k = hash_of(people[i]) & (n - 1);
      while (slots_[k] != kNone) k = (k + 1) & (n - 1);
      slots_[k] = static_cast<std::uint32_t>(i);
    }
  }
  /// The index of `id` in the people, or kNone.
  std::uint32_t find(std::string_view id) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = hash_of(id) & mask;; k = (k + 1) & mask) {
      const std::uint32_t i = slots_[k];
      if (i == kNone || same(people_[i], id)) return i;
    }
  }
  static constexpr std::uint32_t kNone = UINT32_MAX;

 private:
  const std::vector<std::string>& people_;
  std::vector<std::uint32_t> slots_;
};

// Asks the kernel to back [p, p + bytes) with huge pages where it can, before it is first
// written: the row buffers of a society-wide scan are tens of megabytes, a few dozen page
// faults in 2 MiB pages instead of thousands in 4 KiB ones.
void advise_huge(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = 2U << 20;
  auto lo = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  auto hi = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // advice only
#else
  (void)p;
  (void)bytes;
#endif
}

// Pages read through a memory map instead of a read() call each (up to 1 GiB of the file):
// a society-wide scan then spends no system time copying pages.
void map_file(SQLite::Database& db) { db.exec("PRAGMA mmap_size = 1073741824"); }

[[noreturn]] void cannot_read(const std::string& file, const SQLite::Exception& e) {
  throw core::InternalError(fmt::format("{}: cannot read the ledger: {}", file, e.what()));
}

}  // namespace

struct HistoryReader::Impl {
  SQLite::Database db;
  SQLite::Transaction tx;  // never committed: a read snapshot, rolled back at the end
  std::vector<std::string> ids;
  std::unordered_map<std::string, Records> records;
  std::vector<domain::Accreditation> accreditations;
  SQLite::Statement by_person;  // one person's entries through the (person, date) index

  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, detail::kBusyTimeoutMs),
        tx((map_file(db), db)),
        by_person(db, person_query(EntryFields::all())) {
    load();
  }

  static std::string person_query(EntryFields fields) {
    return fmt::format(
        "SELECT {}, v.reason FROM entry e LEFT JOIN void v ON v.entry = e.id "
        "WHERE e.person = ? ORDER BY e.date, e.id",
        detail::entry_columns("e", fields));
  }

  void check(const std::vector<std::string>& people) const {
    for (const auto& id : people)  // unknown ids are refused before any work
      if (!records.count(id))
        throw core::UsageError(fmt::format("no person '{}' in the ledger", id));
  }

  // `h` given every record of `id` but the entries.
  void records_into(const std::string& id, domain::PersonHistory& h) const {
    const Records& r = records.at(id);
    h.person = r.person;
    h.memberships = r.memberships;
    h.accreditations = r.accreditations;
    h.enrolments = r.enrolments;
    h.documents = r.documents;
    h.waivers = r.waivers;
  }

  // Person by person through the index.
  void by_index(const std::vector<std::string>& people, EntryFields fields,
                const std::function<void(domain::PersonHistory&)>& fn) {
    std::optional<SQLite::Statement> projected;
    if (fields != EntryFields::all()) projected.emplace(db, person_query(fields));
    SQLite::Statement& q = projected ? *projected : by_person;
    for (const auto& id : people) {
      domain::PersonHistory h;
      records_into(id, h);
      q.reset();
      q.bind(1, id);
      detail::EntryRows rows(q, fields);
      while (rows.next()) rows.read(h.entries.emplace_back());
      fn(h);
    }
  }

  Records& of(const std::string& id) {
    auto it = records.find(id);
    if (it == records.end())  // a foreign key keeps this from happening in a balint ledger
      throw core::DataError(
          fmt::format("{}: a record names unknown person '{}'", db.getFilename(), id));
    return it->second;
  }

  void load() {
    SQLite::Statement p(db, "SELECT id, name, email FROM person ORDER BY id");
    while (p.executeStep()) {
      domain::Person person{
          p.getColumn(0).getString(), p.getColumn(1).getString(), p.getColumn(2).getString(), {}};
      ids.push_back(person.id);
      records[person.id].person = std::move(person);
    }
    SQLite::Statement a(db, "SELECT person, key, value FROM person_attr");
    while (a.executeStep())
      of(a.getColumn(0).getString()).person.attrs[a.getColumn(1).getString()] =
          a.getColumn(2).getString();
    SQLite::Statement m(db,
                        "SELECT person, body, date_from, date_to FROM membership "
                        "ORDER BY person, date_from, id");
    while (m.executeStep()) {
      domain::Membership x{m.getColumn(0).getString(), m.getColumn(1).getString(),
                           date_of(m.getColumn(2)), std::nullopt};
      if (!m.getColumn(3).isNull()) x.to = date_of(m.getColumn(3));
      of(x.person).memberships.push_back(std::move(x));
    }
    SQLite::Statement c(db,
                        "SELECT person, family, granted_on, note FROM accreditation "
                        "ORDER BY person, granted_on, id");
    while (c.executeStep()) {
      domain::Accreditation x{c.getColumn(0).getString(), c.getColumn(1).getString(),
                              date_of(c.getColumn(2)), c.getColumn(3).getString()};
      of(x.person).accreditations.push_back(x);
      accreditations.push_back(std::move(x));
    }
    SQLite::Statement e(db,
                        "SELECT person, family, enrolled_on FROM enrolment "
                        "ORDER BY person, family");
    while (e.executeStep()) {
      domain::Enrolment x{e.getColumn(0).getString(), e.getColumn(1).getString(),
                          date_of(e.getColumn(2))};
      of(x.person).enrolments.push_back(std::move(x));
    }
    SQLite::Statement d(db,
                        "SELECT id, person, type, dated, file_name, sha256, note FROM document "
                        "ORDER BY person, dated, id");
    while (d.executeStep()) {
      domain::Document x{d.getColumn(0).getInt64(),  d.getColumn(1).getString(),
                         d.getColumn(2).getString(), date_of(d.getColumn(3)),
                         d.getColumn(4).getString(), d.getColumn(5).getString(),
                         d.getColumn(6).getString()};
      of(x.person).documents.push_back(std::move(x));
    }
    SQLite::Statement w(db,
                        "SELECT id, person, ruleset, requirement, reason, "
                        "coalesce(granted_by, ''), granted_on FROM waiver "
                        "ORDER BY person, granted_on, id");
    while (w.executeStep()) {
      domain::Waiver x{w.getColumn(0).getInt64(),  w.getColumn(1).getString(),
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
    cannot_read(ledger.path(), e);
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

bool HistoryReader::scan_pays(std::size_t people) const {
  return people * kIndexShare >= impl_->ids.size();
}

void HistoryReader::for_each(const std::vector<std::string>& people,
                             const std::function<void(domain::PersonHistory&)>& fn,
                             EntryFields fields) const {
  impl_->check(people);
  if (!scan_pays(people.size())) {
    try {
      impl_->by_index(people, fields, fn);
    } catch (const SQLite::Exception& e) {
      cannot_read(impl_->db.getFilename(), e);
    }
    return;
  }
  EntryScan scan(*this, people, 1, fields);
  scan.read(0);
  scan.finish();
  for (std::size_t i = 0; i < people.size(); ++i) {
    domain::PersonHistory h;
    scan.history(i, h);
    fn(h);
  }
}

// ---- EntryScan -------------------------------------------------------------------------------

// The entry table read in slices of ids into compact records, each slice's strings in a pool
// of its own, then grouped by person: `order` lists the rows of people[i] from start[i] to
// start[i + 1]; history() puts each person's by date and id.
struct EntryScan::Impl {
  // One range of ids of the entry table as read: the rows of the people wanted, their
  // strings in the pool of the connection that read them.
  struct Slice {
    std::int64_t lo = 0, hi = 0;
    std::vector<Packed> rows;
    std::vector<std::uint32_t> bucket;  // for each row, its person's index in `people`
  };

  HistoryReader::Impl& reader;
  const std::vector<std::string> people;
  const PersonIndex wanted;
  const EntryFields fields;
  std::vector<std::size_t> text_read;  // the places in kEntryTextCols of the columns fetched
  std::vector<std::pair<std::int64_t, std::string>> voids;  // by entry id: few, no join per row
  std::vector<Slice> slices;
  std::vector<std::unique_ptr<StringPool>> pools;  // one for each connection that read
  std::vector<std::size_t> start;
  std::vector<const Packed*> order;

  Impl(HistoryReader::Impl& r, std::vector<std::string> ppl, std::size_t n_slices, EntryFields f)
      : reader(r), people(std::move(ppl)), wanted(people), fields(f) {
    reader.check(people);
    for (std::size_t c = 0; c < detail::kEntryTextCols.size(); ++c)
      if (detail::fetched(fields, detail::kEntryTextCols[c])) text_read.push_back(c);
    auto& db = reader.db;  // on the reader's snapshot
    SQLite::Statement v(db, "SELECT entry, reason FROM void ORDER BY entry");
    while (v.executeStep())
      voids.emplace_back(v.getColumn(0).getInt64(), v.getColumn(1).getString());
    const std::int64_t top = db.execAndGet("SELECT coalesce(max(id), 0) FROM entry").getInt64();
    n_slices = std::max<std::size_t>(n_slices, 1);
    slices.resize(n_slices);
    const auto n = static_cast<std::int64_t>(n_slices);
    for (std::size_t k = 0; k < n_slices; ++k) {
      slices[k].lo = top * static_cast<std::int64_t>(k) / n + 1;
      slices[k].hi = top * static_cast<std::int64_t>(k + 1) / n;
    }
  }

  // A connection reading slices, with its statement and its pool of strings: the reader's
  // own, or one opened for a thread that reads while the others are busy. Kept for the next
  // slice, so that there are only as many as there are threads reading at once (opening one
  // costs about as much as reading 10,000 rows), and a string is interned about once per
  // thread rather than once per slice.
  struct Connection {
    std::unique_ptr<SQLite::Database> own;  // null: the reader's connection
    std::unique_ptr<SQLite::Transaction> snapshot;
    std::unique_ptr<SQLite::Statement> q;
    std::uint16_t pool = 0;         // its index in `pools`
    StringPool* strings = nullptr;  // pools[pool], taken under the lock
    // The id each text column had in the row before: rows stored by date come in runs that
    // share a group, setting and leader.
    std::array<std::uint32_t, detail::kEntryTextCols.size()> last{};
  };
  std::mutex idle_mutex;
  std::vector<std::unique_ptr<Connection>> idle;
  bool lent_readers = false;

  std::unique_ptr<Connection> take() {
    auto c = std::make_unique<Connection>();
    {
      std::lock_guard<std::mutex> lock(idle_mutex);
      if (!idle.empty()) {
        c = std::move(idle.back());
        idle.pop_back();
        return c;
      }
      if (pools.size() == UINT16_MAX) throw core::InternalError("EntryScan: too many threads");
      c->pool = static_cast<std::uint16_t>(pools.size());
      pools.push_back(std::make_unique<StringPool>());
      c->strings = pools.back().get();
      if (!lent_readers) {
        lent_readers = true;  // the reader's statements are not stepped while it scans
        c->q = std::make_unique<SQLite::Statement>(reader.db, slice_query());
        return c;
      }
    }
    c->own = std::make_unique<SQLite::Database>(reader.db.getFilename(),
                                                SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                                                detail::kBusyTimeoutMs);
    map_file(*c->own);
    c->snapshot = std::make_unique<SQLite::Transaction>(*c->own);
    c->q = std::make_unique<SQLite::Statement>(*c->own, slice_query());
    return c;
  }

  std::string slice_query() const {
    return fmt::format("SELECT {} FROM entry e WHERE e.id BETWEEN ? AND ?",
                       detail::entry_columns("e", fields));
  }

  void read(std::size_t k) {
    Slice& slice = slices.at(k);
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(slice.hi - slice.lo + 1, 0));
    slice.rows.reserve(n);
    advise_huge(slice.rows.data(), slice.rows.capacity() * sizeof(Packed));
    slice.bucket.reserve(n);
    auto connection = take();
    SQLite::Statement& q = *connection->q;
    StringPool& pool = *connection->strings;
    auto& last = connection->last;
    q.reset();
    q.bind(1, slice.lo);
    q.bind(2, slice.hi);
    // Rows come in id order: the next void is the only one that can be this row's.
    auto next_void = std::lower_bound(voids.begin(), voids.end(), slice.lo,
                                      [](const auto& v, std::int64_t id) { return v.first < id; });
    detail::EntryRows rows(q, fields);
    while (rows.next()) {
      const std::uint32_t person = wanted.find(rows.word(detail::kPerson));
      if (person == PersonIndex::kNone) continue;
      Packed& p = slice.rows.emplace_back();  // every text id 0, the empty string
      p.s = rows.scalars();
      for (const std::size_t c : text_read) {
        const std::string_view t = rows.cell(detail::kEntryTextCols[c]);
        p.text[c] = t.empty() ? 0 : pool.intern(t, last[c]);
      }
      p.pool = connection->pool;
      while (next_void != voids.end() && next_void->first < p.s.id) ++next_void;
      p.voided = next_void != voids.end() && next_void->first == p.s.id;
      slice.bucket.push_back(person);
    }
    std::lock_guard<std::mutex> lock(idle_mutex);
    idle.push_back(std::move(connection));
  }

  // Counting sort of the rows by person, the slices in id order.
  void finish() {
    // Every slice is read: the connections opened for reading go, and with them their maps
    // of the file, which would otherwise count again in the memory of the histories' phase
    // (40 MB of a society-wide audit of 1,000,000 entries). Their pools of strings stay.
    {
      std::lock_guard<std::mutex> lock(idle_mutex);
      idle.clear();
    }
    start.assign(people.size() + 1, 0);
    std::size_t total = 0;
    for (const auto& slice : slices) {
      for (auto b : slice.bucket) ++start[b + 1];
      total += slice.rows.size();
    }
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    order.resize(total);
    auto next_of = start;
    for (auto& slice : slices) {
      for (std::size_t r = 0; r < slice.rows.size(); ++r)
        order[next_of[slice.bucket[r]]++] = &slice.rows[r];
      std::vector<std::uint32_t>().swap(slice.bucket);
    }
  }

  // people[i]'s history into `h`, reusing the strings of the entries it held before.
  void history(std::size_t i, domain::PersonHistory& h) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(start.at(i));
    auto last = order.begin() + static_cast<std::ptrdiff_t>(start.at(i + 1));
    auto earlier = [](const Packed* a, const Packed* b) {
      return a->s.date != b->s.date ? a->s.date < b->s.date : a->s.id < b->s.id;
    };
    // The rows are scattered over the table: fetch a few ahead while checking their order,
    // each row's two cache lines (a row is 80 bytes: most straddle two).
    constexpr std::ptrdiff_t kAhead = 32;
    auto fetch = [](const Packed* p) {
      __builtin_prefetch(p);
      __builtin_prefetch(reinterpret_cast<const char*>(p) + sizeof(Packed) - 1);
    };
    for (auto it = first; it != last && it - first < kAhead; ++it) fetch(*it);
    bool sorted = true;
    for (auto it = first; it != last; ++it) {
      if (last - it > kAhead) fetch(*(it + kAhead));
      if (it != first && earlier(*it, *(it - 1))) sorted = false;
    }
    if (!sorted) std::sort(first, last, earlier);
    reader.records_into(people[i], h);
    h.entries.resize(static_cast<std::size_t>(last - first));
    auto out = h.entries.begin();
    for (auto it = first; it != last; ++it, ++out) unpack(**it, people[i], *out);
  }

  void unpack(const Packed& p, const std::string& person, domain::Entry& e) const {
    const StringPool& pool = *pools[p.pool];  // id 0 is the empty string
    detail::to_entry(
        p.s, person,
        [&](int col) -> const std::string& {
          return pool.at(p.text[detail::kTextSlot[static_cast<std::size_t>(col)]]);
        },
        e);
    e.voided = p.voided;
    if (p.voided)
      e.void_reason = reason_of(p.s.id);
    else
      e.void_reason.clear();
  }

  // The reason entry `id` (voided) was voided for.
  const std::string& reason_of(std::int64_t id) const {
    auto before = [](const auto& v, std::int64_t x) { return v.first < x; };
    return std::lower_bound(voids.begin(), voids.end(), id, before)->second;
  }
};

EntryScan::EntryScan(const HistoryReader& reader, std::vector<std::string> people,
                     std::size_t slices, EntryFields fields) {
  try {
    impl_ = std::make_unique<Impl>(*reader.impl_, std::move(people), slices, fields);
  } catch (const SQLite::Exception& e) {
    cannot_read(reader.impl_->db.getFilename(), e);
  }
}

EntryScan::~EntryScan() = default;

std::size_t EntryScan::slices() const { return impl_->slices.size(); }

void EntryScan::read(std::size_t k) {
  try {
    impl_->read(k);
  } catch (const SQLite::Exception& e) {
    cannot_read(impl_->reader.db.getFilename(), e);
  }
}

void EntryScan::finish() { impl_->finish(); }

const std::vector<std::string>& EntryScan::people() const { return impl_->people; }

std::size_t EntryScan::entries_of(std::size_t i) const {
  return impl_->start.at(i + 1) - impl_->start.at(i);
}

void EntryScan::history(std::size_t i, domain::PersonHistory& h) { impl_->history(i, h); }

}  // namespace balint::store
