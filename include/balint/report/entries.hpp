#pragma once
// Entries with their totals (balint entries, the web's entry pages) and one person's records
// with a count of their entries (balint person show): view models of values, which
// service/entries builds and render/entries prints.
#include <cstdint>
#include <vector>

#include "balint/domain/model.hpp"

namespace balint::report {

/// Sessions and minutes of some entries.
struct Totals {
  std::int64_t sessions = 0;
  std::int64_t minutes = 0;
};

/// Totals of one activity and role.
struct TotalsRow {
  domain::Activity activity = domain::Activity::group;
  domain::Role role = domain::Role::member;
  Totals totals;
};

/// Entries with their totals (voided entries listed when asked for, never counted).
struct EntryList {
  std::vector<domain::Entry> entries;
  std::vector<TotalsRow> by_kind;  ///< by activity name, then role name
  Totals total;
};

/// A person, their memberships, accreditations, enrolments, documents and waivers, and their
/// entries counted (`history.entries` is as read; the voided ones are counted apart).
struct PersonRecord {
  domain::PersonHistory history;
  Totals entries;  ///< entries not void
  std::int64_t voided = 0;
};

}  // namespace balint::report
