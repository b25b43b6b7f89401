#include "template_read.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "balint/core/text.hpp"
#include "text.hpp"

namespace balint::pdf::detail {
namespace {

// Byte offset in `line` of 1-based column `col`, counting code points.
std::size_t byte_of(std::string_view line, int col) {
  std::size_t i = 0;
  for (int c = 1; c < col && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

int col_of(std::string_view line, std::size_t byte) {
  int col = 1;
  for (std::size_t i = 0; i < byte && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  return col;
}

}  // namespace

Reader::Reader(std::string file, const std::string& text, const std::set<std::string>& placeholders)
    : diags_(std::move(file)), placeholders_(placeholders) {
  lines_ = core::split(text, '\n');
}

void Reader::error(const toml::source_region& at, std::string message) {
  diags_.error(at, std::move(message));
}

void Reader::error(int line, int col, std::string message) {
  diags_.error(line, col, std::move(message));
}

std::vector<core::Diagnostic> Reader::sorted() const { return diags_.sorted(); }

void Reader::check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                        std::string_view what) {
  tomldiag::check_keys(t, allowed, what, diags_);
}

const toml::table* Reader::table(const toml::table& root, std::string_view key) {
  return tomldiag::table(root, key, diags_);
}

std::vector<const toml::table*> Reader::tables(const toml::table& root, std::string_view key) {
  return tomldiag::tables(root, key, diags_);
}

std::optional<std::string> Reader::string(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (n->is_string()) return *n->value<std::string>();
  tomldiag::wrong_type(*n, key, "a string", diags_);
  return std::nullopt;
}

std::optional<double> Reader::number(const toml::table& t, std::string_view key, double lo,
                                     double hi) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  double v = 0;
  if (n->is_integer())
    v = static_cast<double>(n->as_integer()->get());
  else if (n->is_floating_point())
    v = n->as_floating_point()->get();
  else {
    tomldiag::wrong_type(*n, key, "a number", diags_);
    return std::nullopt;
  }
  if (!std::isfinite(v) || v < lo || v > hi) {
    error(n->source(), fmt::format("'{}' must be from {} to {}", key, lo, hi));
    return std::nullopt;
  }
  return v;
}

std::optional<int> Reader::integer(const toml::table& t, std::string_view key, int lo, int hi) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) {
    tomldiag::wrong_type(*n, key, "a whole number", diags_);
    return std::nullopt;
  }
  auto v = n->as_integer()->get();
  if (v < lo || v > hi) {
    error(n->source(), fmt::format("'{}' must be from {} to {}", key, lo, hi));
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<bool> Reader::boolean(const toml::table& t, std::string_view key) {
  return tomldiag::boolean(t, key, diags_);
}

namespace {

std::optional<Color> parse_color(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (s.empty() || s[0] != '#' || (s.size() != 7 && s.size() != 4)) return std::nullopt;
  std::vector<int> v;
  for (char c : s.substr(1)) {
    if (hex(c) < 0) return std::nullopt;
    v.push_back(hex(c));
  }
  auto byte = [](int hi, int lo) { return static_cast<std::uint8_t>(hi * 16 + lo); };
  if (v.size() == 3) return Color{byte(v[0], v[0]), byte(v[1], v[1]), byte(v[2], v[2])};
  return Color{byte(v[0], v[1]), byte(v[2], v[3]), byte(v[4], v[5])};
}

}  // namespace

std::optional<Color> Reader::color(const toml::table& t, std::string_view key) {
  auto s = string(t, key);
  if (!s) return std::nullopt;
  if (auto c = parse_color(*s)) return c;
  error(t.get(key)->source(),
        fmt::format("'{}' must be a colour written \"#RRGGBB\", not \"{}\"", key, *s));
  return std::nullopt;
}

std::vector<Color> Reader::colors(const toml::table& t, std::string_view key) {
  std::vector<Color> out;
  for (const auto& [s, at] : strings(t, key)) {
    if (auto c = parse_color(s))
      out.push_back(*c);
    else
      error(at, fmt::format("'{}' must list colours written \"#RRGGBB\", not \"{}\"", key, s));
  }
  return out;
}

std::vector<std::pair<std::string, toml::source_region>> Reader::strings(const toml::table& t,
                                                                         std::string_view key) {
  std::vector<std::pair<std::string, toml::source_region>> out;
  for (auto& s : tomldiag::strings(t, key, /*single_ok=*/true, diags_).items)
    out.emplace_back(std::move(s.value), s.at);
  return out;
}

std::optional<std::pair<double, double>> Reader::point(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  std::vector<double> v;
  if (a && a->size() == 2) {
    for (const toml::node& e : *a) {
      if (e.is_integer()) v.push_back(static_cast<double>(e.as_integer()->get()));
      if (e.is_floating_point()) v.push_back(e.as_floating_point()->get());
    }
  }
  if (v.size() != 2 || !std::isfinite(v[0]) || !std::isfinite(v[1])) {
    error(n->source(), fmt::format("'{}' must be a point [x, y] of two numbers", key));
    return std::nullopt;
  }
  return std::make_pair(v[0], v[1]);
}

std::pair<int, int> Reader::locate(const toml::source_region& at, std::string_view needle) const {
  int line = static_cast<int>(at.begin.line), end_line = static_cast<int>(at.end.line);
  std::size_t from = 0;
  if (line >= 1 && line <= static_cast<int>(lines_.size()))
    from = byte_of(lines_[static_cast<std::size_t>(line - 1)], static_cast<int>(at.begin.column));
  for (int l = line; l >= 1 && l <= end_line && l <= static_cast<int>(lines_.size()); ++l) {
    const std::string& text = lines_[static_cast<std::size_t>(l - 1)];
    auto pos = text.find(needle, l == line ? from : 0);
    if (pos != std::string::npos) return {l, col_of(text, pos)};
  }
  return {line, static_cast<int>(at.begin.column)};
}

std::optional<std::string> Reader::text(const toml::table& t, std::string_view key) {
  auto s = string(t, key);
  if (!s) return std::nullopt;
  const toml::source_region& at = t.get(key)->source();
  if (!core::valid_utf8(*s)) {
    error(at, fmt::format("'{}' is not valid UTF-8", key));
    return std::nullopt;
  }
  std::vector<std::string> allowed(placeholders_.begin(), placeholders_.end());
  bool ok = true;
  auto pieces = split_placeholders(*s, [&](std::size_t, std::string message) {
    error(at, fmt::format("'{}': {}", key, message));
    ok = false;
  });
  for (const auto& p : pieces) {
    if (!p.placeholder || placeholders_.count(p.text)) continue;
    auto [line, col] = locate(at, "{" + p.text + "}");
    error(line, col,
          fmt::format("unknown placeholder {{{}}}{}", p.text, core::did_you_mean(p.text, allowed)));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return s;
}

Place Reader::place(const toml::table& t) {
  return Place{static_cast<int>(t.source().begin.line), static_cast<int>(t.source().begin.column)};
}

}  // namespace balint::pdf::detail
