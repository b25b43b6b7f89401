// service::person_record and service::list_entries: what they count.
#include <doctest/doctest.h>

#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "temp_ledger.hpp"

using namespace balint;

TEST_CASE("service::person_record: entries counted, voided ones apart") {
  ServiceLedger t;
  t.log("zoe", "2025-03-04", 90);
  t.log("zoe", "2025-03-11", 50);
  const auto voided = t.log("zoe", "2025-03-18", 60);
  t.log("ann", "2025-03-04", 90);
  t.ledger.void_entry(voided, "logged twice", *core::Date::parse("2025-03-19"));
  const auto r = service::person_record(t.ledger, "zoe");
  CHECK(r.history.person.id == "zoe");
  CHECK(r.history.entries.size() == 3);
  CHECK(r.entries.sessions == 2);
  CHECK(r.entries.minutes == 140);
  CHECK(r.voided == 1);
  const auto none = service::person_record(t.ledger, "helen");
  CHECK(none.entries.sessions == 0);
  CHECK(none.voided == 0);
  CHECK_THROWS_AS(service::person_record(t.ledger, "nobody"), service::NotFound);
}

TEST_CASE("service::list_entries: totals by activity and role leave voided entries out") {
  ServiceLedger t;
  t.log("zoe", "2025-03-04", 90);
  const auto voided = t.log("ann", "2025-03-05", 60);
  t.ledger.void_entry(voided, "wrong", *core::Date::parse("2025-03-06"));
  const auto all =
      service::list_entries(t.ledger, {std::nullopt, std::nullopt, std::nullopt, true});
  CHECK(all.entries.size() == 2);
  REQUIRE(all.by_kind.size() == 1);
  CHECK(all.by_kind[0].totals.sessions == 1);
  CHECK(all.total.minutes == 90);
}
