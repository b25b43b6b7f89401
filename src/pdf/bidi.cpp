#include "bidi.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <vector>

namespace balint::pdf::detail {
namespace {

enum class Kind { left, right, number, mark, neutral };

Kind kind_of(char32_t cp) {
  switch (utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->bidi_class) {
    case UTF8PROC_BIDI_CLASS_L:
      return Kind::left;
    case UTF8PROC_BIDI_CLASS_R:
    case UTF8PROC_BIDI_CLASS_AL:
      return Kind::right;
    case UTF8PROC_BIDI_CLASS_EN:
    case UTF8PROC_BIDI_CLASS_AN:
      return Kind::number;
    case UTF8PROC_BIDI_CLASS_NSM:
      return Kind::mark;
    default:
      return Kind::neutral;
  }
}

char32_t mirrored(char32_t c) {
  constexpr std::u32string_view pairs = U"()[]{}<>«»‹›";
  auto at = pairs.find(c);
  if (at == std::u32string_view::npos) return c;
  return pairs[at ^ 1u];
}

// Reverses [i, j) keeping each base character before its combining marks.
void reverse_span(std::u32string& s, std::vector<int>& level, std::size_t i, std::size_t j) {
  auto first = static_cast<std::ptrdiff_t>(i), last = static_cast<std::ptrdiff_t>(j);
  std::reverse(s.begin() + first, s.begin() + last);
  std::reverse(level.begin() + first, level.begin() + last);
  std::size_t k = i;
  while (k < j) {
    std::size_t m = k;
    while (m < j && kind_of(s[m]) == Kind::mark) ++m;
    if (m > k && m < j) {  // marks, then their base: put the base first
      std::reverse(s.begin() + static_cast<std::ptrdiff_t>(k),
                   s.begin() + static_cast<std::ptrdiff_t>(m + 1));
      std::reverse(level.begin() + static_cast<std::ptrdiff_t>(k),
                   level.begin() + static_cast<std::ptrdiff_t>(m + 1));
    }
    k = m + 1;
  }
}

}  // namespace

std::u32string visual_order(std::u32string_view line) {
  const std::size_t n = line.size();
  std::vector<Kind> kinds(n);
  bool any_right = false;
  for (std::size_t i = 0; i < n; ++i) {
    kinds[i] = kind_of(line[i]);
    any_right = any_right || kinds[i] == Kind::right;
  }
  if (!any_right) return std::u32string(line);
  int base = 0;
  for (Kind k : kinds)
    if (k == Kind::left || k == Kind::right) {
      base = k == Kind::right ? 1 : 0;
      break;
    }
  // Levels: left 0 (2 in a right-to-left line), right 1, numbers one above the right-to-left
  // text they follow, neutrals take the direction both neighbours agree on.
  std::vector<int> level(n, base);
  auto strong = [&](std::size_t i) { return kinds[i] == Kind::right ? 1 : 0; };
  Kind last_strong = base ? Kind::right : Kind::left;
  for (std::size_t i = 0; i < n; ++i) {
    switch (kinds[i]) {
      case Kind::left:
        level[i] = base ? 2 : 0;
        last_strong = Kind::left;
        break;
      case Kind::right:
        level[i] = 1;
        last_strong = Kind::right;
        break;
      case Kind::number:
        level[i] = last_strong == Kind::right ? 2 : (base ? 2 : 0);
        break;
      case Kind::mark:
        level[i] = i ? level[i - 1] : base;
        break;
      case Kind::neutral: {
        std::size_t j = i;
        while (j < n && kinds[j] == Kind::neutral) ++j;
        int before = i ? (kinds[i - 1] == Kind::number ? 1 : strong(i - 1)) : base;
        if (i && kinds[i - 1] == Kind::left) before = 0;
        int after = j < n ? (kinds[j] == Kind::number ? 1 : strong(j)) : base;
        if (j < n && kinds[j] == Kind::left) after = 0;
        int dir = before == after ? before : base;
        for (std::size_t k = i; k < j; ++k) level[k] = dir ? 1 : (base ? 2 : 0);
        i = j - 1;
        break;
      }
    }
  }
  std::u32string out(line);
  for (std::size_t i = 0; i < n; ++i)
    if (level[i] % 2) out[i] = mirrored(out[i]);
  // Reverse every run at or above each level, from the highest down to 1.
  int top = *std::max_element(level.begin(), level.end());
  for (int l = top; l >= 1; --l) {
    std::size_t i = 0;
    while (i < n) {
      if (level[i] < l) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < n && level[j] >= l) ++j;
      reverse_span(out, level, i, j);
      i = j;
    }
  }
  return out;
}

bool needs_shaping(char32_t cp) {
  return (cp >= 0x0600 && cp <= 0x08FF && !(cp >= 0x0780 && cp <= 0x07BF)) ||  // Arabic, Syriac, N'Ko, Mandaic
         (cp >= 0x0900 && cp <= 0x0DFF) ||                                     // Indic
         (cp >= 0x0F00 && cp <= 0x109F) ||                                     // Tibetan, Myanmar
         (cp >= 0x1780 && cp <= 0x18AF) ||                                     // Khmer, Mongolian
         (cp >= 0xA8E0 && cp <= 0xA8FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF && cp != 0xFEFF);
}

}  // namespace balint::pdf::detail
