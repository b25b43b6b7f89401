#include "balint/core/date.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <fmt/core.h>

#include <charconv>
#include <ctime>

#include "balint/core/error.hpp"
#include "balint/core/text.hpp"

namespace balint::core {
namespace {

namespace greg = boost::gregorian;
const greg::date kEpoch(1970, 1, 1);

greg::date to_greg(const Date& d) { return kEpoch + greg::days(d.serial()); }

struct Civil {
  int y, m, d;
};

// Days since 1970-01-01 to a proleptic Gregorian date, by 400-year eras (no table, no Boost:
// this runs for every row of a large import).
Civil civil(std::int32_t days) {
  std::int64_t z = static_cast<std::int64_t>(days) + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
  return {y, static_cast<int>(m), static_cast<int>(d)};
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

Date Date::today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

Date Date::from_ymd(int y, int m, int d) {
  if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1 ||
      d > greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                     static_cast<unsigned short>(m)))
    throw DataError(fmt::format("{:04}-{:02}-{:02} is not a calendar date", y, m, d));
  // The inverse of civil().
  std::int64_t yy = y - (m <= 2 ? 1 : 0);
  std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  auto yoe = static_cast<unsigned>(yy - era * 400);
  unsigned mp = static_cast<unsigned>(m > 2 ? m - 3 : m + 9);
  unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return from_serial(
      static_cast<std::int32_t>(era * 146097 + static_cast<std::int64_t>(doe) - 719468));
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
  int y = to_int(ys), m = to_int(ms), d = to_int(ds);
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > static_cast<int>(greg::gregorian_calendar::end_of_month_day(
              static_cast<unsigned short>(y), static_cast<unsigned short>(m))))
    return std::nullopt;
  return from_ymd(y, m, d);
}

Date Date::parse_arg(std::string_view s, std::string_view what) {
  if (auto d = parse(s)) return *d;
  throw UsageError(fmt::format("{}: '{}' is not a date; use YYYY-MM-DD", what, s));
}

int Date::year() const { return civil(days_).y; }
int Date::month() const { return civil(days_).m; }
int Date::day() const { return civil(days_).d; }

std::string Date::iso() const {
  auto c = civil(days_);
  char buf[10];
  auto put = [&buf](int at, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      buf[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, c.y, 4);
  buf[4] = '-';
  put(5, c.m, 2);
  buf[7] = '-';
  put(8, c.d, 2);
  return std::string(buf, sizeof buf);
}

Date Date::add_months(int n) const {
  auto g = to_greg(*this);
  int total = static_cast<int>(g.year()) * 12 + (static_cast<int>(g.month()) - 1) + n;
  int y = total / 12, m = total % 12 + 1;
  int last = greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                        static_cast<unsigned short>(m));
  int d = std::min(static_cast<int>(g.day()), last);
  return from_ymd(y, m, d);
}

std::optional<Span> Span::parse(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  char unit = s.back();
  if (unit != 'y' && unit != 'm' && unit != 'w' && unit != 'd') return std::nullopt;
  auto num = s.substr(0, s.size() - 1);
  if (!all_digits(num) || num.size() > 4) return std::nullopt;
  int n = to_int(num);
  if (n <= 0 || n > Span::max_count(unit)) return std::nullopt;
  return Span{n, unit};
}

int Span::max_count(char unit) {
  switch (unit) {
    case 'y': return 100;
    case 'm': return 1200;
    case 'w': return 5218;
    default: return 36525;
  }
}

Date Span::before(Date d) const {
  switch (unit) {
    case 'y': return d.add_years(-count);
    case 'm': return d.add_months(-count);
    case 'w': return d.add_days(-7 * count);
    default: return d.add_days(-count);
  }
}

Date Span::after(Date d) const {
  switch (unit) {
    case 'y': return d.add_years(count);
    case 'm': return d.add_months(count);
    case 'w': return d.add_days(7 * count);
    default: return d.add_days(count);
  }
}

std::string Span::str() const { return fmt::format("{}{}", count, unit); }

}  // namespace balint::core
