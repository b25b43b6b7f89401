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
// A wrap column is not made narrower than its longest word, up to this; a longer word is cut.
constexpr int kMaxWordKept = 30;

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
    std::size_t next =
        std::min(word.size(), end + sequence_length(static_cast<unsigned char>(word[end])));
    if (end > 0 && core::display_width(word.substr(0, next)) > width) break;
    end = next;
  }
  return end;
}

// One table part: the columns `cols` of `t`; a column with a wrap width > 0 (by column index)
// wraps to that width.
void write_part(std::ostream& out, const Table& t, const std::vector<std::size_t>& cols,
                const std::vector<int>& widths, const std::vector<int>& wrap_widths) {
  auto wrap_width = [&](std::size_t c) { return c < wrap_widths.size() ? wrap_widths[c] : 0; };
  auto write_row = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> lines(cols.size());
    std::size_t height = 1;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      std::size_t c = cols[k];
      std::string cell = c < cells.size() ? flat(cells[c]) : std::string();
      if (wrap_width(c) > 0)
        lines[k] = wrap_words(cell, wrap_width(c));
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
        int w = wrap_width(c) > 0 ? wrap_width(c) : widths[c];
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
    if (line_w > 0) {
      // A full line breaks after its last semicolon instead, when that is in its second half
      // (lists read one item to a line), or else before its last word when that is a number
      // (a number stays with the word after it: "19 sessions").
      std::size_t cut = std::string::npos;
      for (std::size_t p = line.size(); p-- > 1;)
        if (line[p] == ' ' && line[p - 1] == ';') {
          cut = p;
          break;
        }
      if (cut == std::string::npos || 2 * core::display_width(line.substr(0, cut)) < width) {
        cut = line.rfind(' ');
        if (cut != std::string::npos &&
            !(line[cut + 1] >= '0' && line[cut + 1] <= '9' &&
              core::display_width(line.substr(cut + 1)) + 1 + w <= width))
          cut = std::string::npos;
      }
      if (cut != std::string::npos) {
        std::string rest = line.substr(cut + 1);
        line.resize(cut);
        flush();
        line = rest;
        line_w = core::display_width(rest);
        if (line_w + 1 + w <= width) {
          line += ' ';
          line += word;
          line_w += 1 + w;
          continue;
        }
      }
      flush();
    }
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
  auto lines =
      wrap_words(core::printable(text), width > 0 ? std::max(kMinWrapWidth, width - indent) : 0);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out << std::string(static_cast<std::size_t>(indent), ' ');
    out << lines[i] << '\n';
  }
}

namespace {

// write_text() once the table's columns are chosen.
void write_fitted(std::ostream& out, const Table& t, int width) {
  const std::size_t n = t.headers.size();
  std::vector<int> widths(n, 0);
  for (std::size_t i = 0; i < n; ++i) widths[i] = core::display_width(flat(t.headers[i]));
  for (const auto& r : t.rows)
    for (std::size_t i = 0; i < r.size() && i < n; ++i)
      widths[i] = std::max(widths[i], core::display_width(flat(r[i])));
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  auto wrappable = [&](int c) {
    return c >= 0 && static_cast<std::size_t>(c) < n &&
           !(static_cast<std::size_t>(c) < t.numeric.size() &&
             t.numeric[static_cast<std::size_t>(c)]);
  };
  int wrap = t.wrap;
  if (wrap == -1 && n > 0) wrap = static_cast<int>(n - 1);
  if (!wrappable(wrap)) wrap = -2;
  if (width <= 0 || span(all, widths) <= width) return write_part(out, t, all, widths, {});

  // Wrapping may be enough: first the other wrap columns (also_wrap) are narrowed, the widest
  // first, down to kMinWrapWidth (or their own width, if less); then the wrap column.
  std::vector<std::size_t> others;
  for (std::size_t c : t.also_wrap)
    if (wrappable(static_cast<int>(c)) && static_cast<int>(c) != wrap &&
        std::find(others.begin(), others.end(), c) == others.end())
      others.push_back(c);
  // The narrowest a wrap column may be: kMinWrapWidth, or its longest word if longer (up to
  // kMaxWordKept), so that words are not cut; its own width if less.
  auto narrowest = [&](std::size_t c) {
    int longest = 0;
    auto measure = [&](const std::string& cell) {
      std::string s = flat(cell);
      for (std::size_t i = 0; i < s.size();) {
        std::size_t e = s.find(' ', i);
        if (e == std::string::npos) e = s.size();
        longest = std::max(longest, core::display_width(std::string_view(s).substr(i, e - i)));
        i = e + 1;
      }
    };
    measure(t.headers[c]);
    for (const auto& r : t.rows)
      if (c < r.size()) measure(r[c]);
    return std::min(widths[c], std::max(kMinWrapWidth, std::min(longest, kMaxWordKept)));
  };
  if (wrap >= 0 || !others.empty()) {
    // The room the columns that may wrap have between them.
    int room = width - span(all, widths);
    int least = 0;
    for (std::size_t c : others) {
      room += widths[c];
      least += narrowest(c);
    }
    const int wrap_w = wrap >= 0 ? widths[static_cast<std::size_t>(wrap)] : 0;
    room += wrap_w;
    std::vector<int> wrap_widths(n, 0);
    // The others within `budget`: as wide as can be, the widest narrowed first.
    auto share = [&](int budget) {
      auto at = [&](std::size_t c, int l) {
        return std::min(widths[c], std::max(l, narrowest(c)));
      };
      auto used = [&](int l) {
        int sum = 0;
        for (std::size_t c : others) sum += at(c, l);
        return sum;
      };
      int level = 0;
      for (std::size_t c : others) level = std::max(level, widths[c]);
      while (level > 1 && used(level) > budget) --level;
      for (std::size_t c : others)
        if (at(c, level) < widths[c]) wrap_widths[c] = at(c, level);
    };
    if (room - wrap_w >= least) {
      share(room - wrap_w);
      return write_part(out, t, all, widths, wrap_widths);
    }
    if (wrap >= 0 && room - least >= narrowest(static_cast<std::size_t>(wrap))) {
      share(least);
      wrap_widths[static_cast<std::size_t>(wrap)] = room - least;
      return write_part(out, t, all, widths, wrap_widths);
    }
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
      if (!fits && static_cast<int>(next) == wrap && room >= narrowest(next)) {
        wrap_width = room;
        fits = true;
      }
      if (!fits && cols.size() > key_cols.size()) break;
      cols = std::move(more);
      ++next;
      if (!fits) break;  // a column wider than the line alone: it overflows
    }
    if (!first) out << '\n';
    std::vector<int> wrap_widths(n, 0);
    if (wrap >= 0 && wrap_width > 0) wrap_widths[static_cast<std::size_t>(wrap)] = wrap_width;
    write_part(out, t, cols, widths, wrap_widths);
    first = false;
  }
}

// Display width of the widest line of `t` on one line each.
int full_width(const Table& t) {
  std::vector<int> widths(t.headers.size(), 0);
  for (std::size_t i = 0; i < t.headers.size(); ++i)
    widths[i] = core::display_width(flat(t.headers[i]));
  for (const auto& r : t.rows)
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], core::display_width(flat(r[i])));
  int w = 0;
  for (int x : widths) w += x;
  return widths.empty() ? 0 : w + 2 * static_cast<int>(widths.size() - 1);
}

}  // namespace

void write_text(std::ostream& out, const Table& t, int width) {
  if (width <= 0 || t.rows.empty() || full_width(t) <= width) return write_fitted(out, t, width);
  // Too wide: the columns with nothing in them (their headers alone) are left out first.
  const std::size_t n = t.headers.size();
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < n; ++c) {
    bool empty = c >= t.keys;
    for (const auto& r : t.rows)
      if (c < r.size() && !flat(r[c]).empty()) empty = false;
    if (!empty) kept.push_back(c);
  }
  if (kept.size() == n || kept.empty()) return write_fitted(out, t, width);
  auto index_of = [&](std::size_t c) {
    auto it = std::find(kept.begin(), kept.end(), c);
    return it == kept.end() ? -1 : static_cast<int>(it - kept.begin());
  };
  Table fitted;
  fitted.keys = t.keys;
  for (std::size_t c : kept) {
    fitted.headers.push_back(t.headers[c]);
    fitted.numeric.push_back(c < t.numeric.size() && t.numeric[c]);
  }
  for (const auto& r : t.rows) {
    std::vector<std::string> row;
    for (std::size_t c : kept) row.push_back(c < r.size() ? r[c] : std::string());
    fitted.rows.push_back(std::move(row));
  }
  const int wrap = t.wrap == -1 ? static_cast<int>(n) - 1 : t.wrap;
  // The wrap column left out: none wraps but the others.
  fitted.wrap = wrap >= 0 ? (index_of(static_cast<std::size_t>(wrap)) >= 0
                                 ? index_of(static_cast<std::size_t>(wrap))
                                 : -2)
                          : wrap;
  for (std::size_t c : t.also_wrap)
    if (index_of(c) >= 0) fitted.also_wrap.push_back(static_cast<std::size_t>(index_of(c)));
  write_fitted(out, fitted, width);
}

void write_csv(std::ostream& out, const Table& t) {
  io::write_csv_row(out, t.headers);
  for (const auto& r : t.rows) io::write_csv_row(out, r);
}

}  // namespace balint::render
