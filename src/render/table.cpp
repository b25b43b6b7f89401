#include "balint/render/table.hpp"

#include <algorithm>
#include <numeric>
#include <ostream>

#include "balint/core/text.hpp"
#include "balint/io/csv.hpp"

namespace balint::render {
namespace {

// A wrapped column is never made narrower than this; below it the table is split instead.
constexpr int kMinWrapWidth = 16;

// A cell on one line: line breaks and tabs inside a value are shown as spaces, any other
// control or bidi-control character escaped (core::printable).
std::string flat(const std::string& s) {
  std::string out = s;
  for (auto& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return core::printable(out);
}

std::string pad(const std::string& s, int width, bool right) {
  int fill = std::max(0, width - core::display_width(s));
  return right ? std::string(static_cast<std::size_t>(fill), ' ') + s
               : s + std::string(static_cast<std::size_t>(fill), ' ');
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// The longest prefix of `word` (whole code points) at most `width` columns wide, at least one
// code point.
std::size_t fitting_prefix(std::string_view word, int width) {
  std::size_t end = 0;
  while (end < word.size()) {
    std::size_t next = std::min(word.size(), end + sequence_length(static_cast<unsigned char>(word[end])));
    if (end > 0 && core::display_width(word.substr(0, next)) > width) break;
    end = next;
  }
  return end;
}

// One table part: the columns `cols` of `t`, the wrap column (if among them) `wrap_width` wide.
void write_part(std::ostream& out, const Table& t, const std::vector<std::size_t>& cols,
                const std::vector<int>& widths, int wrap, int wrap_width) {
  auto write_row = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> lines(cols.size());
    std::size_t height = 1;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      std::size_t c = cols[k];
      std::string cell = c < cells.size() ? flat(cells[c]) : std::string();
      if (static_cast<int>(c) == wrap && wrap_width > 0)
        lines[k] = wrap_words(cell, wrap_width);
      else
        lines[k] = {cell};
      height = std::max(height, lines[k].size());
    }
    for (std::size_t i = 0; i < height; ++i) {
      std::string line;
      for (std::size_t k = 0; k < cols.size(); ++k) {
        std::size_t c = cols[k];
        if (k) line += "  ";
        bool right = c < t.numeric.size() && t.numeric[c];
        int w = static_cast<int>(c) == wrap && wrap_width > 0 ? wrap_width : widths[c];
        line += pad(i < lines[k].size() ? lines[k][i] : std::string(), w, right);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
  };
  write_row(t.headers);
  for (const auto& r : t.rows) write_row(r);
}

int span(const std::vector<std::size_t>& cols, const std::vector<int>& widths) {
  int w = 0;
  for (std::size_t c : cols) w += widths[c];
  return cols.empty() ? 0 : w + 2 * static_cast<int>(cols.size() - 1);
}

}  // namespace

std::vector<std::string> wrap_words(std::string_view text, int width) {
  std::vector<std::string> lines;
  if (width <= 0 || core::display_width(text) <= width) return {std::string(text)};
  std::string line;
  int line_w = 0;
  auto flush = [&] {
    lines.push_back(line);
    line.clear();
    line_w = 0;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = text.find(' ', i);
    std::string_view word = text.substr(i, end == std::string_view::npos ? end : end - i);
    i += word.size();
    int w = core::display_width(word);
    if (line_w > 0 && line_w + 1 + w <= width) {
      line += ' ';
      line += word;
      line_w += 1 + w;
      continue;
    }
    if (line_w > 0) flush();
    while (w > width) {  // a word longer than a line: cut it
      std::size_t cut = fitting_prefix(word, width);
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
      w = core::display_width(word);
    }
    line = std::string(word);
    line_w = w;
  }
  if (line_w > 0 || lines.empty()) flush();
  return lines;
}

void write_wrapped(std::ostream& out, std::string_view text, int indent, int width) {
  auto lines = wrap_words(core::printable(text), width > 0 ? std::max(kMinWrapWidth, width - indent) : 0);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out << std::string(static_cast<std::size_t>(indent), ' ');
    out << lines[i] << '\n';
  }
}

void write_text(std::ostream& out, const Table& t, int width) {
  const std::size_t n = t.headers.size();
  std::vector<int> widths(n, 0);
  for (std::size_t i = 0; i < n; ++i) widths[i] = core::display_width(flat(t.headers[i]));
  for (const auto& r : t.rows)
    for (std::size_t i = 0; i < r.size() && i < n; ++i)
      widths[i] = std::max(widths[i], core::display_width(flat(r[i])));
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  int wrap = t.wrap;
  if (wrap == -1 && n > 0) wrap = static_cast<int>(n - 1);
  if (wrap >= 0 && (static_cast<std::size_t>(wrap) >= n ||
                    (static_cast<std::size_t>(wrap) < t.numeric.size() && t.numeric[wrap])))
    wrap = -2;
  if (width <= 0 || span(all, widths) <= width) return write_part(out, t, all, widths, -2, 0);

  // Wrapping one column may be enough.
  if (wrap >= 0) {
    int room = width - (span(all, widths) - widths[wrap]);
    if (room >= kMinWrapWidth) return write_part(out, t, all, widths, wrap, room);
  }
  // Otherwise parts: the key columns, then as many of the rest as fit (the wrap column taking
  // what room is left, if that is enough); each part holds at least one column besides them.
  const std::size_t keys = std::min(t.keys, n);
  std::vector<std::size_t> key_cols(all.begin(), all.begin() + static_cast<long>(keys));
  std::size_t next = keys;
  bool first = true;
  while (next < n || first) {
    std::vector<std::size_t> cols = key_cols;
    int wrap_width = 0;
    while (next < n) {
      std::vector<std::size_t> more = cols;
      more.push_back(next);
      int over = span(more, widths) - width;
      bool fits = over <= 0;
      int room = widths[next] - over;
      if (!fits && static_cast<int>(next) == wrap && room >= kMinWrapWidth) {
        wrap_width = room;
        fits = true;
      }
      if (!fits && cols.size() > key_cols.size()) break;
      cols = std::move(more);
      ++next;
      if (!fits) break;  // a column wider than the line alone: it overflows
    }
    if (!first) out << '\n';
    write_part(out, t, cols, widths, wrap, wrap_width);
    first = false;
  }
}

void write_csv(std::ostream& out, const Table& t) {
  io::write_csv_row(out, t.headers);
  for (const auto& r : t.rows) io::write_csv_row(out, r);
}

}  // namespace balint::render
