#pragma once
// Helpers shared by the entry and people row parsers.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/io/csv.hpp"

namespace balint::io::detail {

/// The longest cell accepted, in bytes: far more than any name or note needs, and small
/// enough that a broken file (a quote that swallows the rest of it) is caught, not stored.
constexpr std::size_t kMaxCellBytes = 10000;
/// The longest header name accepted, in bytes (every column name is far shorter).
constexpr std::size_t kMaxHeaderBytes = 100;

/// One trimmed cell; empty means "not given".
struct Cell {
  std::string_view text;
  bool bad_utf8 = false;
  bool too_long = false;  ///< longer than kMaxCellBytes (UTF-8 not checked then)
  bool nul = false;       ///< holds a NUL byte (C APIs such as Cairo's would cut the text there)
  /// The problem with a non-empty cell ("not valid UTF-8", "... bytes long ..."), or "".
  std::string problem() const;
};

/// The trimmed cell of a raw field.
Cell make_cell(std::string_view raw);

/// Gathers `FILE:LINE: column: what` diagnostics of one record.
class Problems {
 public:
  Problems(const std::string& file, int line, std::vector<core::Diagnostic>& out)
      : file_(file), line_(line), out_(out), before_(out.size()) {}
  void add(std::string_view column, std::string_view what);
  /// True when something was added since construction.
  bool any() const { return out_.size() != before_; }

 private:
  const std::string& file_;
  int line_;
  std::vector<core::Diagnostic>& out_;
  std::size_t before_;
};

/// False (and a diagnostic) when `rec` has more than `expected` fields. Fewer are accepted:
/// the cells left out at the end are empty (see `padded`).
bool field_count_ok(const std::string& file, const CsvRecord& rec, std::size_t expected,
                    std::vector<core::Diagnostic>& out);

/// The cells of `rec` by column (`column_of_field[i]`: the column of field i, -1 for an unknown
/// header), `column_count` of them; a column the row leaves out at the end is an empty cell.
/// nullopt (and a diagnostic) when the row has more fields than the header. The cells view
/// `rec`'s fields.
std::optional<std::vector<Cell>> mapped_cells(const std::string& file, const CsvRecord& rec,
                                              const std::vector<int>& column_of_field,
                                              std::size_t column_count,
                                              std::vector<core::Diagnostic>& out);

/// `rec`, or `copy` made from it with empty fields up to `expected`.
const CsvRecord& padded(const CsvRecord& rec, std::size_t expected, CsvRecord& copy);

/// The trimmed name of header field `index`; nullopt (reported) when empty or not UTF-8.
std::optional<std::string> header_name(Problems& problems, std::string_view raw, std::size_t index);

/// "unknown column; did you mean 'x'?", or a hint when `name` looks like a whole header
/// separated by ';' or tabs.
std::string unknown_column(std::string_view name, const std::vector<std::string>& columns);

/// "unknown activity 'x'; did you mean 'y'?" or "unknown activity 'x' (one of: a, b)".
std::string unknown_choice(std::string_view what, std::string_view value,
                           const std::vector<std::string>& choices);

}  // namespace balint::io::detail
