// Each anomaly found in a small hand-built history, and absent from a clean one.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "../dates.hpp"
#include "balint/audit/anomaly.hpp"

using namespace balint;
using audit::AnomalyKind;
using core::Date;
using domain::Activity;
using domain::Role;

namespace {

using balint::testing::d;

rules::FieldTest test_of(rules::Field f, std::vector<std::string> any) {
  rules::FieldTest t;
  t.field = f;
  t.any_of = std::move(any);
  return t;
}

// A rule set with a membership requirement and a supervision requirement that asks for an
// accredited supervisor (SPEC §6), like the UK society's.
rules::RuleSet society_rules() {
  rules::RuleSet rs;
  rs.id = "t-2020";
  rs.family = "t";
  rs.kind = "accreditation";
  rules::Requirement m;
  m.id = "membership";
  m.kind = rules::Kind::membership;
  m.target = "Society";
  rules::Requirement s;
  s.id = "supervision";
  s.kind = rules::Kind::measure;
  s.where = {test_of(rules::Field::activity, {"supervision"}),
             test_of(rules::Field::role, {"supervisee"})};
  rules::FieldTest acc;
  acc.field = rules::Field::supervisor_accredited;
  acc.flag = true;
  s.where.push_back(acc);
  s.at_least = core::Centi::whole(1);
  rs.requirements = {m, s};
  return rs;
}

// A rule set that asks for neither.
rules::RuleSet plain_rules() {
  rules::RuleSet rs;
  rs.id = "p";
  rs.family = "p";
  rules::Requirement q;
  q.id = "sessions";
  q.where = {test_of(rules::Field::activity, {"group"})};
  rs.requirements = {q};
  return rs;
}

struct History {
  domain::PersonHistory h;
  std::int64_t next_id = 1;
  History() {
    h.person.id = "ann";
    h.memberships.push_back({"ann", "Society", d(2020, 1, 1), std::nullopt});
  }
  // A verified 90-minute group session as a member, led by "bo".
  domain::Entry& add(Date date, Activity a = Activity::group, Role r = Role::member,
                     int minutes = 90, std::string group = "Thursday group") {
    domain::Entry e;
    e.id = next_id++;
    e.date = date;
    e.person = "ann";
    e.activity = a;
    e.role = r;
    e.minutes = minutes;
    e.group = std::move(group);
    if (a == Activity::group && r == Role::member) e.leader = "bo";
    e.verified_by = "bo";
    h.entries.push_back(e);
    return h.entries.back();
  }
};

const domain::AccreditationIndex& index() {
  static const domain::AccreditationIndex i({{"bo", "t", d(2022, 1, 1), ""}});
  return i;
}

const audit::CheckWindow kAll{{}, d(2026, 1, 1)};

std::vector<audit::Anomaly> check(const History& h, const rules::RuleSet& rs = society_rules(),
                                  const audit::CheckWindow& w = kAll) {
  return audit::find_anomalies(h.h, rs, index(), w);
}

std::vector<audit::Anomaly> of_kind(const std::vector<audit::Anomaly>& all, AnomalyKind k) {
  std::vector<audit::Anomaly> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [k](const audit::Anomaly& a) { return a.kind == k; });
  return out;
}

// Weekly sessions in 2024, each in its own group, plus supervision by an accredited leader.
History clean() {
  History h;
  for (int i = 0; i < 20; ++i)
    h.add(d(2024, 1, 1).add_days(7 * i), Activity::group, Role::member, 90,
          "group " + std::to_string(i % 3));
  auto& s = h.add(d(2024, 6, 1), Activity::supervision, Role::supervisee, 60, "");
  s.supervisor = "bo";
  h.add(d(2024, 6, 2), Activity::leadership_training, Role::participant, 720, "").days = 2;
  return h;
}

}  // namespace

TEST_CASE("reason codes are the SPEC spellings, in reporting order") {
  std::vector<std::string> codes;
  for (auto k : audit::anomaly_kinds()) codes.emplace_back(audit::to_string(k));
  CHECK(codes == std::vector<std::string>{"day-over-24h", "long-group-entry", "leader-and-member",
                                          "future-entry", "membership-lapsed",
                                          "supervisor-not-accredited", "near-duplicate", "voided",
                                          "unverified"});
}

TEST_CASE("a clean history has no anomaly of any kind") {
  CHECK(check(clean()).empty());
  CHECK(check(clean(), plain_rules()).empty());
}

TEST_CASE("day-over-24h: more than 24 hours on one day, multi-day entries spread") {
  History h = clean();
  for (int i = 0; i < 16; ++i)
    h.add(d(2024, 9, 9), Activity::group, Role::member, 90, "g" + std::to_string(i));
  CHECK(of_kind(check(h), AnomalyKind::day_over_24h).empty());  // 16 × 1.5 h is not over 24
  h.add(d(2024, 9, 9), Activity::other_cpd, Role::participant, 1, "");
  auto found = of_kind(check(h), AnomalyKind::day_over_24h);
  REQUIRE(found.size() == 1);
  CHECK(found[0].date == d(2024, 9, 9));
  CHECK(found[0].entries.size() == 17);
  CHECK(found[0].detail == "24.02 hours logged on one day");

  // A four-day intensive of 24 hours adds 6 hours to each of its days.
  History i = clean();
  i.add(d(2024, 10, 1), Activity::leadership_training, Role::participant, 1440, "").days = 4;
  i.add(d(2024, 10, 2), Activity::group, Role::member, 1080, "evening");
  CHECK(of_kind(check(i), AnomalyKind::day_over_24h).empty());
  i.add(d(2024, 10, 2), Activity::group, Role::member, 1, "late");
  found = of_kind(check(i), AnomalyKind::day_over_24h);
  REQUIRE(found.size() == 1);
  CHECK(found[0].date == d(2024, 10, 2));
  CHECK(found[0].entries == std::vector<std::int64_t>{23, 24, 25});
}

TEST_CASE("long-group-entry: one group entry over 8 hours a day") {
  History h = clean();
  h.add(d(2024, 3, 3), Activity::group, Role::member, 481, "marathon");
  h.add(d(2024, 3, 4), Activity::group, Role::member, 480, "long but fine");
  h.add(d(2024, 3, 5), Activity::leadership_training, Role::participant, 600, "");  // not a group
  h.add(d(2024, 3, 6), Activity::group, Role::member, 900, "weekend").days = 2;
  auto found = of_kind(check(h), AnomalyKind::long_group_entry);
  REQUIRE(found.size() == 1);
  CHECK(found[0].entries == std::vector<std::int64_t>{23});
  CHECK(found[0].detail == "8.02 hours in one group entry");
}

TEST_CASE("leader-and-member: both roles in one group on one day, or leading oneself") {
  History h = clean();
  h.add(d(2024, 4, 4), Activity::group, Role::co_leader, 90, "Thursday group");
  h.add(d(2024, 4, 4), Activity::group, Role::member, 90, "Thursday group");
  h.add(d(2024, 4, 4), Activity::group, Role::member, 90, "another group");  // not that group
  h.add(d(2024, 4, 5), Activity::group, Role::member, 90, "Friday group").leader = "ann";
  auto found = of_kind(check(h), AnomalyKind::leader_and_member);
  REQUIRE(found.size() == 2);
  CHECK(found[0].entries == std::vector<std::int64_t>{23, 24});
  CHECK(found[0].detail == "leader and member of 'Thursday group' on the same day");
  CHECK(found[1].entries == std::vector<std::int64_t>{26});
  CHECK(found[1].detail == "member of 'Friday group' with themselves named as its leader");
}

TEST_CASE("future-entry: dated after the evaluation date") {
  History h = clean();
  h.add(d(2026, 1, 1));  // on the date: fine
  h.add(d(2026, 1, 2));
  auto found = of_kind(check(h), AnomalyKind::future_entry);
  REQUIRE(found.size() == 1);
  CHECK(found[0].entries == std::vector<std::int64_t>{24});
  CHECK(found[0].detail == "dated after the evaluation date 2026-01-01");
}

TEST_CASE("membership-lapsed: entries between memberships, one anomaly per gap") {
  History h = clean();
  h.h.memberships = {{"ann", "Society", d(2023, 1, 1), d(2024, 3, 31)},
                     {"ann", "Society", d(2024, 7, 1), d(2024, 10, 31)},
                     {"ann", "Other body", d(2024, 4, 1), std::nullopt}};
  h.add(d(2022, 6, 1));   // before the first membership: not a lapse
  h.add(d(2024, 12, 1));  // id 24
  auto found = of_kind(check(h), AnomalyKind::membership_lapsed);
  REQUIRE(found.size() == 2);
  CHECK(found[0].date == d(2024, 4, 1));
  CHECK(found[0].detail == "no Society membership from 2024-04-01 to 2024-06-30");
  // The 7 group sessions of April and May, the supervision and the training days in June.
  CHECK(found[0].entries == std::vector<std::int64_t>{14, 15, 16, 17, 18, 19, 20, 21, 22});
  CHECK(found[1].detail == "no Society membership since 2024-11-01");
  CHECK(found[1].entries == std::vector<std::int64_t>{24});
  // A rule set that does not ask for membership does not look.
  CHECK(of_kind(check(h, plain_rules()), AnomalyKind::membership_lapsed).empty());
  // Nor does it when the membership requirement does not apply to the person.
  auto rs = society_rules();
  rs.requirements[0].when = rules::When{"member_type", "full"};
  CHECK(of_kind(check(h, rs), AnomalyKind::membership_lapsed).empty());
}

TEST_CASE("supervisor-not-accredited: where the rule set requires an accredited supervisor") {
  History h = clean();
  h.add(d(2021, 6, 1), Activity::supervision, Role::supervisee, 60, "").supervisor = "bo";
  h.add(d(2021, 7, 1), Activity::supervision, Role::supervisee, 60, "").supervisor = "bo";
  h.add(d(2024, 7, 1), Activity::supervision, Role::supervisee, 60, "").supervisor = "cy";
  h.add(d(2024, 8, 1), Activity::supervision, Role::supervisee, 60, "");
  h.add(d(2021, 8, 1), Activity::supervision, Role::supervisor, 60, "");  // not supervisee
  auto found = of_kind(check(h), AnomalyKind::supervisor_not_accredited);
  REQUIRE(found.size() == 3);
  CHECK(found[0].entries == std::vector<std::int64_t>{23, 24});
  CHECK(
      found[0].detail ==
      "2 entries supervised by 'bo' before their accreditation in t on 2022-01-01 ('supervision')");
  CHECK(found[1].detail ==
        "1 entry supervised by 'cy', who holds no accreditation in t ('supervision')");
  CHECK(found[2].detail == "1 entry names no supervisor; 'supervision' needs one accredited in t");
  CHECK(of_kind(check(h, plain_rules()), AnomalyKind::supervisor_not_accredited).empty());
}

TEST_CASE("near-duplicate: same date, activity, group and role") {
  History h = clean();
  h.add(d(2024, 2, 2), Activity::group, Role::member, 90, "dup");
  h.add(d(2024, 2, 2), Activity::group, Role::member, 90, "dup");
  h.add(d(2024, 2, 3), Activity::group, Role::member, 90, "near");
  h.add(d(2024, 2, 3), Activity::group, Role::member, 75, "near");
  h.add(d(2024, 2, 3), Activity::group, Role::co_leader, 75, "near");  // another role
  auto found = of_kind(check(h), AnomalyKind::near_duplicate);
  REQUIRE(found.size() == 2);
  CHECK(found[0].entries == std::vector<std::int64_t>{23, 24});
  CHECK(found[0].detail ==
        "2 entries with the same date, activity, group and role, identical in every column");
  CHECK(found[1].entries == std::vector<std::int64_t>{25, 26});
  CHECK(found[1].detail == "2 entries with the same date, activity, group and role");
}

TEST_CASE("voided entries are listed with their reason and take part in no other check") {
  History h = clean();
  auto& v = h.add(d(2024, 2, 2), Activity::group, Role::member, 900, "Thursday group");
  v.voided = true;
  v.void_reason = "logged twice";
  v.verified_by.clear();
  auto all = check(h);
  REQUIRE(all.size() == 1);
  CHECK(all[0].kind == AnomalyKind::voided);
  CHECK(all[0].detail == "reason: logged twice");
}

TEST_CASE("unverified: one anomaly per person, listing the entries") {
  History h = clean();
  h.h.entries[3].verified_by.clear();
  h.h.entries[5].verified_by.clear();
  auto found = of_kind(check(h), AnomalyKind::unverified);
  REQUIRE(found.size() == 1);
  CHECK(found[0].entries == std::vector<std::int64_t>{4, 6});
  CHECK(found[0].detail == "2 entries never verified");
  CHECK(found[0].date == h.h.entries[3].date);
}

TEST_CASE("only entries in the period are checked") {
  History h = clean();
  h.add(d(2023, 5, 5), Activity::group, Role::member, 600, "long");
  h.add(d(2025, 5, 5), Activity::group, Role::member, 600, "long");
  audit::CheckWindow w{{d(2024, 1, 1), d(2024, 12, 31)}, d(2024, 12, 31)};
  CHECK(check(h, society_rules(), w).empty());
  audit::CheckWindow from{{d(2025, 1, 1), std::nullopt}, d(2026, 1, 1)};
  auto found = check(h, society_rules(), from);
  REQUIRE(found.size() == 1);
  CHECK(found[0].entries == std::vector<std::int64_t>{24});
}

TEST_CASE("anomalies come sorted by date, then kind") {
  History h = clean();
  h.add(d(2024, 2, 2), Activity::group, Role::member, 600, "x").verified_by.clear();
  h.add(d(2024, 2, 2), Activity::group, Role::member, 600, "x");
  auto all = check(h);
  REQUIRE(all.size() == 4);
  CHECK(all[0].kind == AnomalyKind::long_group_entry);
  CHECK(all[1].kind == AnomalyKind::long_group_entry);
  CHECK(all[2].kind == AnomalyKind::near_duplicate);
  CHECK(all[3].kind == AnomalyKind::unverified);
}
