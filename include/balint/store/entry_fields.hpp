#pragma once
// A projection of the entry table: which of an entry's parts a reading fetches, as a query's
// select list names its columns.
#include <cstdint>

namespace balint::store {

/// The parts of an entry that a reading fetches. An entry's key and figures (id, person,
/// date, activity, role, minutes, format, cases, days) are always fetched; each part below
/// only when chosen, and a part not fetched is left empty, as in a new domain::Entry.
///
/// Each column costs a society-wide reading about 200 instructions a row (SQLite decoding it
/// from the record, the call that hands it over, the copy into the entry): a reader that never
/// looks at a part leaves its columns out.
class EntryFields {
 public:
  enum Part : std::uint16_t {
    group = 1U << 0,
    setting = 1U << 1,
    leader = 1U << 2,
    co_leader = 1U << 3,
    supervisor = 1U << 4,
    event = 1U << 5,
    tags = 1U << 6,
    verified_by = 1U << 7,
    note = 1U << 8,
    source = 1U << 9,  ///< kind, file and line together
  };
  /// Every part: entries equal to Ledger::history's.
  static constexpr EntryFields all() { return EntryFields(kAll); }
  /// These parts without `part`.
  constexpr EntryFields without(Part part) const {
    return EntryFields(static_cast<std::uint16_t>(bits_ & ~static_cast<std::uint16_t>(part)));
  }
  constexpr bool has(Part part) const { return (bits_ & part) != 0; }
  constexpr bool operator==(const EntryFields&) const = default;

 private:
  static constexpr std::uint16_t kAll = (1U << 10) - 1;
  constexpr explicit EntryFields(std::uint16_t bits) : bits_(bits) {}
  std::uint16_t bits_;
};

}  // namespace balint::store
