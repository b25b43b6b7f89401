#include "text.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "engine.hpp"

namespace balint::pdf::detail {

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1Fu) : n == 2 ? (c & 0x0Fu) : (c & 0x07u);
    bool ok = n >= 0 && i + static_cast<std::size_t>(n) < s.size() + (n == 0 ? 1 : 0);
    for (int k = 1; ok && k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (cc >> 6) == 2;
      cp = cp << 6 | (cc & 0x3Fu);
    }
    if (!ok) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    out += cp;
    i += static_cast<std::size_t>(n) + 1;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

std::vector<Piece> split_placeholders(std::string_view s,
                                      const std::function<void(std::size_t, std::string)>& error) {
  std::vector<Piece> out;
  auto literal = [&](std::string_view t, std::size_t at) {
    if (t.empty()) return;
    if (!out.empty() && !out.back().placeholder)
      out.back().text += t;
    else
      out.push_back({std::string(t), false, at});
  };
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
      literal(s.substr(i, 1), i);
      i += 2;
      continue;
    }
    if (c == '}') {
      error(i, "a lone '}' (write '}}' for a brace)");
      literal("}", i);
      ++i;
      continue;
    }
    if (c != '{') {
      auto next = s.find_first_of("{}", i);
      if (next == std::string_view::npos) next = s.size();
      literal(s.substr(i, next - i), i);
      i = next;
      continue;
    }
    auto close = s.find('}', i + 1);
    auto reopen = s.find('{', i + 1);
    if (close == std::string_view::npos || reopen < close) {
      error(i, "a '{' without its '}' (write '{{' for a brace)");
      literal("{", i);
      ++i;
      continue;
    }
    std::string name(s.substr(i + 1, close - i - 1));
    if (name.empty()) {
      error(i, "an empty placeholder '{}'");
      literal("{}", i);
    } else {
      out.push_back({name, true, i});
    }
    i = close + 1;
  }
  return out;
}

std::string fill(std::string_view s, const Fields& fields, std::vector<std::string>& missing,
                 bool normalise) {
  std::string out;
  for (const auto& p : split_placeholders(s, [](std::size_t, const std::string&) {})) {
    if (!p.placeholder) {
      out += p.text;
    } else if (auto it = fields.find(p.text); it != fields.end()) {
      out += it->second;
    } else {
      missing.push_back(p.text);
    }
  }
  return normalise ? core::nfc(out) : out;
}

}  // namespace balint::pdf::detail

// ---- problems ----------------------------------------------------------------------------

namespace balint::pdf::detail {
namespace {

// The text around a character, for messages: control characters shown as spaces.
std::string context(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::u32string shown = decode_utf8(text);
  bool cut = shown.size() > kMax;
  shown.resize(std::min(shown.size(), kMax));
  for (auto& c : shown)
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) c = U' ';
  return encode_utf8(shown) + (cut ? "…" : "");
}

}  // namespace

std::string char_label(char32_t cp) {
  auto code = static_cast<std::uint32_t>(cp);
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
    return fmt::format("the control character U+{:04X}", code);
  return fmt::format("'{}' (U+{:04X})", encode_utf8(std::u32string(1, cp)), code);
}

std::string missing_text(char32_t cp) {
  std::string out = fmt::format("cannot print {}", char_label(cp));
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) return out;
  std::string package = font_package_for(cp);
  out += ": no installed font has it";
  if (!package.empty()) out += fmt::format(" (Debian package {} has a font for it)", package);
  return out;
}

void Problems::missing(const Setting& s, std::string_view text, const core::Diagnostic& where) {
  for (char32_t cp : s.missing) {
    if (std::find(seen_.begin(), seen_.end(), cp) != seen_.end()) continue;
    seen_.push_back(cp);
    core::Diagnostic d = where;
    d.message = fmt::format("{} in \"{}\"", missing_text(cp), context(text));
    diags_.push_back(std::move(d));
  }
}

void Problems::add(core::Diagnostic d) { diags_.push_back(std::move(d)); }

void Problems::raise() const {
  if (!diags_.empty()) throw core::DataError(diags_);
}

}  // namespace balint::pdf::detail
