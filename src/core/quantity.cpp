#include "balint/core/quantity.hpp"

#include <fmt/core.h>

#include <charconv>

#include "balint/core/text.hpp"

namespace balint::core {
namespace {

// "12.345" → value scaled by 10^places; nullopt when not a plain decimal or too many places.
std::optional<std::int64_t> parse_fixed(std::string_view s, int places) {
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > 9) return std::nullopt;
  if (dot != std::string_view::npos &&
      (!all_digits(frac) || static_cast<int>(frac.size()) > places))
    return std::nullopt;
  std::int64_t w = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), w);
  std::int64_t f = 0;
  int n = 0;
  for (char c : frac) {
    f = f * 10 + (c - '0');
    ++n;
  }
  for (; n < places; ++n) f *= 10;
  std::int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  return w * scale + f;
}

}  // namespace

std::optional<int> parse_minutes(std::string_view s) {
  if (!all_digits(s) || s.size() > 5) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v < 1 || v > 1440) return std::nullopt;
  return v;
}

std::optional<int> parse_hours(std::string_view s) {
  auto tenthousandths = parse_fixed(s, 4);
  if (!tenthousandths || *tenthousandths <= 0 || *tenthousandths > 24 * 10000) return std::nullopt;
  // minutes = h * 60, rounded half up.
  std::int64_t m = (*tenthousandths * 60 + 5000) / 10000;
  if (m < 1) return std::nullopt;
  return static_cast<int>(m);
}

std::optional<long> parse_count(std::string_view s) {
  if (!all_digits(s) || s.size() > 9) return std::nullopt;
  long v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

Centi Centi::from_minutes(std::int64_t minutes) {
  std::int64_t sign = minutes < 0 ? -1 : 1;
  return Centi{sign * ((sign * minutes * 100 + 30) / 60)};
}

std::optional<Centi> Centi::parse(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  auto v = parse_fixed(neg ? s.substr(1) : s, 2);
  if (!v) return std::nullopt;
  return Centi{neg ? -*v : *v};
}

std::string Centi::str() const {
  std::int64_t a = v < 0 ? -v : v;
  return fmt::format("{}{}.{:02}", v < 0 ? "-" : "", a / 100, a % 100);
}

std::string Centi::short_str() const {
  std::int64_t a = v < 0 ? -v : v;
  std::string sign = v < 0 ? "-" : "";
  if (a % 100 == 0) return fmt::format("{}{}", sign, a / 100);
  if (a % 10 == 0) return fmt::format("{}{}.{}", sign, a / 100, (a % 100) / 10);
  return fmt::format("{}{}.{:02}", sign, a / 100, a % 100);
}

std::string hours_str(std::int64_t minutes) { return Centi::from_minutes(minutes).str(); }

}  // namespace balint::core
