// Rule file loading: every problem reported at its place; the shipped rule sets load cleanly.
#include "balint/rules/loader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/core/input.hpp"

using namespace balint;

// Diagnostics one per line, so that a failed check shows them all.
std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

namespace {

const std::string kDataDir = std::string(BALINT_SOURCE_DIR) + "/tests/data/rules/";
const std::string kRulesDir = std::string(BALINT_SOURCE_DIR) + "/rules/";

std::vector<std::string> lines_of(const std::vector<core::Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(d.str());
  return out;
}

std::vector<std::string> check(const std::string& file) {
  return lines_of(rules::check_rule_files({kDataDir + file}));
}

}  // namespace

TEST_CASE("a file with five different mistakes reports all five, each at its line and column") {
  const std::string f = kDataDir + "five_mistakes.toml";
  const std::vector<std::string> expected{
      f + ":7:18: 'effective_from' must be a TOML date written without quotes, e.g. "
          "effective_from = 2020-04-01",
      f + ":12:1: unknown key 'esential' in requirement 'sessions'; did you mean 'essential'?",
      f + ":14:31: unknown field 'rol' in 'where'; did you mean 'role'?",
      f + ":21:12: 'at_least' must be a number, not a string",
      f + ":26:23: requirement 'either' names 'hour' in any_of, which is not defined; "
          "did you mean 'hours'?",
  };
  CHECK(joined(check("five_mistakes.toml")) == joined(expected));
  try {
    rules::load_rule_file(f);
    FAIL("no error thrown");
  } catch (const core::DataError& e) {
    CHECK(e.code() == core::Exit::data);
    CHECK(joined(e.lines()) == joined(expected));
  }
}

TEST_CASE("kinds, vocabulary, duplicates and misplaced keys are all reported") {
  const std::string f = kDataDir + "kinds.toml";
  const std::vector<std::string> expected{
      f + ":4:8: unknown kind \"acreditation\"; it is accreditation or cpd; did you mean "
          "'accreditation'?",
      f + ":8:1: requirement 'none' needs exactly one of measure, membership, document, "
          "accreditation, all_of or any_of",
      f + ":16:1: requirement 'two' has both 'membership' and 'document'; give exactly one of "
          "measure, membership, document, accreditation, all_of or any_of",
      f + ":19:6: duplicate requirement id 'two' (first defined on line 12)",
      f + ":26:11: unknown measure \"sesions\"; did you mean 'sessions'?",
      f + ":27:29: unknown role 'leeder'; did you mean 'leader'?",
      f + ":27:50: 'minutes' takes { at_least = N, at_most = M }, not an integer",
      f + ":27:74: 'leader_accredited' must be true or false, not a string",
      f + ":28:1: 'held_for' only applies to an accreditation or document requirement",
      f + ":29:12: 'at_least': sessions are counted in whole numbers",
  };
  CHECK(joined(check("kinds.toml")) == joined(expected));
}

TEST_CASE("misplaced tables, bad dates, spans and empty lists are all reported") {
  const std::string f = kDataDir + "misplaced.toml";
  const std::vector<std::string> expected{
      f + ":7:16: 'effective_to' is before 'effective_from'",
      f + ":8:1: 'grandfather = true' needs 'supersedes' (the edition grandfathered people keep)",
      f + ":10:3: unknown key 'requirment' in the file; did you mean 'requirement'?",
      f + ":13:3: [[credit]] rates belong in a cpd rule set",
      f + ":19:11: measure \"credits\" needs a cpd rule set with [[credit]] rates",
      f + ":20:22: unknown activity 'grop'; did you mean 'group'?",
      f + ":20:36: 'tag' is an empty list",
      f + ":21:10: 'within' must be a span such as \"5y\", \"18m\", \"6w\" or \"30d\", not "
          "\"5 years\"",
  };
  CHECK(joined(check("misplaced.toml")) == joined(expected));
}

TEST_CASE("a cycle in all_of/any_of is reported where it closes") {
  const std::string f = kDataDir + "cycle.toml";
  CHECK(check("cycle.toml") ==
        std::vector<std::string>{f + ":16:16: requirement 'a' is part of itself: a → b → a"});
}

TEST_CASE("a TOML syntax error is reported with its line and column") {
  auto lines = check("syntax_error.toml");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind(kDataDir + "syntax_error.toml:3:9: TOML syntax: ", 0) == 0);
}

TEST_CASE("two files with one rule set id: an error naming both files") {
  auto lines =
      lines_of(rules::check_rule_files({kDataDir + "dup_a.toml", kDataDir + "dup_b.toml"}));
  CHECK(lines == std::vector<std::string>{kDataDir +
                                          "dup_b.toml:2:1: rule set id 'dup' is also "
                                          "defined in " +
                                          kDataDir + "dup_a.toml"});
}

TEST_CASE("a missing file: NoInputError from load, a diagnostic from check") {
  CHECK_THROWS_AS(rules::load_rule_file(kDataDir + "absent.toml"), core::NoInputError);
  CHECK(check("absent.toml") ==
        std::vector<std::string>{kDataDir + "absent.toml: no such rule file"});
}

TEST_CASE("before/after anchors and units: every mistake reported at its place") {
  const std::string f = kDataDir + "anchors.toml";
  const std::vector<std::string> expected{
      f + ":12:10: 'before' is \"enrolment\", \"document:TYPE\" or \"accreditation:FAMILY\", "
          "not \"enrollment\"; did you mean 'enrolment'?",
      f + ":18:1: measure \"units\" needs 'unit_minutes', e.g. 90",
      f + ":25:1: 'unit_minutes' only applies to measure \"units\"",
      f + ":32:16: 'unit_minutes' is from 1 to 1440, not 0",
      f + ":34:1: 'before' and 'after' both name document:report: no entry can be both",
      f + ":42:1: 'after' only applies to a measure requirement",
  };
  CHECK(joined(check("anchors.toml")) == joined(expected));
}

TEST_CASE("the six shipped rule sets load cleanly and cite their source") {
  const std::vector<std::string> files{"bbs-leader-2020", "bbs-leader-2023", "bsanz-leader-2021",
                                       "abs-leader",      "cpd-uk",          "dbg-leader"};
  std::vector<std::string> paths;
  for (const auto& id : files) paths.push_back(kRulesDir + id + ".toml");
  CHECK(lines_of(rules::check_rule_files(paths)).empty());
  for (const auto& id : files) {
    CAPTURE(id);
    auto rs = rules::load_rule_file(kRulesDir + id + ".toml");
    CHECK(rs.id == id);
    CHECK(rs.source.rfind("http", 0) == 0);  // some pages are stored under http://
    CHECK(!rs.requirements.empty());
  }
}

TEST_CASE("the loader types every piece of the vocabulary") {
  auto rs = rules::load_rule_file(kRulesDir + "bsanz-leader-2021.toml");
  CHECK(rs.kind == "accreditation");
  CHECK(rs.effective_from == core::Date::from_ymd(2021, 6, 1));
  CHECK(!rs.effective_to);
  CHECK(rs.accredited_families == std::vector<std::string>{"bsanz-leader", "bsanz-leader-trainer"});
  const auto* sup = rs.find("supervision");
  REQUIRE(sup);
  CHECK(sup->per == rules::Per::year);
  CHECK(sup->at_least == core::Centi::whole(10));
  CHECK(sup->accredited_families == std::vector<std::string>{"bsanz-leader-trainer"});
  REQUIRE(sup->where.size() == 3);
  CHECK(sup->where[2].field == rules::Field::supervisor_accredited);
  CHECK(rs.find("leading-cases")->after->kind == rules::Anchor::Kind::enrolment);
  CHECK_FALSE(rs.find("leading-cases")->before);
  CHECK_FALSE(rs.find("ongoing-group")->essential);
  const auto* two = rs.find("two-intensives");
  REQUIRE(two);
  CHECK(!two->top_level);
  CHECK(two->where[1].range.at_least == 4);
  CHECK(two->where_not[0].any_of == std::vector<std::string>{"international-workshop"});
  CHECK(rs.find("intensives")->children ==
        std::vector<std::string>{"two-intensives", "intensive-and-workshop"});
  auto cpd = rules::load_rule_file(kRulesDir + "cpd-uk.toml");
  REQUIRE(cpd.credits.size() == 1);
  CHECK(cpd.credits[0].per_hour == core::Centi::whole(1));
  CHECK(cpd.credits[0].cap_per_day == core::Centi::whole(6));
  CHECK(!cpd.credits[0].cap_per_year);
  auto grand = rules::load_rule_file(kRulesDir + "bbs-leader-2023.toml");
  CHECK(grand.supersedes == "bbs-leader-2020");
  CHECK(grand.grandfather);
  auto abs = rules::load_rule_file(kRulesDir + "abs-leader.toml");
  CHECK(abs.find("monthly-leading")->within->str() == "24m");
  CHECK(abs.find("monthly-leading")->per == rules::Per::month);
  CHECK(abs.find("first-intensive")->before->str() == "enrolment");
  auto dbg = rules::load_rule_file(kRulesDir + "dbg-leader.toml");
  CHECK(dbg.title_en == "Recognition as a Balint group leader (physicians)");
  CHECK(dbg.title == "Anerkennung als Balintgruppenleiter (Ärztinnen und Ärzte)");
  // title_de/title_el for the web pages, falling back to `title` (the file's own language).
  CHECK(dbg.title_in("de") == dbg.title);
  CHECK(dbg.title_in("el") == "Αναγνώριση ως συντονιστή ομάδων Balint (ιατροί)");
  CHECK(dbg.title_in("en") == dbg.title);
  CHECK(abs.title_in("de") == "Zertifizierung von Balint-Gruppenleiterinnen und -leitern");
  CHECK(abs.find("membership")->title_in("el") ==
        "Μέλος της American Balint Society καθ' όλη τη διάρκεια");
  CHECK(abs.find("membership")->title_in("fr") == abs.find("membership")->title);
  const auto* after = dbg.find("group-work-after");
  REQUIRE(after);
  CHECK(after->measure.kind == rules::MeasureKind::units);
  CHECK(after->measure.unit_minutes == 90);
  CHECK(after->measure.name() == "units");
  CHECK(after->after->kind == rules::Anchor::Kind::document);
  CHECK(after->after->target == "psychotherapy-qualification");
  CHECK(after->title_en.rfind("5b) ", 0) == 0);
  const auto* share = dbg.find("group-work-conferences");
  REQUIRE(share);
  CHECK(share->share_of);
  CHECK(share->at_most == core::Centi{50});
  CHECK_FALSE(share->at_least);
  CHECK(dbg.find("clinical-experience")->held_for->str() == "3y");
}

TEST_CASE("a test on activity, role or format carries its words as bits, and matches by them") {
  auto rs = rules::load_rule_file(kRulesDir + "bbs-leader-2023.toml");
  const auto* leading = rs.find("leading");  // activity = "group", role = ["leader", "co-leader"]
  REQUIRE(leading);
  REQUIRE(leading->where.size() == 2);
  const auto& activity = leading->where[0];
  const auto& role = leading->where[1];
  REQUIRE(activity.field == rules::Field::activity);
  REQUIRE(role.field == rules::Field::role);
  CHECK(activity.words == 1U << static_cast<unsigned>(domain::Activity::group));
  CHECK(role.words == ((1U << static_cast<unsigned>(domain::Role::leader)) |
                       (1U << static_cast<unsigned>(domain::Role::co_leader))));
  domain::Entry e;
  e.activity = domain::Activity::group;
  e.role = domain::Role::co_leader;
  CHECK(rules::word_listed(activity, e));
  CHECK(rules::word_listed(role, e));
  e.role = domain::Role::member;
  CHECK_FALSE(rules::word_listed(role, e));
  e.activity = domain::Activity::supervision;
  CHECK_FALSE(rules::word_listed(activity, e));
  // A test on a field of free text (here tags) compares text: no words.
  auto bsanz = rules::load_rule_file(kRulesDir + "bsanz-leader-2021.toml");
  const auto* two = bsanz.find("two-intensives");
  REQUIRE(two);
  REQUIRE(two->where_not.size() == 1);
  CHECK(two->where_not[0].field == rules::Field::tag);
  CHECK(two->where_not[0].words == 0);
}

TEST_CASE("load_rule_text loads text as load_rule_file loads a file, under the name given") {
  const std::string cpd = core::read_input(kRulesDir + "cpd-uk.toml", core::kRuleInput);
  auto from_text = rules::load_rule_text(cpd, "in-memory.toml");
  auto from_file = rules::load_rule_file(kRulesDir + "cpd-uk.toml");
  CHECK(from_text.file == "in-memory.toml");
  CHECK(from_text.id == from_file.id);
  CHECK(from_text.kind == from_file.kind);
  REQUIRE(from_text.requirements.size() == from_file.requirements.size());
  for (std::size_t i = 0; i < from_file.requirements.size(); ++i)
    CHECK(from_text.requirements[i].id == from_file.requirements[i].id);
  CHECK(from_text.credits.size() == from_file.credits.size());

  // The same diagnostics, each naming the text by the name given.
  const std::string bad = core::read_input(kDataDir + "five_mistakes.toml", core::kRuleInput);
  std::vector<std::string> want;
  for (auto line : check("five_mistakes.toml"))
    want.push_back("mem.toml" + line.substr((kDataDir + "five_mistakes.toml").size()));
  REQUIRE(want.size() == 5);
  try {
    rules::load_rule_text(bad, "mem.toml");
    FAIL("no error thrown");
  } catch (const core::DataError& e) {
    CHECK(joined(e.lines()) == joined(want));
  }
  CHECK_THROWS_AS(rules::load_rule_text("[ruleset", "syntax.toml"), core::DataError);
}
