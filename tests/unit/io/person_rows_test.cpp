#include <doctest/doctest.h>

#include "balint/io/rows.hpp"

using namespace balint;
using io::CsvRecord;
using io::PersonRowParser;

namespace {

using Lines = std::vector<std::string>;

Lines person_header_errors(Lines header) {
  Lines out;
  PersonRowParser p("p.csv", CsvRecord{1, std::move(header)});
  for (const auto& d : p.header_errors()) out.push_back(d.str());
  return out;
}

Lines problems(const Lines& header, Lines fields, int line = 4) {
  PersonRowParser p("p.csv", CsvRecord{1, header});
  std::vector<core::Diagnostic> out;
  auto person = p.parse(CsvRecord{line, std::move(fields)}, out);
  CHECK(person.has_value() == out.empty());
  Lines lines;
  for (const auto& d : out) lines.push_back(d.str());
  return lines;
}

}  // namespace

TEST_CASE("people: header problems") {
  CHECK(person_header_errors({"id", "name"}).empty());
  CHECK(person_header_errors({"id", "name", "email", "attr:region", "attr:x.y-z_1"}).empty());
  CHECK(person_header_errors({"id", "nme"}) ==
        Lines{"p.csv:1: nme: unknown column; did you mean 'name'?",
              "p.csv:1: name: required column missing"});
  CHECK(person_header_errors({"id", "name", "phone"}) == Lines{"p.csv:1: phone: unknown column"});
  CHECK(person_header_errors({"name"}) == Lines{"p.csv:1: id: required column missing"});
  CHECK(person_header_errors({"id", "name", "id"}) == Lines{"p.csv:1: id: column appears twice"});
  CHECK(person_header_errors({"id", "name", "attr:", "attr:Region"}) ==
        Lines{"p.csv:1: attr:: not a valid attribute column (use attr:KEY, KEY of lower-case "
              "letters, digits, '.', '_' and '-')",
              "p.csv:1: attr:Region: not a valid attribute column (use attr:KEY, KEY of "
              "lower-case letters, digits, '.', '_' and '-')"});
  CHECK(person_header_errors({"id", "name", "\xFE"}) ==
        Lines{"p.csv:1: column 3: header name is not valid UTF-8"});
}

TEST_CASE("people: a good row, NFC names and attributes") {
  PersonRowParser p("p.csv", CsvRecord{1, {"attr:region", "id", " name ", "email", "attr:x"}});
  REQUIRE(p.header_errors().empty());
  std::vector<core::Diagnostic> out;
  // "Zoe" with e + combining diaeresis → precomposed ë.
  auto person = p.parse(CsvRecord{2, {"north", " zoe.p ", "Zoe\xCC\x88 P", "z@x.org", ""}}, out);
  REQUIRE(out.empty());
  REQUIRE(person);
  CHECK(person->id == "zoe.p");
  CHECK(person->name == "Zo\xC3\xAB P");
  CHECK(person->email == "z@x.org");
  CHECK(person->attrs == std::map<std::string, std::string>{{"region", "north"}});
}

TEST_CASE("people: row problems") {
  const Lines header = {"id", "name", "email", "attr:region"};
  CHECK(problems(header, {"Zoe P", "Zoe", "", ""}) ==
        Lines{"p.csv:4: id: 'Zoe P' is not a valid id (use lower-case letters, digits, '.', "
              "'_' and '-')"});
  CHECK(problems(header, {"", " ", "", ""}) ==
        Lines{"p.csv:4: id: required", "p.csv:4: name: required"});
  CHECK(problems(header, {"zoe", "Zo\xFF", "a\xC3", "\xFF"}) ==
        Lines{"p.csv:4: name: not valid UTF-8", "p.csv:4: email: not valid UTF-8",
              "p.csv:4: attr:region: not valid UTF-8"});
  // Trailing empty cells may be left out; a row with more fields than the header is refused.
  CHECK(problems(header, {"zoe", "Zoe"}, 6).empty());
  CHECK(problems(header, {"zoe"}, 6) == Lines{"p.csv:6: name: required"});
  CHECK(problems(header, {"zoe", "Zoe", "", "", "x"}, 6) ==
        Lines{"p.csv:6: row has 5 fields; the header has 4"});
}
