#include "balint/render/table.hpp"

#include <algorithm>
#include <ostream>

#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"

namespace balint::render {
namespace {

// A cell on one line: line breaks and tabs inside a value are shown as spaces, any other
// control or bidi-control character escaped (core::printable).
std::string flat(const std::string& s) {
  std::string out = s;
  for (auto& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return core::printable(out);
}

std::string pad(const std::string& raw, int width, bool right) {
  std::string s = flat(raw);
  int fill = std::max(0, width - core::display_width(s));
  return right ? std::string(static_cast<std::size_t>(fill), ' ') + s
               : s + std::string(static_cast<std::size_t>(fill), ' ');
}

void write_line(std::ostream& out, const std::vector<std::string>& cells,
                const std::vector<int>& widths, const std::vector<bool>& numeric) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += "  ";
    bool right = i < numeric.size() && numeric[i];
    line += pad(cells[i], widths[i], right);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out << line << '\n';
}

}  // namespace

void write_text(std::ostream& out, const Table& t) {
  std::vector<int> widths(t.headers.size(), 0);
  for (std::size_t i = 0; i < t.headers.size(); ++i) widths[i] = core::display_width(flat(t.headers[i]));
  for (const auto& r : t.rows)
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], core::display_width(flat(r[i])));
  std::vector<std::string> headers;
  for (const auto& h : t.headers) headers.push_back(flat(h));
  write_line(out, headers, widths, t.numeric);
  for (const auto& r : t.rows) write_line(out, r, widths, t.numeric);
}

void write_csv(std::ostream& out, const Table& t) {
  io::write_csv_row(out, t.headers);
  for (const auto& r : t.rows) io::write_csv_row(out, r);
}

}  // namespace balint::render
