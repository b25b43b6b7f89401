// The verdicts: valid, altered, revoked, unknown, with and without a register.
#include <doctest/doctest.h>

#include <string>

#include "balint/cert/verify.hpp"

using namespace balint;
using cert::Verdict;
using core::Date;

namespace {

cert::Payload sample_payload() {
  cert::Payload p;
  p.kind = "cpd";
  p.serial = "CPD-2026-000001";
  p.person = "ann";
  p.name = "Ann Example";
  p.ruleset = "cpd-uk";
  p.edition = "1 credit per hour";
  p.from = Date::from_ymd(2025, 1, 1);
  p.to = Date::from_ymd(2025, 12, 31);
  p.issued = Date::from_ymd(2026, 1, 10);
  p.figures = {{"hours", "3.00"}, {"credits", "2.50"}};
  return p;
}

struct Fixture {
  cert::KeyPair kp = cert::generate_key_pair();
  cert::Signed s = cert::sign_payload(sample_payload(), kp.secret_key);
  std::vector<cert::PublicKey> keys{kp.public_key};
  cert::Registered reg{s.token, "aa11", std::nullopt, "", 1, true};
  bool in_register = true;
  cert::RegisterLookup lookup = [this](const std::string& serial,
                                       int revision) -> std::optional<cert::Registered> {
    if (!in_register || serial != "CPD-2026-000001" || revision != 1) return std::nullopt;
    return reg;
  };
  cert::Finding with_register(const std::string& token, std::optional<std::string> sha = "aa11") {
    return cert::check_token(token, keys, "this ledger's issuer key", &lookup, sha);
  }
};

}  // namespace

TEST_CASE("describe names serial, person, rule set, period and figures") {
  CHECK(cert::describe(sample_payload()) ==
        "CPD-2026-000001 revision 1, Ann Example (ann), cpd-uk \"1 credit per hour\", "
        "2025-01-01 to 2025-12-31: 3.00 hours, 2.50 credits; issued 2026-01-10");
  auto p = sample_payload();
  p.kind = "accreditation";
  p.from.reset();
  p.to.reset();
  p.figures = {{"family", "bbs-leader"}, {"status", "accredited"}, {"accredited_on", "2015-06-01"}};
  CHECK(cert::describe(p).find(": accredited in bbs-leader since 2015-06-01;") !=
        std::string::npos);
}

TEST_CASE("signature only: valid, or altered") {
  Fixture f;
  auto ok = cert::check_token(f.s.token, f.keys, "the key in k", nullptr, std::nullopt);
  CHECK(ok.verdict == Verdict::valid);
  CHECK(ok.offline);
  CHECK(cert::headline(ok) == "signature valid; revocation not checked offline");
  CHECK(cert::headline(cert::Finding{Verdict::altered, "x", false}) == "altered");

  auto other = cert::generate_key_pair();
  auto bad =
      cert::check_token(f.s.token, {other.public_key}, "the key in k", nullptr, std::nullopt);
  CHECK(bad.verdict == Verdict::altered);
  CHECK(bad.text.find("the key in k") != std::string::npos);

  CHECK(cert::check_token("BLC1.garbage.x", f.keys, "k", nullptr, std::nullopt).verdict ==
        Verdict::altered);
}

TEST_CASE("with the register: valid, unknown, revoked, altered") {
  Fixture f;
  CHECK(f.with_register(f.s.token).verdict == Verdict::valid);

  f.in_register = false;
  CHECK(f.with_register(f.s.token).verdict == Verdict::unknown);
  f.in_register = true;

  f.reg.revoked_on = Date::from_ymd(2026, 2, 1);
  f.reg.revoke_reason = "entered twice";
  auto r = f.with_register(f.s.token);
  CHECK(r.verdict == Verdict::revoked);
  CHECK(r.text.find("revoked on 2026-02-01: entered twice") != std::string::npos);
  f.reg.revoked_on.reset();

  // The file is not the one issued.
  CHECK(f.with_register(f.s.token, "bb22").verdict == Verdict::altered);
  // No file (a code or a token given directly): the hash is not checked.
  CHECK(f.with_register(f.s.token, std::nullopt).verdict == Verdict::valid);
  // Signed by us but not the token the register holds.
  f.reg.token = "BLC1.other";
  CHECK(f.with_register(f.s.token).verdict == Verdict::altered);
}

TEST_CASE("a later revision is mentioned") {
  Fixture f;
  f.reg.latest_revision = 3;
  CHECK(f.with_register(f.s.token).text.find("(revision 3 is the latest)") != std::string::npos);
  CHECK(f.with_register(f.s.token).verdict == Verdict::valid);
  // Issue 14 finding 9: re-issued with other figures, the older revision no longer stands.
  f.reg.latest_same_figures = false;
  auto r = f.with_register(f.s.token);
  CHECK(r.verdict == Verdict::superseded);
  CHECK(r.text.find("revision 3 of this serial was issued with other figures") !=
        std::string::npos);
  CHECK(r.claims.find("3.00 hours") != std::string::npos);
}

TEST_CASE("an unproven payload's fields are claims, apart from the reason") {
  Fixture f;
  cert::Payload forged = sample_payload();
  forged.serial = "\x1b[2J\x1b[Hvalid: CPD-2026-000001";
  forged.name = "Zoe\nvalid: CPD-2026-000002";
  auto other = cert::generate_key_pair();
  auto r = f.with_register(cert::sign_payload(forged, other.secret_key).token);
  CHECK(r.verdict == Verdict::altered);
  CHECK(r.text.find("valid:") == std::string::npos);
  CHECK(r.claims.find("Zoe\nvalid: CPD-2026-000002") != std::string::npos);
}

TEST_CASE("verdict words") {
  CHECK(cert::to_string(Verdict::valid) == "valid");
  CHECK(cert::to_string(Verdict::altered) == "altered");
  CHECK(cert::to_string(Verdict::revoked) == "revoked");
  CHECK(cert::to_string(Verdict::unknown) == "unknown");
  CHECK(cert::to_string(Verdict::superseded) == "superseded");
}
