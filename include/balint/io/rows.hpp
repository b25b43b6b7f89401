#pragma once
// Validation of entry and people rows (SPEC §5): every problem of every row is gathered.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/domain/model.hpp"
#include "balint/io/csv.hpp"

namespace balint::io {

/// The SPEC §5 entry columns, in SPEC order (this is also the export order).
const std::vector<std::string>& entry_columns();

/// Answers whether a person id exists in the ledger.
using PersonExists = std::function<bool(const std::string&)>;

/// Turns entry CSV records into Entries. Construct with the header record (`mode` is accepted
/// for `format`); problems with
/// the header (unknown column with "did you mean", missing required column, duplicate column)
/// are in `header_errors()`. Each `parse` returns an Entry or appends diagnostics
/// `FILE:LINE: column: what is wrong` and returns nullopt.
class EntryRowParser {
 public:
  EntryRowParser(std::string file, const CsvRecord& header, PersonExists person_exists,
                 std::vector<std::string> known_person_ids);
  const std::vector<core::Diagnostic>& header_errors() const { return header_errors_; }
  /// Refuses entries dated after `today` (SPEC §8: unless --allow-future); nullopt allows all.
  void refuse_after(std::optional<core::Date> today) { latest_ = today; }
  std::optional<domain::Entry> parse(const CsvRecord& rec, std::vector<core::Diagnostic>& out) const;

 private:
  std::string file_;
  std::vector<int> column_of_field_;  // index into entry_columns() for each CSV field, -1 unknown
  std::vector<core::Diagnostic> header_errors_;
  PersonExists person_exists_;
  std::vector<std::string> known_ids_;
  std::vector<std::string> names_;  // each column's name in this file's header
  std::optional<core::Date> latest_;
};

/// The same for people CSV: required `id`, `name`; optional `email`; `attr:KEY` columns.
class PersonRowParser {
 public:
  PersonRowParser(std::string file, const CsvRecord& header);
  const std::vector<core::Diagnostic>& header_errors() const { return header_errors_; }
  std::optional<domain::Person> parse(const CsvRecord& rec, std::vector<core::Diagnostic>& out) const;

 private:
  std::string file_;
  std::vector<std::string> columns_;
  std::vector<core::Diagnostic> header_errors_;
};

}  // namespace balint::io
