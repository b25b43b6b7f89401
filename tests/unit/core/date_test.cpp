#include <doctest/doctest.h>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"

using balint::core::Date;
using balint::core::Period;
using balint::core::Span;

TEST_CASE("dates parse only as YYYY-MM-DD") {
  CHECK(Date::parse("2025-03-01")->iso() == "2025-03-01");
  CHECK(Date::parse("2024-02-29"));
  CHECK_FALSE(Date::parse("2023-02-29"));
  CHECK_FALSE(Date::parse("2025-3-1"));
  CHECK_FALSE(Date::parse("01/03/2025"));
  CHECK_FALSE(Date::parse("2025-13-01"));
  CHECK_FALSE(Date::parse("2025-04-31"));
  CHECK_FALSE(Date::parse(" 2025-03-01"));
  CHECK_FALSE(Date::parse("2025-03-01T10:00"));
  CHECK_THROWS_AS(Date::parse_arg("tomorrow", "--on"), balint::core::UsageError);
}

TEST_CASE("calendar arithmetic clamps to month end") {
  auto d = *Date::parse("2024-02-29");
  CHECK(d.add_years(1).iso() == "2025-02-28");
  CHECK(Date::parse("2025-01-31")->add_months(1).iso() == "2025-02-28");
  CHECK(Date::parse("2025-03-01")->add_days(-1).iso() == "2025-02-28");
  CHECK(d.year() == 2024);
  CHECK(d.month() == 2);
  CHECK(d.day() == 29);
}

TEST_CASE("spans") {
  CHECK(Span::parse("5y")->before(*Date::parse("2026-06-15")).iso() == "2021-06-15");
  CHECK(Span::parse("18m")->before(*Date::parse("2026-06-15")).iso() == "2024-12-15");
  CHECK(Span::parse("2w")->after(*Date::parse("2026-06-15")).iso() == "2026-06-29");
  CHECK_FALSE(Span::parse("5"));
  CHECK_FALSE(Span::parse("y"));
  CHECK_FALSE(Span::parse("0y"));
  CHECK_FALSE(Span::parse("-1y"));
  CHECK_FALSE(Span::parse("5x"));
}

TEST_CASE("periods") {
  auto today = *Date::parse("2026-11-25");
  auto p = Period::parse("2025", today);
  REQUIRE(p);
  CHECK(p->from->iso() == "2025-01-01");
  CHECK(p->to->iso() == "2025-12-31");
  p = Period::parse("2024-02", today);
  CHECK(p->to->iso() == "2024-02-29");
  p = Period::parse("last year", today);
  CHECK(p->from->iso() == "2025-01-01");
  p = Period::parse("this year", today);
  CHECK(p->to->iso() == "2026-12-31");
  p = Period::parse("last 12 months", today);
  CHECK(p->from->iso() == "2025-11-26");
  CHECK(p->to->iso() == "2026-11-25");
  CHECK(p->contains(today));
  CHECK_FALSE(p->contains(today.add_days(1)));
  CHECK_FALSE(Period::parse("next year", today));
}

TEST_CASE("serial days agree with the calendar over centuries") {
  CHECK(Date::from_ymd(1970, 1, 1).serial() == 0);
  CHECK(Date::from_ymd(2000, 3, 1).serial() == 11017);
  CHECK(Date::from_ymd(1900, 1, 1).serial() == -25567);
  // Every day from 1900 to 2100 round-trips and follows the previous one.
  auto d = Date::from_ymd(1900, 1, 1);
  for (int i = 0; i < 73413; ++i) {
    auto next = d.add_days(1);
    auto again = Date::from_ymd(next.year(), next.month(), next.day());
    REQUIRE(again == next);
    REQUIRE(Date::parse(next.iso()) == next);
    d = next;
  }
  CHECK(d.iso() == "2100-12-31");
}
