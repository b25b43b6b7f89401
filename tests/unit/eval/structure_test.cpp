// Requirements other than plain measures: any_of/all_of and `when`, waivers, membership,
// documents, held_for, `per` periods and credit caps.
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

domain::Entry entry(std::int64_t id, Date date, Activity a = Activity::group, Role r = Role::member,
                    int minutes = 60) {
  domain::Entry e;
  e.id = id;
  e.date = date;
  e.activity = a;
  e.role = r;
  e.minutes = minutes;
  return e;
}

const std::string kExperience = R"(
[[requirement]]
id = "experience"
title = "Experience"
any_of = ["analytic", "standard"]

[[requirement]]
id = "analytic"
title = "Analytic"
when = { attribute = "psychodynamic_training", equals = "yes" }
measure = "sessions"
at_least = 2

[[requirement]]
id = "standard"
title = "Standard"
measure = "sessions"
at_least = 5

[[requirement]]
id = "analytic-only"
title = "Top-level, applies only to some"
when = { attribute = "psychodynamic_training", equals = "yes" }
measure = "sessions"
at_least = 50
)";

}  // namespace

TEST_CASE("not-applicable counts as met at the top level and not inside any_of") {
  auto rs = rule_set(kExperience);
  domain::PersonHistory h;
  for (int i = 1; i <= 3; ++i) h.entries.push_back(entry(i, d(2025, 1, i)));
  auto ev = eval::evaluate(rs, h, {}, d(2026, 1, 1));
  REQUIRE(ev.requirements.size() == 2);  // parts are nested, not listed at the top
  const auto& exp = ev.requirements[0];
  REQUIRE(exp.children.size() == 2);
  CHECK(exp.children[0].status == eval::Status::not_applicable);
  CHECK(exp.children[0].detail == "applies only when psychodynamic_training = yes (here: not set)");
  CHECK(exp.children[1].status == eval::Status::not_met);
  CHECK(exp.status == eval::Status::not_met);  // 3 sessions meet the n/a branch, not "standard"
  CHECK(ev.requirements[1].status == eval::Status::not_applicable);
  CHECK(ev.requirements[1].remaining == Centi{});
  CHECK_FALSE(ev.eligible);
  h.person.attrs["psychodynamic_training"] = "yes";
  ev = eval::evaluate(rs, h, {}, d(2026, 1, 1));
  CHECK(ev.requirements[0].status == eval::Status::met);
  CHECK(ev.requirements[1].status == eval::Status::not_met);
  h.person.attrs["psychodynamic_training"] = "no";
  for (int i = 4; i <= 5; ++i) h.entries.push_back(entry(i, d(2025, 1, i)));
  ev = eval::evaluate(rs, h, {}, d(2026, 1, 1));
  CHECK(ev.requirements[0].status == eval::Status::met);
  CHECK(ev.requirements[1].status == eval::Status::not_applicable);
  CHECK(ev.eligible);  // not-applicable at the top level counts as met
}

TEST_CASE("all_of: desirable parts do not decide, desirable top-level items do not decide") {
  auto rs = rule_set(R"(
[[requirement]]
id = "both"
title = "Both"
all_of = ["one", "nice"]

[[requirement]]
id = "one"
title = "One session"
measure = "sessions"
at_least = 1

[[requirement]]
id = "nice"
title = "Nice to have"
essential = false
measure = "sessions"
at_least = 99

[[requirement]]
id = "wish"
title = "Wish"
essential = false
measure = "hours"
at_least = 99
)");
  domain::PersonHistory h;
  h.entries.push_back(entry(1, d(2025, 1, 1)));
  auto ev = eval::evaluate(rs, h, {}, d(2026, 1, 1));
  CHECK(ev.requirements[0].status == eval::Status::met);
  CHECK_FALSE(ev.requirements[0].children[1].essential);
  CHECK(ev.requirements[1].status == eval::Status::not_met);
  CHECK(ev.eligible);
}

TEST_CASE("a waiver counts as met, with its reason, not before it was granted") {
  auto rs = rule_set(kExperience);
  domain::PersonHistory h;
  h.waivers.push_back(
      {1, "ann", "t", "standard", "prior learning: 30 sessions abroad", "sec", d(2025, 6, 1)});
  h.waivers.push_back(
      {2, "ann", "other-rules", "experience", "not this rule set", "", d(2020, 1, 1)});
  auto ev = eval::evaluate(rs, h, {}, d(2025, 6, 1));
  const auto& standard = ev.requirements[0].children[1];
  CHECK(standard.status == eval::Status::waived);
  CHECK(standard.waiver_reason == "prior learning: 30 sessions abroad");
  CHECK(standard.waived_by == "sec");
  CHECK(standard.waived_on == d(2025, 6, 1));
  CHECK(standard.remaining == Centi{});
  CHECK(ev.requirements[0].status == eval::Status::met);
  CHECK(ev.eligible);
  ev = eval::evaluate(rs, h, {}, d(2025, 5, 31));
  CHECK(ev.requirements[0].children[1].status == eval::Status::not_met);
}

TEST_CASE("membership covers a date from its first day to its last, inclusive") {
  auto rs = rule_set(R"(
[[requirement]]
id = "member"
title = "Member"
membership = "UK Balint Society"
)");
  domain::PersonHistory h;
  h.memberships.push_back({"ann", "UK Balint Society", d(2024, 1, 1), d(2024, 12, 31)});
  h.memberships.push_back({"ann", "BSANZ", d(2000, 1, 1), std::nullopt});
  auto status = [&](Date on) { return eval::evaluate(rs, h, {}, on).requirements[0]; };
  CHECK(status(d(2024, 1, 1)).status == eval::Status::met);
  CHECK(status(d(2024, 12, 31)).status == eval::Status::met);
  CHECK(status(d(2024, 12, 31)).detail == "member from 2024-01-01 to 2024-12-31");
  CHECK(status(d(2023, 12, 31)).status == eval::Status::not_met);
  CHECK(status(d(2023, 12, 31)).detail == "membership of UK Balint Society starts 2024-01-01");
  CHECK(status(d(2025, 1, 1)).status == eval::Status::not_met);
  CHECK(status(d(2025, 1, 1)).detail == "membership of UK Balint Society ended 2024-12-31");
  h.memberships[0].to.reset();
  CHECK(status(d(2040, 1, 1)).status == eval::Status::met);
}

TEST_CASE("held_for: exactly the span since the grant is enough, a day less is not") {
  auto rs = rule_set(R"(
[[requirement]]
id = "leader"
title = "Accredited leader for 2 years"
accreditation = "bsanz-leader"
held_for = "2y"
)");
  domain::PersonHistory h;
  h.person.id = "ann";
  h.accreditations.push_back({"ann", "bsanz-leader", d(2023, 3, 15), ""});
  auto r = [&](Date on) { return eval::evaluate(rs, h, {}, on).requirements[0]; };
  CHECK(r(d(2025, 3, 15)).status == eval::Status::met);
  CHECK(r(d(2025, 3, 14)).status == eval::Status::not_met);
  CHECK(r(d(2025, 3, 14)).detail ==
        "accredited in bsanz-leader since 2023-03-15; needs 2y (from 2025-03-15)");
  CHECK(r(d(2023, 3, 14)).detail == "not accredited in bsanz-leader");
}

TEST_CASE("a document counts from its date, within its window") {
  auto rs = rule_set(R"(
[[requirement]]
id = "report"
title = "Report"
document = "supervisor-report"
within = "1y"
)");
  domain::PersonHistory h;
  h.documents.push_back({7, "ann", "supervisor-report", d(2025, 3, 1), "", "", ""});
  auto r = [&](Date on) { return eval::evaluate(rs, h, {}, on).requirements[0]; };
  CHECK(r(d(2025, 2, 28)).status == eval::Status::not_met);
  CHECK(r(d(2025, 3, 1)).status == eval::Status::met);
  CHECK(r(d(2025, 3, 1)).documents == std::vector<std::int64_t>{7});
  CHECK(r(d(2026, 2, 28)).status == eval::Status::met);
  CHECK(r(d(2026, 3, 1)).status == eval::Status::not_met);
  CHECK(r(d(2026, 3, 1)).detail == "the latest supervisor-report (2025-03-01) is older than 1y");
}

TEST_CASE("per year: each complete year from enrolment decides, the current is in progress") {
  auto rs = rule_set(R"(
[[requirement]]
id = "yearly"
title = "3 a year"
measure = "sessions"
per = "year"
at_least = 3
)");
  domain::PersonHistory h;
  h.enrolments.push_back({"ann", "fam", d(2024, 3, 1)});
  std::int64_t id = 0;
  for (int i = 0; i < 3; ++i) h.entries.push_back(entry(++id, d(2024, 4 + i, 1)));
  for (int i = 0; i < 3; ++i) h.entries.push_back(entry(++id, d(2025, 4 + i, 1)));
  h.entries.push_back(entry(++id, d(2026, 1, 5)));
  auto r = eval::evaluate(rs, h, {}, d(2026, 5, 10)).requirements[0];
  CHECK(r.per == "year");
  REQUIRE(r.periods.size() == 3);
  CHECK(r.periods[0].period == "2024");
  CHECK(r.periods[0].status == eval::PeriodStatus::met);
  CHECK(r.periods[1].status == eval::PeriodStatus::met);
  CHECK(r.periods[2].period == "2026");
  CHECK(r.periods[2].value == Centi::whole(1));
  CHECK(r.periods[2].status == eval::PeriodStatus::in_progress);
  CHECK(r.status == eval::Status::met);  // 2026 has 1 of 3 but does not decide yet
  CHECK(r.entries.size() == 7);
  h.entries[4].voided = true;  // 2025 now has 2
  r = eval::evaluate(rs, h, {}, d(2026, 5, 10)).requirements[0];
  CHECK(r.periods[1].status == eval::PeriodStatus::not_met);
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.value == Centi::whole(2));
  CHECK(r.remaining == Centi::whole(1));
  CHECK_FALSE(r.projected);
  // In the first year nothing is complete: not met, shown by the current year.
  r = eval::evaluate(rs, h, {}, d(2024, 12, 31)).requirements[0];
  CHECK(r.periods.size() == 1);
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.detail == "no complete year yet");
}

TEST_CASE("per month within 24m: the last 24 complete months, all of them needed") {
  auto rs = rule_set(R"(
[[requirement]]
id = "monthly"
title = "Monthly"
measure = "sessions"
per = "month"
within = "24m"
at_least = 1
)");
  domain::PersonHistory h;
  h.enrolments.push_back({"ann", "fam", d(2023, 1, 10)});
  std::int64_t id = 0;
  for (Date m = d(2023, 1, 15); m <= d(2025, 5, 15); m = m.add_months(1))
    h.entries.push_back(entry(++id, m));
  // As of 2025-05-20: complete months 2023-05 .. 2025-04 (24), then 2025-05 in progress.
  auto r = eval::evaluate(rs, h, {}, d(2025, 5, 20)).requirements[0];
  REQUIRE(r.periods.size() == 25);
  CHECK(r.periods.front().period == "2023-05");
  CHECK(r.periods.back().period == "2025-05");
  CHECK(r.status == eval::Status::met);
  REQUIRE(!r.near_misses.empty());
  CHECK(r.near_misses[0].reason == "before the first month counted (2023-05)");
  h.entries.erase(h.entries.begin() + 20);  // no session in 2024-09
  r = eval::evaluate(rs, h, {}, d(2025, 5, 20)).requirements[0];
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.value == Centi{});
  // Enrolled 2024-10: every month since is met, but 24 months are not yet covered.
  h.enrolments[0].on = d(2024, 10, 1);
  r = eval::evaluate(rs, h, {}, d(2025, 5, 20)).requirements[0];
  CHECK(r.periods.size() == 8);
  CHECK(r.status == eval::Status::not_met);
  CHECK(r.detail == "needs every month of the last 24m; counted from 2024-10 only");
}

TEST_CASE("credits: hours × rate in hundredths, capped per day then per year, removals shown") {
  auto rs = rule_set(R"(
[[credit]]
where = { activity = "group" }
per_hour = 1.5
cap_per_day = 6
cap_per_year = 10

[[credit]]
per_hour = 1

[[requirement]]
id = "credits"
title = "Credits"
measure = "credits"
at_least = 20
)",
                     "cpd");
  domain::PersonHistory h;
  h.entries.push_back(entry(1, d(2025, 3, 1), Activity::group, Role::member, 180));  // 4.50
  h.entries.push_back(entry(2, d(2025, 3, 1), Activity::group, Role::member, 90));   // 2.25
  h.entries.push_back(entry(3, d(2025, 4, 1), Activity::group, Role::member, 170));  // 4.25
  h.entries.push_back(entry(4, d(2025, 5, 1), Activity::other_cpd, Role::participant, 50));
  h.entries.push_back(entry(5, d(2026, 1, 1), Activity::group, Role::member, 120));  // 3.00
  // 2025-03-01: 4.50 + 2.25 = 6.75, day cap 6 removes 0.75 from entry 2 (1.50 left).
  // 2025 at rate 1: 4.50 + 1.50 + 4.25 = 10.25, year cap 10 removes 0.25 from entry 3.
  // Entry 4 at rate 2: 50 min × 1 = 0.8333 → 0.83. 2026: 3.00.
  // Total 4.50 + 1.50 + 4.00 + 0.83 + 3.00 = 13.83; 6.17 remaining.
  auto r = eval::evaluate(rs, h, {}, d(2026, 6, 1)).requirements[0];
  CHECK(r.value == Centi{1383});
  CHECK(r.remaining == Centi{617});
  REQUIRE(r.caps.size() == 2);
  CHECK(r.caps[0].rate == 0);
  CHECK(r.caps[0].cap == "day");
  CHECK(r.caps[0].period == "2025-03-01");
  CHECK(r.caps[0].removed == Centi{75});
  CHECK(r.caps[1].cap == "year");
  CHECK(r.caps[1].period == "2025");
  CHECK(r.caps[1].removed == Centi{25});
}

TEST_CASE("credits: each entry's hours × rate rounded half up to hundredths") {
  auto rs = rule_set(R"(
[[credit]]
where = { activity = "group" }
per_hour = 1.5

[[credit]]
per_hour = 1

[[requirement]]
id = "credits"
title = "Credits"
measure = "credits"
at_least = 1
)",
                     "cpd");
  auto credits = [&](Activity a, Role role, int minutes) {
    domain::PersonHistory h;
    h.entries.push_back(entry(1, d(2025, 3, 1), a, role, minutes));
    return eval::evaluate(rs, h, {}, d(2026, 6, 1)).requirements[0].value;
  };
  // 10 min × 1 = 16.67 hundredths → 0.17 (not 0.16); 1 min × 1.5 = 2.5 → 0.03 (half up, not
  // 0.02); 2 min × 1.5 = 5 → 0.05 exactly; 50 min × 1 = 83.33 → 0.83 (down, as rounding says).
  CHECK(credits(Activity::other_cpd, Role::participant, 10) == Centi{17});
  CHECK(credits(Activity::group, Role::member, 1) == Centi{3});
  CHECK(credits(Activity::group, Role::member, 2) == Centi{5});
  CHECK(credits(Activity::other_cpd, Role::participant, 50) == Centi{83});
}
