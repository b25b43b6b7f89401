// Each shipped rule set with one eligible and one ineligible person, the values worked out
// by hand from the criteria.
#include <doctest/doctest.h>

#include <string>

#include "balint/eval/evaluation.hpp"
#include "balint/rules/catalogue.hpp"
#include "shipped.hpp"

using namespace balint;
using core::Centi;
using core::Date;
using domain::Activity;
using domain::Role;

namespace {

using namespace balint::shipped_test;

// Accredited leaders and supervisors, outside the ledger's people.
const domain::AccreditationIndex kAccredited({
    {"bo", "bbs-leader", d(2015, 1, 1), ""},
    {"cy", "bbs-leader", d(2010, 1, 1), ""},
    {"tr", "bsanz-leader-trainer", d(2015, 1, 1), ""},
    {"le", "bsanz-leader", d(2015, 1, 1), ""},
});

// A complete UK history: 20 member sessions led by `group_leader`, 20 co-led beside "bo"
// in two settings, a training day and a weekend, 3 supervisions with "cy", a report.
Person uk_candidate(const std::string& group_leader) {
  Person p;
  p.h.person = {"alice", "Alice Example", "", {}};
  p.h.memberships.push_back({"alice", "UK Balint Society", d(2019, 1, 1), std::nullopt});
  p.add_n(20, d(2021, 1, 1), Activity::group, Role::member, group_leader);
  p.add_n(20, d(2022, 1, 1), Activity::group, Role::co_leader, "bo");
  for (int i = 0; i < 20; ++i) p.h.entries[20 + i].setting = i < 10 ? "surgery" : "hospital";
  p.add(d(2022, 3, 1), Activity::leadership_training, Role::participant, 360);
  p.add(d(2022, 9, 10), Activity::leadership_training, Role::participant, 720).days = 2;
  p.add_n(3, d(2022, 10, 1), Activity::supervision, Role::supervisee, "cy", 60);
  p.add(d(2022, 11, 1), Activity::peer_supervision, Role::member);
  p.h.documents.push_back({1, "alice", "supervisor-report", d(2023, 4, 1), "", "", ""});
  return p;
}

}  // namespace

TEST_CASE("bbs-leader-2020: a complete candidate is eligible, desirables met too") {
  Person p = uk_candidate("");
  auto ev = eval::evaluate(catalogue().by_id("bbs-leader-2020"), p.h, kAccredited, d(2023, 5, 1));
  CHECK(ev.eligible);
  CHECK(ev.ruleset_id == "bbs-leader-2020");
  CHECK(ev.family == "bbs-leader");
  CHECK(ev.edition == "April 2020 guidelines");
  CHECK(ev.kind == "accreditation");
  CHECK(ev.person_id == "alice");
  CHECK(ev.person_name == "Alice Example");
  CHECK(ev.as_of == d(2023, 5, 1));
  for (const auto& r : ev.requirements) CHECK_MESSAGE(r.status == eval::Status::met, r.id);
  CHECK(req(ev, "group-experience-analytic").status == eval::Status::not_applicable);
  CHECK(req(ev, "co-leading").value == Centi::whole(20));
  CHECK(req(ev, "settings").value == Centi::whole(2));
}

TEST_CASE("bbs-leader-2020: an incomplete candidate, with what is missing") {
  Person p;
  p.h.person = {"ben", "Ben Example", "", {}};
  p.h.memberships.push_back({"ben", "UK Balint Society", d(2019, 1, 1), d(2022, 12, 31)});
  p.add_n(19, d(2021, 1, 1), Activity::group, Role::member);
  p.add_n(14, d(2022, 1, 1), Activity::group, Role::leader);
  p.add(d(2022, 3, 1), Activity::leadership_training, Role::participant, 360);
  p.add(d(2022, 10, 1), Activity::supervision, Role::supervisee, 60).supervisor = "zed";
  auto ev = eval::evaluate(catalogue().by_id("bbs-leader-2020"), p.h, kAccredited, d(2023, 5, 1));
  CHECK_FALSE(ev.eligible);
  CHECK(req(ev, "membership").detail == "membership of UK Balint Society ended 2022-12-31");
  // 19 member sessions of 20: 1 to go.
  CHECK(req(ev, "group-experience-standard").remaining == Centi::whole(1));
  CHECK(req(ev, "group-experience").status == eval::Status::not_met);
  // 14 sessions led of 20: 6 to go. One training day of 2: 1 to go; none of two days.
  CHECK(req(ev, "co-leading").value == Centi::whole(14));
  CHECK(req(ev, "co-leading").remaining == Centi::whole(6));
  CHECK(req(ev, "leadership-training").remaining == Centi::whole(1));
  CHECK(req(ev, "two-day-event").near_misses.at(0).reason == "days 1, not at least 2");
  // The one supervision was with an unaccredited supervisor.
  const auto& sup = req(ev, "supervision");
  CHECK(sup.status == eval::Status::not_met);
  CHECK(sup.near_misses.at(0).reason == "supervisor 'zed' not accredited on 2022-10-01");
  CHECK(req(ev, "supervisor-report").detail == "no supervisor-report recorded");
}

TEST_CASE("bbs-leader-2023: groups must be led by an accredited leader") {
  const auto& rs = catalogue().by_id("bbs-leader-2023");
  auto ev = eval::evaluate(rs, uk_candidate("bo").h, kAccredited, d(2024, 5, 1));
  CHECK(ev.eligible);
  // The same history with groups led by "dee", who is not accredited: 0 of 20 sessions count.
  ev = eval::evaluate(rs, uk_candidate("dee").h, kAccredited, d(2024, 5, 1));
  CHECK_FALSE(ev.eligible);
  const auto& standard = req(ev, "group-experience-standard");
  CHECK(standard.value == Centi{});
  CHECK(standard.remaining == Centi::whole(20));
  // Near misses: the 20 member sessions, then the 20 co-led beside accredited "bo".
  REQUIRE(standard.near_misses.size() == 40);
  CHECK(standard.near_misses[0].reason == "leader 'dee' not accredited on 2021-01-01");
  CHECK(standard.near_misses[20].reason == "role is co-leader, not member");
}

TEST_CASE("bbs-leader: enrolment before June 2023 keeps the 2020 edition and its verdict") {
  Person p = uk_candidate("dee");
  const Date as_of = d(2024, 5, 1);
  const auto& before = catalogue().for_family("bbs-leader", d(2023, 5, 31), as_of);
  CHECK(before.id == "bbs-leader-2020");
  CHECK(eval::evaluate(before, p.h, kAccredited, as_of).eligible);
  const auto& after = catalogue().for_family("bbs-leader", d(2023, 6, 1), as_of);
  CHECK(after.id == "bbs-leader-2023");
  CHECK_FALSE(eval::evaluate(after, p.h, kAccredited, as_of).eligible);
}

namespace {

// BSANZ: enrolled 2023-02-01; supervision with Leader Trainer "tr": 10 in 2023, 10 in 2024,
// 3 in 2025; 20 sessions led with 10 × 1 + 10 × 2 = 30 cases; an Intensive and an
// international workshop.
Person bsanz_candidate() {
  Person p;
  p.h.person = {"cai", "Cai Example", "", {}};
  p.h.memberships.push_back({"cai", "BSANZ", d(2022, 1, 1), std::nullopt});
  p.h.enrolments.push_back({"cai", "bsanz-leader", d(2023, 2, 1)});
  p.add_n(10, d(2023, 3, 1), Activity::supervision, Role::supervisee, "tr", 60);
  p.add_n(10, d(2024, 3, 1), Activity::supervision, Role::supervisee, "tr", 60);
  p.add_n(3, d(2025, 3, 1), Activity::supervision, Role::supervisee, "tr", 60);
  for (int i = 0; i < 20; ++i)
    p.add(d(2023, 6, 1).add_days(i), Activity::group, Role::leader).cases = i < 10 ? 1 : 2;
  p.add(d(2023, 9, 1), Activity::leadership_training, Role::participant, 1440).days = 4;
  auto& ws = p.add(d(2024, 5, 1), Activity::leadership_training, Role::participant, 1080);
  ws.days = 3;
  ws.tags = {"international-workshop"};
  p.h.documents.push_back({1, "cai", "supervisor-report", d(2025, 5, 1), "", "", ""});
  return p;
}

}  // namespace

TEST_CASE("bsanz-leader-2021: eligible, with yearly supervision and an Intensive + workshop") {
  Person p = bsanz_candidate();
  auto ev =
      eval::evaluate(catalogue().by_id("bsanz-leader-2021"), p.h, kAccredited, d(2025, 6, 30));
  CHECK(ev.eligible);
  const auto& sup = req(ev, "supervision");
  REQUIRE(sup.periods.size() == 3);
  CHECK(sup.periods[2].status == eval::PeriodStatus::in_progress);
  CHECK(sup.value == Centi::whole(10));
  CHECK(req(ev, "leading-cases").value == Centi::whole(30));
  CHECK(req(ev, "two-intensives").status == eval::Status::not_met);
  CHECK(req(ev, "intensive-and-workshop").status == eval::Status::met);
  // Desirable, and missed: no session as a member of a group.
  CHECK(req(ev, "ongoing-group").status == eval::Status::not_met);
  CHECK_FALSE(req(ev, "ongoing-group").essential);
}

TEST_CASE("bsanz-leader-2021: not eligible, one supervision short in 2024, one case short") {
  Person p = bsanz_candidate();
  p.h.entries[10].supervisor = "le";         // an accredited leader, not a Leader Trainer
  p.h.entries[23 + 19].cases = 1;            // 30 - 1 = 29 cases
  p.h.entries.erase(p.h.entries.end() - 1);  // no international workshop
  auto ev =
      eval::evaluate(catalogue().by_id("bsanz-leader-2021"), p.h, kAccredited, d(2025, 6, 30));
  CHECK_FALSE(ev.eligible);
  const auto& sup = req(ev, "supervision");
  CHECK(sup.periods[1].value == Centi::whole(9));  // 2024: 10 - 1
  CHECK(sup.remaining == Centi::whole(1));
  CHECK(sup.near_misses.at(0).reason == "supervisor 'le' not accredited on 2024-03-01");
  CHECK(req(ev, "leading-cases").remaining == Centi::whole(1));
  CHECK(req(ev, "leading").status == eval::Status::not_met);
  CHECK(req(ev, "two-intensives").remaining == Centi::whole(1));  // 1 of 2
  CHECK(req(ev, "international-workshop").value == Centi{});
  CHECK(req(ev, "intensives").status == eval::Status::not_met);
}

namespace {

// ABS: as of 2025-03-10 the 24 months counted are 2023-03 .. 2025-02; a session led every
// month from 2023-01 to 2025-03; 3 Intensives; 12 supervisions; an agreement.
Person abs_candidate() {
  Person p;
  p.h.person = {"dan", "Dan Example", "", {}};
  p.h.memberships.push_back({"dan", "American Balint Society", d(2022, 1, 1), std::nullopt});
  p.h.enrolments.push_back({"dan", "abs-leader", d(2022, 12, 1)});
  for (Date m = d(2023, 1, 5); m <= d(2025, 3, 5); m = m.add_months(1))
    p.add(m, Activity::group, Role::co_leader);
  for (int y = 2022; y <= 2024; ++y)
    p.add(d(y, 6, 1), Activity::leadership_training, Role::participant, 1440).days = 4;
  p.add_n(12, d(2023, 2, 1), Activity::supervision, Role::supervisee, "sup", 60);
  for (auto& e : p.h.entries)
    if (e.activity == Activity::supervision) e.tags = {"recorded-session"};
  p.h.documents.push_back({1, "dan", "supervisor-agreement", d(2022, 12, 1), "", "", ""});
  return p;
}

}  // namespace

TEST_CASE("abs-leader: monthly leading for 24 months, 3 Intensives, 12 supervisions") {
  auto ev = eval::evaluate(catalogue().by_id("abs-leader"), abs_candidate().h, {}, d(2025, 3, 10));
  CHECK(ev.eligible);
  const auto& monthly = req(ev, "monthly-leading");
  REQUIRE(monthly.periods.size() == 25);  // 24 complete months + 2025-03 in progress
  CHECK(monthly.periods.front().period == "2023-03");
}

TEST_CASE("abs-leader: a month without leading, an Intensive and a supervision short") {
  Person p = abs_candidate();
  // Entry ids 1..27 are the months 2023-01 .. 2025-03; id 19 is 2024-07.
  p.h.entries.erase(p.h.entries.begin() + 18);
  p.h.entries.pop_back();                       // 11 supervisions
  p.h.entries.erase(p.h.entries.begin() + 26);  // the 2022 Intensive: 2 left
  auto ev = eval::evaluate(catalogue().by_id("abs-leader"), p.h, {}, d(2025, 3, 10));
  CHECK_FALSE(ev.eligible);
  const auto& monthly = req(ev, "monthly-leading");
  CHECK(monthly.status == eval::Status::not_met);
  CHECK(monthly.periods[16].period == "2024-07");
  CHECK(monthly.periods[16].status == eval::PeriodStatus::not_met);
  CHECK(req(ev, "intensives").remaining == Centi::whole(1));
  CHECK(req(ev, "supervision").value == Centi::whole(11));
  CHECK(req(ev, "supervision").remaining == Centi::whole(1));
}

TEST_CASE("cpd-uk: 50 credits a year at 1 per hour, at most 6 a day") {
  Person p;
  p.h.person = {"eve", "Eve Example", "", {}};
  // 2024: 25 sessions of 2 hours = 50 credits, exactly the threshold.
  p.add_n(25, d(2024, 2, 1), Activity::group, Role::member, "", 120);
  // 2025: 26 sessions of 2 hours = 52 credits.
  p.add_n(26, d(2025, 2, 1), Activity::group, Role::member, "", 120);
  const auto& rs = catalogue().by_id("cpd-uk");
  auto ev = eval::evaluate(rs, p.h, {}, d(2026, 2, 1));
  CHECK(ev.eligible);
  const auto& yearly = req(ev, "yearly-credits");
  REQUIRE(yearly.periods.size() == 3);
  CHECK(yearly.periods[0].value == Centi::whole(50));
  CHECK(yearly.periods[1].value == Centi::whole(52));
  CHECK(yearly.periods[2].status == eval::PeriodStatus::in_progress);
  CHECK(yearly.caps.empty());
  // 2025 instead: 8 days of 8 hours = 64 credits before the cap, 8 × 6 = 48 after it;
  // the day cap removes 2 credits on each of those days; 2 credits short.
  p.h.entries.resize(25);
  p.add_n(8, d(2025, 2, 1), Activity::other_cpd, Role::participant, "", 480);
  ev = eval::evaluate(rs, p.h, {}, d(2026, 2, 1));
  CHECK_FALSE(ev.eligible);
  const auto& short_year = req(ev, "yearly-credits");
  CHECK(short_year.periods[1].value == Centi::whole(48));
  CHECK(short_year.value == Centi::whole(48));
  CHECK(short_year.remaining == Centi::whole(2));
  REQUIRE(short_year.caps.size() == 8);
  CHECK(short_year.caps[0].period == "2025-02-01");
  CHECK(short_year.caps[0].removed == Centi::whole(2));
}

namespace {

// Verdicts (the audit's evaluation, which passes over entries of activities and roles a
// requirement rules out) against the full evaluation: the same statuses and values.
void check_same_verdicts(const std::vector<eval::RequirementResult>& full,
                         const std::vector<eval::RequirementResult>& verdicts) {
  REQUIRE(full.size() == verdicts.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    CAPTURE(full[i].id);
    CHECK(verdicts[i].id == full[i].id);
    CHECK(verdicts[i].status == full[i].status);
    CHECK(verdicts[i].value == full[i].value);
    CHECK(verdicts[i].remaining == full[i].remaining);
    check_same_verdicts(full[i].children, verdicts[i].children);
  }
}

}  // namespace

TEST_CASE("every shipped rule set gives the same verdicts and values with Explain::verdicts") {
  struct Case {
    std::string rules;
    Person p;
    Date as_of;
  };
  Person mixed = uk_candidate("bo");  // other activities and roles among the group sessions
  mixed.add_n(15, d(2021, 3, 1), Activity::group, Role::leader);
  mixed.add_n(4, d(2021, 4, 1), Activity::peer_supervision, Role::member);
  mixed.add_n(3, d(2021, 5, 1), Activity::supervision, Role::supervisor, "cy");
  mixed.add(d(2021, 6, 1), Activity::leadership_training, Role::facilitator).days = 2;
  std::vector<Case> cases{{"bbs-leader-2020", uk_candidate("dee"), d(2023, 5, 1)},
                          {"bbs-leader-2023", uk_candidate("bo"), d(2024, 5, 1)},
                          {"bbs-leader-2023", uk_candidate("dee"), d(2024, 5, 1)},
                          {"bbs-leader-2023", mixed, d(2024, 5, 1)},
                          {"bsanz-leader-2021", bsanz_candidate(), d(2025, 6, 30)},
                          {"abs-leader", abs_candidate(), d(2025, 3, 10)},
                          {"cpd-uk", mixed, d(2024, 5, 1)}};
  for (const auto& c : cases) {
    CAPTURE(c.rules);
    const auto& rs = catalogue().by_id(c.rules);
    auto full = eval::evaluate(rs, c.p.h, kAccredited, c.as_of, eval::Explain::full);
    auto verdicts = eval::evaluate(rs, c.p.h, kAccredited, c.as_of, eval::Explain::verdicts);
    CHECK(verdicts.eligible == full.eligible);
    check_same_verdicts(full.requirements, verdicts.requirements);
  }
}

namespace {

// The web dashboard's table (Explain::table) against the full evaluation: the same statuses,
// values, details and projected dates; no near misses and no entry ids.
void check_same_table(const std::vector<eval::RequirementResult>& full,
                      const std::vector<eval::RequirementResult>& table, int& listed) {
  REQUIRE(full.size() == table.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    CAPTURE(full[i].id);
    CHECK(table[i].status == full[i].status);
    CHECK(table[i].value == full[i].value);
    CHECK(table[i].remaining == full[i].remaining);
    CHECK(table[i].detail == full[i].detail);
    CHECK(table[i].projected == full[i].projected);
    CHECK(table[i].near_misses.empty());
    CHECK(table[i].entries.empty());
    listed += static_cast<int>(full[i].near_misses.size() + full[i].entries.size());
    check_same_table(full[i].children, table[i].children, listed);
  }
}

}  // namespace

TEST_CASE("Explain::table: the full evaluation's statuses, values and projections, no lists") {
  Person mixed = uk_candidate("bo");
  mixed.add_n(15, d(2021, 3, 1), Activity::group, Role::leader);
  mixed.add_n(4, d(2021, 4, 1), Activity::peer_supervision, Role::member);
  for (const auto& run :
       std::vector<std::pair<std::string, Date>>{{"bbs-leader-2023", d(2024, 5, 1)},
                                                 {"bbs-leader-2020", d(2023, 5, 1)},
                                                 {"cpd-uk", d(2024, 5, 1)}}) {
    // Not a structured binding: clang 14 cannot capture one (CAPTURE is a lambda).
    const std::string& rules = run.first;
    const Date& as_of = run.second;
    CAPTURE(rules);
    const auto& rs = catalogue().by_id(rules);
    auto full = eval::evaluate(rs, mixed.h, kAccredited, as_of, eval::Explain::full);
    auto table = eval::evaluate(rs, mixed.h, kAccredited, as_of, eval::Explain::table);
    CHECK(table.eligible == full.eligible);
    int listed = 0;
    check_same_table(full.requirements, table.requirements, listed);
    CHECK(listed > 0);  // the full evaluation did list something the table left out
  }
}
