// Periods in words (SPEC §4, §8): one parser for -p, --from/--to and -b/-e of every command.
#include <fmt/core.h>

#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"
#include "balint/core/text.hpp"

namespace balint::core {
namespace {

int number(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<int> year_of(std::string_view s) {
  if (s.size() != 4 || !all_digits(s)) return std::nullopt;
  int y = number(s);
  if (y < 1900 || y > 2999) return std::nullopt;
  return y;
}

Period months(int y, int m, int count) {
  Date first = Date::from_ymd(y, m, 1);
  return Period{first, first.add_months(count).add_days(-1)};
}

// First month of the quarter holding `d`.
int quarter_start(Date d) { return (d.month() - 1) / 3 * 3 + 1; }

// Lower case, runs of spaces as one, no leading or trailing space.
std::string words(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "this year", "last quarter", "last 18 months" ...
std::optional<Period> relative(const std::string& s, Date today) {
  const int y = today.year();
  if (s == "this year") return months(y, 1, 12);
  if (s == "last year") return months(y - 1, 1, 12);
  if (s == "this month") return months(y, today.month(), 1);
  if (s == "last month") {
    Date first = Date::from_ymd(y, today.month(), 1).add_months(-1);
    return months(first.year(), first.month(), 1);
  }
  if (s == "this quarter") return months(y, quarter_start(today), 3);
  if (s == "last quarter") {
    Date first = Date::from_ymd(y, quarter_start(today), 1).add_months(-3);
    return months(first.year(), first.month(), 3);
  }
  constexpr std::string_view kLast = "last ", kMonths = " months";
  if (s.size() > kLast.size() + kMonths.size() && s.rfind(kLast, 0) == 0 &&
      s.compare(s.size() - kMonths.size(), kMonths.size(), kMonths) == 0) {
    std::string_view n =
        std::string_view(s).substr(kLast.size(), s.size() - kLast.size() - kMonths.size());
    if (!all_digits(n) || n.size() > 4 || number(n) < 1 || number(n) > 1200) return std::nullopt;
    return Period{today.add_months(-number(n)).add_days(1), today};
  }
  return std::nullopt;
}

// Splits "A..B", "from A to B", "from A", "to B" into its ends; false when `s` is none.
bool range(const std::string& s, std::string& a, std::string& b) {
  if (auto dots = s.find(".."); dots != std::string::npos) {
    a = s.substr(0, dots);
    b = s.substr(dots + 2);
    return true;
  }
  if (s.rfind("from ", 0) == 0) {
    auto to = s.find(" to ");
    a = s.substr(5, to == std::string::npos ? std::string::npos : to - 5);
    b = to == std::string::npos ? "" : s.substr(to + 4);
    return true;
  }
  if (s.rfind("to ", 0) == 0) {
    a.clear();
    b = s.substr(3);
    return true;
  }
  return false;
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

const char* const kPeriodForms =
    "2025, 2025-03, 2025Q1, 2025-01-01..2025-03-31, 'from 2025-01 to 2025-06', 'this month', "
    "'last month', 'this quarter', 'last quarter', 'this year', 'last year' or 'last 12 months'";

std::optional<Period> Period::span(std::string_view raw) {
  std::string s = words(raw);
  if (auto y = year_of(s)) return months(*y, 1, 12);
  if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(5, 2))) {
    auto y = year_of(std::string_view(s).substr(0, 4));
    int m = number(std::string_view(s).substr(5, 2));
    if (!y || m < 1 || m > 12) return std::nullopt;
    return months(*y, m, 1);
  }
  if (s.size() == 6 && s[4] == 'q' && s[5] >= '1' && s[5] <= '4') {
    auto y = year_of(std::string_view(s).substr(0, 4));
    if (!y) return std::nullopt;
    return months(*y, (s[5] - '1') * 3 + 1, 3);
  }
  if (auto d = Date::parse(s)) return Period{*d, *d};
  return std::nullopt;
}

std::optional<Period> Period::parse(std::string_view raw, Date today) {
  const std::string s = words(raw);
  if (s.empty()) return std::nullopt;
  if (auto r = relative(s, today)) return r;
  if (auto one = span(s)) return one;
  std::string a, b;
  if (!range(s, a, b)) return std::nullopt;
  a = trimmed(a);
  b = trimmed(b);
  if (a.empty() && b.empty()) return std::nullopt;
  Period p;
  if (!a.empty()) {
    auto start = span(a);
    if (!start) return std::nullopt;
    p.from = start->from;
  }
  if (!b.empty()) {
    auto end = span(b);
    if (!end) return std::nullopt;
    p.to = end->to;
  }
  if (p.from && p.to && *p.to < *p.from) return std::nullopt;
  return p;
}

namespace {

Date bound(const std::string& value, const char* option, bool first_day) {
  auto s = Period::span(value);
  if (!s)
    throw UsageError(fmt::format(
        "{}: '{}' is not a date; use YYYY-MM-DD (or a month 2025-03, a quarter 2025Q1, a year "
        "2025)",
        option, value));
  return first_day ? *s->from : *s->to;
}

}  // namespace

Period resolve_period(const PeriodOptions& o, Date today) {
  if (o.period) {
    if (o.from || o.to || o.begin || o.end)
      throw UsageError("give --period or --from/--to/-b/-e, not both");
    auto parsed = Period::parse(*o.period, today);
    if (!parsed)
      throw UsageError(
          fmt::format("--period: '{}' is not a period; use {}", *o.period, kPeriodForms));
    return *parsed;
  }
  if (o.from && o.begin) throw UsageError("give --from or -b, not both (they mean the same)");
  if (o.to && o.end)
    throw UsageError("give --to (last day, included) or -e (first day after), not both");
  Period p;
  if (o.from) p.from = bound(*o.from, "--from", true);
  if (o.begin) p.from = bound(*o.begin, "-b/--begin", true);
  if (o.to) p.to = bound(*o.to, "--to", false);
  if (o.end) p.to = bound(*o.end, "-e/--end", true).add_days(-1);
  if (p.from && p.to && *p.to < *p.from) {
    if (o.end)
      throw UsageError(
          fmt::format("-e {} leaves no day after the start {} (-e is the first day "
                      "after the period)",
                      *o.end, p.from->iso()));
    throw UsageError(fmt::format("--to {} is before {} {}", p.to->iso(), o.begin ? "-b" : "--from",
                                 p.from->iso()));
  }
  return p;
}

}  // namespace balint::core
