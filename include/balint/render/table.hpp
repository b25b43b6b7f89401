#pragma once
// Plain tables rendered as aligned text or CSV.
#include <iosfwd>
#include <string>
#include <vector>

namespace balint::render {

/// A table of strings; columns marked numeric are right-aligned in text.
struct Table {
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // per column; missing means left-aligned
  std::vector<std::vector<std::string>> rows;
};

/// Aligned columns separated by two spaces, measured in display columns (UTF-8 aware);
/// trailing blanks trimmed.
void write_text(std::ostream& out, const Table& t);
/// RFC 4180 CSV with a header row.
void write_csv(std::ostream& out, const Table& t);

}  // namespace balint::render
