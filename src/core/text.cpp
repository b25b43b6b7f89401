#include "balint/core/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "balint/core/error.hpp"

namespace balint::core {

std::size_t utf8_error_at(std::string_view s) {
  const auto* start = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  const auto* p = start;
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n < 0) return static_cast<std::size_t>(p - start);
    p += n;
    left -= n;
  }
  return std::string_view::npos;
}

bool valid_utf8(std::string_view s) { return utf8_error_at(s) == std::string_view::npos; }

std::string nfc(std::string_view s) {
  if (!valid_utf8(s)) throw DataError("text is not valid UTF-8");
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii) return std::string(s);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) throw DataError(std::string("cannot normalise text: ") + utf8proc_errmsg(n));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string casefold(std::string_view s) {
  if (!valid_utf8(s)) return std::string(s);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n < 0) return std::string(s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace {
std::string hex4(std::uint32_t v) {
  std::string out;
  for (int shift = v > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4)
    out += "0123456789ABCDEF"[(v >> shift) & 0xF];
  return out;
}
}  // namespace

bool valid_handle(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::optional<std::string> name_problem(std::string_view name) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(name.data());
  auto size = static_cast<utf8proc_ssize_t>(name.size());
  for (utf8proc_ssize_t i = 0; i < size;) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + i, size - i, &cp);
    if (n <= 0) return "is not valid UTF-8";
    i += n;
    const std::string code = "U+" + hex4(static_cast<std::uint32_t>(cp));
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      return "has the bidi control " + code +
             ", which reorders what is printed after it; a name may not hold bidi overrides or "
             "isolates";
    const char* what = cp == '\t'                                                 ? "a tab"
                       : cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 ? "a line break"
                       : cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? "a control character"
                                                                : nullptr;
    if (what)
      return "has " + std::string(what) + " (" + code + "); a name may not hold control characters";
  }
  return std::nullopt;
}

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> suggest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  // No candidate (an id, a column, a key: all short) is within reach of a long word, and the
  // edit distance costs |word| × |candidate| for each: a 10 MB cell would take minutes.
  if (word.size() > kMaxSuggestWord) return std::nullopt;
  std::optional<std::string> best;
  int best_d = 0;
  for (const auto& c : candidates) {
    int d = edit_distance(word, c);
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
  if (best && best_d <= limit && best_d < static_cast<int>(word.size())) return best;
  std::optional<std::string> prefix;
  for (const auto& c : candidates) {
    if (word.size() >= 2 && c.rfind(word, 0) == 0) {
      if (prefix) return std::nullopt;  // ambiguous
      prefix = c;
    }
  }
  return prefix;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto s = suggest(word, candidates);
  return s ? "; did you mean '" + *s + "'?" : std::string{};
}

std::string excerpt(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "… (" + std::to_string(s.size()) + " bytes)";
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

namespace {
bool escaped_code_point(std::int32_t cp) {
  return (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}
}  // namespace

std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    // A run of printable ASCII is copied as it is (most text is; utf8proc per byte is slow).
    utf8proc_ssize_t run = 0;
    while (run < left && p[run] >= 0x20 && p[run] < 0x7F) ++run;
    if (run > 0) {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(run));
      p += run;
      left -= run;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0x20 || cp == 0x7F) {
      unsigned char b = *p;
      if (n > 0 && cp == '\n')
        out += "\\n";
      else if (n > 0 && cp == '\r')
        out += "\\r";
      else if (n > 0 && cp == '\t')
        out += "\\t";
      else {
        out += "\\x";
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
      }
      n = 1;
    } else if (escaped_code_point(cp)) {
      out += "\\u{" + hex4(static_cast<std::uint32_t>(cp)) + "}";
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }
    p += n;
    left -= n;
  }
  return out;
}

int display_width(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  int width = 0;
  while (left > 0) {
    if (*p >= 0x20 && *p < 0x7F) {  // printable ASCII: one column (as utf8proc_charwidth says)
      ++width;
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n < 0) {
      ++width;
      n = 1;
    } else {
      width += std::max(0, utf8proc_charwidth(cp));
    }
    p += n;
    left -= n;
  }
  return width;
}

}  // namespace balint::core
