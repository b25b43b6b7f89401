// The certificate register as the office searches it: standings, search in any script, order.
#include <doctest/doctest.h>

#include "../temp_dir.hpp"
#include <unistd.h>

#include <filesystem>
#include <string>

#include "balint/core/error.hpp"
#include "balint/service/register.hpp"
#include "balint/store/certificates.hpp"
#include "balint/store/ledger.hpp"

namespace fs = std::filesystem;
using balint::core::Date;
using namespace balint::service;
using balint::store::CertificateRecord;
using balint::store::CertificateRegister;
using balint::store::Ledger;

namespace {

using balint::testing::TempDir;

CertificateRecord issue(CertificateRegister& reg, std::int64_t key, const std::string& person,
                        const std::string& code, Date on) {
  auto slot = reg.slot_for("CPD", 2026, person, "cpd-uk", Date::from_ymd(2025, 1, 1),
                           Date::from_ymd(2025, 12, 31));
  CertificateRecord r;
  r.serial = slot.serial;
  r.revision = slot.revision;
  r.person = person;
  r.kind = "cpd";
  r.ruleset = "cpd-uk";
  r.edition = "e";
  r.from = Date::from_ymd(2025, 1, 1);
  r.to = Date::from_ymd(2025, 12, 31);
  r.figures = "{}";
  r.sha256 = "00";
  r.signature = "s";
  r.payload = "BLC1.x.y";
  r.code = code;
  r.issued = on;
  r.file = "/tmp/x.pdf";
  r.issuer_key = key;
  reg.add(r);
  return r;
}

std::vector<std::string> serials(const RegisterPage& p) {
  std::vector<std::string> out;
  for (const auto& r : p.rows)
    out.push_back(r.record.serial + "/" + std::to_string(r.record.revision) + ":" +
                  std::string(to_string(r.standing)));
  return out;
}

}  // namespace

TEST_CASE("standings, search in any script and case, newest first, the limit") {
  TempDir t;
  Ledger l((t.path / "l.sqlite").string(), Ledger::Mode::create);
  l.add_person({"zoe", "Ζωή Παπαδοπούλου", "", {}});
  l.add_person({"ann", "Ann Example", "", {}});
  l.add_person({"bob", "Bob Baker", "", {}});
  CertificateRegister reg(l);
  auto key = reg.add_issuer_key("balint-ed25519:AAAA", Date::from_ymd(2026, 1, 1));
  issue(reg, key, "zoe", "AAAA-AAAA-AAAA", Date::from_ymd(2026, 1, 10));  // CPD-2026-000001/1
  issue(reg, key, "ann", "BBBB-BBBB-BBBB", Date::from_ymd(2026, 1, 11));  // CPD-2026-000002/1
  issue(reg, key, "zoe", "CCCC-CCCC-CCCC", Date::from_ymd(2026, 2, 1));   // CPD-2026-000001/2
  issue(reg, key, "bob", "DDDD-DDDD-DDDD", Date::from_ymd(2026, 2, 2));   // CPD-2026-000003/1
  reg.revoke("CPD-2026-000003", "hours logged twice", Date::from_ymd(2026, 2, 3));

  auto all = certificate_register(l, {});
  CHECK(all.total == 4);
  CHECK(all.matched == 4);
  CHECK(serials(all) ==
        std::vector<std::string>{"CPD-2026-000003/1:revoked", "CPD-2026-000001/2:current",
                                 "CPD-2026-000002/1:current", "CPD-2026-000001/1:superseded"});
  CHECK(all.rows[0].name == "Bob Baker");
  CHECK(all.rows[0].record.revoke_reason == "hours logged twice");

  // The holder's name in Greek, searched in capitals without the accent's case mattering.
  CHECK(serials(certificate_register(l, {"ΖΩΉ", "", 200})) ==
        std::vector<std::string>{"CPD-2026-000001/2:current", "CPD-2026-000001/1:superseded"});
  CHECK(serials(certificate_register(l, {"example", "", 200})) ==
        std::vector<std::string>{"CPD-2026-000002/1:current"});
  CHECK(serials(certificate_register(l, {"cccc-cccc", "", 200})) ==
        std::vector<std::string>{"CPD-2026-000001/2:current"});
  CHECK(serials(certificate_register(l, {"000003", "", 200})) ==
        std::vector<std::string>{"CPD-2026-000003/1:revoked"});
  CHECK(serials(certificate_register(l, {"", "superseded", 200})) ==
        std::vector<std::string>{"CPD-2026-000001/1:superseded"});
  CHECK(serials(certificate_register(l, {"zoe", "revoked", 200})).empty());
  CHECK(certificate_register(l, {"nobody", "", 200}).matched == 0);

  auto two = certificate_register(l, {"", "", 2});
  CHECK(two.rows.size() == 2);
  CHECK(two.matched == 4);
  CHECK_THROWS_AS(certificate_register(l, {"", "lost", 200}), balint::core::UsageError);
}
