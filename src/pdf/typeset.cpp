#include "typeset.hpp"

#include <fmt/core.h>
#include <utf8proc.h>

#include "bidi.hpp"
#include "text.hpp"

namespace balint::pdf::detail {
namespace {

bool is_mark(char32_t cp) {
  auto c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME || c == UTF8PROC_CATEGORY_MC;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

std::string font_names(const Chain& chain, const Resources& r) {
  std::string out;
  for (int f : chain) {
    if (!out.empty()) out += ", ";
    out += r.fonts.at(static_cast<std::size_t>(f))->file_name();
  }
  return out;
}

// The text around a character, for messages.
std::string context(std::u32string_view text) {
  constexpr std::size_t kMax = 60;
  std::u32string shown(text.substr(0, kMax));
  for (auto& c : shown)
    if (is_control(c)) c = U' ';
  return encode_utf8(shown) + (text.size() > kMax ? "…" : "");
}

}  // namespace

void Problems::missing(char32_t cp, std::u32string_view text, const Chain& chain,
                       const Resources& r, const core::Diagnostic& where) {
  if (!seen_.insert({cp, chain}).second) return;
  std::string what;
  auto code = static_cast<std::uint32_t>(cp);
  if (is_control(cp)) {
    what = fmt::format("cannot print the control character U+{:04X} in \"{}\"", code,
                       context(text));
  } else if (needs_shaping(cp)) {
    what = fmt::format(
        "cannot print '{}' (U+{:04X}) in \"{}\": its script needs text shaping (joined or "
        "reordered letters), which libharu does not do",
        encode_utf8(std::u32string(1, cp)), code, context(text));
  } else if (cp > 0xFFFF) {
    what = fmt::format(
        "cannot print '{}' (U+{:04X}) in \"{}\": libharu cannot draw characters beyond U+FFFF "
        "(fonts: {})",
        encode_utf8(std::u32string(1, cp)), code, context(text), font_names(chain, r));
  } else {
    what = fmt::format("cannot print '{}' (U+{:04X}) in \"{}\": none of the fonts {} has it",
                       encode_utf8(std::u32string(1, cp)), code, context(text),
                       font_names(chain, r));
  }
  core::Diagnostic d = where;
  d.message = std::move(what);
  diags_.push_back(std::move(d));
}

void Problems::add(core::Diagnostic d) { diags_.push_back(std::move(d)); }

void Problems::raise() const {
  if (!diags_.empty()) throw core::DataError(diags_);
}

bool Typesetter::check(std::u32string_view text, const Chain& chain, Problems& p,
                       const core::Diagnostic& where) const {
  bool ok = true;
  for (char32_t cp : text) {
    if (cp == U'\n') continue;
    bool drawable = !is_control(cp) && cp <= 0xFFFF && !needs_shaping(cp);
    bool covered = false;
    for (int f : chain)
      if (drawable && res_.fonts[static_cast<std::size_t>(f)]->covers(cp)) covered = true;
    if (!covered) {
      p.missing(cp, text, chain, res_, where);
      ok = false;
    }
  }
  return ok;
}

int Typesetter::pick(const std::u32string_view line, std::size_t i, int previous,
                     const Chain& chain) const {
  char32_t cp = line[i];
  // Spaces and combining marks stay in the font of what precedes them, when it has them.
  if (previous >= 0 && (cp == U' ' || is_mark(cp)) &&
      res_.fonts[static_cast<std::size_t>(previous)]->covers(cp))
    return previous;
  for (int f : chain)
    if (res_.fonts[static_cast<std::size_t>(f)]->covers(cp)) return f;
  return chain.front();  // unreachable for checked text
}

double Typesetter::width(std::u32string_view line, const Chain& chain, double size) const {
  long total = 0;
  int font = -1;
  for (std::size_t i = 0; i < line.size(); ++i) {
    font = pick(line, i, font, chain);
    total += res_.fonts[static_cast<std::size_t>(font)]->char_advance(line[i]);
  }
  return static_cast<double>(total) * size / 1000.0;
}

std::vector<std::u32string> Typesetter::wrap(std::u32string_view text, const Chain& chain,
                                             double size, double width) const {
  std::vector<std::u32string> lines;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = text.find(U'\n', start);
    std::u32string_view para =
        text.substr(start, nl == std::u32string_view::npos ? std::u32string_view::npos
                                                           : nl - start);
    std::u32string line;
    std::size_t i = 0;
    while (i < para.size()) {
      std::size_t word_end = para.find(U' ', i);
      if (word_end == std::u32string_view::npos) word_end = para.size();
      std::u32string_view word = para.substr(i, word_end - i);
      std::u32string candidate = line.empty() ? std::u32string(word) : line + U' ' + std::u32string(word);
      if (line.empty() || this->width(candidate, chain, size) <= width) {
        line = candidate;
      } else {
        lines.push_back(line);
        line = std::u32string(word);
      }
      // A word wider than the box is broken between characters.
      while (this->width(line, chain, size) > width && line.size() > 1) {
        std::size_t fit = 1;
        while (fit < line.size() && this->width(line.substr(0, fit + 1), chain, size) <= width)
          ++fit;
        lines.push_back(line.substr(0, fit));
        line = line.substr(fit);
      }
      i = word_end;
      while (i < para.size() && para[i] == U' ') ++i;
    }
    lines.push_back(line);
    if (nl == std::u32string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

void Typesetter::draw(std::u32string_view logical, const Chain& chain, double x, double y,
                      double size, Color color, std::vector<Op>& ops) const {
  const std::u32string visual = visual_order(logical);
  const std::u32string_view line = visual;
  std::size_t i = 0;
  int previous = -1;
  while (i < line.size()) {
    int font = pick(line, i, previous, chain);
    std::size_t j = i + 1;
    while (j < line.size() && pick(line, j, font, chain) == font) ++j;
    std::u32string_view run = line.substr(i, j - i);
    add(ops, TextOp{x, y, font, size, color, encode_utf8(run)});
    x += width(run, Chain{font}, size);
    previous = font;
    i = j;
  }
}

double Typesetter::ascent(const Chain& chain, double size) const {
  return res_.fonts.at(static_cast<std::size_t>(chain.front()))->ascent() * size / 1000.0;
}

double Typesetter::descent(const Chain& chain, double size) const {
  return res_.fonts.at(static_cast<std::size_t>(chain.front()))->descent() * size / 1000.0;
}

}  // namespace balint::pdf::detail
