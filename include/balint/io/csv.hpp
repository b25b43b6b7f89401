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

/// How a file is read (issue 16: spreadsheets from European Excel).
struct CsvFormat {
  /// The file's encoding as iconv names it ("windows-1253", "latin-1", ...); empty means UTF-8,
  /// checked line by line: the first line that is not UTF-8 ends the reading with one message
  /// naming the likely encoding and --encoding. A UTF-16 or UTF-8 byte-order mark wins.
  std::string encoding;
  /// ',' ';' or '\t'; 0 means detected from the header line (the one of them found most
  /// often outside quotes; ',' when none is). Set to what was used once the header is read.
  char separator = 0;
  /// False: bytes are passed on as they are (parse_csv's default; the row checkers then
  /// report bad UTF-8 cell by cell).
  bool check_utf8 = true;
};

/// The iconv name of an --encoding value ("latin-1" is LATIN1); throws UsageError (naming the
/// option) when iconv does not know it.
std::string iconv_encoding(std::string_view name);

/// Reads `path` record by record (the header is the first record, line 1): RFC 4180 quoting,
/// quoted commas, doubled quotes, newlines inside quotes, a UTF-8 BOM, CRLF or LF.
/// Blank lines are skipped. Calls `on_record` for each record in order.
/// Throws NoInputError when the file cannot be opened, DataError (`FILE:LINE: ...`) for
/// malformed quoting (e.g. an unterminated quote). Does not check UTF-8 (the row validators do).
void read_csv(const std::string& path, const std::function<void(const CsvRecord&)>& on_record);
/// The same, with the encoding and separator of `format` (updated: see CsvFormat).
void read_csv(const std::string& path, CsvFormat& format,
              const std::function<void(const CsvRecord&)>& on_record);

/// The same over a file's bytes in memory (an upload), read exactly as read_csv reads a file
/// (byte-order marks, `format`'s encoding and separator); `name` is used in messages.
void read_csv_bytes(std::string_view bytes, const std::string& name, CsvFormat& format,
                    const std::function<void(const CsvRecord&)>& on_record);

/// The same over UTF-8 text in memory (a UTF-8 byte-order mark is skipped; unlike read_csv it
/// does not decode UTF-16 by its byte-order mark); `name` is used in messages.
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
