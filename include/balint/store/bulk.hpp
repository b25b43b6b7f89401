#pragma once
// Society-wide reading: every person's history from one snapshot, one person at a time, so
// that a whole ledger can be audited without holding all of its entries in memory.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/store/entry_fields.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {

/// Reads many people's histories from one snapshot of the ledger. It holds its own
/// read-only connection to the ledger's file, inside one read transaction, with the file
/// mapped into memory. The small tables (people, memberships, accreditations, enrolments,
/// documents, waivers) are read once, whole, when it is constructed; entries are read when
/// asked for, through the (person, date) index for a few people or by an EntryScan of the
/// whole entry table for many.
class HistoryReader {
 public:
  /// A reader of `ledger`'s file; the ledger must stay open while the reader is used.
  explicit HistoryReader(const Ledger& ledger);
  ~HistoryReader();
  HistoryReader(const HistoryReader&) = delete;
  HistoryReader& operator=(const HistoryReader&) = delete;

  /// Every person id, sorted.
  const std::vector<std::string>& person_ids() const;
  /// Every accreditation, by person, date granted, then id.
  const std::vector<domain::Accreditation>& accreditations() const;
  /// Every enrolment in `family`, by person.
  std::vector<domain::Enrolment> enrolments(const std::string& family) const;
  /// The history of each of `people` in the order given, one at a time, on this thread,
  /// fetching `fields` of each entry; `fn` may move from it. Each history equals
  /// Ledger::history's, but for the parts of entries not fetched, which are empty.
  /// UsageError for an id that is not in the ledger.
  void for_each(const std::vector<std::string>& people,
                const std::function<void(domain::PersonHistory&)>& fn,
                EntryFields fields = EntryFields::all()) const;
  /// Whether reading `people` people's entries is quicker by an EntryScan of the whole entry
  /// table than person by person through the index (which visits the table out of order:
  /// about 4 µs a row against well under 1 µs for a scan).
  bool scan_pays(std::size_t people) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend class EntryScan;
};

/// The entries of some people, read from the entry table in slices (ranges of entry ids),
/// then handed out person by person with the rest of each history. Slices may be read on
/// several threads at once, and histories handed out on several threads at once: how the work
/// is shared out is the caller's choice.
///
/// Slices are read on the reader's own connection and, while it is busy, on read-only
/// connections opened for the purpose (kept for later slices: as many as there are threads
/// reading at once), up to the largest entry id of the reader's snapshot: entries are only
/// ever added, with ids above those already there, so those rows are the same in the later
/// snapshot another connection sees. Voids and the other records come from the reader's
/// snapshot.
class EntryScan {
 public:
  /// A scan of `people`'s entries in `slices` (at least one) slices, fetching `fields` of
  /// each; UsageError for an id that is not in the ledger. The reader must outlive the scan.
  EntryScan(const HistoryReader& reader, std::vector<std::string> people, std::size_t slices,
            EntryFields fields = EntryFields::all());
  ~EntryScan();
  EntryScan(const EntryScan&) = delete;
  EntryScan& operator=(const EntryScan&) = delete;

  std::size_t slices() const;
  /// Reads slice `k` (below slices()); each slice once, all before finish(). Different slices
  /// may be read at once on different threads.
  void read(std::size_t k);
  /// Once every slice is read: the entries grouped by person.
  void finish();

  /// The people, as given.
  const std::vector<std::string>& people() const;
  /// How many entries people()[i] has, voided ones included (after finish()).
  std::size_t entries_of(std::size_t i) const;
  /// people()[i]'s history into `h` (equal to Ledger::history's, but for the parts of
  /// entries not fetched, which are empty), reusing the strings of the entries `h` held
  /// (after finish()). Safe on several threads at once for different `i`
  /// and `h`.
  void history(std::size_t i, domain::PersonHistory& h);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balint::store
