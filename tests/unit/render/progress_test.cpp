// The progress renderers: words and units, aligned UTF-8 columns, the verdict, and the SPEC §7 JSON
// shape (integers for counts, decimals for hours, optional keys only when they apply).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "../dates.hpp"
#include "balint/core/text.hpp"
#include "balint/render/progress.hpp"
#include "balint/render/progress_words.hpp"

using namespace balint;
using core::Centi;
using core::Date;
using report::RequirementView;
using report::Unit;

namespace {

using balint::testing::d;

RequirementView measure(const std::string& id, const std::string& title, Unit unit, Centi value,
                        Centi at_least, eval::Status status) {
  RequirementView v;
  v.unit = unit;
  v.result.id = id;
  v.result.title = title;
  v.result.kind = rules::Kind::measure;
  v.result.measure = unit == Unit::hours ? "hours" : "sessions";
  v.result.value = value;
  v.result.at_least = at_least;
  v.result.status = status;
  if (status == eval::Status::not_met) {
    v.result.remaining = at_least - value;
    v.still_needed = at_least - value;
  }
  return v;
}

report::ProgressReport sample() {
  report::ProgressReport r;
  r.person_id = "zoe";
  r.person_name = "Ζωή Παπαδοπούλου";
  r.ruleset_id = "bbs-leader-2020";
  r.family = "bbs-leader";
  r.title = "Accreditation";
  r.edition = "April 2020 guidelines";
  r.body = "The Balint Society (UK)";
  r.as_of = d(2025, 6, 30);
  auto co = measure("co-leading", "Co-leading", Unit::sessions, Centi::whole(14), Centi::whole(20),
                    eval::Status::not_met);
  co.has_pace = true;
  co.result.projected = d(2026, 3, 1);
  co.result.entries = {101, 102};
  co.miss_groups = {{"leader 'bo' not accredited on that date", 3}};
  auto hours = measure("hours", "Ώρες ομάδας", Unit::hours, Centi{1250}, Centi::whole(20),
                       eval::Status::met);
  hours.result.essential = false;
  auto sup = measure("supervision", "Supervision", Unit::sessions, Centi{}, Centi::whole(1),
                     eval::Status::waived);
  sup.still_needed.reset();
  sup.result.waiver_reason = "prior learning";
  sup.result.waived_by = "helen";
  sup.result.waived_on = d(2025, 1, 5);
  r.requirements = {co, hours, sup};
  r.unmet = {{"co-leading", "Co-leading"}};
  return r;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The display column where `needle` starts in `line`.
int column_of(const std::string& line, const std::string& needle) {
  auto pos = line.find(needle);
  REQUIRE(pos != std::string::npos);
  return core::display_width(line.substr(0, pos));
}

}  // namespace

TEST_CASE("units and amounts") {
  CHECK(render::unit_word(Unit::sessions, "", Centi::whole(1)) == "session");
  CHECK(render::unit_word(Unit::distinct, "co_leader", Centi::whole(2)) == "co-leaders");
  CHECK(render::quantity(Unit::hours, "", Centi{750}) == "7.5 hours");
  auto r = sample();
  CHECK(render::amount_text(r.requirements[0]) == "14 / 20 sessions");
  CHECK(render::needed_text(r.requirements[0]) == "still needed: 6 sessions");
  CHECK(render::amount_text(r.requirements[1]) == "12.5 / 20 hours");
  CHECK(render::needed_text(r.requirements[1]).empty());
  CHECK(render::amount_text(r.requirements[2]) == "waived");
  CHECK(render::status_mark(eval::Status::not_applicable) == "–");
}

TEST_CASE("a per requirement shows its threshold and its periods") {
  auto v = measure("yearly", "Yearly", Unit::sessions, Centi::whole(2), Centi::whole(4),
                   eval::Status::not_met);
  v.result.per = "year";
  v.result.periods = {{"2024", Centi::whole(2), eval::PeriodStatus::not_met, {}},
                      {"2025", Centi::whole(1), eval::PeriodStatus::in_progress, {}}};
  CHECK(render::amount_text(v) == "4 sessions a year");
  auto lines = render::detail_lines(v, true);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "years: 2024 ✗ 2  2025 1 so far");
}

TEST_CASE("details: projection, waiver, near misses") {
  auto r = sample();
  auto co = render::detail_lines(r.requirements[0], true);
  REQUIRE(co.size() == 2);
  CHECK(co[0] == "at your pace of the last 12 months: met by 2026-03-01");
  CHECK(co[1] == "3 sessions did not count: leader 'bo' not accredited on that date");
  CHECK(render::detail_lines(r.requirements[0], false).size() == 1);
  auto sup = render::detail_lines(r.requirements[2], true);
  REQUIRE(sup.size() == 1);
  CHECK(sup[0] == "waived: prior learning (granted by helen on 2025-01-05)");
}

TEST_CASE("verdict lines: the text names unmet requirements by id, the PDF by title") {
  using report::UnmetNames;
  auto r = sample();
  CHECK(report::verdict_text(r, UnmetNames::ids) ==
        "Not yet eligible: 1 essential requirement still unmet: co-leading.");
  r.unmet.push_back({"supervision", "Supervision"});
  CHECK(report::verdict_text(r, UnmetNames::ids) ==
        "Not yet eligible: 2 essential requirements still unmet: co-leading, supervision.");
  CHECK(report::verdict_text(r, UnmetNames::titles) ==
        "Not yet eligible: 2 essential requirements still unmet: Co-leading; Supervision.");
  r.eligible = true;
  CHECK(report::verdict_text(r, UnmetNames::ids) ==
        "Eligible: every essential requirement is met.");
  CHECK(report::verdict_text(r, UnmetNames::titles) ==
        "Eligible: every essential requirement is met.");
}

TEST_CASE("text: header, aligned columns in display width, verdict last") {
  std::ostringstream out;
  render::write_progress_text(out, sample(), false);
  auto lines = lines_of(out.str());
  CHECK(lines[0] == "Person:    Ζωή Παπαδοπούλου (zoe)");
  std::vector<std::string> rows;
  for (const auto& l : lines)
    if (l.rfind("✓ ", 0) == 0 || l.rfind("✗ ", 0) == 0) rows.push_back(l);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].find("hours (desirable)") != std::string::npos);
  CHECK(column_of(rows[0], "14 / 20") == column_of(rows[1], "12.5 / 20"));
  CHECK(column_of(rows[0], "Co-leading") == column_of(rows[1], "Ώρες ομάδας"));
  CHECK(column_of(rows[0], "Co-leading") == column_of(rows[2], "Supervision"));
  CHECK(lines.back() == "Not yet eligible: 1 essential requirement still unmet: co-leading.");
}

TEST_CASE("explain lists the entries that counted") {
  auto r = sample();
  r.requirements[0].counted = {{101, d(2025, 1, 2), 90, domain::Activity::group,
                                domain::Role::co_leader, "Tuesday", "", ""}};
  std::ostringstream out;
  render::write_progress_text(out, r, true);
  CHECK(out.str().find("    counted:\n      #101  2025-01-02  1.50 h  group, "
                       "co-leader  Tuesday\n") != std::string::npos);
}

TEST_CASE("JSON: SPEC §7 keys, integer counts, decimal hours, optional keys") {
  std::ostringstream out;
  render::write_progress_json(out, sample());
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["person"]["name"] == "Ζωή Παπαδοπούλου");
  CHECK(j["ruleset"]["id"] == "bbs-leader-2020");
  CHECK(j["as_of"] == "2025-06-30");
  CHECK(j["eligible"] == false);
  const auto& co = j["requirements"][0];
  CHECK(co["status"] == "not-met");
  CHECK(co["value"].is_number_integer());
  CHECK(co["value"] == 14);
  CHECK(co["remaining"] == 6);
  CHECK(co["entries"] == nlohmann::json::array({101, 102}));
  CHECK(co["projected"] == "2026-03-01");
  CHECK_FALSE(co.contains("essential"));
  CHECK_FALSE(co.contains("waiver"));
  const auto& hours = j["requirements"][1];
  CHECK(hours["essential"] == false);
  CHECK(hours["value"].is_number_float());
  CHECK(hours["value"].get<double>() == doctest::Approx(12.5));
  const auto& sup = j["requirements"][2];
  CHECK(sup["status"] == "waived");
  CHECK(sup["waiver"] ==
        nlohmann::json{{"reason", "prior learning"}, {"by", "helen"}, {"on", "2025-01-05"}});
  CHECK(out.str().find("\"person\"") < out.str().find("\"requirements\""));  // SPEC order
}

namespace {

// A German rule set with an any_of met by its first part, a share of 20/41 and a units measure
// counted before the enrolment.
report::ProgressReport german() {
  auto r = sample();
  r.title = "Anerkennung als Balintgruppenleiter";
  r.title_en = "Recognition as a Balint group leader";
  RequirementView either;
  either.result.id = "either";
  either.result.title = "Gruppenerfahrung";
  either.result.title_en = "Group experience";
  either.result.kind = rules::Kind::any_of;
  either.result.status = eval::Status::met;
  auto a = measure("a", "A", Unit::sessions, Centi::whole(8), Centi::whole(8), eval::Status::met);
  auto b =
      measure("b", "B", Unit::sessions, Centi::whole(8), Centi::whole(20), eval::Status::not_met);
  b.still_needed.reset();  // as report::build_progress leaves a part that is not needed
  b.not_needed = true;
  a.depth = b.depth = 1;
  either.children = {a, b};
  auto share =
      measure("f2f", "In person", Unit::sessions, Centi{49}, Centi{50}, eval::Status::not_met);
  share.result.share = true;
  share.result.fraction = core::Fraction{20, 41};
  share.result.remaining = Centi{1};
  share.still_needed = Centi{1};
  auto units = measure("before", "5a) 35 Doppelstunden", Unit::units, Centi::whole(34),
                       Centi::whole(35), eval::Status::not_met);
  units.result.measure = "units";
  units.result.unit_minutes = 90;
  units.result.before = "enrolment";
  units.result.before_on = d(2022, 1, 10);
  units.still_needed.reset();
  r.requirements = {either, share, units};
  return r;
}

}  // namespace

TEST_CASE("text: a part of a met any_of is not needed, shares rounded, units and anchors") {
  auto r = german();
  const auto& b = r.requirements[0].children[1];
  CHECK(render::view_mark(b) == "○");
  CHECK(render::needed_text(b) == "not needed");
  CHECK(render::amount_text(r.requirements[1]) == "49% / 50% of sessions");
  CHECK(render::needed_text(r.requirements[1]) == "still needed: 1% more");
  CHECK(render::amount_text(r.requirements[2]) ==
        "34 / 35 units of 90 min before enrolment (2022-01-10)");
  std::ostringstream out;
  render::write_progress_text(out, r, false);
  const std::string text = out.str();
  CHECK(text.find("Rule set:  Anerkennung als Balintgruppenleiter — Recognition as a Balint "
                  "group leader\n") != std::string::npos);
  CHECK(text.find("○ b ") != std::string::npos);
  CHECK(text.find("✗ b ") == std::string::npos);
  CHECK(text.find("Gruppenerfahrung — Group experience") != std::string::npos);
  // A share with only an upper limit.
  auto& f2f = r.requirements[1].result;
  f2f.at_least.reset();
  f2f.at_most = Centi{50};
  f2f.value = Centi{13};
  CHECK(render::amount_text(r.requirements[1]) == "13% of sessions (at most 50%)");
}

TEST_CASE("JSON: a share's exact value, not needed parts, English titles, units and anchors") {
  std::ostringstream out;
  render::write_progress_json(out, german());
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["ruleset"]["title_en"] == "Recognition as a Balint group leader");
  const auto& either = j["requirements"][0];
  CHECK(either["title_en"] == "Group experience");
  CHECK_FALSE(either["children"][0].contains("needed"));
  CHECK(either["children"][1]["needed"] == false);
  CHECK(either["children"][1]["status"] == "not-met");
  const auto& share = j["requirements"][1];
  CHECK(share["value"].get<double>() == doctest::Approx(20.0 / 41.0).epsilon(1e-12));
  CHECK(share["remaining"].get<double>() == doctest::Approx(0.5 - 20.0 / 41.0).epsilon(1e-12));
  const auto& units = j["requirements"][2];
  CHECK(units["unit_minutes"] == 90);
  CHECK(units["before"] == nlohmann::json{{"record", "enrolment"}, {"on", "2022-01-10"}});
  CHECK_FALSE(units.contains("after"));
}
