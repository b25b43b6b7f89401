#pragma once
// Integer minutes and fixed-point hundredths: totals are never summed doubles.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace balint::core {

/// Parses an integer number of minutes, 1–1440.
std::optional<int> parse_minutes(std::string_view s);
/// Parses a decimal number of hours (> 0, ≤ 24, at most 4 decimals) into whole minutes,
/// rounding to the nearest minute.
std::optional<int> parse_hours(std::string_view s);
/// Parses a non-negative integer (no sign, no spaces), at most 9 digits.
std::optional<long> parse_count(std::string_view s);

/// A decimal with two fixed places, stored as hundredths (hours, credits, fractions).
struct Centi {
  std::int64_t v = 0;
  static Centi from_minutes(std::int64_t minutes);  // hours, rounded half up to 0.01
  static Centi whole(std::int64_t n) { return Centi{n * 100}; }
  /// Parses "12", "12.5", "0.25"; nullopt on anything else (at most 2 decimals).
  static std::optional<Centi> parse(std::string_view s);
  /// "12.50" style, always two decimals.
  std::string str() const;
  /// Shortest form: "12", "12.5", "12.25".
  std::string short_str() const;
  double as_double() const { return static_cast<double>(v) / 100.0; }
  auto operator<=>(const Centi&) const = default;
  Centi operator+(Centi o) const { return Centi{v + o.v}; }
  Centi operator-(Centi o) const { return Centi{v - o.v}; }
  Centi& operator+=(Centi o) {
    v += o.v;
    return *this;
  }
};

/// An exact share num / den (den > 0), kept beside its rounded Centi for output that must not
/// lose precision (JSON).
struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;
  double as_double() const { return static_cast<double>(num) / static_cast<double>(den); }
  /// Hundredths rounded half up: 20/41 = 0.4878… → 49.
  std::int64_t hundredths_half_up() const { return (200 * num + den) / (2 * den); }
  /// Hundredths rounded down: 20/41 → 48.
  std::int64_t hundredths_down() const { return num * 100 / den; }
  /// Hundredths rounded up: 20/41 → 49, 1/2 → 50.
  std::int64_t hundredths_up() const { return (num * 100 + den - 1) / den; }
};

/// Minutes as hours with two decimals, e.g. 90 → "1.50".
std::string hours_str(std::int64_t minutes);

}  // namespace balint::core
