#include <doctest/doctest.h>

#include <string>

#include "balint/core/date.hpp"
#include "balint/core/error.hpp"

using balint::core::Date;
using balint::core::Period;
using balint::core::PeriodOptions;
using balint::core::resolve_period;

namespace {

// "FROM..TO" of a period, "" for an open end; "none" when it does not parse.
std::string shown(const std::optional<Period>& p) {
  if (!p) return "none";
  return (p->from ? p->from->iso() : "") + ".." + (p->to ? p->to->iso() : "");
}

std::string parsed(const char* s) { return shown(Period::parse(s, Date::from_ymd(2026, 12, 5))); }

std::string resolved(PeriodOptions o) {
  return shown(resolve_period(o, Date::from_ymd(2026, 12, 5)));
}

}  // namespace

TEST_CASE("periods: quarters, months and relative words") {
  CHECK(parsed("2025Q1") == "2025-01-01..2025-03-31");
  CHECK(parsed("2025q4") == "2025-10-01..2025-12-31");
  CHECK(parsed("2025Q5") == "none");
  CHECK(parsed("this month") == "2026-12-01..2026-12-31");
  CHECK(parsed("last month") == "2026-11-01..2026-11-30");
  CHECK(parsed("This  Quarter") == "2026-10-01..2026-12-31");
  CHECK(parsed("last quarter") == "2026-07-01..2026-09-30");
  CHECK(parsed("last 18 months") == "2025-06-06..2026-12-05");
  CHECK(parsed("last 0 months") == "none");
  CHECK(parsed("2025-03-04") == "2025-03-04..2025-03-04");
  CHECK(shown(Period::parse("last month", Date::from_ymd(2026, 1, 15))) ==
        "2025-12-01..2025-12-31");
  CHECK(shown(Period::parse("last quarter", Date::from_ymd(2026, 2, 28))) ==
        "2025-10-01..2025-12-31");
}

TEST_CASE("periods: ranges, both ends inclusive") {
  CHECK(parsed("2025-01-01..2025-03-31") == "2025-01-01..2025-03-31");
  CHECK(parsed("2025-01..2025-03") == "2025-01-01..2025-03-31");
  CHECK(parsed("from 2025-01 to 2025-06") == "2025-01-01..2025-06-30");
  CHECK(parsed("from 2025Q2 to 2025Q3") == "2025-04-01..2025-09-30");
  CHECK(parsed("from 2025-02-10") == "2025-02-10..");
  CHECK(parsed("to 2025") == "..2025-12-31");
  CHECK(parsed("2025-05..") == "2025-05-01..");
  CHECK(parsed("..2025-05") == "..2025-05-31");
  CHECK(parsed("..") == "none");
  CHECK(parsed("2025-06..2025-01") == "none");  // backwards
  CHECK(parsed("from 2025-13 to 2026") == "none");
  CHECK(parsed("from") == "none");
  CHECK(parsed("next year") == "none");
}

TEST_CASE("period options: -b inclusive, -e exclusive, --from/--to inclusive") {
  CHECK(resolved({std::nullopt, "2025-01-01", "2025-03-31", std::nullopt, std::nullopt}) ==
        "2025-01-01..2025-03-31");
  CHECK(resolved({std::nullopt, std::nullopt, std::nullopt, "2025-01-01", "2025-04-01"}) ==
        "2025-01-01..2025-03-31");
  CHECK(resolved({std::nullopt, std::nullopt, std::nullopt, "2025", "2026"}) ==
        "2025-01-01..2025-12-31");
  CHECK(resolved({std::nullopt, "2025-02", "2025-02", std::nullopt, std::nullopt}) ==
        "2025-02-01..2025-02-28");
  CHECK(resolved({std::nullopt, "2025-01-01", std::nullopt, std::nullopt, "2025-02-01"}) ==
        "2025-01-01..2025-01-31");
  CHECK(resolved({"2025Q1", std::nullopt, std::nullopt, std::nullopt, std::nullopt}) ==
        "2025-01-01..2025-03-31");
  using balint::core::UsageError;
  CHECK_THROWS_AS(resolved({"2025", "2025-01-01", std::nullopt, std::nullopt, std::nullopt}),
                  UsageError);
  CHECK_THROWS_AS(resolved({std::nullopt, "2025-01-01", std::nullopt, "2025-01-01", std::nullopt}),
                  UsageError);
  CHECK_THROWS_AS(resolved({std::nullopt, std::nullopt, "2025-01-01", std::nullopt, "2025-01-01"}),
                  UsageError);
  CHECK_THROWS_AS(resolved({std::nullopt, std::nullopt, std::nullopt, "2025-01-01", "2025-01-01"}),
                  UsageError);  // an empty period
  CHECK_THROWS_AS(resolved({std::nullopt, "2025-02-30", std::nullopt, std::nullopt, std::nullopt}),
                  UsageError);
}
