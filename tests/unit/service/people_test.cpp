// service::add_person, change_person, find_people, waive, accreditation_decision and
// record_accreditation.
#include <doctest/doctest.h>

#include "balint/core/error.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/service/errors.hpp"
#include "balint/service/people.hpp"
#include "temp_ledger.hpp"

using namespace balint;

namespace {

rules::Catalogue catalogue() { return rules::Catalogue::load({BALINT_SOURCE_DIR "/rules"}); }

}  // namespace

TEST_CASE("service::add_person and change_person: checked fields, taken ids, unknown people") {
  ServiceLedger t;
  service::add_person(t.ledger, {"bea", "Bea Brown", "bea@example.org", {{"region", "North"}}});
  CHECK(t.ledger.person("bea")->attrs.at("region") == "North");
  CHECK_THROWS_AS(service::add_person(t.ledger, {"bea", "Another", "", {}}), service::Conflict);
  CHECK_THROWS_AS(service::add_person(t.ledger, {"Not An Id", "X", "", {}}), core::UsageError);
  CHECK_THROWS_AS(service::add_person(t.ledger, {"cal", "", "", {}}), core::UsageError);
  CHECK_THROWS_AS(service::add_person(t.ledger, {"cal", "Cal \u202eevil", "", {}}),
                  core::UsageError);
  CHECK_FALSE(t.ledger.has_person("cal"));
  service::change_person(t.ledger,
                         {"bea", "Bea Black", std::nullopt, {{"region", ""}, {"grade", "2"}}});
  auto bea = *t.ledger.person("bea");
  CHECK(bea.name == "Bea Black");
  CHECK(bea.email == "bea@example.org");
  CHECK(bea.attrs.count("region") == 0);
  CHECK(bea.attrs.at("grade") == "2");
  CHECK_THROWS_AS(service::change_person(t.ledger, {"nobody", "N", std::nullopt, {}}),
                  service::NotFound);
  CHECK_THROWS_AS(service::change_person(t.ledger, {"bea", std::nullopt, std::nullopt, {}}),
                  core::UsageError);
}

TEST_CASE("service::find_people: id, name, e-mail or attribute, any case") {
  ServiceLedger t;
  service::add_person(t.ledger, {"bea", "Bea Brown", "bea@example.org", {{"region", "North"}}});
  CHECK(service::find_people(t.ledger, "").size() == 4);
  CHECK(service::find_people(t.ledger, "BROWN").size() == 1);
  CHECK(service::find_people(t.ledger, "north").front().id == "bea");
  CHECK(service::find_people(t.ledger, "example.org").size() == 1);
  CHECK(service::find_people(t.ledger, "helen").front().id == "helen");
  CHECK(service::find_people(t.ledger, "zzz").empty());
}

TEST_CASE("service::waive: a known requirement once, with a reason") {
  ServiceLedger t;
  const auto cat = catalogue();
  const auto& rs = cat.by_id("bbs-leader-2020");
  const std::string req = rs.requirements.front().id;
  domain::Waiver w{
      0, "zoe", rs.id, req, "prior learning", "helen", *core::Date::parse("2026-01-01")};
  CHECK(service::waive(t.ledger, cat, w) == rs.requirements.front().title);
  REQUIRE(t.ledger.waivers("zoe").size() == 1);
  CHECK_THROWS_AS(service::waive(t.ledger, cat, w), service::Conflict);
  w.requirement = "no-such-requirement";
  CHECK_THROWS_AS(service::waive(t.ledger, cat, w), core::UsageError);
  w.requirement = req;
  w.person = "nobody";
  CHECK_THROWS_AS(service::waive(t.ledger, cat, w), service::NotFound);
  CHECK(t.ledger.waivers("zoe").size() == 1);
}

TEST_CASE("service::accreditation_decision and record_accreditation: only when eligible, once") {
  ServiceLedger t;
  const auto cat = catalogue();
  const auto on = *core::Date::parse("2026-06-01");
  CHECK_THROWS_AS(service::accreditation_decision(t.ledger, cat, "zoe", "cpd-uk", on),
                  core::UsageError);
  CHECK_THROWS_AS(service::accreditation_decision(t.ledger, cat, "nobody", "bbs-leader-2023", on),
                  service::NotFound);
  auto d = service::accreditation_decision(t.ledger, cat, "zoe", "bbs-leader-2023", on);
  CHECK_FALSE(d.held);
  CHECK_FALSE(d.report.eligible);  // no entries at all
  CHECK_THROWS_AS(service::record_accreditation(t.ledger, d, "test"), service::Conflict);
  CHECK(t.ledger.accreditations().empty());
  // An eligible decision is recorded once; then the family is held.
  d.report.eligible = true;
  auto a = service::record_accreditation(t.ledger, d, "test");
  CHECK(a.family == d.rules->family);
  CHECK(a.note == "rule set bbs-leader-2023");
  CHECK_THROWS_AS(service::record_accreditation(t.ledger, d, "test"), service::Conflict);
  auto again = service::accreditation_decision(t.ledger, cat, "zoe", "bbs-leader-2023", on);
  REQUIRE(again.held);
  CHECK(again.held->on == on);
  CHECK(t.ledger.accreditations().size() == 1);
}
