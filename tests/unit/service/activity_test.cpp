// The activity log (issue 19): every write path of the service layer leaves exactly one row,
// as the ledger's actor, in the transaction of the write; a refused write leaves none.
#include <doctest/doctest.h>

#include <sstream>

#include "balint/core/error.hpp"
#include "balint/service/accounts.hpp"
#include "balint/service/activity.hpp"
#include "balint/service/entries.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/imports.hpp"
#include "balint/service/register.hpp"
#include "balint/store/certificates.hpp"
#include "temp_ledger.hpp"

using namespace balint;

namespace {

std::vector<store::Activity> all(const store::Ledger& l) { return l.activity({}); }

// Runs `write` and checks that it added exactly one row, as `actor`, with `operation`; returns it.
template <typename Fn>
store::Activity one_row(store::Ledger& l, const std::string& operation, Fn&& write) {
  const auto before = all(l).size();
  write();
  const auto after = all(l);
  REQUIRE(after.size() == before + 1);
  const auto& row = after.back();
  CHECK(row.operation == operation);
  CHECK(row.actor == l.actor());
  CHECK(row.at.size() == 20);  // 2026-12-07T04:50:00Z
  CHECK(row.at.back() == 'Z');
  return row;
}

const core::Date kOn = *core::Date::parse("2025-03-04");

}  // namespace

TEST_CASE("activity: log, void and confirm leave one row each, as the ledger's actor") {
  ServiceLedger t;
  t.ledger.set_actor("web:helen");
  service::LogRequest log{
      {"zoe", "ann"},
      {{"date", "2025-03-04"}, {"activity", "group"}, {"role", "member"}, {"minutes", "90"}},
      {"web", "helen", 0}};
  std::vector<std::int64_t> ids;
  auto row = one_row(t.ledger, "log", [&] { ids = service::log_entries(t.ledger, log); });
  CHECK(row.actor == "web:helen");
  CHECK(row.kind == "entry");
  CHECK(row.people == std::vector<std::string>{"zoe", "ann"});
  REQUIRE(ids.size() == 2);
  CHECK(row.detail.find("\"entries\":\"" + std::to_string(ids[0]) + " " + std::to_string(ids[1]) +
                        "\"") != std::string::npos);
  t.ledger.set_actor("cli:secretary");
  row = one_row(t.ledger, "void", [&] {
    service::void_entry(t.ledger, {ids[0], "twice", kOn, std::nullopt});
  });
  CHECK(row.subject == std::to_string(ids[0]));
  CHECK(row.people == std::vector<std::string>{"zoe"});
  CHECK(row.detail == R"({"reason":"twice"})");
  row = one_row(t.ledger, "confirm", [&] {
    service::confirm_entry(t.ledger, {ids[1], "helen", kOn, std::nullopt});
  });
  CHECK(row.actor == "cli:secretary");
  CHECK(row.subject == std::to_string(ids[1]));
  // A refused write (void twice) leaves no row.
  const auto n = all(t.ledger).size();
  CHECK_THROWS_AS(service::void_entry(t.ledger, {ids[0], "again", kOn, std::nullopt}),
                  service::Conflict);
  CHECK(all(t.ledger).size() == n);
}

TEST_CASE(
    "activity: each import is one row with its counts, a dry run and an import adding nothing "
    "none") {
  ServiceLedger t;
  service::ImportRequest entries{t.file("entries.csv",
                                        "person,date,activity,role,minutes,group\n"
                                        "zoe,2025-03-04,group,member,90,Thursday group\n"
                                        "ann,2025-03-04,group,member,90,Thursday group\n")};
  auto row =
      one_row(t.ledger, "import entries", [&] { service::import_entries(t.ledger, entries); });
  CHECK(row.detail == R"({"file":")" + entries.file + R"(","rows":2,"added":2,"present":0})");
  const auto n = all(t.ledger).size();
  service::import_entries(t.ledger, entries);  // every row present: nothing written
  entries.dry_run = true;
  service::import_entries(t.ledger, entries);
  CHECK(all(t.ledger).size() == n);

  service::ImportRequest people{
      t.file("people.csv", "id,name,email\nbea,Bea Name,\ncal,Cal Name,\nzoe,zoe Name,\n")};
  row = one_row(t.ledger, "import people", [&] { service::import_people(t.ledger, people); });
  CHECK(row.detail == R"({"file":")" + people.file + R"(","rows":3,"added":2,"present":1})");

  service::ImportRequest records{t.file("records.csv",
                                        "kind,person,body,family,type,on,from,to,note\n"
                                        "enrolment,zoe,,bbs-leader,,2024-01-10\n"
                                        "enrolment,ann,,bbs-leader,,2024-01-11\n")};
  records.dry_run = true;
  service::import_records(t.ledger, records);
  CHECK(all(t.ledger).size() == n + 1);
  records.dry_run = false;
  row = one_row(t.ledger, "import records", [&] { service::import_records(t.ledger, records); });
  CHECK(row.detail == R"({"file":")" + records.file + R"(","rows":2,"added":2,"present":0})");
}

TEST_CASE("activity: account writes leave one row each") {
  ServiceLedger t;
  t.ledger.set_actor("cli:root");
  auto row = one_row(t.ledger, "user add", [&] {
    service::add_user(t.ledger, {"zoe", store::AccountRole::member, std::nullopt, true, kOn, 1000});
  });
  CHECK(row.kind == "account");
  CHECK(row.subject == "zoe");
  CHECK(row.detail == R"({"role":"member","password":"none","invitation":"sent"})");
  std::optional<service::Invitation> inv;
  one_row(t.ledger, "user reset",
          [&] { inv = service::reset_user(t.ledger, "zoe", std::nullopt, 1001); });
  REQUIRE(inv);
  t.ledger.set_actor("web");
  row = one_row(t.ledger, "invitation accept", [&] {
    service::accept_invitation(t.ledger, inv->token, "a long enough password", 1002);
  });
  CHECK(row.actor == "web");
  CHECK(row.people == std::vector<std::string>{"zoe"});
  t.ledger.set_actor("cli:root");
  row = one_row(t.ledger, "user role",
                [&] { service::set_role(t.ledger, "zoe", store::AccountRole::leader); });
  CHECK(row.detail == R"({"from":"member","to":"leader"})");
  one_row(t.ledger, "token add", [&] { service::new_api_token(t.ledger, "zoe", "export", 1003); });
  one_row(t.ledger, "user disable", [&] { service::disable_user(t.ledger, "zoe", 1004); });
  const auto n = all(t.ledger).size();
  CHECK_THROWS(service::add_user(
      t.ledger, {"zoe", store::AccountRole::member, std::nullopt, false, kOn, 1005}));
  CHECK(all(t.ledger).size() == n);
}

TEST_CASE(
    "activity: the register's writes are recorded as the actor of the ledger it was opened from") {
  ServiceLedger t;
  t.ledger.set_actor("web:helen");
  store::CertificateRegister reg(t.ledger);
  std::int64_t key = 0;
  auto row = one_row(t.ledger, "issuer key add", [&] {
    reg.transaction([&] { key = reg.add_issuer_key("balint-ed25519:AAAA", kOn); });
  });
  CHECK(row.actor == "web:helen");
  // The same key again writes nothing.
  const auto n = all(t.ledger).size();
  reg.transaction([&] { reg.add_issuer_key("balint-ed25519:AAAA", kOn); });
  CHECK(all(t.ledger).size() == n);
  store::CertificateRecord r;
  r.serial = "CPD-2026-000001";
  r.revision = 1;
  r.person = "zoe";
  r.kind = "cpd";
  r.ruleset = "cpd-uk";
  r.edition = "e";
  r.figures = "{}";
  r.sha256 = "00";
  r.signature = "s";
  r.payload = "BLC1.x.y";
  r.code = "ABCD-EFGH";
  r.issued = kOn;
  r.file = "/tmp/x.pdf";
  r.issuer_key = key;
  row = one_row(t.ledger, "certificate issue", [&] { reg.transaction([&] { reg.add(r); }); });
  CHECK(row.subject == "CPD-2026-000001/1");
  CHECK(row.people == std::vector<std::string>{"zoe"});
  row = one_row(t.ledger, "certificate revoke",
                [&] { service::revoke_certificate(t.ledger, r.serial, "issued in error", kOn); });
  CHECK(row.detail == R"({"reason":"issued in error","on":"2025-03-04"})");
}

TEST_CASE("activity: filters by UTC day and person, an inverted range is a usage error") {
  ServiceLedger t;
  t.ledger.transaction([&] {
    t.ledger.record({"person add", "person", "zoe", {"zoe"}, {}});
    t.ledger.record({"log", "entry", "", {"ann", "zoe", "ann"}, {{"minutes", std::int64_t{90}}}});
    t.ledger.record({"person add", "person", "zoeb", {"zoeb"}, {}});
  });
  CHECK(service::activity_log(t.ledger, {}).size() == 3);
  auto zoe = service::activity_log(t.ledger, {std::nullopt, std::nullopt, "zoe"});
  REQUIRE(zoe.size() == 2);                                        // not zoeb's
  CHECK(zoe[1].people == std::vector<std::string>{"ann", "zoe"});  // each person once
  CHECK(zoe[1].detail == R"({"minutes":90})");
  const auto today = *core::Date::parse(all(t.ledger).front().at.substr(0, 10));
  CHECK(service::activity_log(t.ledger, {today, today, std::nullopt}).size() == 3);
  CHECK(service::activity_log(t.ledger, {today.add_days(1), std::nullopt, std::nullopt}).empty());
  CHECK(service::activity_log(t.ledger, {std::nullopt, today.add_days(-1), std::nullopt}).empty());
  CHECK_THROWS_AS(service::activity_log(t.ledger, {today, today.add_days(-1), std::nullopt}),
                  core::UsageError);
  // A rolled-back write takes its row with it.
  CHECK_THROWS(t.ledger.transaction([&] {
    t.ledger.record({"person add", "person", "x", {"x"}, {}});
    throw core::UsageError("refused");
  }));
  CHECK(all(t.ledger).size() == 3);
}

TEST_CASE("activity: the table for text and CSV") {
  store::Activity a{7,
                    "2026-12-07T04:50:00Z",
                    "cli:root",
                    "void",
                    "entry",
                    "12",
                    {"zoe", "ann"},
                    R"({"reason":"=1+1"})"};
  auto t = service::activity_table({a});
  CHECK(t.headers ==
        std::vector<std::string>{"at", "actor", "operation", "subject", "people", "detail"});
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0] == std::vector<std::string>{"2026-12-07T04:50:00Z", "cli:root", "void",
                                              "entry 12", "zoe ann", R"({"reason":"=1+1"})"});
}

TEST_CASE("activity: the CSV neutralises a cell a spreadsheet would read as a formula") {
  store::Activity a{1,   "2026-12-07T04:50:00Z", "cli:root", "person add", "person", "x", {"=1+1"},
                    "{}"};
  std::ostringstream out;
  render::write_csv(out, service::activity_table({a}));
  CHECK(out.str().find(",'=1+1,") != std::string::npos);
  CHECK(out.str().find(",=1+1,") == std::string::npos);
}
