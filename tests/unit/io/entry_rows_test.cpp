#include <doctest/doctest.h>

#include <algorithm>

#include "balint/io/rows.hpp"

using namespace balint;
using io::CsvRecord;
using io::EntryRowParser;

namespace {

const std::vector<std::string> kIds = {"zoe", "anna", "bela"};

EntryRowParser parser_for(std::vector<std::string> header) {
  auto exists = [](const std::string& id) {
    return std::find(kIds.begin(), kIds.end(), id) != kIds.end();
  };
  return EntryRowParser("e.csv", CsvRecord{1, std::move(header)}, exists, kIds);
}

std::vector<std::string> header_errors(std::vector<std::string> header) {
  std::vector<std::string> out;
  auto parser = parser_for(std::move(header));
  for (const auto& d : parser.header_errors()) out.push_back(d.str());
  return out;
}

const std::vector<std::string> kHeader = {"date",  "person", "activity", "role", "minutes",
                                          "hours", "format", "cases",    "days", "tags"};

// Problems of one row under kHeader (cells: date, person, activity, role, minutes, hours,
// format, cases, days, tags).
std::vector<std::string> problems(std::vector<std::string> fields, int line = 7) {
  std::vector<core::Diagnostic> out;
  auto entry = parser_for(kHeader).parse(CsvRecord{line, std::move(fields)}, out);
  CHECK(entry.has_value() == out.empty());
  std::vector<std::string> lines;
  for (const auto& d : out) lines.push_back(d.str());
  return lines;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("entries: columns in SPEC order") {
  CHECK(io::entry_columns() == Lines{"date", "person", "activity", "role", "minutes", "hours",
                                     "group", "setting", "format", "leader", "co_leader",
                                     "supervisor", "cases", "event", "days", "tags", "verified_by",
                                     "note"});
}

TEST_CASE("entries: header problems") {
  CHECK(header_errors(kHeader).empty());
  CHECK(header_errors({" date ", "person", "activity", "role", "hours"}).empty());
  CHECK(header_errors({"date", "person", "activity", "role", "minutes", "grup"}) ==
        Lines{"e.csv:1: grup: unknown column; did you mean 'group'?"});
  CHECK(header_errors({"date", "person", "activity", "role", "minutes", "xyzzy"}) ==
        Lines{"e.csv:1: xyzzy: unknown column"});
  CHECK(header_errors({"date", "person", "activity", "minutes"}) ==
        Lines{"e.csv:1: role: required column missing"});
  CHECK(header_errors({"date", "person", "activity", "role"}) ==
        Lines{"e.csv:1: minutes: required column missing (give minutes or hours)"});
  CHECK(header_errors({"date", "person", "activity", "role", "minutes", "date"}) ==
        Lines{"e.csv:1: date: column appears twice"});
  CHECK(header_errors({"date", "person", "activity", "role", "minutes", "n\xffte", ""}) ==
        Lines{"e.csv:1: column 6: header name is not valid UTF-8",
              "e.csv:1: column 7: header name is empty"});
}

TEST_CASE("entries: a good row") {
  std::vector<core::Diagnostic> out;
  auto p = parser_for(io::entry_columns());
  CHECK(p.header_errors().empty());
  auto e = p.parse(CsvRecord{4,
                             {" 2025-03-01 ", "zoe", "group", "member", "", "1.5", "Tuesday group",
                              " Hospital ", "online", "anna", "bela", "zoe", "3", "Spring weekend",
                              "2", " a; ;b ;", "anna", "cafe\xCC\x81"}},
                   out);
  REQUIRE(out.empty());
  REQUIRE(e);
  CHECK(e->date.iso() == "2025-03-01");
  CHECK(e->person == "zoe");
  CHECK(e->activity == domain::Activity::group);
  CHECK(e->role == domain::Role::member);
  CHECK(e->minutes == 90);
  CHECK(e->group == "Tuesday group");
  CHECK(e->setting == "Hospital");
  CHECK(e->format == domain::Format::online);
  CHECK(e->leader == "anna");
  CHECK(e->co_leader == "bela");
  CHECK(e->supervisor == "zoe");
  CHECK(e->cases == 3);
  CHECK(e->event == "Spring weekend");
  CHECK(e->days == 2);
  CHECK(e->tags == Lines{"a", "b"});
  CHECK(e->verified_by == "anna");
  CHECK(e->note == "caf\xC3\xA9");  // NFC
  CHECK(e->source.kind == "import");
  CHECK(e->source.file == "e.csv");
  CHECK(e->source.line == 4);
}

TEST_CASE("entries: defaults and optional columns") {
  std::vector<core::Diagnostic> out;
  auto e = parser_for({"date", "person", "activity", "role", "minutes"})
               .parse(CsvRecord{2, {"2025-01-31", "anna", "supervision", "supervisee", "60"}}, out);
  REQUIRE(e);
  CHECK(e->minutes == 60);
  CHECK(e->format == domain::Format::in_person);
  CHECK_FALSE(e->cases);
  CHECK_FALSE(e->days);
  CHECK(e->tags.empty());
  auto cases0 = problems({"2025-01-31", "anna", "group", "member", "60", "", "", "0", "", ""});
  CHECK(cases0.empty());
}

TEST_CASE("entries: field count") {
  // Too many fields are refused; too few are the trailing empty cells left out (SPEC §8).
  CHECK(problems({"2025-01-01", "zoe", "group", "member", "60", "", "", "", "", "", "x"}, 9) ==
        Lines{"e.csv:9: row has 11 fields; the header has 10"});
  CHECK(problems({"2025-01-31", "anna", "group", "member", "60"}, 9).empty());
  CHECK(problems({"2025-01-01", "zoe"}, 9) == Lines{"e.csv:9: activity: required",
                                                    "e.csv:9: role: required",
                                                    "e.csv:9: minutes: give minutes or hours"});
}

TEST_CASE("entries: required values") {
  CHECK(problems({"", " ", "", "", "60", "", "", "", "", ""}) ==
        Lines{"e.csv:7: date: required", "e.csv:7: person: required", "e.csv:7: activity: required",
              "e.csv:7: role: required"});
}

TEST_CASE("entries: every problem of a row is reported") {
  CHECK(problems({"01/03/2025", "zoee", "grup", "lead", "1500", "", "onlin", "x", "0", ""}) ==
        Lines{"e.csv:7: date: '01/03/2025' is not a date; use YYYY-MM-DD",
              "e.csv:7: person: unknown person 'zoee'; did you mean 'zoe'?",
              "e.csv:7: activity: unknown activity 'grup'; did you mean 'group'?",
              "e.csv:7: role: unknown role 'lead'; did you mean 'leader'?",
              "e.csv:7: minutes: '1500' is not a whole number of minutes from 1 to 1440",
              "e.csv:7: format: unknown format 'onlin'; did you mean 'online'?",
              "e.csv:7: cases: 'x' is not a whole number of 0 or more",
              "e.csv:7: days: '0' is not a whole number of 1 or more"});
}

TEST_CASE("entries: unknown values without a suggestion list the choices") {
  CHECK(problems({"2025-01-01", "qqqqqq", "foo", "xyz", "60", "", "zzz", "", "", ""}) ==
        Lines{"e.csv:7: person: unknown person 'qqqqqq'",
              "e.csv:7: activity: unknown activity 'foo' (one of: group, leadership-training, "
              "supervision, peer-supervision, other-cpd)",
              "e.csv:7: role: unknown role 'xyz' (one of: member, leader, co-leader, supervisee, "
              "supervisor, participant, facilitator)",
              "e.csv:7: format: unknown format 'zzz' (one of: in-person, online)"});
}

TEST_CASE("entries: minutes and hours") {
  auto row = [](std::string m, std::string h) {
    return problems({"2025-01-01", "zoe", "group", "member", m, h, "", "", "", ""});
  };
  CHECK(row("", "") == Lines{"e.csv:7: minutes: give minutes or hours"});
  CHECK(row("60", "1") == Lines{"e.csv:7: minutes: give minutes or hours, not both"});
  CHECK(row("", "25") ==
        Lines{"e.csv:7: hours: '25' is not a number of hours above 0 and at most 24"});
  CHECK(row("0", "") ==
        Lines{"e.csv:7: minutes: '0' is not a whole number of minutes from 1 to 1440"});
  CHECK(row("", "0.25").empty());
  std::vector<core::Diagnostic> out;
  auto e = parser_for(kHeader).parse(
      CsvRecord{3, {"2025-01-01", "zoe", "group", "member", "", "2.25", "", "", "", ""}}, out);
  REQUIRE(e);
  CHECK(e->minutes == 135);
}

TEST_CASE("entries: other people columns must exist") {
  std::vector<core::Diagnostic> out;
  auto p = parser_for({"date", "person", "activity", "role", "minutes", "leader", "co_leader",
                       "supervisor", "verified_by"});
  auto e = p.parse(
      CsvRecord{5, {"2025-01-01", "zoe", "group", "member", "60", "x", "anan", "", "belaa"}}, out);
  CHECK_FALSE(e);
  Lines lines;
  for (const auto& d : out) lines.push_back(d.str());
  CHECK(lines == Lines{"e.csv:5: leader: unknown person 'x'",
                       "e.csv:5: co_leader: unknown person 'anan'; did you mean 'anna'?",
                       "e.csv:5: verified_by: unknown person 'belaa'; did you mean 'bela'?"});
}

TEST_CASE("entries: invalid UTF-8 is reported once per field") {
  std::vector<core::Diagnostic> out;
  auto p = parser_for({"date", "person", "activity", "role", "minutes", "note", "tags"});
  auto e =
      p.parse(CsvRecord{2, {"2025-01-01", "zoe", "group", "member", "60", "bad\xC3", "\xFF"}}, out);
  CHECK_FALSE(e);
  Lines lines;
  for (const auto& d : out) lines.push_back(d.str());
  CHECK(lines == Lines{"e.csv:2: tags: not valid UTF-8", "e.csv:2: note: not valid UTF-8"});
  CHECK(problems({"2025-01-01", "zoe", "group", "member", "\xFF", "", "", "", "", ""}) ==
        Lines{"e.csv:7: minutes: not valid UTF-8"});
}
