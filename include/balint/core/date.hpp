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
  Date() = default;                           // 1970-01-01
  static Date from_ymd(int y, int m, int d);  // throws DataError if not a real date
  /// Today in the machine's local time zone (the command line's and the server's default date).
  static Date today();
  /// Parses exactly `YYYY-MM-DD` (a real date, years 1900–2999); nullopt otherwise.
  static std::optional<Date> parse(std::string_view s);
  /// Parses or throws UsageError naming `what` (e.g. "--from").
  static Date parse_arg(std::string_view s, std::string_view what);
  /// Days since 1970-01-01.
  std::int32_t serial() const { return days_; }
  static Date from_serial(std::int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
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
  /// A period in words, relative to `today` (the one parser of every command; src/core/period.cpp):
  /// `2025`, `2025-03`, `2025Q1`, `2025-03-04`, `this|last year|quarter|month`,
  /// `last N months`, `A..B`, `A..`, `..B`, `from A to B`, `from A`, `to B`; each of A and B
  /// is itself a day, month, quarter or year, A counting from its first day and B to its last
  /// (both inclusive). nullopt when `s` is none of these.
  static std::optional<Period> parse(std::string_view s, Date today);
  /// The first and last day of a single span: a day, `2025-03`, `2025Q1` or `2025`.
  static std::optional<Period> span(std::string_view s);
};

/// The period options of a command, as given (each optional).
struct PeriodOptions {
  std::optional<std::string> period;  ///< -p/--period, Period::parse
  std::optional<std::string> from;    ///< --from: first day of a span (inclusive)
  std::optional<std::string> to;      ///< --to: last day of a span (inclusive)
  std::optional<std::string> begin;   ///< -b: first day of a span (inclusive)
  std::optional<std::string> end;     ///< -e: first day of a span, excluded (as in hledger)
};

/// One period from the options; UsageError naming the option for a bad value, a clash
/// (-p with the others, --from with -b, --to with -e) or an end before the start.
Period resolve_period(const PeriodOptions& o, Date today);

/// What -p accepts, for help texts and messages.
extern const char* const kPeriodForms;

}  // namespace balint::core
