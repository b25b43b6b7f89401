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
  service::ImportRequest other{t.file("other.csv",
                                      "kind,person,body,family,type,on,from,to,note\n"
                                      "enrolment,ann,,abc,,2024-01-10\n")};
  other.check_name = q.check_name;
  CHECK_THROWS_AS(service::import_records(t.ledger, other), core::DataError);
  CHECK(t.ledger.enrolments("ann").empty());
}

TEST_CASE("service::import_*: bytes in memory read as the same file on disk is, same report") {
  ServiceLedger t;
  const std::string bad = std::string(kEntries) + "nobody,2025-03-04,group,member,90,x\n";
  std::vector<std::string> from_file, from_bytes;
  try {
    service::import_entries(t.ledger, {t.file("bad.csv", bad)});
  } catch (const core::DataError& e) {
    from_file = e.lines();
  }
  service::ImportRequest q{(t.dir / "bad.csv").string()};
  q.bytes = std::string_view(bad);
  try {
    service::import_entries(t.ledger, q);
  } catch (const core::DataError& e) {
    from_bytes = e.lines();
  }
  REQUIRE(from_file.size() == 2);
  CHECK(from_bytes == from_file);
  // A UTF-16 upload with its byte-order mark is decoded as a file would be.
  std::string utf16 = "\xFF\xFE";
  for (char ch : std::string("id,name\nbea,Bea\n")) utf16 += std::string{ch, '\0'};
  service::ImportRequest people{"people.csv"};
  people.bytes = std::string_view(utf16);
  CHECK(service::import_people(t.ledger, people).added == 1);
  CHECK(t.ledger.person("bea")->name == "Bea");
  CHECK(entry_count(t.ledger) == 0);
}

TEST_CASE("service::import_problems: FILE:LINE: column: problem split for a table") {
  auto rows = service::import_problems(
      {"up.csv:3: date: '2025-02-30' is not a date", "up.csv:4: row has 9 fields; the header has 6",
       "up.csv:5: attr:region: not valid UTF-8", "up.csv: 3 bad rows; nothing imported", "other"},
      "up.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].line == 3);
  CHECK(rows[0].column == "date");
  CHECK(rows[0].problem == "'2025-02-30' is not a date");
  CHECK(rows[1].line == 4);
  CHECK(rows[1].column.empty());
  CHECK(rows[1].problem == "row has 9 fields; the header has 6");
  CHECK(rows[2].column == "attr:region");
  CHECK(rows[3].line == 0);
  CHECK(rows[3].column.empty());
  CHECK(rows[3].problem == "3 bad rows; nothing imported");
  CHECK(rows[4].problem == "other");
}
