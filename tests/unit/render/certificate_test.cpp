// render::certificate_fields: the words of a certificate's placeholders.
#include <doctest/doctest.h>

#include "balint/render/certificate.hpp"

using namespace balint;

namespace {

report::Certificate cpd() {
  report::Certificate c;
  c.kind = "cpd";
  c.person_id = "zoe";
  c.name = "Zoe";
  c.registration = "GMC 1234567";
  c.registration_label = "Registration";
  c.ruleset = "cpd-uk";
  c.issued = *core::Date::parse("2025-12-31");
  c.from = core::Date::parse("2025-01-01");
  c.to = core::Date::parse("2025-12-31");
  c.sessions = 3;
  c.minutes = 150;
  c.credits = core::Centi{250};
  eval::ActivityCredits a;
  a.activity = domain::Activity::group;
  a.sessions = 3;
  a.minutes = 150;
  a.credits = core::Centi{250};
  c.activities = {a};
  return c;
}

}  // namespace

TEST_CASE("render::certificate_fields: every placeholder, the other kind's empty") {
  auto c = cpd();
  const auto f = render::certificate_fields(c);
  CHECK(f.size() == render::certificate_field_names().size());
  CHECK(f.at("registration") == "Registration: GMC 1234567");
  CHECK(f.at("period") == "2025-01-01 to 2025-12-31");
  CHECK(f.at("hours") == "2.50");
  CHECK(f.at("activities") == "Balint group sessions: 3 sessions, 2.50 hours, 2.50 credits");
  CHECK(f.at("caps") == "");  // no cap in the rule set
  CHECK(f.at("status") == "");
  CHECK(f.at("serial") == "");  // not planned yet
  CHECK(f.at("verify") == "");
  c.has_caps = true;
  CHECK(render::certificate_fields(c).at("caps") == "No cap reduced these credits.");
  eval::CapSummary cap;
  cap.cap = "day";
  cap.limit = core::Centi{600};
  cap.removed = core::Centi{150};
  cap.periods = {"2025-03-14"};
  c.caps = {cap};
  CHECK(render::certificate_fields(c).at("caps") ==
        "The cap of 6 credits a day removed 1.50 credits on 2025-03-14.");
}

TEST_CASE("render::certificate_fields: serial, duplicate and verification once planned") {
  auto c = cpd();
  c.serial = "CPD-2025-0007";
  c.revision = 2;
  c.code = "ABCD-EFGH";
  const auto f = render::certificate_fields(c);
  CHECK(f.at("revision") == "2");
  CHECK(f.at("duplicate") == "duplicate — revision 2 of CPD-2025-0007");
  CHECK(f.at("verify") == "balint verify ABCD-EFGH");
  c.registration_label.clear();
  CHECK(render::certificate_fields(c).at("registration") == "GMC 1234567");
}

TEST_CASE("render::certificate_fields: an accreditation certificate's standing") {
  report::Certificate c;
  c.kind = "accreditation";
  c.family = "bbs-leader";
  c.issued = *core::Date::parse("2025-12-31");
  auto f = render::certificate_fields(c);
  CHECK(f.at("status") == "Meets every essential requirement on 2025-12-31");
  CHECK(f.at("family") == "bbs-leader");
  CHECK(f.at("sessions") == "");
  CHECK(f.at("period") == "");
  c.accredited_since = core::Date::parse("2024-05-01");
  CHECK(render::certificate_fields(c).at("status") == "Accredited since 2024-05-01");
}
