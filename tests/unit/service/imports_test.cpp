// service::import_entries, import_people, import_records: all or nothing, dry runs, rows
// already present.
#include <doctest/doctest.h>

#include "balint/core/error.hpp"
#include "balint/service/imports.hpp"
#include "temp_ledger.hpp"

using namespace balint;

namespace {

const char* kEntries =
    "person,date,activity,role,minutes,group\n"
    "zoe,2025-03-04,group,member,90,Thursday group\n"
    "ann,2025-03-04,group,member,90,Thursday group\n";

std::size_t entry_count(const store::Ledger& l) {
  return l.entries({std::nullopt, std::nullopt, std::nullopt, true}).size();
}

}  // namespace

TEST_CASE("service::import_entries: a dry run writes nothing, a second import adds nothing") {
  ServiceLedger t;
  service::ImportRequest q{t.file("entries.csv", kEntries)};
  q.dry_run = true;
  auto r = service::import_entries(t.ledger, q);
  CHECK(r.added == 2);
  CHECK(entry_count(t.ledger) == 0);
  q.dry_run = false;
  r = service::import_entries(t.ledger, q);
  CHECK(r.added == 2);
  CHECK(entry_count(t.ledger) == 2);
  r = service::import_entries(t.ledger, q);
  CHECK(r.added == 0);
  CHECK(r.present == 2);
  CHECK(entry_count(t.ledger) == 2);
}

TEST_CASE("service::import_entries: one bad row and nothing is imported, every problem named") {
  ServiceLedger t;
  service::ImportRequest q{t.file("bad.csv", std::string(kEntries) +
                                                 "nobody,2025-03-04,group,member,90,x\n"
                                                 "zoe,2025-02-30,group,member,90,x\n")};
  try {
    service::import_entries(t.ledger, q);
    FAIL("no error");
  } catch (const core::DataError& e) {
    REQUIRE(e.lines().size() == 3);  // two rows, then the summary
    CHECK(e.lines().back().find("2 bad rows; nothing imported") != std::string::npos);
  }
  CHECK(entry_count(t.ledger) == 0);
  // A date after refuse_after is a problem of its row.
  service::ImportRequest later{t.file("later.csv", kEntries)};
  later.refuse_after = *core::Date::parse("2025-03-01");
  CHECK_THROWS_AS(service::import_entries(t.ledger, later), core::DataError);
}

TEST_CASE("service::import_people: new people added, the same ones present, changed ones refused") {
  ServiceLedger t;
  service::ImportRequest q{t.file("people.csv", "id,name,email\nbea,Bea Name,\nzoe,zoe Name,\n")};
  auto r = service::import_people(t.ledger, q);
  CHECK(r.added == 1);
  CHECK(r.present == 1);
  CHECK(t.ledger.has_person("bea"));
  service::ImportRequest changed{t.file("changed.csv", "id,name,email\ncal,Cal,\nzoe,Another,\n")};
  CHECK_THROWS_AS(service::import_people(t.ledger, changed), core::DataError);
  CHECK_FALSE(t.ledger.has_person("cal"));
}

TEST_CASE("service::import_records: the name check decides, a dry run writes nothing") {
  ServiceLedger t;
  const std::string csv =
      "kind,person,body,family,type,on,from,to,note\nenrolment,zoe,,bbs-leader,,2024-01-10\n";
  service::ImportRequest q{t.file("records.csv", csv)};
  q.check_name = [](std::string_view, std::string_view value) {
    return value.empty() || value == "bbs-leader" ? std::string() : std::string("unknown");
  };
  q.dry_run = true;
  CHECK(service::import_records(t.ledger, q).added == 1);
  CHECK(t.ledger.enrolments("zoe").empty());
  q.dry_run = false;
  CHECK(service::import_records(t.ledger, q).added == 1);
  CHECK(t.ledger.enrolments("zoe").size() == 1);
  service::ImportRequest other{t.file("other.csv", "kind,person,body,family,type,on,from,to,note\n"
                                            "enrolment,ann,,abc,,2024-01-10\n")};
  other.check_name = q.check_name;
  CHECK_THROWS_AS(service::import_records(t.ledger, other), core::DataError);
  CHECK(t.ledger.enrolments("ann").empty());
}
