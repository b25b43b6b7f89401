#pragma once
// Strict ISO 8601 calendar dates and spans such as "5y" or "18m".
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace balint::core {

/// A proleptic Gregorian date; only `YYYY-MM-DD` parses, anything else is refused.
class Date {
 public:
  Date() = default;  // 1970-01-01
  static Date from_ymd(int y, int m, int d);  // throws DataError if not a real date
  /// Parses exactly `YYYY-MM-DD` (a real date, years 1900–2999); nullopt otherwise.
  static std::optional<Date> parse(std::string_view s);
  /// Parses or throws UsageError naming `what` (e.g. "--from").
  static Date parse_arg(std::string_view s, std::string_view what);
  /// Days since 1970-01-01.
  std::int32_t serial() const { return days_; }
  static Date from_serial(std::int32_t days) { Date d; d.days_ = days; return d; }
  int year() const;
  int month() const;
  int day() const;
  std::string iso() const;
  Date add_days(int n) const { return from_serial(days_ + n); }
  /// Calendar months/years; the day is clamped to the end of a shorter month.
  Date add_months(int n) const;
  Date add_years(int n) const { return add_months(12 * n); }
  auto operator<=>(const Date&) const = default;

 private:
  std::int32_t days_ = 0;
};

/// A span of time: `N` followed by `y`, `m`, `w` or `d` (e.g. "5y", "18m").
struct Span {
  int count = 0;
  char unit = 'd';
  /// Refuses anything longer than a century: a date moved by a span must stay a date.
  static std::optional<Span> parse(std::string_view s);
  /// The largest count `parse` accepts for `unit` (a century).
  static int max_count(char unit);
  /// `d` moved back by this span.
  Date before(Date d) const;
  /// `d` moved forward by this span.
  Date after(Date d) const;
  std::string str() const;
};

/// An inclusive range of dates; either end may be open.
struct Period {
  std::optional<Date> from;
  std::optional<Date> to;
  bool contains(Date d) const { return (!from || *from <= d) && (!to || d <= *to); }
  /// `2025`, `2025-03`, `this year`, `last year`, `last 12 months` relative to `today`.
  static std::optional<Period> parse(std::string_view s, Date today);
};

}  // namespace balint::core
