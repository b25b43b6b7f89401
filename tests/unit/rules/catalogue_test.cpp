// The catalogue: listing, lookup with "did you mean", and the edition picked by enrolment.
#include "../dates.hpp"
#include "balint/rules/catalogue.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "balint/core/error.hpp"

using namespace balint;
using core::Date;

namespace {

const std::string kRules = std::string(BALINT_SOURCE_DIR) + "/rules";
const std::string kData = std::string(BALINT_SOURCE_DIR) + "/tests/data/rules/";

using balint::testing::d;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("all rule sets, by family then effective date") {
  auto c = rules::Catalogue::load({kRules});
  std::vector<std::string> ids;
  for (const auto& rs : c.all()) ids.push_back(rs.id);
  CHECK(ids == std::vector<std::string>{"abs-leader", "bbs-leader-2020", "bbs-leader-2023",
                                        "bsanz-leader-2021", "cpd-uk", "dbg-leader"});
  CHECK(c.by_id("bbs-leader-2020").effective_to == d(2023, 5, 31));
  CHECK(c.by_id("cpd-uk").file == kRules + "/cpd-uk.toml");
}

TEST_CASE("unknown ids and families are usage errors with a suggestion") {
  auto c = rules::Catalogue::load({kRules});
  CHECK_THROWS_AS(c.by_id("bbs-leader-2021"), core::UsageError);
  CHECK(message_of([&] { c.by_id("cpd-ku"); }) ==
        "unknown rule set 'cpd-ku'; did you mean 'cpd-uk'?");
  CHECK(message_of([&] { c.for_family("bbs-lader", std::nullopt, d(2025, 1, 1)); }) ==
        "unknown pathway 'bbs-lader'; did you mean 'bbs-leader'?");
  CHECK(message_of([&] { c.for_family("bbs-leader", std::nullopt, d(2019, 1, 1)); }) ==
        "no edition of 'bbs-leader' is in force on 2019-01-01 (editions: bbs-leader-2020 from "
        "2020-04-01 to 2023-05-31, bbs-leader-2023 from 2023-06-01)");
}

TEST_CASE("a family given as a rule set, or a rule set as a pathway, is explained") {
  auto c = rules::Catalogue::load({kRules});
  CHECK(message_of([&] { c.by_id("bbs-leader"); }) ==
        "'bbs-leader' is a family of rule sets, not one rule set: give --rules with one of its "
        "editions (bbs-leader-2020, bbs-leader-2023), or --pathway bbs-leader for the edition "
        "that applies to the person");
  // Closer to the family than to abs-leader (which an id-only suggestion picked).
  CHECK(message_of([&] { c.by_id("bbs-leadr"); }) ==
        "unknown rule set 'bbs-leadr'; did you mean one of bbs-leader-2020, bbs-leader-2023 (the "
        "editions of bbs-leader), or --pathway bbs-leader?");
  CHECK(message_of([&] { c.by_id("bbs-leader-2032"); }) ==
        "unknown rule set 'bbs-leader-2032'; did you mean one of bbs-leader-2020, "
        "bbs-leader-2023 (the editions of bbs-leader), or --pathway bbs-leader?");
  CHECK(message_of([&] { c.by_id("zzzzzzzzzz"); }) == "unknown rule set 'zzzzzzzzzz'");
  CHECK(message_of([&] { c.for_family("bbs-leader-2020", std::nullopt, d(2025, 1, 1)); }) ==
        "'bbs-leader-2020' is a rule set, not a pathway: give --rules bbs-leader-2020, or "
        "--pathway bbs-leader (its family)");
}

TEST_CASE("the edition in force on the evaluation date, at its edges") {
  auto c = rules::Catalogue::load({kRules});
  CHECK(c.for_family("bbs-leader", std::nullopt, d(2023, 5, 31)).id == "bbs-leader-2020");
  CHECK(c.for_family("bbs-leader", std::nullopt, d(2023, 6, 1)).id == "bbs-leader-2023");
  CHECK(c.for_family("bbs-leader", std::nullopt, d(2020, 4, 1)).id == "bbs-leader-2020");
}

TEST_CASE("grandfathered versus new enrolments") {
  auto c = rules::Catalogue::load({kRules});
  const Date as_of = d(2026, 11, 23);
  // Enrolled strictly before 2023-06-01: keeps the 2020 edition.
  CHECK(c.for_family("bbs-leader", d(2023, 5, 31), as_of).id == "bbs-leader-2020");
  CHECK(c.for_family("bbs-leader", d(2021, 1, 10), as_of).id == "bbs-leader-2020");
  // Enrolled on the new edition's first day or later, or never: the current edition.
  CHECK(c.for_family("bbs-leader", d(2023, 6, 1), as_of).id == "bbs-leader-2023");
  CHECK(c.for_family("bbs-leader", std::nullopt, as_of).id == "bbs-leader-2023");
  // A family without grandfathering ignores the enrolment date.
  CHECK(c.for_family("cpd-uk", d(2001, 1, 1), as_of).id == "cpd-uk");
}

TEST_CASE("two files with one id across directories: every file named, nothing loaded") {
  std::string msg = message_of([&] { rules::Catalogue::load({kData + "dir_a", kData + "dir_b"}); });
  CHECK(msg == kData + "dir_b/cpd-again.toml:2:1: rule set id 'dup' is also defined in " + kData +
                   "dir_a/cpd-test.toml");
  CHECK_THROWS_AS(rules::Catalogue::load({kData + "dir_a", kData + "dir_b"}), core::DataError);
}

TEST_CASE("a missing rules directory is missing input") {
  CHECK_THROWS_AS(rules::Catalogue::load({kData + "no-such-dir"}), core::NoInputError);
}

TEST_CASE("supersedes must name a rule set of the same family") {
  rules::RuleSet a;
  a.id = "new";
  a.family = "x";
  a.supersedes = "old";
  CHECK_THROWS_AS(rules::Catalogue::from({a}), core::DataError);
}
