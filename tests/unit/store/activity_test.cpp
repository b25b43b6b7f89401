// The activity table (schema 6) is append-only: its triggers refuse UPDATE and DELETE, also
// on a ledger migrated from an older schema.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "balint/store/ledger.hpp"
#include "detail.hpp"

using balint::store::Ledger;
using balint::testing::TempDir;

namespace {

// What SQLite says when `sql` runs on the ledger at `path` (through another connection, as
// the sqlite3 shell would); "" when it runs.
std::string refusal(const std::string& path, const char* sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  try {
    db.exec(sql);
    return "";
  } catch (const SQLite::Exception& e) {
    return e.what();
  }
}

void check_append_only(const std::string& path) {
  {
    Ledger l(path, Ledger::Mode::write);
    l.set_actor("cli:tester");
    l.transaction([&] {
      l.record({"person add", "person", "zoe", {"zoe"}, {{"name", std::string("Zoe")}}});
    });
    REQUIRE(l.activity({}).size() == 1);
    CHECK(l.activity({}).front().actor == "cli:tester");
  }
  CHECK(refusal(path, "UPDATE activity SET actor = 'someone else'") ==
        "the activity log is append-only: its rows are never changed");
  CHECK(refusal(path, "UPDATE activity SET detail = '{}' WHERE id = 1") ==
        "the activity log is append-only: its rows are never changed");
  CHECK(refusal(path, "DELETE FROM activity") ==
        "the activity log is append-only: its rows are never deleted");
  CHECK(refusal(path, "INSERT INTO activity (at, actor, operation) VALUES ('x', 'y', 'z')") == "");
  Ledger l(path, Ledger::Mode::read);
  auto rows = l.activity({});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].actor == "cli:tester");
  CHECK(rows[0].detail == R"({"name":"Zoe"})");
}

}  // namespace

TEST_CASE("activity: a new ledger's log refuses UPDATE and DELETE") {
  TempDir t;
  const std::string path = t.file("l.sqlite");
  { Ledger l(path, Ledger::Mode::create); }
  check_append_only(path);
}

TEST_CASE("activity: a ledger of schema 5 migrates to an append-only log") {
  TempDir t;
  const std::string path = t.file("old.sqlite");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    balint::store::detail::create_schema_at(db, 5);
    db.exec("INSERT INTO person (id, name) VALUES ('zoe', 'Zoe')");
  }
  check_append_only(path);
}
