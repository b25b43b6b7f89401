#pragma once
// RFC 4180 CSV: streaming reading with the line each record starts on, and writing.
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace balint::io {

/// One CSV record: its fields and the 1-based file line where it starts.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

/// Reads `path` record by record (the header is the first record, line 1): RFC 4180 quoting,
/// quoted commas, doubled quotes, newlines inside quotes, a UTF-8 BOM, CRLF or LF.
/// Blank lines are skipped. Calls `on_record` for each record in order.
/// Throws NoInputError when the file cannot be opened, DataError (`FILE:LINE: ...`) for
/// malformed quoting (e.g. an unterminated quote). Does not check UTF-8 (the row validators do).
void read_csv(const std::string& path,
              const std::function<void(const CsvRecord&)>& on_record);

/// The same over text in memory; `name` is used in messages.
void parse_csv(std::string_view text, const std::string& name,
               const std::function<void(const CsvRecord&)>& on_record);

/// The first characters that make a spreadsheet read a cell as a formula (OWASP): = + - @ tab CR.
constexpr std::string_view kFormulaStarts = "=+-@\t\r";
/// True for a cell as csv_field writes a formula-like value: one `'` before one of
/// kFormulaStarts. Import removes that `'`, so export → import → export is byte-identical.
bool is_neutralised_formula(std::string_view s);
/// A field quoted when it needs to be (comma, quote, CR or LF, leading/trailing space); a value
/// starting with one of kFormulaStarts gets a leading `'` first (CSV injection).
std::string csv_field(std::string_view s);
/// Writes one record terminated by "\n".
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace balint::io
