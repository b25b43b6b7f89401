#pragma once
// Plain tables rendered as aligned text or CSV, and text wrapped to a width.
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace balint::render {

/// A table of strings; columns marked numeric are right-aligned in text.
struct Table {
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // per column; missing means left-aligned
  std::vector<std::vector<std::string>> rows;
  /// Leading columns that name a row; repeated in each part when the table is split to fit.
  std::size_t keys = 1;
  /// The column whose cells may wrap onto more lines to fit; -1 means the last column unless
  /// it is numeric, -2 none.
  int wrap = -1;
  /// Other columns that may wrap; they are narrowed (the widest first, to no less than 16
  /// columns) before the wrap column is. Not used when the table is split.
  std::vector<std::size_t> also_wrap = {};
};

/// Aligned columns separated by two spaces, measured in display columns (UTF-8 aware);
/// trailing blanks trimmed. With `width` > 0 a table wider than that is fitted: columns empty
/// in every row (not the key columns) are left out; then the cells of
/// the also_wrap columns, then of the wrap column, wrap at spaces (no column narrower than 16);
/// when that is not enough, the columns are printed in parts (the key columns repeated), one
/// after another. `width` 0 puts every row on one line.
void write_text(std::ostream& out, const Table& t, int width = 0);
/// RFC 4180 CSV with a header row.
void write_csv(std::ostream& out, const Table& t);

/// `text` in lines of at most `width` display columns, broken at spaces (a word longer than
/// that is cut); a full line breaks after its last semicolon instead when that is in its
/// second half, and a number at its end goes on to the next line with the word after it. `width` <=
/// 0 gives `text` as one line. Empty text gives one empty line.
std::vector<std::string> wrap_words(std::string_view text, int width);
/// Writes `text` wrapped to `width` less `indent` (at least 16 columns), each line ending in a
/// newline: the first where the caller's `indent` columns end, the others after `indent`
/// spaces. `width` 0: one line.
void write_wrapped(std::ostream& out, std::string_view text, int indent, int width);

}  // namespace balint::render
