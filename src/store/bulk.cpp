// HistoryReader: a read-only connection in one read transaction; small tables read whole,
// entries person by person.
#include "balint/store/bulk.hpp"

#include <fmt/core.h>

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <string_view>
#include <thread>
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

// The entry table in rowid order, from id ?1 to ?2, with and without the source columns
// (voids are read apart).
constexpr const char* kScanAll =
    "SELECT id, person, date, activity, role, minutes, grp, setting, format, leader, co_leader, "
    "supervisor, cases, event, days, tags, verified_by, note, source_kind, source_file, "
    "source_line FROM entry WHERE id BETWEEN ? AND ?";
constexpr const char* kScanNoSource =
    "SELECT id, person, date, activity, role, minutes, grp, setting, format, leader, co_leader, "
    "supervisor, cases, event, days, tags, verified_by, note FROM entry WHERE id BETWEEN ? AND ?";

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

// Whether n bytes at x and y are equal, for sizeof(Word) <= n <= 2 sizeof(Word): the first
// and the last word compared (they overlap when n < 2 sizeof(Word)).
template <typename Word>
[[gnu::always_inline]] inline bool same_ends(const char* x, const char* y, std::size_t n) {
  Word x0, x1, y0, y1;
  std::memcpy(&x0, x, sizeof(Word));
  std::memcpy(&y0, y, sizeof(Word));
  std::memcpy(&x1, x + n - sizeof(Word), sizeof(Word));
  std::memcpy(&y1, y + n - sizeof(Word), sizeof(Word));
  return ((x0 ^ y0) | (x1 ^ y1)) == 0;
}

// Equality of two short strings without a call to memcmp for the usual lengths (ids, dates,
// words of the vocabulary): a row of the entry table has a dozen to compare.
[[gnu::always_inline]] inline bool same(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) return same_ends<std::uint64_t>(a.data(), b.data(), n);
  if (n >= 4 && n < 8) return same_ends<std::uint32_t>(a.data(), b.data(), n);
  return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
}

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
    for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
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
  // A column through its sqlite3_value, one call into the statement rather than two: the
  // value is "unprotected", which only matters to a connection shared between threads, and
  // each thread that reads has its own.
  std::string_view text(int col) const {
    sqlite3_value* v = sqlite3_column_value(s, col);
    auto p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v)))
             : std::string_view();
  }
  /// -1 for NULL.
  int integer_or_none(int col) const {
    sqlite3_value* v = sqlite3_column_value(s, col);
    return sqlite3_value_type(v) == SQLITE_NULL ? -1 : sqlite3_value_int(v);
  }
  int integer(int col) const { return sqlite3_column_int(s, col); }
};

template <typename T>
T parsed(std::optional<T> v, std::string_view what, std::string_view s) {
  if (!v) throw core::DataError(fmt::format("ledger: bad {} '{}' in an entry", what, s));
  return *v;
}

// The words of a column seen so far and what each parsed to: a vocabulary column (activity,
// role, format) has only a few.
template <typename T>
class Words {
 public:
  template <typename Parse>
  T of(std::string_view s, Parse parse, std::string_view what) {
    for (const auto& [w, v] : seen_)
      if (same(w, s)) return v;
    T v = parsed(parse(s), what, s);
    if (seen_.size() < 16) seen_.emplace_back(std::string(s), v);
    return v;
  }

 private:
  std::vector<std::pair<std::string, T>> seen_;
};

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

// Runs work(t) for t = 0 .. threads - 1, work(0) on this thread and the others on threads of
// their own; once all have finished, rethrows the first exception any of them threw.
template <class Work>
void on_threads(unsigned threads, const Work& work) {
  std::vector<std::exception_ptr> failed(threads);
  auto run = [&](unsigned t) {
    try {
      work(t);
    } catch (...) {
      failed[t] = std::current_exception();
    }
  };
  std::vector<std::thread> others;
  for (unsigned t = 1; t < threads; ++t) others.emplace_back(run, t);
  run(0);
  for (auto& th : others) th.join();
  for (auto& f : failed)
    if (f) std::rethrow_exception(f);
}

}  // namespace

// Pages read through a memory map instead of a read() call each (up to 1 GiB of the file):
// a society-wide scan then spends no system time copying pages.
void map_file(SQLite::Database& db) { db.exec("PRAGMA mmap_size = 1073741824"); }

struct HistoryReader::Impl {
  SQLite::Database db;
  SQLite::Transaction tx;  // never committed: a read snapshot, rolled back at the end
  std::vector<std::string> ids;
  std::unordered_map<std::string, Records> records;
  std::vector<domain::Accreditation> accreditations;
  detail::RawQuery entries;

  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, kBusyTimeoutMs),
        tx((map_file(db), db)),
        entries(db.getHandle(), fmt::format("SELECT {} FROM entry e LEFT JOIN void v ON v.entry = e.id "
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
      while (entries.step()) h.entries.push_back(detail::read_entry(entries));
      fn(h);
    }
  }

  // One range of ids of the entry table as read: the rows of the people wanted, their
  // strings in the pool of the thread that read them.
  struct Part {
    std::int64_t lo = 0, hi = 0;
    unsigned reader = 0;
    std::vector<Packed> rows;
    std::vector<std::uint32_t> bucket;  // for each row, its person's index in `people`
  };

  // One thread's reading: its statement, its pool of strings, and what it remembers from one
  // row to the next (rows stored by date come in runs of one date, group and leader).
  class PartReader {
   public:
    PartReader(sqlite3* handle, const std::vector<std::string>& people,
               const std::vector<std::pair<std::int64_t, std::string>>& voids, EntryParts parts,
               StringPool& pool)
        : handle_(handle), wanted_(people), voids_(voids), with_source_(parts == EntryParts::all),
          pool_(pool), q_(handle, with_source_ ? kScanAll : kScanNoSource), memo_(21, 0) {}

    void read(Part& out) {
      sqlite3_reset(q_.s);
      void_ = std::lower_bound(voids_.begin(), voids_.end(), out.lo,
                               [](const auto& v, std::int64_t id) { return v.first < id; });
      sqlite3_bind_int64(q_.s, 1, out.lo);
      sqlite3_bind_int64(q_.s, 2, out.hi);
      int rc;
      while ((rc = sqlite3_step(q_.s)) == SQLITE_ROW) {
        const std::uint32_t person = wanted_.find(q_.text(1));
        if (person == PersonIndex::kNone) continue;
        out.rows.push_back(row());
        out.bucket.push_back(person);
      }
      if (rc != SQLITE_DONE) throw SQLite::Exception(handle_, rc);
    }

   private:
    // NULL and '' (most optional columns of most rows) without asking for the text.
    std::uint32_t text(int col) {
      sqlite3_value* v = sqlite3_column_value(q_.s, col);
      const int n = sqlite3_value_bytes(v);
      if (n == 0) return 0;
      auto p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      return pool_.intern({p, static_cast<std::size_t>(n)}, memo_[static_cast<std::size_t>(col)]);
    }

    Packed row() {
      Packed p{};
      p.id = sqlite3_column_int64(q_.s, 0);
      const std::string_view date = q_.text(2);
      if (date.empty() || !same(date, last_date_)) {  // a date parsed once per run
        last_serial_ = parsed(core::Date::parse(date), "date", date).serial();
        last_date_.assign(date);
      }
      p.date = last_serial_;
      p.activity = activity_.of(q_.text(3), domain::parse_activity, "activity");
      p.role = role_.of(q_.text(4), domain::parse_role, "role");
      p.minutes = static_cast<std::int16_t>(q_.integer(5));
      p.group = text(6);
      p.setting = text(7);
      p.format = format_.of(q_.text(8), domain::parse_format, "format");
      p.leader = text(9);
      p.co_leader = text(10);
      p.supervisor = text(11);
      p.cases = q_.integer_or_none(12);
      p.event = text(13);
      p.days = q_.integer_or_none(14);
      p.tags = text(15);
      p.verified_by = text(16);
      p.note = text(17);
      if (with_source_) {
        p.source_kind = text(18);
        p.source_file = text(19);
        p.source_line = q_.integer(20);
      }
      // Rows come in id order: the next void is the only one that can be this row's.
      while (void_ != voids_.end() && void_->first < p.id) ++void_;
      if (void_ != voids_.end() && void_->first == p.id) {
        p.voided = true;
        p.void_reason = pool_.intern(void_->second);
      }
      return p;
    }

    sqlite3* handle_;
    const PersonIndex wanted_;
    const std::vector<std::pair<std::int64_t, std::string>>& voids_;  // by entry id
    std::vector<std::pair<std::int64_t, std::string>>::const_iterator void_;  // the next one
    const bool with_source_;
    StringPool& pool_;
    Stmt q_;
    std::vector<std::uint32_t> memo_;
    std::string last_date_;
    std::int32_t last_serial_ = 0;
    Words<domain::Activity> activity_;
    Words<domain::Role> role_;
    Words<domain::Format> format_;
  };

  // The entry table read once in storage order into compact records (in parts, whose
  // strings are all in `pool`), then grouped by person: `order` lists the rows of people[i]
  // from start[i] to start[i + 1]; fill() puts each person's by date and id.
  struct Scan {
    StringPool pool;
    std::vector<Part> parts;
    std::vector<std::size_t> start;
    std::vector<const Packed*> order;
  };

  // The entry table read in rowid order, in ranges of ids that `threads` threads take in turn
  // (the threads after the first on connections of their own: a range whose rows take
  // longer to read does not leave the other thread idle), then grouped by person. Entries
  // are only ever added, with ids above those already there, so the rows up to the largest
  // id this reader's snapshot holds are the same in any later snapshot a new connection sees.
  Scan scan(const std::vector<std::string>& people, EntryParts parts, unsigned threads = 1) {
    std::vector<std::pair<std::int64_t, std::string>> voids;  // few: no join probing every row
    {
      Stmt v(db.getHandle(), "SELECT entry, reason FROM void ORDER BY entry");
      int rc;
      while ((rc = sqlite3_step(v.s)) == SQLITE_ROW)
        voids.emplace_back(sqlite3_column_int64(v.s, 0), std::string(v.text(1)));
      if (rc != SQLITE_DONE) throw SQLite::Exception(db.getHandle(), rc);
    }
    const std::int64_t top = db.execAndGet("SELECT coalesce(max(id), 0) FROM entry").getInt64();
    threads = std::max(1U, threads);
    const std::size_t n_parts = threads == 1 ? 1 : 8 * threads;
    Scan sc;
    sc.parts.resize(n_parts);
    for (std::size_t k = 0; k < n_parts; ++k) {
      sc.parts[k].lo = top * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(n_parts) + 1;
      sc.parts[k].hi = top * static_cast<std::int64_t>(k + 1) / static_cast<std::int64_t>(n_parts);
    }
    std::vector<StringPool> pools(threads);
    std::atomic<std::size_t> next{0};
    on_threads(threads, [&](unsigned t) {
      auto take_parts = [&](sqlite3* handle) {
        PartReader reader(handle, people, voids, parts, pools[t]);
        for (std::size_t k; (k = next.fetch_add(1)) < n_parts;) {
          Part& part = sc.parts[k];
          part.reader = t;
          const auto n = static_cast<std::size_t>(std::max<std::int64_t>(part.hi - part.lo + 1, 0));
          part.rows.reserve(n);
          advise_huge(part.rows.data(), part.rows.capacity() * sizeof(Packed));
          part.bucket.reserve(n);
          reader.read(part);
        }
      };
      if (t == 0) {
        take_parts(db.getHandle());
      } else {
        SQLite::Database own(db.getFilename(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                             kBusyTimeoutMs);
        map_file(own);
        SQLite::Transaction snapshot(own);
        take_parts(own.getHandle());
      }
    });
    // The other threads' strings moved to the first one's pool.
    std::vector<std::vector<std::uint32_t>> id_in(threads);
    for (unsigned t = 1; t < threads; ++t) {
      id_in[t].resize(pools[t].size());
      for (std::uint32_t i = 1; i < id_in[t].size(); ++i) id_in[t][i] = pools[0].intern(pools[t].at(i));
    }
    for (Part& part : sc.parts) {
      if (part.reader == 0) continue;
      const auto& id = id_in[part.reader];
      for (Packed& p : part.rows)
        for (std::uint32_t* f : {&p.group, &p.setting, &p.leader, &p.co_leader, &p.supervisor,
                                 &p.event, &p.tags, &p.verified_by, &p.note, &p.source_kind,
                                 &p.source_file, &p.void_reason})
          *f = id[*f];
    }
    sc.pool = std::move(pools[0]);
    // Counting sort of the rows by person, the parts in id order.
    std::vector<std::size_t>& start = sc.start;
    start.assign(people.size() + 1, 0);
    std::size_t total = 0;
    for (const auto& part : sc.parts) {
      for (auto b : part.bucket) ++start[b + 1];
      total += part.rows.size();
    }
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    sc.order.resize(total);
    auto next_of = start;
    for (auto& part : sc.parts) {
      for (std::size_t r = 0; r < part.rows.size(); ++r) sc.order[next_of[part.bucket[r]]++] = &part.rows[r];
      std::vector<std::uint32_t>().swap(part.bucket);
    }
    return sc;
  }

  // people[i]'s history into `h`, reusing the strings of the entries it held before.
  // Entries that `h` no longer needs wait in `spare`, strings and all, for a later person.
  void fill(Scan& sc, const std::vector<std::string>& people, std::size_t i, domain::PersonHistory& h,
            std::vector<domain::Entry>& spare) {
    auto first = sc.order.begin() + static_cast<std::ptrdiff_t>(sc.start[i]);
    auto last = sc.order.begin() + static_cast<std::ptrdiff_t>(sc.start[i + 1]);
    auto earlier = [](const Packed* a, const Packed* b) {
      return a->date != b->date ? a->date < b->date : a->id < b->id;
    };
    // The rows are scattered over the table: fetch a few ahead while checking their order.
    constexpr std::ptrdiff_t kAhead = 32;
    bool sorted = true;
    for (auto it = first; it != last; ++it) {
      if (last - it > kAhead) __builtin_prefetch(*(it + kAhead));
      if (it != first && earlier(*it, *(it - 1))) sorted = false;
    }
    if (!sorted) std::sort(first, last, earlier);
    const Records& r = records.at(people[i]);
    h.person = r.person;
    h.memberships = r.memberships;
    h.accreditations = r.accreditations;
    h.enrolments = r.enrolments;
    h.documents = r.documents;
    h.waivers = r.waivers;
    const auto n = static_cast<std::size_t>(last - first);
    auto& es = h.entries;
    for (; es.size() > n; es.pop_back()) spare.push_back(std::move(es.back()));
    if (es.capacity() < n) es.reserve(std::max(n, 2 * es.capacity()));
    for (; es.size() < n && !spare.empty(); spare.pop_back()) es.push_back(std::move(spare.back()));
    es.resize(n);
    auto out = h.entries.begin();
    for (auto it = first; it != last; ++it, ++out) unpack(**it, people[i], sc.pool, *out);
  }

  void by_scan(const std::vector<std::string>& people,
               const std::function<void(domain::PersonHistory&)>& fn) {
    Scan sc = scan(people, EntryParts::all);
    for (std::size_t i = 0; i < people.size(); ++i) {
      domain::PersonHistory h;
      std::vector<domain::Entry> spare;
      fill(sc, people, i, h, spare);
      fn(h);
    }
  }

  // The scan's people shared out as the threads ask for them, those with the most entries
  // first: no thread is left with a long history to finish alone, and the history a thread
  // reuses only ever shrinks, so no entry is moved in and out of `spare` (moving the strings
  // of entries back and forth was about half of fill()'s instructions).
  void by_scan_parallel(const std::vector<std::string>& people, unsigned threads, EntryParts parts,
                        const std::function<void(unsigned, std::size_t, const domain::PersonHistory&)>& fn) {
    Scan sc = scan(people, parts, threads);
    std::vector<std::size_t> queue(people.size());
    for (std::size_t k = 0; k < queue.size(); ++k) queue[k] = k;
    auto entries_of = [&sc](std::size_t i) { return sc.start[i + 1] - sc.start[i]; };
    std::stable_sort(queue.begin(), queue.end(),
                     [&](std::size_t a, std::size_t b) { return entries_of(a) > entries_of(b); });
    std::atomic<std::size_t> next{0};
    on_threads(threads, [&](unsigned t) {
      domain::PersonHistory h;
      std::vector<domain::Entry> spare;
      for (std::size_t k; (k = next.fetch_add(1)) < queue.size();) {
        fill(sc, people, queue[k], h, spare);
        fn(t, queue[k], h);
      }
    });
  }

  static void assign(std::string& to, const std::string& from) { to.assign(from); }
  // Most optional fields of most entries are empty: clear() is a store, assign() a call.
  static void assign(std::string& to, const StringPool& pool, std::uint32_t id) {
    if (id == 0)
      to.clear();
    else
      to.assign(pool.at(id));
  }

  static void unpack(const Packed& p, const std::string& person, const StringPool& pool,
                     domain::Entry& e) {
    e.id = p.id;
    e.date = core::Date::from_serial(p.date);
    assign(e.person, person);
    e.activity = p.activity;
    e.role = p.role;
    e.minutes = p.minutes;
    assign(e.group, pool, p.group);
    assign(e.setting, pool, p.setting);
    e.format = p.format;
    assign(e.leader, pool, p.leader);
    assign(e.co_leader, pool, p.co_leader);
    assign(e.supervisor, pool, p.supervisor);
    e.cases = p.cases >= 0 ? std::optional<int>(p.cases) : std::nullopt;
    assign(e.event, pool, p.event);
    e.days = p.days >= 0 ? std::optional<int>(p.days) : std::nullopt;
    if (p.tags)
      e.tags = core::split(pool.at(p.tags), ';');
    else
      e.tags.clear();
    assign(e.verified_by, pool, p.verified_by);
    assign(e.note, pool, p.note);
    e.voided = p.voided;
    assign(e.void_reason, pool, p.void_reason);
    assign(e.source.kind, pool, p.source_kind);
    assign(e.source.file, pool, p.source_file);
    e.source.line = p.source_line;
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

void HistoryReader::for_each_parallel(
    const std::vector<std::string>& people, unsigned threads, EntryParts parts,
    const std::function<void(unsigned, std::size_t, const domain::PersonHistory&)>& fn) const {
  for (const auto& id : people)
    if (!impl_->records.count(id)) throw core::UsageError(fmt::format("no person '{}' in the ledger", id));
  try {
    if (threads <= 1 || people.size() * kIndexShare < impl_->ids.size()) {
      std::size_t i = 0;
      auto one = [&](domain::PersonHistory& h) {
        if (parts == EntryParts::no_source)
          for (auto& e : h.entries) e.source = {};
        fn(0, i++, h);
      };
      if (people.size() * kIndexShare < impl_->ids.size())
        impl_->by_index(people, one);
      else
        impl_->by_scan(people, one);
    } else {
      impl_->by_scan_parallel(people, threads, parts, fn);
    }
  } catch (const SQLite::Exception& e) {
    throw core::InternalError(fmt::format("{}: cannot read the ledger: {}", impl_->db.getFilename(), e.what()));
  }
}

}  // namespace balint::store
