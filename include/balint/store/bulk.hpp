#pragma once
// Society-wide reading: every person's history from one snapshot, one person at a time, so
// that a whole ledger can be audited without holding all of its entries in memory.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "balint/domain/model.hpp"
#include "balint/store/ledger.hpp"

namespace balint::store {

/// Reads many people's histories from one consistent snapshot of the ledger. It holds its own
/// read-only connection to the ledger's file, inside one read transaction, with the file
/// mapped into memory: entries are read person by person through the (person, date) index,
/// which visits the table out of order when entries were imported by date.
/// The small tables (people, memberships, accreditations, enrolments, documents, waivers)
/// are read once, whole, when it is constructed.
/// How much of each entry for_each_parallel reads.
enum class EntryParts {
  all,        ///< every field
  no_source,  ///< every field but `source` (left empty): all that an audit uses
};

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
  /// The history of each of `people` in the order given, one at a time; `fn` may move from
  /// it. UsageError for an id that is not in the ledger.
  void for_each(const std::vector<std::string>& people,
                const std::function<void(domain::PersonHistory&)>& fn) const;
  /// The history of each of `people`, handed to `fn(worker, index, history)` on one of at most
  /// `threads` threads (worker 0 is the calling thread): the whole ledger's entries are read
  /// once, then people are handed to the workers as they ask, those with the most entries
  /// first (so in no particular order of `people`). `fn` must be safe to call
  /// from several threads at once for different people; the history is only valid during
  /// the call. A few people out of many are read through the index on the calling thread
  /// alone. The first exception of a worker is rethrown once all have stopped. UsageError
  /// for an id that is not in the ledger.
  void for_each_parallel(
      const std::vector<std::string>& people, unsigned threads, EntryParts parts,
      const std::function<void(unsigned, std::size_t, const domain::PersonHistory&)>& fn) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balint::store
