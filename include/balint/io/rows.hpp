#pragma once
// Validation of entry and people rows (SPEC §5): every problem of every row is gathered.
#include <functional>
#include <string_view>
#include <variant>
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
  /// Reads hours written with a decimal comma ("1,5"), as European spreadsheets write them.
  void decimal_comma(bool on) { decimal_comma_ = on; }
  std::optional<domain::Entry> parse(const CsvRecord& rec,
                                     std::vector<core::Diagnostic>& out) const;

 private:
  std::string file_;
  std::vector<int> column_of_field_;  // index into entry_columns() for each CSV field, -1 unknown
  std::vector<core::Diagnostic> header_errors_;
  PersonExists person_exists_;
  std::vector<std::string> known_ids_;
  std::vector<std::string> names_;  // each column's name in this file's header
  std::optional<core::Date> latest_;
  bool decimal_comma_ = false;
};

/// The same for people CSV: required `id`, `name`; optional `email`; `attr:KEY` columns.
class PersonRowParser {
 public:
  PersonRowParser(std::string file, const CsvRecord& header);
  const std::vector<core::Diagnostic>& header_errors() const { return header_errors_; }
  std::optional<domain::Person> parse(const CsvRecord& rec,
                                      std::vector<core::Diagnostic>& out) const;

 private:
  std::string file_;
  std::vector<std::string> columns_;
  std::vector<core::Diagnostic> header_errors_;
};

}  // namespace balint::io

namespace balint::io {

/// The columns of a records file (memberships, enrolments, accreditations, documents; issue
/// 16), in export order.
const std::vector<std::string>& record_columns();

/// One row of a records file: which record, and the line it came from.
struct RecordRow {
  std::variant<domain::Membership, domain::Enrolment, domain::Accreditation, domain::Document>
      record;
  int line = 0;
};

/// The problem with a name a record refers to (column "body", "family" or "type"), or "".
using NameCheck = std::function<std::string(std::string_view column, std::string_view value)>;

/// Turns records CSV rows into records, like EntryRowParser: column `kind` (membership,
/// enrolment, accreditation, document) says which; `person` and the columns that kind uses
/// (membership: body, from, optional to; enrolment: family, on; accreditation: family, on,
/// optional note; document: type, on, optional note) must be given, the others left empty.
class RecordRowParser {
 public:
  RecordRowParser(std::string file, const CsvRecord& header, PersonExists person_exists,
                  std::vector<std::string> known_person_ids, NameCheck check_name);
  const std::vector<core::Diagnostic>& header_errors() const { return header_errors_; }
  std::optional<RecordRow> parse(const CsvRecord& rec, std::vector<core::Diagnostic>& out) const;

 private:
  std::string file_;
  std::vector<int> column_of_field_;  // index into record_columns(), -1 unknown
  std::vector<core::Diagnostic> header_errors_;
  PersonExists person_exists_;
  std::vector<std::string> known_ids_;
  NameCheck check_name_;
};

}  // namespace balint::io
