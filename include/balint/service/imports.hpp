#pragma once
// Imports from CSV files (SPEC §5): entries, people, records. Each is all or nothing: every bad
// row is reported (the first core::kMaxProblems problems in full, the rest counted, then a
// summary line, as one DataError) and nothing is written; rows the ledger holds already are
// counted, not added again.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/io/csv.hpp"
#include "balint/io/rows.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

struct ImportRequest {
  std::string file;  ///< the file read, or the name of `bytes` in messages
  /// The file's bytes when they are not on disk (an upload): read as a file is.
  std::optional<std::string_view> bytes = std::nullopt;
  io::CsvFormat format = {};
  bool dry_run = false;  ///< check and count everything; write nothing
  /// Entries: refuse a date after this day (SPEC §8); nullopt accepts any date.
  std::optional<core::Date> refuse_after = std::nullopt;
  /// Entries: hours with a decimal comma (also assumed for a ';'-separated file).
  bool decimal_comma = false;
  /// Records: checks a name (a body, a family, a document type); nullptr accepts any.
  io::NameCheck check_name = nullptr;
};

/// One line of an import's report, as a table shows it: the file's line (0: the whole file),
/// the column the problem is in ("" when it is the row's or the file's) and the problem.
struct ImportProblem {
  int line = 0;
  std::string column;
  std::string problem;
};

/// The lines of an import's refusal (the error's lines, `FILE:LINE: column: problem`) split
/// for a table; `file` is the request's file. A line of another shape is a problem of its own.
std::vector<ImportProblem> import_problems(const std::vector<std::string>& lines,
                                           const std::string& file);

/// Entries, in one transaction (store::EntryImport); an import that adds nothing leaves the
/// ledger untouched, even its record of imports.
store::ImportResult import_entries(store::Ledger& ledger, const ImportRequest& request);
/// People; a person the ledger holds with other details is a problem of their row.
store::ImportResult import_people(store::Ledger& ledger, const ImportRequest& request);
/// Memberships, enrolments, accreditations and documents; a second enrolment in a family with
/// another date is a problem of its row.
store::ImportResult import_records(store::Ledger& ledger, const ImportRequest& request);

}  // namespace balint::service
