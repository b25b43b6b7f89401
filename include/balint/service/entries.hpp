#pragma once
// Entries: log one session for several people, list with totals, a person's record, void,
// confirm.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/report/entries.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

/// One session for each of `people`; `fields` are §5 entry columns (without `person`) and their
/// values as typed, only those given.
struct LogRequest {
  std::vector<std::string> people;
  std::vector<std::pair<std::string, std::string>> fields;
  domain::Source source;  ///< {"log"} from the command line, {"web", ACCOUNT} from the server
  /// Today: a later date is refused (SPEC §8); nullopt accepts any date (--allow-future).
  std::optional<core::Date> refuse_after = std::nullopt;
};

/// Checks `request` as `balint import entries` checks a row and adds the entries in one
/// transaction; returns their ids in the order of `people`. FieldErrors lists every problem
/// (once each) and nothing is written.
std::vector<std::int64_t> log_entries(store::Ledger& ledger, const LogRequest& request);

// The view models of entries listed and counted (report/entries.hpp).
using Totals = report::Totals;
using TotalsRow = report::TotalsRow;
using EntryList = report::EntryList;

/// Entries with their totals (voided entries listed when asked for, never counted).
EntryList list_entries(const store::Ledger& ledger, const store::EntryFilter& filter);
/// The same for entries already read (a person's history, in its order).
EntryList list_entries(std::vector<domain::Entry> entries);

/// `person`'s records and a count of their entries. NotFound for no such person.
report::PersonRecord person_record(const store::Ledger& ledger, const std::string& person);

/// Withdraws entry `id`. NotFound for no such entry, Conflict when it is void already.
struct VoidRequest {
  std::int64_t id = 0;
  std::string reason;  ///< checked text, not empty
  core::Date on;
  std::optional<std::int64_t> account;  ///< the web account that asked; none on the command line
};
void void_entry(store::Ledger& ledger, const VoidRequest& request);

/// Marks entry `id` as verified by `by` (a person id; the entry's verified_by).
/// NotFound for no such entry, Conflict when it is void or verified already.
struct ConfirmRequest {
  std::int64_t id = 0;
  std::string by;
  core::Date on;
  std::optional<std::int64_t> account;
};
void confirm_entry(store::Ledger& ledger, const ConfirmRequest& request);

}  // namespace balint::service
