// Measures at their edges: thresholds, windows, accreditation dates, voided entries, shares,
// hours in minutes, distinct values, projections.
#include <doctest/doctest.h>

#include <string>

#include "../dates.hpp"
#include "balint/eval/evaluation.hpp"
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
  domain::Entry& add(Date date, Activity a = Activity::group, Role r = Role::member,
                     int minutes = 90) {
    domain::Entry e;
    e.id = next_id++;
    e.date = date;
    e.person = "ann";
    e.activity = a;
    e.role = r;
    e.minutes = minutes;
    h.entries.push_back(e);
    return h.entries.back();
  }
};

const eval::RequirementResult& only(const eval::Evaluation& ev) {
  REQUIRE(ev.requirements.size() == 1);
  return ev.requirements[0];
}

const std::string kSessions = R"(
[[requirement]]
id = "member"
title = "Member sessions"
measure = "sessions"
where = { activity = "group", role = "member" }
at_least = 3
)";

}  // namespace

TEST_CASE("sessions exactly at the threshold are met, one fewer leaves 1 remaining") {
  auto rs = rule_set(kSessions);
  History h;
  h.add(d(2025, 1, 1));
  h.add(d(2025, 2, 1));
  auto ev = eval::evaluate(rs, h.h, {}, d(2026, 1, 1));
  CHECK(only(ev).status == eval::Status::not_met);
  CHECK(only(ev).value == Centi::whole(2));
  CHECK(only(ev).remaining == Centi::whole(1));
  CHECK_FALSE(ev.eligible);
  h.add(d(2025, 3, 1));
  ev = eval::evaluate(rs, h.h, {}, d(2026, 1, 1));
  CHECK(only(ev).status == eval::Status::met);
  CHECK(only(ev).remaining == Centi{});
  CHECK(only(ev).entries == std::vector<std::int64_t>{1, 2, 3});
  CHECK(ev.eligible);
}

TEST_CASE("within keeps as_of - span < date <= as_of, and says why the others missed") {
  auto rs = rule_set(R"(
[[requirement]]
id = "recent"
title = "Recent"
measure = "sessions"
within = "5y"
at_least = 1
)");
  History h;
  h.add(d(2021, 11, 23));  // exactly as_of - 5y: outside
  h.add(d(2021, 11, 24));  // one day inside
  h.add(d(2026, 11, 24));  // after the evaluation date
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 11, 23)));
  CHECK(r.entries == std::vector<std::int64_t>{2});
  REQUIRE(r.near_misses.size() == 2);
  CHECK(r.near_misses[0].entry == 1);
  CHECK(r.near_misses[0].reason == "outside the 5y window (on or before 2021-11-23)");
  CHECK(r.near_misses[1].entry == 3);
  CHECK(r.near_misses[1].reason == "after the evaluation date 2026-11-23");
  CHECK(r.within == "5y");
}

TEST_CASE("an accreditation granted the day after a session does not count, on the day it does") {
  auto rs = rule_set(R"(
[[requirement]]
id = "accredited-leader"
title = "Groups led by an accredited leader"
measure = "sessions"
where = { activity = "group", role = "member", leader_accredited = true }
at_least = 1
)");
  History h;
  h.add(d(2024, 3, 1)).leader = "bo";
  domain::AccreditationIndex late({{"bo", "fam", d(2024, 3, 2), ""}});
  auto r = only(eval::evaluate(rs, h.h, late, d(2025, 1, 1)));
  CHECK(r.status == eval::Status::not_met);
  REQUIRE(r.near_misses.size() == 1);
  CHECK(r.near_misses[0].reason == "leader 'bo' not accredited on 2024-03-01");
  domain::AccreditationIndex same_day({{"bo", "fam", d(2024, 3, 1), ""}});
  CHECK(only(eval::evaluate(rs, h.h, same_day, d(2025, 1, 1))).status == eval::Status::met);
  // Another family's accreditation does not count.
  domain::AccreditationIndex other({{"bo", "abs-leader", d(2020, 1, 1), ""}});
  CHECK(only(eval::evaluate(rs, h.h, other, d(2025, 1, 1))).status == eval::Status::not_met);
}

TEST_CASE("voided entries never count, and say so when it is their only fault") {
  auto rs = rule_set(kSessions);
  History h;
  auto& e = h.add(d(2025, 1, 1));
  e.voided = true;
  e.void_reason = "duplicate";
  auto& both = h.add(d(2025, 1, 2), Activity::group, Role::leader);
  both.voided = true;  // voided and the wrong role: two faults, not a near miss
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.entries.empty());
  REQUIRE(r.near_misses.size() == 1);
  CHECK(r.near_misses[0].entry == 1);
  CHECK(r.near_misses[0].reason == "voided: duplicate");
}

TEST_CASE("one failed field test is a near miss with its reason") {
  auto rs = rule_set(kSessions);
  History h;
  h.add(d(2025, 1, 1), Activity::group, Role::co_leader);
  h.add(d(2025, 1, 2), Activity::leadership_training, Role::member);
  h.add(d(2025, 1, 3), Activity::supervision, Role::supervisee);  // two faults
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  REQUIRE(r.near_misses.size() == 2);
  CHECK(r.near_misses[0].reason == "role is co-leader, not member");
  CHECK(r.near_misses[1].reason == "activity is leadership-training, not group");
}

TEST_CASE("hours are compared in exact minutes") {
  auto rs = rule_set(R"(
[[requirement]]
id = "hours"
title = "Twenty hours"
measure = "hours"
at_least = 20
)");
  History h;
  for (int i = 0; i < 13; ++i) h.add(d(2025, 1, 1 + i), Activity::group, Role::member, 90);
  h.add(d(2025, 2, 1), Activity::group, Role::member, 29);
  // 13 × 90 + 29 = 1199 minutes = 19.98 hours; 1 minute (0.02 h) short.
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.value == Centi{1998});
  CHECK(r.remaining == Centi{2});
  h.h.entries.back().minutes = 30;  // 1200 minutes
  r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.status == eval::Status::met);
  CHECK(r.value == Centi::whole(20));
}

TEST_CASE("numeric ranges, tags, where_not, cases and days") {
  auto rs = rule_set(R"(
[[requirement]]
id = "weekends"
title = "Two-day events, not online, not tagged practice"
measure = "days"
where = { activity = "leadership-training", days = { at_least = 2, at_most = 4 } }
where_not = { format = "online", tag = "practice" }
at_least = 4

[[requirement]]
id = "cases"
title = "Cases led"
measure = "cases"
where = { role = "leader", minutes = { at_least = 60 } }
at_least = 5
)");
  History h;
  h.add(d(2025, 1, 1), Activity::leadership_training, Role::participant).days = 2;
  h.add(d(2025, 2, 1), Activity::leadership_training, Role::participant);  // days absent: 1
  auto& online = h.add(d(2025, 3, 1), Activity::leadership_training, Role::participant);
  online.days = 2;
  online.format = domain::Format::online;
  auto& tagged = h.add(d(2025, 4, 1), Activity::leadership_training, Role::participant);
  tagged.days = 3;
  tagged.tags = {"x", "practice"};
  h.add(d(2025, 5, 1), Activity::group, Role::leader, 90).cases = 3;
  h.add(d(2025, 5, 2), Activity::group, Role::leader, 45).cases = 2;  // too short
  h.add(d(2025, 5, 3), Activity::group, Role::leader, 90);            // no cases given
  auto ev = eval::evaluate(rs, h.h, {}, d(2026, 1, 1));
  const auto& days = ev.requirements[0];
  CHECK(days.value == Centi::whole(2));
  CHECK(days.entries == std::vector<std::int64_t>{1});
  REQUIRE(days.near_misses.size() == 3);
  CHECK(days.near_misses[0].reason == "days 1, not from 2 to 4");
  CHECK(days.near_misses[1].reason == "format is online (excluded)");
  CHECK(days.near_misses[2].reason == "tagged practice (excluded)");
  const auto& cases = ev.requirements[1];
  CHECK(cases.value == Centi::whole(3));
  CHECK(cases.remaining == Centi::whole(2));
  REQUIRE(cases.near_misses.size() == 2);
  CHECK(cases.near_misses[0].reason == "minutes 45, not at least 60");
  CHECK(cases.near_misses[1].reason == "no cases given");
}

TEST_CASE("share_of: a fraction compared exactly, a zero denominator is 0 and not met") {
  auto rs = rule_set(R"(
[[requirement]]
id = "in-person"
title = "Half in person"
measure = "sessions"
where = { role = "leader", format = "in-person" }
share_of = { role = "leader" }
at_least = 0.5
)");
  History h;
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.share);
  CHECK(r.value == Centi{});
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.remaining == Centi{50});
  CHECK_FALSE(r.projected);
  h.add(d(2025, 1, 1), Activity::group, Role::leader);
  h.add(d(2025, 1, 2), Activity::group, Role::leader).format = domain::Format::online;
  r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));  // 1 / 2 = 0.50 exactly
  CHECK(r.value == Centi{50});
  CHECK(r.status == eval::Status::met);
  h.add(d(2025, 1, 3), Activity::group, Role::leader).format = domain::Format::online;
  r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));  // 1 / 3 = 0.33
  CHECK(r.value == Centi{33});
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.remaining == Centi{17});
  // 20 in person of 41 (issue 15: shown as "48%" before): 0.4878… rounds half up to 0.49, the
  // exact fraction is kept; 1 hundredth short of 0.50.
  History g;
  for (int i = 0; i < 41; ++i)
    g.add(d(2025, 1, 1).add_days(i), Activity::group, Role::leader).format =
        i < 20 ? domain::Format::in_person : domain::Format::online;
  r = only(eval::evaluate(rs, g.h, {}, d(2026, 1, 1)));
  CHECK(r.value == Centi{49});
  REQUIRE(r.fraction);
  CHECK(r.fraction->num == 20);
  CHECK(r.fraction->den == 41);
  CHECK(r.remaining == Centi{1});
  // 199 of 400 = 0.4975 would round to 0.50, the threshold it fails: shown as 0.49 instead.
  History h400;
  for (int i = 0; i < 400; ++i)
    h400.add(d(2024, 1, 1).add_days(i), Activity::group, Role::leader).format =
        i < 199 ? domain::Format::in_person : domain::Format::online;
  r = only(eval::evaluate(rs, h400.h, {}, d(2026, 1, 1)));
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.value == Centi{49});
  CHECK(r.remaining == Centi{1});
}

TEST_CASE("units: floor(minutes / unit_minutes) per entry, a shorter entry is a near miss") {
  auto rs = rule_set(R"(
[[requirement]]
id = "doubles"
title = "Double sessions"
measure = "units"
unit_minutes = 90
where = { role = "member" }
at_least = 5
)");
  History h;
  for (int minutes : {90, 135, 180, 270, 60})
    h.add(d(2025, 1, 1), Activity::group, Role::member, minutes);
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  // 1 + 1 + 2 + 3 + 0 = 7 units; the 60-minute session counts none and is named.
  CHECK(r.value == Centi::whole(7));
  CHECK(r.measure == "units");
  CHECK(r.unit_minutes == 90);
  CHECK(r.entries.size() == 4);
  REQUIRE(r.near_misses.size() == 1);
  CHECK(r.near_misses[0].reason == "60 min, less than one unit of 90 min");
}

TEST_CASE("before/after: entries strictly before, or on and after, the person's record") {
  auto rs = rule_set(R"(
[[requirement]]
id = "between"
title = "After accreditation in other, before the report"
measure = "sessions"
where = { role = "member" }
after = "accreditation:other"
before = "document:report"
at_least = 2
)");
  History h;
  for (int day = 1; day <= 5; ++day) h.add(d(2025, 3, day));
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.detail == "not accredited in other");
  // Accredited on 03-02 (it counts from that day), the report of 03-04 (that day no longer).
  h.h.accreditations.push_back({"ann", "other", d(2025, 3, 2), ""});
  r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.detail == "no report document recorded");
  h.h.documents.push_back({1, "ann", "report", d(2025, 3, 4), "", "", ""});
  r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.status == eval::Status::met);
  CHECK(r.entries == std::vector<std::int64_t>{2, 3});
  CHECK(r.after_on == d(2025, 3, 2));
  CHECK(r.before_on == d(2025, 3, 4));
  REQUIRE(r.near_misses.size() == 3);
  CHECK(r.near_misses[0].reason == "before the accreditation in other (2025-03-02)");
  CHECK(r.near_misses[2].reason == "on or after the report document (2025-03-04)");
  // A record dated after the evaluation date is not there yet.
  r = only(eval::evaluate(rs, h.h, {}, d(2025, 3, 3)));
  CHECK(r.detail == "no report document recorded");
}

TEST_CASE("distinct values ignore empty ones") {
  auto rs = rule_set(R"(
[[requirement]]
id = "settings"
title = "Settings"
measure = "distinct:setting"
where = { role = ["leader", "co-leader"] }
at_least = 3
)");
  History h;
  h.add(d(2025, 1, 1), Activity::group, Role::leader).setting = "hospital";
  h.add(d(2025, 1, 2), Activity::group, Role::co_leader).setting = "hospital";
  h.add(d(2025, 1, 3), Activity::group, Role::leader).setting = "practice";
  h.add(d(2025, 1, 4), Activity::group, Role::leader);
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.value == Centi::whole(2));
  CHECK(r.measure == "distinct:setting");
  CHECK(r.entries == std::vector<std::int64_t>{1, 2, 3});
  REQUIRE(r.near_misses.size() == 1);
  CHECK(r.near_misses[0].reason == "no setting given");
}

TEST_CASE("projection at the pace of the last 12 months") {
  auto rs = rule_set(R"(
[[requirement]]
id = "member"
title = "Member sessions"
measure = "sessions"
where = { role = "member" }
at_least = 20
)");
  History h;
  h.add(d(2020, 1, 1));                                 // older than 12 months: no pace
  for (int m = 1; m <= 10; ++m) h.add(d(2025, m, 15));  // 10 in (2025-01-01, 2026-01-01]
  auto r = only(eval::evaluate(rs, h.h, {}, d(2026, 1, 1)));
  CHECK(r.value == Centi::whole(11));
  CHECK(r.remaining == Centi::whole(9));
  // 9 remaining × 365 days / 10 = 328.5 → 329 days after 2026-01-01.
  REQUIRE(r.projected);
  CHECK(*r.projected == d(2026, 11, 26));
  // No sessions in the last 12 months: not at current pace.
  CHECK_FALSE(only(eval::evaluate(rs, h.h, {}, d(2027, 6, 1))).projected);
}
