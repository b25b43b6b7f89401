// The shipped rule sets where issue 15 found them untrue to their sources, and the German
// Balint Society's: every expected figure is worked out by hand in the comments.
#include <doctest/doctest.h>

#include <string>

#include "balint/eval/evaluation.hpp"
#include "shipped.hpp"

using namespace balint;
using namespace balint::shipped_test;
using core::Centi;

namespace {

// cpd-uk, 1 credit an hour, at most 6 a day: the York leadership weekend of the example
// ledger, 720 minutes over days = 2, and a three-day event.
Person cpd_person() {
  Person p;
  p.h.person = {"cat", "Cat Example", "", {}};
  p.h.enrolments.push_back({"cat", "cpd-uk", d(2025, 1, 1)});
  p.add(d(2025, 3, 22), Activity::leadership_training, Role::participant, 720).days = 2;
  p.add(d(2025, 5, 1), Activity::other_cpd, Role::participant, 1200).days = 3;
  return p;
}

}  // namespace

TEST_CASE("cpd-uk: the daily cap applies to each day of an entry of several days") {
  Person p = cpd_person();
  auto ev = eval::evaluate(catalogue().by_id("cpd-uk"), p.h, {}, d(2026, 1, 15));
  const auto& yearly = req(ev, "yearly-credits");
  REQUIRE(yearly.periods.size() == 2);  // 2025, and 2026 in progress
  // York: 720 min = 12.00 credits over 2 days = 6.00 a day: the cap of 6 removes nothing.
  // The three-day event: 1200 min = 20.00 credits = 2000 hundredths over 3 days: 667, 667 and
  // 666 (the first days take the odd hundredths); each day is capped at 600, removing 67, 67
  // and 66 = 2.00, which leaves 18.00. 2025: 12 + 18 = 30 credits.
  CHECK(yearly.periods[0].value == Centi::whole(30));
  REQUIRE(yearly.caps.size() == 3);
  CHECK(yearly.caps[0].period == "2025-05-01");
  CHECK(yearly.caps[0].removed == Centi{67});
  CHECK(yearly.caps[1].period == "2025-05-02");
  CHECK(yearly.caps[1].removed == Centi{67});
  CHECK(yearly.caps[2].period == "2025-05-03");
  CHECK(yearly.caps[2].removed == Centi{66});
  for (const auto& c : yearly.caps) CHECK(c.period.rfind("2025-03-2", 0) != 0);  // York: none
}

TEST_CASE("cpd-uk: a later entry on the second day of a weekend shares that day's cap") {
  Person p = cpd_person();
  // The weekend of 2025-06-07/08, 720 min over 2 days: 6.00 on each day, the whole cap. A 2-hour
  // webinar on 2025-06-08 then earns 2.00 of which the cap takes all 2.00.
  p.add(d(2025, 6, 7), Activity::leadership_training, Role::participant, 720).days = 2;
  p.add(d(2025, 6, 8), Activity::other_cpd, Role::participant, 120);
  auto ev = eval::evaluate(catalogue().by_id("cpd-uk"), p.h, {}, d(2026, 1, 15));
  const auto& yearly = req(ev, "yearly-credits");
  // 2025: 12 (York) + 18 (three days) + 12 (June weekend) + 0 (webinar) = 42: 8 short of 50.
  CHECK(yearly.periods[0].value == Centi::whole(42));
  CHECK(yearly.status == eval::Status::not_met);
  CHECK(yearly.remaining == Centi::whole(8));
  REQUIRE(yearly.caps.size() == 4);
  CHECK(yearly.caps[3].period == "2025-06-08");
  CHECK(yearly.caps[3].removed == Centi::whole(2));
}

TEST_CASE("cpd-uk: the RCGP's 250 credits over 5 years, desirable") {
  Person p = cpd_person();
  auto ev = eval::evaluate(catalogue().by_id("cpd-uk"), p.h, {}, d(2026, 1, 15));
  const auto& cycle = req(ev, "cycle-credits");
  CHECK_FALSE(cycle.essential);
  CHECK(cycle.within == "5y");
  CHECK(cycle.value == Centi::whole(30));  // 12 + 18, as above
  CHECK(cycle.remaining == Centi::whole(220));
}

namespace {

// ABS: enrolled (the credentialing application) on 2024-09-15; leads once a month from
// September 2024 to November 2026; Intensives on 2025-04-10, 2025-10-16 and 2026-10-15 (the
// case of issue 15); 12 recorded supervisions; a supervisor agreement.
Person abs_late_intensive() {
  Person p;
  p.h.person = {"eli", "Eli Example", "", {}};
  p.h.memberships.push_back({"eli", "American Balint Society", d(2024, 1, 1), std::nullopt});
  p.h.enrolments.push_back({"eli", "abs-leader", d(2024, 9, 15)});
  for (Date m = d(2024, 9, 10); m <= d(2026, 11, 10); m = m.add_months(1))
    p.add(m, Activity::group, Role::leader, 60);
  for (Date i : {d(2025, 4, 10), d(2025, 10, 16), d(2026, 10, 15)})
    p.add(i, Activity::leadership_training, Role::participant, 1440).days = 4;
  p.add_n(12, d(2025, 1, 2), Activity::supervision, Role::supervisee, "ruth", 60);
  for (auto& e : p.h.entries)
    if (e.activity == Activity::supervision) e.tags = {"recorded-session"};
  p.h.documents.push_back({1, "eli", "supervisor-agreement", d(2024, 10, 1), "", "", ""});
  return p;
}

}  // namespace

TEST_CASE("abs-leader: a first Intensive after enrolment does not make the candidate eligible") {
  Person p = abs_late_intensive();
  const auto& rs = catalogue().by_id("abs-leader");
  auto ev = eval::evaluate(rs, p.h, {}, d(2026, 11, 25));
  CHECK_FALSE(ev.eligible);
  // 3 Intensives (≥ 3): met; but none of them is dated before 2024-09-15.
  CHECK(req(ev, "intensives").value == Centi::whole(3));
  const auto& first = req(ev, "first-intensive");
  CHECK(first.status == eval::Status::not_met);
  CHECK(first.value == Centi{});
  CHECK(first.before == "enrolment");
  CHECK(first.before_on == d(2024, 9, 15));
  REQUIRE(first.near_misses.size() == 3);
  CHECK(first.near_misses[0].reason == "on or after the enrolment in abs-leader (2024-09-15)");
  // Everything else holds: the verdict turns on the first Intensive alone.
  for (const auto& r : ev.requirements)
    if (r.id != "first-intensive") CHECK_MESSAGE(r.status == eval::Status::met, r.id);
  // An Intensive of June 2024, before applying: eligible, with 4 Intensives.
  p.add(d(2024, 6, 13), Activity::leadership_training, Role::participant, 1440).days = 4;
  ev = eval::evaluate(rs, p.h, {}, d(2026, 11, 25));
  CHECK(ev.eligible);
  CHECK(req(ev, "first-intensive").value == Centi::whole(1));
  CHECK(req(ev, "intensives").value == Centi::whole(4));
}

TEST_CASE("abs-leader: only supervision of recorded sessions counts") {
  Person p = abs_late_intensive();
  // The last 4 entries are supervisions (2025-01-10 .. 2025-01-13): not of a recording.
  for (std::size_t i = 1; i <= 4; ++i) p.h.entries[p.h.entries.size() - i].tags.clear();
  auto ev = eval::evaluate(catalogue().by_id("abs-leader"), p.h, {}, d(2026, 11, 25));
  const auto& sup = req(ev, "supervision");
  CHECK(sup.value == Centi::whole(8));  // 12 − 4 untagged
  CHECK(sup.remaining == Centi::whole(4));
  CHECK(sup.near_misses.at(0).reason == "no tag recorded-session");
}

namespace {

// BSANZ: enrolled 2023-02-01; 20 sessions led after that with 10 × 1 + 10 × 2 = 30 cases, 5
// sessions led in October 2022 with 2 cases each, before the course.
Person bsanz_course() {
  Person p;
  p.h.person = {"fay", "Fay Example", "", {}};
  p.h.memberships.push_back({"fay", "BSANZ", d(2022, 1, 1), std::nullopt});
  p.h.enrolments.push_back({"fay", "bsanz-leader", d(2023, 2, 1)});
  for (int i = 0; i < 5; ++i)
    p.add(d(2022, 10, 1).add_days(i), Activity::group, Role::leader).cases = 2;
  for (int i = 0; i < 20; ++i)
    p.add(d(2023, 6, 1).add_days(i), Activity::group, Role::leader).cases = i < 10 ? 1 : 2;
  return p;
}

}  // namespace

TEST_CASE("bsanz-leader-2021: only sessions led during the course count") {
  const auto& rs = catalogue().by_id("bsanz-leader-2021");
  Person p = bsanz_course();
  auto ev = eval::evaluate(rs, p.h, {}, d(2025, 6, 30));
  // 20 meetings and 30 cases from 2023-02-01: the 5 meetings (10 cases) of 2022 do not add.
  CHECK(req(ev, "leading-meetings").value == Centi::whole(20));
  CHECK(req(ev, "leading-cases").value == Centi::whole(30));
  CHECK(req(ev, "leading").status == eval::Status::met);
  const auto& meetings = req(ev, "leading-meetings");
  REQUIRE(meetings.near_misses.size() == 5);
  CHECK(meetings.near_misses[0].reason == "before the enrolment in bsanz-leader (2023-02-01)");
  // One meeting fewer in the course: 19 of 20 and 29 of 30, though 24 were led in all.
  p.h.entries.pop_back();
  ev = eval::evaluate(rs, p.h, {}, d(2025, 6, 30));
  CHECK(req(ev, "leading-meetings").remaining == Centi::whole(1));
  CHECK(req(ev, "leading-cases").value == Centi::whole(28));  // the last one had 2 cases
  // Not enrolled: nothing is "during the course".
  p.h.enrolments.clear();
  ev = eval::evaluate(rs, p.h, {}, d(2025, 6, 30));
  CHECK(req(ev, "leading-meetings").detail == "no enrolment in bsanz-leader recorded");
  CHECK(req(ev, "leading-meetings").remaining == Centi::whole(20));
}

TEST_CASE("the shipped files say which edition they encode and where each number comes from") {
  const auto& bsanz = catalogue().by_id("bsanz-leader-2021");
  CHECK(bsanz.edition.find("June 2021") != std::string::npos);
  CHECK(bsanz.source.find("balintaustralianewzealand.org") != std::string::npos);
  CHECK(bsanz.find("membership")->note.find("financial memberships") != std::string::npos);
  CHECK_FALSE(bsanz.find("face-to-face"));  // a desirable item of the later text only
  CHECK_FALSE(bsanz.find("supervision-group"));
  const auto& uk23 = catalogue().by_id("bbs-leader-2023");
  CHECK(uk23.note.find("not retrieved") != std::string::npos);
  CHECK(uk23.source.find("balint.co.uk/leadership-2/") != std::string::npos);
  const auto& uk20 = catalogue().by_id("bbs-leader-2020");
  CHECK(uk20.note.find("an inference") != std::string::npos);
  CHECK(uk20.find("leadership-training")->note.find("not checked") != std::string::npos);
  const auto& cpd = catalogue().by_id("cpd-uk");
  CHECK(cpd.source.find("6 credits") == std::string::npos);
  CHECK(cpd.note.find("third-party page") != std::string::npos);
  CHECK(cpd.source.find("250 credits over 5 years") != std::string::npos);
  const auto& abs = catalogue().by_id("abs-leader");
  CHECK(abs.edition == "Credentialing Roadmap (created 2014)");
  CHECK(abs.effective_from == d(2014, 1, 1));
}

namespace {

// DBG: Facharzt for Psychiatrie und Psychotherapie on 2015-04-01 (the psychotherapy-qualification
// document), DBG member since 2021, registered for the leader training (enrolled) 2022-01-10.
// Member sessions, all led by "kl", a DBG-recognised leader: `before` units before the
// enrolment and 105 − `before` after it; six leaders' seminars of 450 minutes (5 units each).
Person dbg_trainee(int before) {
  Person p;
  p.h.person = {"fritz", "Fritz Müller", "", {{"psychotherapy_title", "facharzt"}}};
  p.h.memberships.push_back({"fritz", "Deutsche Balint-Gesellschaft", d(2021, 1, 1), std::nullopt});
  p.h.enrolments.push_back({"fritz", "dbg-leader", d(2022, 1, 10)});
  p.h.documents.push_back({1, "fritz", "psychotherapy-qualification", d(2015, 4, 1), "", "", ""});
  // Before: 3-hour blocks of 2 units each, and a 90-minute session for an odd count.
  p.add_n(before / 2, d(2020, 1, 4), Activity::group, Role::member, "kl", 180);
  if (before % 2) p.add(d(2021, 12, 1), Activity::group, Role::member, 90).leader = "kl";
  p.add_n(105 - before, d(2022, 2, 1), Activity::group, Role::member, "kl", 90);
  for (int i = 0; i < 6; ++i)
    p.add(d(2022, 3, 1).add_months(2 * i), Activity::leadership_training, Role::participant, 450)
        .days = 2;
  return p;
}

const domain::AccreditationIndex kDbgLeaders({{"kl", "dbg-leader", d(2000, 1, 1), ""}});

}  // namespace

TEST_CASE("dbg-leader: 105 double sessions, of which 34 before leader training: not met") {
  auto ev = eval::evaluate(catalogue().by_id("dbg-leader"), dbg_trainee(34).h, kDbgLeaders,
                           d(2025, 6, 1));
  CHECK_FALSE(ev.eligible);
  // 17 blocks of 180 min = 17 × 2 = 34 units before 2022-01-10; 71 × 90 min = 71 units after.
  CHECK(req(ev, "group-work-total").value == Centi::whole(105));
  CHECK(req(ev, "group-work-total").status == eval::Status::met);
  const auto& before = req(ev, "group-work-before");
  CHECK(before.value == Centi::whole(34));
  CHECK(before.status == eval::Status::not_met);
  CHECK(before.remaining == Centi::whole(1));
  CHECK(before.unit_minutes == 90);
  CHECK(before.measure == "units");
  CHECK_FALSE(before.projected);  // entries from now on are after the enrolment
  // After the qualification of 2015-04-01: all 105.
  CHECK(req(ev, "group-work-after").value == Centi::whole(105));
  CHECK(req(ev, "group-work").status == eval::Status::not_met);
  // qualification, membership, clinical-experience, group-work, recognised-leaders, leader-seminars
  REQUIRE(ev.requirements.size() == 6);
  for (const auto& r : ev.requirements)
    if (r.id != "group-work") CHECK_MESSAGE(eval::counts_as_met(r.status), r.id);
}

TEST_CASE("dbg-leader: 105 double sessions, of which 35 before leader training: met") {
  auto ev = eval::evaluate(catalogue().by_id("dbg-leader"), dbg_trainee(35).h, kDbgLeaders,
                           d(2025, 6, 1));
  CHECK(ev.eligible);
  // 17 × 2 + 1 = 35 units before; 70 after; 105 in all.
  CHECK(req(ev, "group-work-before").value == Centi::whole(35));
  CHECK(req(ev, "group-work-after").value == Centi::whole(105));
  CHECK(req(ev, "group-work-total").value == Centi::whole(105));
  // No session at a Studientagung: 0 of 105 is at most half.
  CHECK(req(ev, "group-work-conferences").value == Centi{});
  // 6 seminars × floor(450 / 90) = 6 × 5 = 30 units.
  CHECK(req(ev, "leader-seminars-count").value == Centi::whole(6));
  CHECK(req(ev, "leader-seminars-units").value == Centi::whole(30));
  CHECK(req(ev, "recognised-leaders").value == Centi::whole(105));
  CHECK(req(ev, "title-facharzt").status == eval::Status::met);
  CHECK(req(ev, "title-zusatzbezeichnung").status == eval::Status::not_applicable);
  CHECK(req(ev, "clinical-experience").status == eval::Status::met);
  CHECK(ev.title == "Anerkennung als Balintgruppenleiter (Ärztinnen und Ärzte)");
  CHECK(ev.title_en == "Recognition as a Balint group leader (physicians)");
}

TEST_CASE("dbg-leader: conference sessions, short sessions, a missing qualification") {
  Person p = dbg_trainee(35);
  // 60 of the 70 sessions after enrolment at a Studientagung: 60 / 105 = 0.571… > 0.5.
  for (std::size_t i = 0; i < 60; ++i) p.h.entries[18 + i].tags = {"studientagung"};
  // And a 60-minute session: less than one unit, so it adds nothing.
  p.add(d(2025, 5, 1), Activity::group, Role::member, 60).leader = "kl";
  const auto& rs = catalogue().by_id("dbg-leader");
  auto ev = eval::evaluate(rs, p.h, kDbgLeaders, d(2025, 6, 1));
  const auto& share = req(ev, "group-work-conferences");
  CHECK(share.status == eval::Status::not_met);
  REQUIRE(share.fraction);
  CHECK(share.fraction->num == 60);
  CHECK(share.fraction->den == 105);
  CHECK(share.value == Centi{57});  // 57.14% rounded half up
  const auto& total = req(ev, "group-work-total");
  CHECK(total.value == Centi::whole(105));
  CHECK(total.near_misses.back().reason == "60 min, less than one unit of 90 min");
  // Without the qualification document: no title, no 3 years, and 5b cannot be counted.
  p.h.documents.clear();
  ev = eval::evaluate(rs, p.h, kDbgLeaders, d(2025, 6, 1));
  CHECK(req(ev, "qualification").status == eval::Status::not_met);
  CHECK(req(ev, "clinical-experience").detail == "no psychotherapy-qualification recorded");
  const auto& after = req(ev, "group-work-after");
  CHECK(after.status == eval::Status::not_met);
  CHECK(after.detail == "no psychotherapy-qualification document recorded");
  CHECK(after.remaining == Centi::whole(70));
  // A qualification of 2023-06-01 is 2 years old on 2025-06-01: 3 are needed, from 2026-06-01.
  p.h.documents.push_back({2, "fritz", "psychotherapy-qualification", d(2023, 6, 1), "", "", ""});
  ev = eval::evaluate(rs, p.h, kDbgLeaders, d(2025, 6, 1));
  const auto& experience = req(ev, "clinical-experience");
  CHECK(experience.status == eval::Status::not_met);
  CHECK(experience.detail ==
        "psychotherapy-qualification of 2023-06-01; needs 3y (from 2026-06-01)");
  // 5b now counts from 2023-06-01: the 70 sessions of 2022 after enrolment do not.
  CHECK(req(ev, "group-work-after").value == Centi{});
}
