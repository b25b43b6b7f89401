// The progress view model: units, near misses grouped and filtered, what is still needed, entries
// behind each requirement, nesting, the verdict's unmet list, grandfathering.
#include <doctest/doctest.h>

#include <string>

#include "../dates.hpp"
#include "balint/report/progress.hpp"
#include "../rule_text.hpp"

using namespace balint;
using core::Centi;
using core::Date;
using domain::Activity;
using domain::Role;

namespace {

using test::rule_set;

using balint::testing::d;

struct History {
  domain::PersonHistory h;
  std::int64_t next_id = 1;
  History() { h.person = {"ann", "Ann Example", "", {}}; }
  domain::Entry& add(Date date, Activity a = Activity::group, Role r = Role::member) {
    domain::Entry e;
    e.id = next_id++;
    e.date = date;
    e.person = "ann";
    e.activity = a;
    e.role = r;
    e.minutes = 90;
    e.group = "Thursday";
    h.entries.push_back(e);
    return h.entries.back();
  }
};

report::ProgressReport build(const rules::RuleSet& rs, const History& h, Date as_of,
                             const domain::AccreditationIndex& acc = {}) {
  return report::build_progress(eval::evaluate(rs, h.h, acc, as_of), h.h, std::nullopt);
}

const std::string kSupervision = R"(
[[requirement]]
id = "supervision"
title = "Supervision by an accredited leader"
measure = "sessions"
where = { activity = "supervision", role = "supervisee", supervisor_accredited = true }
at_least = 2

[[requirement]]
id = "peer"
title = "Peer group"
essential = false
measure = "hours"
where = { activity = "peer-supervision" }
at_least = 3
)";

}  // namespace

TEST_CASE("unit_of reads measure spellings") {
  std::string field;
  CHECK(report::unit_of("sessions", &field) == report::Unit::sessions);
  CHECK(report::unit_of("hours", &field) == report::Unit::hours);
  CHECK(report::unit_of("credits", &field) == report::Unit::credits);
  CHECK(report::unit_of("", &field) == report::Unit::none);
  CHECK(report::unit_of("distinct:co_leader", &field) == report::Unit::distinct);
  CHECK(field == "co_leader");
  CHECK(report::is_count(report::Unit::distinct));
  CHECK_FALSE(report::is_count(report::Unit::hours));
}

TEST_CASE("general_reason drops only an entry's own trailing date") {
  CHECK(report::general_reason("supervisor 'bo' not accredited on 2024-04-05") ==
        "supervisor 'bo' not accredited on that date");
  CHECK(report::general_reason("voided: typed twice") == "voided: typed twice");
  CHECK(report::general_reason("held on 2024-13-05") == "held on 2024-13-05");
  CHECK(report::is_kind_mismatch("role is member, not leader or co-leader"));
  CHECK(report::is_kind_mismatch("activity is group, not supervision"));
  CHECK_FALSE(report::is_kind_mismatch("no event given"));
}

TEST_CASE("near misses: grouped by reason, activity and role mismatches left out") {
  History h;
  h.add(d(2024, 4, 5), Activity::supervision, Role::supervisee).supervisor = "bo";
  h.add(d(2024, 5, 5), Activity::supervision, Role::supervisee).supervisor = "bo";
  h.add(d(2024, 6, 5), Activity::supervision, Role::supervisor).supervisor = "cy";  // role
  h.add(d(2024, 7, 5), Activity::supervision, Role::supervisee).supervisor = "cy";  // counts
  domain::AccreditationIndex acc({{"cy", "fam", d(2020, 1, 1), ""}});
  auto r = build(rule_set(kSupervision), h, d(2025, 1, 1), acc);
  const auto& sup = r.requirements.at(0);
  CHECK(sup.unit == report::Unit::sessions);
  REQUIRE(sup.counted.size() == 1);
  CHECK(sup.counted[0].id == 4);
  CHECK(sup.counted[0].group == "Thursday");
  REQUIRE(sup.notable_misses.size() == 2);
  REQUIRE(sup.miss_groups.size() == 1);
  CHECK(sup.miss_groups[0].count == 2);
  CHECK(sup.miss_groups[0].reason == "supervisor 'bo' not accredited on that date");
  CHECK(sup.result.near_misses.size() == 3);  // the evaluation keeps all of them
}

TEST_CASE("still needed, pace and the unmet list, desirable items do not decide") {
  History h;
  h.add(d(2024, 9, 1), Activity::supervision, Role::supervisee).supervisor = "cy";
  h.add(d(2024, 9, 2), Activity::peer_supervision, Role::member);
  domain::AccreditationIndex acc({{"cy", "fam", d(2020, 1, 1), ""}});
  auto r = build(rule_set(kSupervision), h, d(2025, 1, 1), acc);
  CHECK_FALSE(r.eligible);
  REQUIRE(r.unmet.size() == 1);
  CHECK(r.unmet[0].id == "supervision");
  const auto& sup = r.requirements.at(0);
  CHECK(sup.has_pace);
  REQUIRE(sup.still_needed);
  CHECK(*sup.still_needed == Centi::whole(1));
  const auto& peer = r.requirements.at(1);
  CHECK(peer.unit == report::Unit::hours);
  CHECK(*peer.still_needed == Centi{150});
  CHECK_FALSE(peer.result.essential);
  auto none = build(rule_set(kSupervision), History{}, d(2025, 1, 1), acc);
  CHECK_FALSE(none.requirements[0].has_pace);  // nothing yet: no pace to speak of
}

TEST_CASE("a `per` shortfall in a past period is not 'still needed'") {
  auto rs = rule_set(R"(
[[requirement]]
id = "yearly"
title = "4 a year"
measure = "sessions"
per = "year"
at_least = 4
)");
  History h;
  h.add(d(2023, 3, 1));
  auto past = build(rs, h, d(2024, 6, 1));  // 2023 complete and short
  CHECK(past.requirements[0].result.periods.size() == 2);
  CHECK_FALSE(past.requirements[0].still_needed);
  CHECK_FALSE(past.requirements[0].has_pace);
  auto current = build(rs, h, d(2023, 6, 1));  // only the current year so far
  REQUIRE(current.requirements[0].still_needed);
  CHECK(*current.requirements[0].still_needed == Centi::whole(3));
}

TEST_CASE("parts are nested with their depth, met requirements need nothing") {
  auto rs = rule_set(R"(
[[requirement]]
id = "either"
title = "Either"
any_of = ["a", "b"]

[[requirement]]
id = "a"
title = "A"
measure = "sessions"
at_least = 1

[[requirement]]
id = "b"
title = "B"
measure = "sessions"
at_least = 5
)");
  History h;
  h.add(d(2024, 1, 1));
  auto r = build(rs, h, d(2025, 1, 1));
  CHECK(r.eligible);
  CHECK(r.unmet.empty());
  REQUIRE(r.requirements.size() == 1);
  const auto& either = r.requirements[0];
  CHECK(either.result.children.empty());  // moved into the view's children
  REQUIRE(either.children.size() == 2);
  CHECK(either.children[0].depth == 1);
  CHECK_FALSE(either.children[0].still_needed);
  // "a" meets the any_of: "b" (1 of 5) is not met, and no longer needed either (issue 15: it
  // was shown as "still needed: 4 sessions").
  CHECK(either.children[1].result.status == eval::Status::not_met);
  CHECK(either.children[1].not_needed);
  CHECK_FALSE(either.children[1].still_needed);
  CHECK_FALSE(either.children[1].has_pace);
  CHECK_FALSE(either.children[0].not_needed);
  // Before the entry nothing meets it: then both are needed, and "b" still needs 5.
  r = build(rs, h, d(2023, 1, 1));
  CHECK_FALSE(r.requirements[0].children[1].not_needed);
  CHECK(*r.requirements[0].children[1].still_needed == Centi::whole(5));
}

TEST_CASE("not needed reaches every part under an alternative that is not needed") {
  auto rs = rule_set(R"(
[[requirement]]
id = "either"
title = "Either"
any_of = ["a", "both"]

[[requirement]]
id = "a"
title = "A"
measure = "sessions"
at_least = 1

[[requirement]]
id = "both"
title = "Both"
all_of = ["b", "c"]

[[requirement]]
id = "b"
title = "B"
measure = "sessions"
at_least = 5

[[requirement]]
id = "c"
title = "C"
measure = "sessions"
at_least = 1
)");
  History h;
  h.add(d(2024, 1, 1));
  auto r = build(rs, h, d(2025, 1, 1));
  const auto& both = r.requirements[0].children[1];
  CHECK(both.not_needed);
  CHECK(both.children[0].not_needed);        // b: 1 of 5, not needed
  CHECK_FALSE(both.children[1].not_needed);  // c: met, shown as met
  CHECK(both.children[1].result.status == eval::Status::met);
}

TEST_CASE("the parts of a requirement that does not apply are not needed") {
  auto rs = rule_set(R"(
[[requirement]]
id = "analytic"
title = "With analytic training"
when = { attribute = "analytic", equals = "yes" }
all_of = ["eight"]

[[requirement]]
id = "eight"
title = "8 sessions"
measure = "sessions"
at_least = 8
)");
  History h;
  h.add(d(2024, 1, 1));
  auto r = build(rs, h, d(2025, 1, 1));
  CHECK(r.requirements[0].result.status == eval::Status::not_applicable);
  CHECK(r.requirements[0].children[0].not_needed);
  CHECK_FALSE(r.requirements[0].children[0].still_needed);
  // It applies: then the part is needed, 7 more.
  h.h.person.attrs["analytic"] = "yes";
  r = build(rs, h, d(2025, 1, 1));
  CHECK_FALSE(r.requirements[0].children[0].not_needed);
  CHECK(*r.requirements[0].children[0].still_needed == Centi::whole(7));
}

TEST_CASE("anchor words and English titles") {
  eval::RequirementResult r;
  CHECK(report::anchor_words(r).empty());
  r.after = "document:psychotherapy-qualification";
  r.after_on = d(2016, 4, 1);
  CHECK(report::anchor_words(r) == "from the psychotherapy-qualification document (2016-04-01)");
  r.before = "enrolment";
  CHECK(report::anchor_words(r) ==
        "from the psychotherapy-qualification document (2016-04-01), before enrolment "
        "(not recorded)");
  r = {};
  r.after = "accreditation:bbs-leader";
  CHECK(report::anchor_words(r) == "from accreditation in bbs-leader (not recorded)");
  CHECK(report::title_with_english("Mitgliedschaft", "Membership") ==
        "Mitgliedschaft — Membership");
  CHECK(report::title_with_english("Membership", "") == "Membership");
}

TEST_CASE("make_pathway: grandfathered when another edition is in force") {
  auto p = report::make_pathway("bbs-leader", d(2023, 1, 10), "bbs-leader-2020", "bbs-leader-2023");
  CHECK(p.grandfathered);
  CHECK(p.in_force == "bbs-leader-2023");
  CHECK_FALSE(report::make_pathway("bbs-leader", std::nullopt, "x", "x").grandfathered);
}
