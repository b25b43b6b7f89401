#pragma once
// The entry table as the store reads it: one list of columns and one mapping of a row to an
// entry, shared by Ledger's queries (entries.cpp) and the bulk reader (bulk.cpp). A new
// column is added to EntryCol, kEntryColumnNames and to_entry() (and, when it is a number,
// EntryScalars and EntryRows::scalars(); when a reading may leave it out, an EntryFields part
// and fetched()); both readers follow.
#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "balint/core/text.hpp"
#include "balint/domain/model.hpp"
#include "balint/store/entry_fields.hpp"

namespace balint::store::detail {

/// The columns of an entry row, in the order of entry_columns().
enum EntryCol : int {
  kId,
  kPerson,
  kDate,
  kActivity,
  kRole,
  kMinutes,
  kGroup,
  kSetting,
  kFormat,
  kLeader,
  kCoLeader,
  kSupervisor,
  kCases,
  kEvent,
  kDays,
  kTags,
  kVerifiedBy,
  kNote,
  kSourceKind,
  kSourceFile,
  kSourceLine,
  kEntryColumnCount,
  /// Ledger's queries put the entry's void reason (NULL when not void) after its columns.
  kVoidReason = kEntryColumnCount,
};

/// The name of each column in the entry table, in EntryCol order.
inline constexpr std::array<std::string_view, kEntryColumnCount> kEntryColumnNames = {
    "id",      "person", "date",        "activity",  "role",        "minutes",     "grp",
    "setting", "format", "leader",      "co_leader", "supervisor",  "cases",       "event",
    "days",    "tags",   "verified_by", "note",      "source_kind", "source_file", "source_line"};

/// The columns that an entry keeps as text (its person apart): the bulk reader keeps each as
/// an id into a pool of strings, at the place it has here.
inline constexpr std::array kEntryTextCols = {kGroup,      kSetting,    kLeader,    kCoLeader,
                                              kSupervisor, kEvent,      kTags,      kVerifiedBy,
                                              kNote,       kSourceKind, kSourceFile};

/// The columns that hold only what balint writes from a person id (lower-case letters,
/// digits, '.', '_', '-'), an ISO date or a word of the vocabulary, never a NUL byte: read up
/// to their terminating NUL, with one call into SQLite rather than two (EntryRows::cell).
inline constexpr std::array<bool, kEntryColumnCount> kWordCol = [] {
  std::array<bool, kEntryColumnCount> word{};
  for (EntryCol c : {kPerson, kDate, kActivity, kRole, kFormat, kLeader, kCoLeader, kSupervisor,
                     kVerifiedBy, kSourceKind})
    word[static_cast<std::size_t>(c)] = true;
  return word;
}();

/// The place of each column in kEntryTextCols (only text columns are looked up).
inline constexpr std::array<std::size_t, kEntryColumnCount> kTextSlot = [] {
  std::array<std::size_t, kEntryColumnCount> slot{};
  for (std::size_t k = 0; k < kEntryTextCols.size(); ++k)
    slot[static_cast<std::size_t>(kEntryTextCols[k])] = k;
  return slot;
}();

/// Whether a reading of `fields` fetches column `c` (the key and figures always).
constexpr bool fetched(EntryFields fields, EntryCol c) {
  switch (c) {
    case kGroup: return fields.has(EntryFields::group);
    case kSetting: return fields.has(EntryFields::setting);
    case kLeader: return fields.has(EntryFields::leader);
    case kCoLeader: return fields.has(EntryFields::co_leader);
    case kSupervisor: return fields.has(EntryFields::supervisor);
    case kEvent: return fields.has(EntryFields::event);
    case kTags: return fields.has(EntryFields::tags);
    case kVerifiedBy: return fields.has(EntryFields::verified_by);
    case kNote: return fields.has(EntryFields::note);
    case kSourceKind:
    case kSourceFile:
    case kSourceLine: return fields.has(EntryFields::source);
    default: return true;
  }
}

/// The select list of the columns that a reading of `fields` fetches, in EntryCol order, each
/// as `alias.name` (EntryRows finds each column's place in it).
std::string entry_columns(std::string_view alias, EntryFields fields = EntryFields::all());

/// What of an entry is not text: numbers, the date and the words of the vocabulary.
struct EntryScalars {
  std::int64_t id = 0;
  std::int32_t date = 0;    // the date's serial
  std::int32_t cases = -1;  // -1: not given
  std::int32_t days = -1;   // -1: not given
  std::int32_t source_line = 0;
  std::int16_t minutes = 0;
  // The words of the vocabulary, a byte each: a society-wide reading holds every entry's
  // scalars in memory at once.
  std::uint8_t activity = 0;  // domain::Activity
  std::uint8_t role = 0;      // domain::Role
  std::uint8_t format = 0;    // domain::Format
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

/// Equality of two short strings without a call to memcmp for the usual lengths (ids, dates,
/// words of the vocabulary): a row of the entry table has a dozen to compare.
[[gnu::always_inline]] inline bool same(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) return same_ends<std::uint64_t>(a.data(), b.data(), n);
  if (n >= 4 && n < 8) return same_ends<std::uint32_t>(a.data(), b.data(), n);
  return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
}

/// DataError: a bad `what` in an entry of the ledger.
[[noreturn]] void bad(std::string_view what, std::string_view value);

/// The words of a vocabulary column seen so far and what each parsed to (a column has only a
/// few); DataError for a word that does not parse.
template <typename T>
class Words {
 public:
  template <typename Parse>
  T of(std::string_view s, Parse parse, std::string_view what) {
    for (const auto& [w, v] : seen_)
      if (same(w, s)) return v;
    const auto v = parse(s);
    if (!v) bad(what, s);
    if (seen_.size() < 16) seen_.emplace_back(std::string(s), *v);
    return *v;
  }

 private:
  std::vector<std::pair<std::string, T>> seen_;
};

/// The rows of one statement whose select list begins with entry_columns(), read through
/// SQLiteCpp. One Column object per column serves every row: SQLiteCpp's Column reads the
/// statement's current row each time it is asked (sqlite3_column_*), and asking
/// Statement::getColumn anew for each cell would copy a shared pointer per cell, a tenth of
/// a society-wide read.
class EntryRows {
 public:
  /// The rows of `q`, whose select list is entry_columns(alias, fields), then perhaps the
  /// void's reason (kVoidReason).
  explicit EntryRows(SQLite::Statement& q, EntryFields fields = EntryFields::all())
      : q_(q), source_(fetched(fields, kSourceLine)) {
    int at = 0;
    for (int c = 0; c < kEntryColumnCount; ++c)
      place_[static_cast<std::size_t>(c)] = fetched(fields, static_cast<EntryCol>(c)) ? at++ : -1;
    place_[kVoidReason] = at;
  }
  /// Steps to the next row; false after the last.
  bool next() {
    if (!q_.executeStep()) return false;
    if (cols_.empty()) {
      const int n = q_.getColumnCount();
      cols_.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) cols_.push_back(q_.getColumn(i));
    }
    return true;
  }
  /// Column `col` of this row as text; NULL and '' as empty.
  std::string_view text(int col) const {
    const SQLite::Column& c = at(col);
    const int n = c.getBytes();
    if (n == 0) return {};
    return {c.getText(), static_cast<std::size_t>(n)};
  }
  /// Column `col` of this row, a column of kWordCol, as text up to its NUL terminator.
  std::string_view word(int col) const {
    const char* p = at(col).getText();
    return p[0] == '\0' ? std::string_view() : std::string_view(p);
  }
  /// Column `col` as word() or text(), as kWordCol says; empty for a column not fetched.
  std::string_view cell(int col) const {
    if (place_[static_cast<std::size_t>(col)] < 0) return {};
    return kWordCol[static_cast<std::size_t>(col)] ? word(col) : text(col);
  }
  bool null(int col) const { return at(col).isNull(); }
  int integer(int col) const { return at(col).getInt(); }
  std::int64_t int64(int col) const { return at(col).getInt64(); }
  /// Whether the select list has column `col` (kVoidReason: whether it follows the entry's).
  bool has(int col) const {
    const int place = place_[static_cast<std::size_t>(col)];
    return place >= 0 && place < static_cast<int>(cols_.size());
  }

  /// This row's numbers, date and words (DataError for a bad date or word).
  EntryScalars scalars();
  /// This row's entry, voided with its reason when the row has one (kVoidReason).
  void read(domain::Entry& e);

 private:
  // Column `col` (fetched) of this row.
  const SQLite::Column& at(int col) const {
    return cols_[static_cast<std::size_t>(place_[static_cast<std::size_t>(col)])];
  }

  SQLite::Statement& q_;
  bool source_;  // whether the source columns are fetched
  // By EntryCol (and kVoidReason): the column's place in the select list, or -1.
  std::array<int, kEntryColumnCount + 1> place_{};
  std::vector<SQLite::Column> cols_;
  // Rows stored by date come in runs of one date: it is parsed once per run.
  std::string last_date_;
  std::int32_t last_serial_ = 0;
  Words<domain::Activity> activity_;
  Words<domain::Role> role_;
  Words<domain::Format> format_;
};

/// `to` set to `from`; most optional fields of most entries are empty, and clear() is a
/// store where assign() is a call.
inline void set_text(std::string& to, std::string_view from) {
  if (from.empty())
    to.clear();
  else
    to.assign(from);
}
/// The same from a string: its copy assignment is cheaper than assign() from a view.
inline void set_text(std::string& to, const std::string& from) {
  if (from.empty())
    to.clear();
  else
    to = from;
}

/// The one mapping of an entry's parts to its fields: `scalars`, `person`, and `text(col)`
/// (a std::string_view or a std::string) for each column of kEntryTextCols. Every field but voided
/// and void_reason is set; the strings `e` held are reused.
template <typename Person, typename Text>
void to_entry(const EntryScalars& s, const Person& person, const Text& text, domain::Entry& e) {
  e.id = s.id;
  e.date = core::Date::from_serial(s.date);
  set_text(e.person, person);
  e.activity = static_cast<domain::Activity>(s.activity);
  e.role = static_cast<domain::Role>(s.role);
  e.minutes = s.minutes;
  set_text(e.group, text(kGroup));
  set_text(e.setting, text(kSetting));
  e.format = static_cast<domain::Format>(s.format);
  set_text(e.leader, text(kLeader));
  set_text(e.co_leader, text(kCoLeader));
  set_text(e.supervisor, text(kSupervisor));
  e.cases = s.cases >= 0 ? std::optional<int>(s.cases) : std::nullopt;
  set_text(e.event, text(kEvent));
  e.days = s.days >= 0 ? std::optional<int>(s.days) : std::nullopt;
  const std::string_view tags = text(kTags);
  if (tags.empty())
    e.tags.clear();
  else
    e.tags = core::split(tags, ';');
  set_text(e.verified_by, text(kVerifiedBy));
  set_text(e.note, text(kNote));
  set_text(e.source.kind, text(kSourceKind));
  set_text(e.source.file, text(kSourceFile));
  e.source.line = s.source_line;
}

}  // namespace balint::store::detail
