// Who is audited, which edition each person gets, and the evaluation date of a period.
#include <doctest/doctest.h>

#include "../dates.hpp"
#include "balint/audit/audit.hpp"
#include "balint/core/error.hpp"

using namespace balint;
using core::Date;

namespace {

using balint::testing::d;

const rules::Catalogue& catalogue() {
  static const auto c = rules::Catalogue::load({std::string(BALINT_SOURCE_DIR) + "/rules"});
  return c;
}

domain::PersonHistory person(const std::string& id, std::optional<Date> enrolled, int entries = 0) {
  domain::PersonHistory h;
  h.person.id = id;
  if (enrolled) h.enrolments.push_back({id, "bbs-leader", *enrolled});
  for (int i = 0; i < entries; ++i) {
    domain::Entry e;
    e.id = i + 1;
    e.person = id;
    e.date = d(2024, 1, 1).add_days(i);
    e.minutes = 90;
    e.verified_by.assign(1, 'x');  // not = "x": GCC 12 -Wrestrict false positive at -O2
    h.entries.push_back(e);
  }
  return h;
}

audit::AuditOptions pathway(Date as_of) { return {"bbs-leader", "", {}, as_of, false}; }

}  // namespace

TEST_CASE("the evaluation date is the period's end, never after --as-of") {
  const Date today = d(2026, 11, 25);
  CHECK(audit::evaluation_date({}, today) == today);
  CHECK(audit::evaluation_date({d(2025, 1, 1), d(2025, 12, 31)}, today) == d(2025, 12, 31));
  CHECK(audit::evaluation_date({d(2026, 1, 1), d(2026, 12, 31)}, today) == today);
  CHECK(audit::evaluation_date({d(2025, 1, 1), std::nullopt}, today) == today);
}

TEST_CASE("with --pathway each person gets their edition: grandfathered by enrolment date") {
  domain::AccreditationIndex none;
  audit::Auditor a(catalogue(), pathway(d(2026, 1, 1)), none);
  CHECK(a.in_force().id == "bbs-leader-2023");
  auto old = a.audit(person("old", d(2022, 5, 1)));
  CHECK(old.rules->id == "bbs-leader-2020");
  CHECK(old.grandfathered);
  REQUIRE(old.evaluation);
  CHECK(old.evaluation->ruleset_id == "bbs-leader-2020");
  auto fresh = a.audit(person("new", d(2024, 5, 1)));
  CHECK(fresh.rules->id == "bbs-leader-2023");
  CHECK_FALSE(fresh.grandfathered);
  CHECK(fresh.enrolled_on == d(2024, 5, 1));
}

TEST_CASE("who is audited: the enrolled with --pathway, also everyone with entries with --rules") {
  domain::AccreditationIndex none;
  audit::Auditor by_pathway(catalogue(), pathway(d(2026, 1, 1)), none);
  CHECK(by_pathway.in_scope(person("a", d(2024, 1, 1))));
  CHECK_FALSE(by_pathway.in_scope(person("b", std::nullopt, 3)));
  audit::Auditor by_rules(catalogue(), {"", "bbs-leader-2020", {}, d(2026, 1, 1), false}, none);
  CHECK(by_rules.family() == "bbs-leader");
  CHECK(by_rules.in_scope(person("a", d(2024, 1, 1))));
  CHECK(by_rules.in_scope(person("b", std::nullopt, 3)));
  CHECK_FALSE(by_rules.in_scope(person("c", std::nullopt, 0)));
  // A forced rule set applies to everyone, even to those enrolled under another edition.
  auto a = by_rules.audit(person("a", d(2024, 1, 1)));
  CHECK(a.rules->id == "bbs-leader-2020");
  CHECK_FALSE(a.grandfathered);
}

TEST_CASE("--anomalies-only skips the evaluation, not the checks") {
  domain::AccreditationIndex none;
  auto o = pathway(d(2026, 1, 1));
  o.anomalies_only = true;
  audit::Auditor a(catalogue(), o, none);
  auto h = person("a", d(2024, 1, 1), 2);
  h.entries[1].date = d(2027, 1, 1);
  auto r = a.audit(h);
  CHECK_FALSE(r.evaluation);
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0].kind == audit::AnomalyKind::future_entry);
}

TEST_CASE("unknown pathways and rule sets are usage errors") {
  domain::AccreditationIndex none;
  CHECK_THROWS_AS(audit::Auditor(catalogue(), {"no-such", "", {}, d(2026, 1, 1), false}, none),
                  core::UsageError);
  CHECK_THROWS_AS(audit::Auditor(catalogue(), {"", "no-such", {}, d(2026, 1, 1), false}, none),
                  core::UsageError);
  CHECK_THROWS_AS(audit::Auditor(catalogue(), {"", "", {}, d(2026, 1, 1), false}, none),
                  core::UsageError);
}

TEST_CASE("people enrolled after the evaluation date are not yet on the pathway") {
  domain::AccreditationIndex none;
  audit::Auditor a(catalogue(), pathway(d(2024, 6, 30)), none);
  CHECK(a.in_scope(person("a", d(2024, 6, 30))));
  CHECK_FALSE(a.in_scope(person("b", d(2024, 7, 1))));
}
