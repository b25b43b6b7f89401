// Fuzzes rule files: the bytes are loaded as a rule file's text by rules::load_rule_text (what
// `balint rules check` and `balint progress --rules-dir` do with a file's content once
// core::read_input has read it; no file is written), and a rule set that loads is evaluated
// (eval::evaluate) for a small fixed history on several dates, including the ends of the
// range `--as-of` accepts.
//
// A file may be refused only with our own errors (core::Error: DataError with FILE:LINE:COL
// diagnostics). A file that loads must then evaluate without any exception at all: the
// loader's job is to refuse what the evaluator cannot handle.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "balint/core/error.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/rules/loader.hpp"
#include "fuzz_common.hpp"

using namespace balint;
using core::Date;
using domain::Activity;
using domain::Role;

namespace {

Date d(int y, int m, int day) { return Date::from_ymd(y, m, day); }

domain::Entry entry(std::int64_t id, Date on, Activity a, Role r, int minutes) {
  domain::Entry e;
  e.id = id;
  e.date = on;
  e.person = "ann";
  e.activity = a;
  e.role = r;
  e.minutes = minutes;
  return e;
}

// Ann: a member, then a co-leader beside an accredited leader, supervised, trained, with
// CPD of every kind; one entry voided, one after most evaluation dates.
domain::PersonHistory make_history() {
  domain::PersonHistory h;
  h.person = {"ann",
              "Ann Example",
              "ann@example.org",
              {{"psychodynamic_training", "yes"}, {"profession", "gp"}}};
  std::int64_t id = 1;
  const Date start = d(2019, 1, 10);
  for (int i = 0; i < 40; ++i) {
    auto e = entry(id++, start.add_days(i * 29), Activity::group,
                   i < 15 ? Role::member : (i % 2 ? Role::co_leader : Role::leader), 90);
    e.group = i % 3 ? "Thursday GP group" : "Monday nurses";
    e.setting = i % 4 ? "general practice" : "hospital";
    e.leader = "helen";
    if (i % 5 == 0) e.co_leader = "bo";
    e.cases = i % 3;
    e.format = i % 7 ? domain::Format::in_person : domain::Format::online;
    e.tags = i % 2 ? std::vector<std::string>{"weekend"} : std::vector<std::string>{};
    h.entries.push_back(e);
  }
  auto sup = entry(id++, d(2021, 3, 4), Activity::supervision, Role::supervisee, 60);
  sup.supervisor = "helen";
  h.entries.push_back(sup);
  auto peer = entry(id++, d(2022, 5, 6), Activity::peer_supervision, Role::member, 120);
  h.entries.push_back(peer);
  auto train = entry(id++, d(2022, 9, 17), Activity::leadership_training, Role::participant, 360);
  train.event = "Oxford weekend";
  train.days = 2;
  h.entries.push_back(train);
  auto cpd = entry(id++, d(2023, 1, 1), Activity::other_cpd, Role::participant, 1440);
  h.entries.push_back(cpd);
  auto voided = entry(id++, d(2023, 2, 2), Activity::group, Role::leader, 90);
  voided.voided = true;
  voided.void_reason = "duplicate";
  h.entries.push_back(voided);
  h.entries.push_back(entry(id++, d(2027, 6, 1), Activity::group, Role::leader, 90));
  h.memberships = {{"ann", "UK Balint Society", d(2019, 1, 1), d(2022, 12, 31)},
                   {"ann", "UK Balint Society", d(2023, 6, 1), std::nullopt}};
  h.accreditations = {{"ann", "cpd-holder", d(2020, 1, 1), ""}};
  h.enrolments = {{"ann", "bbs-leader", d(2019, 1, 1)}, {"ann", "t", d(1900, 1, 1)}};
  h.documents = {{1, "ann", "supervisor-report", d(2022, 1, 1), "", "", ""}};
  h.waivers = {
      {1, "ann", "bbs-leader-2020", "supervision", "prior learning", "helen", d(2021, 1, 1)},
      {2, "ann", "t", "a", "equivalent", "", d(2020, 1, 1)}};
  return h;
}

const domain::PersonHistory kHistory = make_history();
const domain::AccreditationIndex kAccredited(std::vector<domain::Accreditation>{
    {"helen", "bbs-leader", d(2010, 1, 1), ""},
    {"helen", "bbs-trainer", d(2015, 1, 1), ""},
    {"bo", "bbs-leader", d(2021, 6, 1), ""},
    {"ann", "cpd-holder", d(2020, 1, 1), ""}});

const std::vector<Date> kDates = {d(1900, 1, 1), d(2020, 2, 29), d(2024, 12, 31), d(2999, 12, 31)};

void check_result(const eval::RequirementResult& r) {
  fuzz::check(r.remaining.v >= 0, "negative remaining");
  if (r.status != eval::Status::not_met) fuzz::check(r.remaining.v == 0, "met with remaining");
  for (const auto& c : r.children) check_result(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  rules::RuleSet rs;
  try {
    rs = rules::load_rule_text(text, "rules.toml");
  } catch (const core::Error& e) {
    fuzz::check(e.code() == core::Exit::data,
                "a rule file refused with an exit code other than 65");
    return 0;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("load_rule_text", &e);
  }
  for (Date as_of : kDates) {
    try {
      auto ev = eval::evaluate(rs, kHistory, kAccredited, as_of);
      for (const auto& r : ev.requirements) check_result(r);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      fuzz::foreign_exception("evaluate (of a rule set that loaded)", &e);
    }
  }
  return 0;
}
