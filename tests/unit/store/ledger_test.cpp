#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "balint/core/error.hpp"
#include "balint/store/ledger.hpp"

namespace fs = std::filesystem;
using balint::core::Date;
using balint::store::Ledger;

namespace {

using balint::testing::TempDir;

balint::domain::Entry entry(const std::string& person, const char* date, int minutes) {
  balint::domain::Entry e;
  e.person = person;
  e.date = *Date::parse(date);
  e.minutes = minutes;
  e.source = {"log", "", 0};
  return e;
}

Ledger with_people(const std::string& path) {
  Ledger l(path, Ledger::Mode::create);
  l.add_person({"zoe", "Ζωή Παπαδοπούλου", "", {{"psychodynamic_training", "yes"}}});
  l.add_person({"cailin", "Cailín Ó Briain", "", {}});
  return l;
}

std::string bytes_of(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class Fn>
std::string refusal(Fn fn) {
  try {
    fn();
  } catch (const balint::core::Error& e) {
    return e.what();
  }
  return "(no refusal)";
}

int mode_of(const std::string& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return static_cast<int>(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("a new ledger is private and carries the schema version") {
  TempDir t;
  std::string path = t.file("new/folder/ledger.sqlite");
  {
    Ledger l(path, Ledger::Mode::create);
    CHECK(l.schema_version() == balint::store::kSchemaVersion);
  }
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(t.file("new/folder")) == 0700);
}

TEST_CASE("read mode refuses a missing ledger") {
  TempDir t;
  CHECK_THROWS_AS(Ledger(t.file("none.sqlite"), Ledger::Mode::read), balint::core::NoInputError);
  CHECK_FALSE(fs::exists(t.file("none.sqlite")));
}

TEST_CASE("a ledger from a newer version is refused") {
  TempDir t;
  std::string path = t.file("l.sqlite");
  { Ledger l(path, Ledger::Mode::create); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    Ledger l(path, Ledger::Mode::read);
    FAIL("expected a refusal");
  } catch (const balint::core::DataError& e) {
    CHECK(std::string(e.what()).find("newer balint") != std::string::npos);
  }
}

TEST_CASE("a file that is not a ledger is refused") {
  TempDir t;
  std::string path = t.file("other.sqlite");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE foo (x)");
  }
  CHECK_THROWS_AS(Ledger(path, Ledger::Mode::read), balint::core::DataError);
}

TEST_CASE("people keep their names and attributes") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  auto p = l.person("zoe");
  REQUIRE(p);
  CHECK(p->name == "Ζωή Παπαδοπούλου");
  CHECK(p->attrs.at("psychodynamic_training") == "yes");
  l.update_person("zoe", std::nullopt, std::string("zoe@example.gr"),
                  {{"psychodynamic_training", ""}, {"registration", "GMC 1"}});
  p = l.person("zoe");
  CHECK(p->email == "zoe@example.gr");
  CHECK(p->attrs.count("psychodynamic_training") == 0);
  CHECK(p->attrs.at("registration") == "GMC 1");
  CHECK(l.person_ids() == std::vector<std::string>{"cailin", "zoe"});
}

TEST_CASE("foreign keys are enforced") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  CHECK_THROWS(l.add_entries({entry("nobody", "2025-01-01", 60)}));
}

TEST_CASE("import counts identical rows as a multiset and commits only when asked") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  auto a = entry("zoe", "2025-01-01", 90);
  auto b = entry("cailin", "2025-01-01", 90);
  {
    balint::store::EntryImport imp(l, "x.csv");
    imp.add(a);
    imp.add(a);  // a second identical session the same day is kept
    imp.add(b);
    CHECK(imp.result().added == 3);
    // not committed: rolled back
  }
  CHECK(l.entries({}).empty());
  for (int round = 0; round < 2; ++round) {
    balint::store::EntryImport imp(l, "x.csv");
    imp.add(a);
    imp.add(a);
    imp.add(b);
    imp.commit();
    CHECK(imp.result().added == (round == 0 ? 3 : 0));
    CHECK(imp.result().present == (round == 0 ? 0 : 3));
  }
  CHECK(l.entries({}).size() == 3);
  balint::store::EntryImport more(l, "y.csv");
  more.add(a);
  more.add(a);
  more.add(a);
  more.commit();
  CHECK(more.result().added == 1);
  CHECK(more.result().present == 2);
}

TEST_CASE("the content key changes with any column") {
  auto a = entry("zoe", "2025-01-01", 90);
  auto b = a;
  CHECK(balint::store::entry_content_key(a) == balint::store::entry_content_key(b));
  b.note = "x";
  CHECK(balint::store::entry_content_key(a) != balint::store::entry_content_key(b));
  b = a;
  b.tags = {"a;b"};
  auto c = a;
  c.tags = {"a", "b"};
  CHECK(balint::store::entry_content_key(b) != balint::store::entry_content_key(c));
  b = a;
  b.group = "g";
  c = a;
  c.setting = "g";
  CHECK(balint::store::entry_content_key(b) != balint::store::entry_content_key(c));
}

TEST_CASE("voided entries stay but are marked") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  auto ids = l.add_entries({entry("zoe", "2025-01-01", 90), entry("zoe", "2025-01-08", 90)});
  l.void_entry(ids[0], "logged twice", *Date::parse("2025-02-01"));
  CHECK(l.entries({}).size() == 1);
  balint::store::EntryFilter all;
  all.include_voided = true;
  CHECK(l.entries(all).size() == 2);
  auto h = l.history("zoe");
  REQUIRE(h.entries.size() == 2);
  CHECK(h.entries[0].voided);
  CHECK(h.entries[0].void_reason == "logged twice");
}

TEST_CASE("entries filter by person and inclusive dates") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  l.add_entries({entry("zoe", "2025-01-01", 90), entry("zoe", "2025-01-31", 90),
                 entry("cailin", "2025-01-15", 60), entry("zoe", "2025-02-01", 30)});
  balint::store::EntryFilter f;
  f.from = Date::parse("2025-01-01");
  f.to = Date::parse("2025-01-31");
  CHECK(l.entries(f).size() == 3);
  f.person = "zoe";
  CHECK(l.entries(f).size() == 2);
}

TEST_CASE("a group's entries, through the index entry_group_date (schema 4)") {
  TempDir t;
  const std::string path = t.file("l.sqlite");
  {
    auto l = with_people(path);
    auto in = [](balint::domain::Entry e, const char* g) {
      e.group = g;
      return e;
    };
    l.add_entries({in(entry("zoe", "2025-01-01", 90), "Thursday"),
                   in(entry("cailin", "2025-01-02", 90), "Thursday"),
                   in(entry("zoe", "2025-01-03", 90), "Monday"), entry("zoe", "2025-01-04", 60)});
    auto in_group = [&l](const std::string& g) {
      std::vector<std::string> out;
      l.for_each_entry_in_group(
          g, [&out](const balint::domain::Entry& e) { out.push_back(e.person); });
      return out;
    };
    CHECK(in_group("Thursday") == std::vector<std::string>{"zoe", "cailin"});
    CHECK(in_group("Monday") == std::vector<std::string>{"zoe"});
    CHECK(in_group("Friday").empty());
    const auto thursday = l.entries({});
    l.void_entry(thursday[1].id, "twice", *Date::parse("2025-02-01"));
    CHECK(in_group("Thursday") == std::vector<std::string>{"zoe"});  // a void entry is left out
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement plan(db,
                         "EXPLAIN QUERY PLAN SELECT id FROM entry WHERE grp = 'x' ORDER BY date");
  std::string detail;
  while (plan.executeStep()) detail += plan.getColumn(3).getString() + "\n";
  CHECK(detail.find("entry_group_date") != std::string::npos);
}

TEST_CASE("backup is a private, consistent copy") {
  TempDir t;
  auto l = with_people(t.file("l.sqlite"));
  l.add_entries({entry("zoe", "2025-01-01", 90)});
  l.backup(t.file("copy.sqlite"));
  CHECK(mode_of(t.file("copy.sqlite")) == 0600);
  Ledger copy(t.file("copy.sqlite"), Ledger::Mode::read);
  CHECK(copy.entries({}).size() == 1);
  CHECK_THROWS_AS(l.backup(t.file("copy.sqlite")), balint::core::WriteError);
}

TEST_CASE("two writing processes wait for each other instead of failing") {
  TempDir t;
  std::string path = t.file("l.sqlite");
  { with_people(path); }
  constexpr int kEach = 300;
  pid_t child = ::fork();
  if (child == 0) {
    int rc = 0;
    try {
      Ledger l(path, Ledger::Mode::write);
      for (int i = 0; i < kEach; ++i)
        l.transaction([&] { l.add_entries({entry("cailin", "2025-01-01", 1 + i % 60)}); });
    } catch (...) {
      rc = 1;
    }
    ::_exit(rc);
  }
  Ledger l(path, Ledger::Mode::write);
  for (int i = 0; i < kEach; ++i)
    l.transaction([&] { l.add_entries({entry("zoe", "2025-01-01", 1 + i % 60)}); });
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(l.entries({}).size() == 2 * kEach);
}

TEST_CASE("only create mode creates a ledger, write mode refuses a missing one") {
  TempDir t;
  std::string path = t.file("typo.sqlite");
  CHECK_THROWS_AS(Ledger(path, Ledger::Mode::write), balint::core::NoInputError);
  CHECK(refusal([&] { Ledger l(path, Ledger::Mode::write); }) ==
        "no ledger at " + path + "; create one with 'balint init'");
  CHECK_FALSE(fs::exists(path));
  { Ledger l(path, Ledger::Mode::create); }
  CHECK(fs::exists(path));
  Ledger l(path, Ledger::Mode::write);
  CHECK(l.schema_version() == balint::store::kSchemaVersion);
}

TEST_CASE("an empty file is refused untouched by read and write, and made a ledger by create") {
  TempDir t;
  std::string path = t.file("empty.sqlite");
  { std::ofstream f(path); }
  for (auto mode : {Ledger::Mode::read, Ledger::Mode::write}) {
    CHECK(refusal([&] { Ledger l(path, mode); }).find("an empty file, not a balint ledger") !=
          std::string::npos);
    CHECK(fs::file_size(path) == 0);
  }
  CHECK_FALSE(fs::exists(path + "-wal"));
  { Ledger l(path, Ledger::Mode::create); }
  Ledger l(path, Ledger::Mode::read);
  CHECK(l.people().empty());
}

TEST_CASE("another program's SQLite file is refused by every mode and left byte-identical") {
  TempDir t;
  std::string versioned = t.file("notes.sqlite");
  std::string tagged = t.file("tagged.sqlite");
  std::string blank = t.file("blank.sqlite");
  {
    SQLite::Database db(versioned, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (x); PRAGMA user_version = 1");
  }
  {
    SQLite::Database db(tagged, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA application_id = 1234; PRAGMA user_version = 3");
  }
  {
    SQLite::Database db(blank, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("VACUUM");
  }
  for (const auto& path : {versioned, tagged}) {
    std::string before = bytes_of(path);
    for (auto mode : {Ledger::Mode::read, Ledger::Mode::write, Ledger::Mode::create}) {
      CAPTURE(path);
      CHECK(refusal([&] { Ledger l(path, mode); }).find("another program's SQLite file") !=
            std::string::npos);
      CHECK(bytes_of(path) == before);
    }
  }
  std::string before = bytes_of(blank);
  for (auto mode : {Ledger::Mode::read, Ledger::Mode::write}) {
    CHECK(refusal([&] { Ledger l(blank, mode); }).find("an empty SQLite file") !=
          std::string::npos);
    CHECK(bytes_of(blank) == before);
  }
}

TEST_CASE("read mode neither migrates nor writes an older ledger") {
  TempDir t;
  std::string path = t.file("old.sqlite");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL "
        "DEFAULT '') WITHOUT ROWID");
    db.exec("PRAGMA application_id = 1111575625; PRAGMA user_version = 1");
  }
  std::string before = bytes_of(path);
  CHECK(refusal([&] { Ledger l(path, Ledger::Mode::read); }).find("older than this balint") !=
        std::string::npos);
  CHECK(bytes_of(path) == before);
  CHECK_FALSE(fs::exists(path + "-wal"));
}

TEST_CASE("opening and closing a second connection keeps the first one's locks") {
  // POSIX locks belong to the process: closing any descriptor of the file drops them all. A
  // second Ledger identifying the file through its own descriptor would leave the first
  // one's write transaction unguarded against other processes.
  TempDir t;
  std::string path = t.file("l.sqlite");
  auto l = with_people(path);
  l.transaction([&] {
    l.add_entries({entry("zoe", "2025-01-01", 90)});
    for (auto mode : {Ledger::Mode::read, Ledger::Mode::write, Ledger::Mode::create}) {
      {
        Ledger other(path, mode);
        CHECK(other.people().size() == 2);
      }
      pid_t child = ::fork();
      if (child == 0) {
        // Another process must still find the parent's lock on the ledger file itself (in
        // WAL mode a SHARED lock in SQLite's lock bytes, from 0x40000000; without it another
        // process may take the file EXCLUSIVE, checkpoint and delete the WAL under the parent)
        // and the write lock taken.
        int probe = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct flock fl {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        fl.l_start = 0x40000000;
        fl.l_len = 512;
        if (probe < 0 || ::fcntl(probe, F_GETLK, &fl) != 0) ::_exit(4);
        if (fl.l_type == F_UNLCK) ::_exit(5);  // nobody holds a lock on the ledger file
        int rc = 2;
        try {
          SQLite::Database db(path, SQLite::OPEN_READWRITE);
          db.exec("BEGIN IMMEDIATE");
          rc = 1;  // it got the lock the parent holds
        } catch (const SQLite::Exception& e) {
          rc = e.getErrorCode() == SQLITE_BUSY ? 0 : 3;
        }
        ::_exit(rc);
      }
      int status = 0;
      ::waitpid(child, &status, 0);
      REQUIRE(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
  });
  CHECK(l.entries({}).size() == 1);
}
