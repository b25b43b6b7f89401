#include "toml_read.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "balint/core/text.hpp"

namespace balint::rules::detail {

toml::source_region key_place(const toml::table& t, std::string_view key) {
  for (auto&& [k, node] : t)
    if (k.str() == key) return k.source();
  return t.source();
}

bool require(const toml::table& t, std::string_view key, std::string_view what, Reporter& r) {
  if (t.contains(key)) return true;
  r.error(t.source(), fmt::format("{} lacks '{}'", what, key));
  return false;
}

std::optional<std::string> read_string(const toml::table& t, std::string_view key, Reporter& r) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (auto s = n->value<std::string>(); s && n->is_string()) {
    // As for a CSV cell: no title or note needs more, and a huge one must not reach a PDF.
    if (s->size() > kMaxStringBytes) {
      r.error(n->source(),
              fmt::format("'{}' is {} bytes long; at most {}", key, s->size(), kMaxStringBytes));
      return std::nullopt;
    }
    if (s->find('\0') !=
        std::string::npos) {  // "\u0000": C APIs (Cairo's metadata strings) would cut it there
      r.error(n->source(), fmt::format("'{}' contains a NUL character", key));
      return std::nullopt;
    }
    return *s;
  }
  wrong_type(*n, key, "a string", r);
  return std::nullopt;
}

std::optional<core::Date> read_date(const toml::table& t, std::string_view key, Reporter& r) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (n->is_date()) {
    const toml::date d = n->as_date()->get();
    if (d.year >= 1900 && d.year <= 2999) return core::Date::from_ymd(d.year, d.month, d.day);
    r.error(n->source(), fmt::format("'{}' must be a date from 1900 to 2999", key));
    return std::nullopt;
  }
  if (n->is_string()) {
    r.error(n->source(), fmt::format("'{}' must be a TOML date written without quotes, e.g. "
                                     "{} = 2020-04-01",
                                     key, key));
    return std::nullopt;
  }
  wrong_type(*n, key, "a date (YYYY-MM-DD, without quotes)", r);
  return std::nullopt;
}

std::optional<core::Centi> read_decimal(const toml::table& t, std::string_view key, Reporter& r) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (n->is_integer()) {
    std::int64_t v = n->as_integer()->get();
    if (v >= 0 && v < 1'000'000'000) return core::Centi::whole(v);
  } else if (n->is_floating_point()) {
    double d = n->as_floating_point()->get();
    double scaled = d * 100.0;
    if (std::isfinite(d) && d >= 0 && d < 1e9) {
      double rounded = std::round(scaled);
      if (std::fabs(scaled - rounded) < 1e-6)
        return core::Centi{static_cast<std::int64_t>(rounded)};
      r.error(n->source(), fmt::format("'{}' takes at most two decimals", key));
      return std::nullopt;
    }
  } else {
    wrong_type(*n, key, "a number", r);
    return std::nullopt;
  }
  r.error(n->source(), fmt::format("'{}' must be a number from 0 to 999999999", key));
  return std::nullopt;
}

std::optional<long> read_count(const toml::table& t, std::string_view key, Reporter& r) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) {
    wrong_type(*n, key, "a whole number", r);
    return std::nullopt;
  }
  std::int64_t v = n->as_integer()->get();
  if (v >= 0 && v < 1'000'000'000) return static_cast<long>(v);
  r.error(n->source(), fmt::format("'{}' must be from 0 to 999999999", key));
  return std::nullopt;
}

std::optional<core::Span> read_span(const toml::table& t, std::string_view key, Reporter& r) {
  auto s = read_string(t, key, r);
  if (!s) return std::nullopt;
  if (auto span = core::Span::parse(*s)) return span;
  if (s->size() >= 2 && s->find_first_not_of("0123456789") == s->size() - 1 &&
      std::string_view("ymwd").find(s->back()) != std::string_view::npos && s->front() != '0') {
    r.error(t.get(key)->source(),
            fmt::format("'{}' is longer than a century: \"{}\" (at most 100y, 1200m, 5218w or "
                        "36525d)",
                        key, core::excerpt(*s)));
    return std::nullopt;
  }
  r.error(t.get(key)->source(),
          fmt::format("'{}' must be a span such as \"5y\", \"18m\", \"6w\" or \"30d\", not \"{}\"",
                      key, core::excerpt(*s)));
  return std::nullopt;
}

std::optional<std::vector<Located>> read_strings(const toml::table& t, std::string_view key,
                                                 bool single_ok, Reporter& r) {
  auto list = tomldiag::strings(t, key, single_ok, r);
  if (!list.present || !list.ok) return std::nullopt;
  return std::move(list.items);
}

std::vector<std::string> values(const std::vector<Located>& list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const auto& l : list) out.push_back(l.value);
  return out;
}

}  // namespace balint::rules::detail
