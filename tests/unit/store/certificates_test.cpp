// The certificate register: serials, revisions, revocation, codes, issuer keys, migration.
#include <doctest/doctest.h>

#include "../dates.hpp"
#include "../temp_dir.hpp"
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "balint/core/error.hpp"
#include "balint/store/certificates.hpp"
#include "balint/store/ledger.hpp"
#include "detail.hpp"

namespace fs = std::filesystem;
using balint::core::Date;
using balint::store::CertificateRecord;
using balint::store::CertificateRegister;
using balint::store::Ledger;

namespace {

using balint::testing::TempDir;

using balint::testing::d;

Ledger ledger_at(const std::string& path) {
  Ledger l(path, Ledger::Mode::create);
  l.add_person({"zoe", "Ζωή Παπαδοπούλου", "", {}});
  l.add_person({"ann", "Ann Example", "", {}});
  return l;
}

CertificateRecord record(const balint::store::CertificateSlot& s, const std::string& person,
                         std::int64_t key, const std::string& code) {
  CertificateRecord r;
  r.serial = s.serial;
  r.revision = s.revision;
  r.person = person;
  r.kind = "cpd";
  r.ruleset = "cpd-uk";
  r.edition = "1 credit per hour";
  r.from = d(2025, 1, 1);
  r.to = d(2025, 12, 31);
  r.figures = R"({"credits":"1.50"})";
  r.sha256 = "00";
  r.signature = "sig";
  r.payload = "BLC1.x.y";
  r.code = code;
  r.issued = d(2026, 1, 10);
  r.file = "/tmp/x.pdf";
  r.issuer_key = key;
  return r;
}

}  // namespace

TEST_CASE("serials count up per prefix and year, a re-issue keeps the serial") {
  TempDir t;
  Ledger l = ledger_at(t.file("l.sqlite"));
  CertificateRegister reg(l);
  auto key = reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 1, 1));
  CHECK(reg.next_serial("CPD", 2026) == "CPD-2026-000001");

  auto s1 = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  CHECK(s1.serial == "CPD-2026-000001");
  CHECK(s1.revision == 1);
  CHECK_FALSE(s1.previous);
  reg.add(record(s1, "zoe", key, "AAAA-AAAA-AAA1"));

  auto s2 = reg.slot_for("CPD", 2026, "ann", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  CHECK(s2.serial == "CPD-2026-000002");
  reg.add(record(s2, "ann", key, "AAAA-AAAA-AAA2"));

  // Same subject again: same serial, revision 2.
  auto s3 = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  CHECK(s3.serial == "CPD-2026-000001");
  CHECK(s3.revision == 2);
  REQUIRE(s3.previous);
  CHECK(s3.previous->revision == 1);
  reg.add(record(s3, "zoe", key, "AAAA-AAAA-AAA3"));
  CHECK(reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31)).revision == 3);

  // Another period, another prefix, another year: new serials.
  CHECK(reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2024, 1, 1), d(2024, 12, 31)).serial ==
        "CPD-2026-000003");
  CHECK(reg.next_serial("ACC", 2026) == "ACC-2026-000001");
  CHECK(reg.next_serial("CPD", 2027) == "CPD-2027-000001");
  // Planned but not yet added serials are skipped.
  CHECK(reg.slot_for("CPD", 2026, "zoe", "x", std::nullopt, std::nullopt,
                     {"CPD-2026-000003", "CPD-2026-000004"})
            .serial == "CPD-2026-000005");

  auto revs = reg.revisions("CPD-2026-000001");
  REQUIRE(revs.size() == 2);
  CHECK(revs[1].revision == 2);
  CHECK(revs[1].from == d(2025, 1, 1));
  CHECK(reg.find("CPD-2026-000002", 1)->person == "ann");
  CHECK_FALSE(reg.find("CPD-2026-000002", 2));
  CHECK(reg.find_by_code("AAAA-AAAA-AAA3")->revision == 2);
  CHECK_FALSE(reg.find_by_code("AAAA-AAAA-AAA9"));
  CHECK(reg.all().size() == 3);
}

TEST_CASE("serial and revision, and code, are unique") {
  TempDir t;
  Ledger l = ledger_at(t.file("l.sqlite"));
  CertificateRegister reg(l);
  auto key = reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 1, 1));
  auto s = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", std::nullopt, std::nullopt);
  reg.add(record(s, "zoe", key, "AAAA-AAAA-AAA1"));
  CHECK_THROWS(reg.add(record(s, "zoe", key, "AAAA-AAAA-AAA2")));
  auto r = record(s, "zoe", key, "AAAA-AAAA-AAA1");
  r.revision = 2;
  CHECK_THROWS(reg.add(r));
}

TEST_CASE("revoking a serial revokes every revision, a revoked subject gets a new serial") {
  TempDir t;
  Ledger l = ledger_at(t.file("l.sqlite"));
  CertificateRegister reg(l);
  auto key = reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 1, 1));
  auto s1 = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  reg.add(record(s1, "zoe", key, "AAAA-AAAA-AAA1"));
  auto s2 = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  reg.add(record(s2, "zoe", key, "AAAA-AAAA-AAA2"));

  reg.transaction([&] { reg.revoke("CPD-2026-000001", "hours wrong", d(2026, 2, 1)); });
  for (const auto& r : reg.revisions("CPD-2026-000001")) {
    REQUIRE(r.revoked_on);
    CHECK(*r.revoked_on == d(2026, 2, 1));
    CHECK(r.revoke_reason == "hours wrong");
  }
  CHECK(reg.find_by_code("AAAA-AAAA-AAA1")->revoked_on);
  CHECK_THROWS_AS(reg.revoke("CPD-2026-000001", "again", d(2026, 2, 2)), balint::core::UsageError);
  CHECK_THROWS_AS(reg.revoke("CPD-2026-000009", "no such", d(2026, 2, 2)),
                  balint::core::UsageError);

  auto s3 = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", d(2025, 1, 1), d(2025, 12, 31));
  CHECK(s3.serial == "CPD-2026-000002");
  CHECK(s3.revision == 1);
}

TEST_CASE("a transaction that throws leaves the register as it was") {
  TempDir t;
  Ledger l = ledger_at(t.file("l.sqlite"));
  CertificateRegister reg(l);
  auto key = reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 1, 1));
  auto s = reg.slot_for("CPD", 2026, "zoe", "cpd-uk", std::nullopt, std::nullopt);
  CHECK_THROWS(reg.transaction([&] {
    reg.add(record(s, "zoe", key, "AAAA-AAAA-AAA1"));
    throw std::runtime_error("file could not be renamed");
  }));
  CHECK(reg.all().empty());
}

TEST_CASE("issuer keys are kept, oldest first, each once") {
  TempDir t;
  Ledger l = ledger_at(t.file("l.sqlite"));
  CertificateRegister reg(l);
  CHECK(reg.issuer_keys().empty());
  auto a = reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 1, 1));
  auto b = reg.add_issuer_key("balint-ed25519:BBBB", d(2026, 2, 1));
  CHECK(reg.add_issuer_key("balint-ed25519:AAAA", d(2026, 3, 1)) == a);
  auto keys = reg.issuer_keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].id == a);
  CHECK(keys[1].id == b);
  CHECK(keys[1].public_key == "balint-ed25519:BBBB");
}

TEST_CASE("a version 1 ledger is migrated to the register schema") {
  TempDir t;
  std::string path = t.file("old.sqlite");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    balint::store::detail::create_schema_at(db, 1);  // as balint with schema 1 wrote it
    db.exec("INSERT INTO person (id, name) VALUES ('zoe', 'Zoe')");
  }
  Ledger l(path, Ledger::Mode::write);
  CHECK(l.schema_version() == balint::store::kSchemaVersion);
  CertificateRegister reg(l);
  CHECK(reg.all().empty());
  CHECK(reg.next_serial("CPD", 2026) == "CPD-2026-000001");
}
