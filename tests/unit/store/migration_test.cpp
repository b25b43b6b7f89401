// Migration: a ledger written by every older balint opens in this one with its data kept and
// ends with exactly the schema of a new ledger.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/store/ledger.hpp"
#include "detail.hpp"

namespace fs = std::filesystem;
using balint::store::kSchemaVersion;
using balint::store::Ledger;

namespace {

using balint::testing::TempDir;

// Every table, index and trigger with its SQL, in name order.
std::vector<std::string> schema_of(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db,
                      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
                      "ORDER BY type, name");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

// A ledger as the balint of `version` left it: one person, two entries, one of them void.
void old_ledger(const std::string& path, int version) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  balint::store::detail::create_schema_at(db, version);
  db.exec("INSERT INTO person (id, name) VALUES ('zoe', 'Ζωή')");
  db.exec(
      "INSERT INTO entry (id, person, date, activity, role, minutes, grp, content_key, "
      "source_kind) VALUES (1, 'zoe', '2025-03-06', 'group', 'member', 90, 'Thursday', "
      "x'01', 'log'), (2, 'zoe', '2025-03-13', 'group', 'member', 90, 'Thursday', x'02', 'log')");
  db.exec("INSERT INTO void (entry, reason, voided_on) VALUES (2, 'twice', '2025-03-14')");
}

}  // namespace

TEST_CASE("every older schema version migrates to the schema of a new ledger, data kept") {
  TempDir t;
  const std::string fresh = t.file("new.sqlite");
  { Ledger l(fresh, Ledger::Mode::create); }
  const auto want = schema_of(fresh);
  REQUIRE(kSchemaVersion >= 2);
  for (int v = 1; v < kSchemaVersion; ++v) {
    CAPTURE(v);
    const std::string path = t.file("v" + std::to_string(v) + ".sqlite");
    old_ledger(path, v);
    CHECK(schema_of(path) != want);  // really an older schema
    {
      Ledger l(path, Ledger::Mode::write);
      CHECK(l.schema_version() == kSchemaVersion);
      REQUIRE(l.person("zoe"));
      CHECK(l.person("zoe")->name == "Ζωή");
      balint::store::EntryFilter with_void;
      with_void.include_voided = true;
      auto all = l.entries(with_void);
      REQUIRE(all.size() == 2);
      CHECK_FALSE(all[0].voided);
      CHECK(all[1].voided);
      CHECK(all[1].void_reason == "twice");
      std::vector<std::int64_t> in_group;
      l.for_each_entry_in_group("Thursday",
                                [&](const balint::domain::Entry& e) { in_group.push_back(e.id); });
      CHECK(in_group == std::vector<std::int64_t>{1});
    }
    CHECK(schema_of(path) == want);
    // Opening it again changes nothing.
    { Ledger l(path, Ledger::Mode::write); }
    CHECK(schema_of(path) == want);
  }
}

TEST_CASE("a ledger of the current version is left as it is") {
  TempDir t;
  const std::string path = t.file("l.sqlite");
  old_ledger(path, kSchemaVersion);
  const auto before = schema_of(path);
  {
    Ledger l(path, Ledger::Mode::write);
    CHECK(l.schema_version() == kSchemaVersion);
    CHECK(l.entries({}).size() == 1);
  }
  CHECK(schema_of(path) == before);
}

TEST_CASE("create_schema_at knows only versions 1 to kSchemaVersion") {
  TempDir t;
  SQLite::Database db(t.file("x.sqlite"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK_THROWS_AS(balint::store::detail::create_schema_at(db, 0), balint::core::InternalError);
  CHECK_THROWS_AS(balint::store::detail::create_schema_at(db, kSchemaVersion + 1),
                  balint::core::InternalError);
}

TEST_CASE(
    "schema 5: a ledger of schema 4 gains the indexes on a person's memberships and "
    "accreditations") {
  TempDir t;
  const std::string path = t.file("v4.sqlite");
  old_ledger(path, 4);
  auto plan = [&path](const std::string& sql) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
    std::string out;
    while (q.executeStep()) out += q.getColumn(3).getString() + "\n";
    return out;
  };
  const std::string memberships =
      "SELECT person, body, date_from, date_to FROM membership WHERE person = 'zoe' ORDER BY "
      "date_from, id";
  const std::string accreditations =
      "SELECT person, family, granted_on, note FROM accreditation WHERE person = 'zoe' "
      "ORDER BY person, granted_on, id";
  CHECK(plan(memberships).find("INDEX") == std::string::npos);  // a scan before
  { Ledger l(path, Ledger::Mode::write); }
  CHECK(plan(memberships).find("USING INDEX membership_person") != std::string::npos);
  CHECK(plan(accreditations).find("USING INDEX accreditation_person") != std::string::npos);
}
