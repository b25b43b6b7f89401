#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "balint/core/error.hpp"
#include "balint/io/csv.hpp"

using namespace balint;
using io::CsvRecord;

namespace {

std::vector<CsvRecord> parse(std::string_view text) {
  std::vector<CsvRecord> out;
  io::parse_csv(text, "t.csv", [&](const CsvRecord& r) { out.push_back(r); });
  return out;
}

std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "no error";
}

// A file in the temp directory, removed at the end of the scope.
// A file of its own (the pid and a counter in its name): test processes run in parallel.
std::filesystem::path unique_temp(std::string_view stem) {
  static int n = 0;
  return std::filesystem::temp_directory_path() /
         (std::string(stem) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n) +
          ".csv");
}

struct TempFile {
  std::filesystem::path path;
  explicit TempFile(std::string_view content, std::string_view stem = "balint-io-csv")
      : path(unique_temp(stem)) {
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

std::vector<CsvRecord> read(const std::string& path) {
  std::vector<CsvRecord> out;
  io::read_csv(path, [&](const CsvRecord& r) { out.push_back(r); });
  return out;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("csv: quoted commas, doubled quotes, spaces kept") {
  auto recs = parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\", z \n");
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].line == 1);
  CHECK(recs[0].fields == Fields{"a", "b", "c"});
  CHECK(recs[1].line == 2);
  CHECK(recs[1].fields == Fields{"x, y", "say \"hi\"", " z "});
}

TEST_CASE("csv: empty fields and a last line without newline") {
  auto recs = parse("a,b,c\n,,\n1,\"\",3");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].fields == Fields{"", "", ""});
  CHECK(recs[2].fields == Fields{"1", "", "3"});
  CHECK(recs[2].line == 3);
}

TEST_CASE("csv: newlines inside quotes move the next record's line") {
  auto recs = parse("h1,h2\n\"one\ntwo\nthree\",x\nnext,y\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].line == 2);
  CHECK(recs[1].fields == Fields{"one\ntwo\nthree", "x"});
  CHECK(recs[2].line == 5);
  CHECK(recs[2].fields == Fields{"next", "y"});
}

TEST_CASE("csv: CRLF, CRLF inside quotes, blank lines and BOM") {
  auto recs = parse("\xEF\xBB\xBFh1,h2\r\n\r\n\"a\r\nb\",c\r\n   \r\n\r\nd,e\r\n\r\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].fields == Fields{"h1", "h2"});
  CHECK(recs[0].line == 1);
  CHECK(recs[1].line == 3);
  CHECK(recs[1].fields == Fields{"a\r\nb", "c"});
  CHECK(recs[2].line == 7);
  CHECK(recs[2].fields == Fields{"d", "e"});
}

TEST_CASE("csv: a blank line inside quotes is kept") {
  auto recs = parse("h\n\"a\n\nb\"\nz\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].fields == Fields{"a\n\nb"});
  CHECK(recs[2].line == 5);
}

TEST_CASE("csv: malformed quoting names the line where the record starts") {
  CHECK(error_of("h1,h2\nok,1\n\"open,2\nmore\n") ==
        "t.csv:3: malformed CSV quoting (a quoted field starting here is never closed; a "
        "closing '\"' is missing)");
  CHECK(error_of("h1,h2\n\"ab\"c,1\n") ==
        "t.csv:2: malformed CSV quoting (a field containing '\"' must be in quotes with each "
        "'\"' doubled, e.g. \"say \"\"hi\"\"\")");
  CHECK(error_of("h1,h2\nab\"c,1\n").rfind("t.csv:2: malformed CSV quoting", 0) == 0);
  CHECK(error_of("h\n\"a\nb\" x\n").rfind("t.csv:2: malformed CSV quoting", 0) == 0);
}

TEST_CASE("csv: records stay streaming when the callback throws") {
  int seen = 0;
  auto stop = [&](const CsvRecord&) {
    if (++seen == 2) throw core::DataError("stop");
  };
  CHECK_THROWS_AS(io::parse_csv("a\nb\nc\n", "t.csv", stop), core::DataError);
  CHECK(seen == 2);
}

TEST_CASE("csv: read_csv from a file") {
  SUBCASE("content, BOM and line numbers") {
    TempFile f(
        "\xEF\xBB\xBF"
        "date,note\r\n2025-01-01,\"a\r\nb\"\r\n\r\n2025-01-02,c");
    auto recs = read(f.path.string());
    REQUIRE(recs.size() == 3);
    CHECK(recs[0].fields == Fields{"date", "note"});
    CHECK(recs[1].fields == Fields{"2025-01-01", "a\r\nb"});
    CHECK(recs[2].line == 5);
    CHECK(recs[2].fields == Fields{"2025-01-02", "c"});
  }
  SUBCASE("lines across chunk boundaries") {
    std::string text = "n,text\n";
    std::string long_text(3'000'000, 'x');  // longer than a read chunk
    text += "1,\"" + long_text + "\n" + long_text + "\"\n";
    for (int i = 2; i < 20000; ++i) text += std::to_string(i) + ",\"q,\"\"x\"\"\"\n";
    TempFile f(text);
    auto recs = read(f.path.string());
    REQUIRE(recs.size() == 20000);
    CHECK(recs[1].fields[1] == long_text + "\n" + long_text);
    CHECK(recs[2].line == 4);
    CHECK(recs[2].fields == Fields{"2", "q,\"x\""});
    CHECK(recs.back().line == 20001);
  }
  SUBCASE("unterminated quote in a file") {
    TempFile f("a,b\n1,2\n3,\"x\n4,5\n");
    try {
      read(f.path.string());
      FAIL("expected an error");
    } catch (const core::DataError& e) {
      CHECK(e.lines().size() == 1);
      CHECK(e.lines()[0].rfind(f.path.string() + ":3: malformed CSV quoting", 0) == 0);
    }
  }
  SUBCASE("missing file") {
    std::string path = (std::filesystem::temp_directory_path() / "balint-no-such.csv").string();
    try {
      read(path);
      FAIL("expected an error");
    } catch (const core::NoInputError& e) {
      CHECK(std::string(e.what()) == path + ": cannot open: No such file or directory");
      CHECK(e.code() == core::Exit::no_input);
    }
  }
}

TEST_CASE("csv: writing") {
  CHECK(io::csv_field("plain") == "plain");
  CHECK(io::csv_field("") == "");
  CHECK(io::csv_field("a,b") == "\"a,b\"");
  CHECK(io::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(io::csv_field("a\nb") == "\"a\nb\"");
  CHECK(io::csv_field("a\rb") == "\"a\rb\"");
  CHECK(io::csv_field(" lead") == "\" lead\"");
  CHECK(io::csv_field("trail ") == "\"trail \"");
  CHECK(io::csv_field("in side") == "in side");
  std::ostringstream out;
  io::write_csv_row(out, {"a", "b,c", "", "d\"e"});
  io::write_csv_row(out, {""});
  CHECK(out.str() == "a,\"b,c\",,\"d\"\"e\"\n\"\"\n");
  auto recs = parse(out.str());
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].fields == Fields{"a", "b,c", "", "d\"e"});
  CHECK(recs[1].fields == Fields{""});
}

TEST_CASE("csv: read_csv_bytes reads an upload as read_csv reads a file") {
  // windows-1252 given as the encoding; the separator detected; line numbers and the name in
  // messages as for a file.
  const std::string bytes = "id;name\nbea;Caf\xE9\n";
  io::CsvFormat format;
  format.encoding = "windows-1252";
  std::vector<CsvRecord> got;
  io::read_csv_bytes(bytes, "up.csv", format, [&](const CsvRecord& r) { got.push_back(r); });
  REQUIRE(got.size() == 2);
  CHECK(format.separator == ';');
  CHECK(got[1].line == 2);
  CHECK(got[1].fields == std::vector<std::string>{"bea", "Caf\xC3\xA9"});
  io::CsvFormat utf8;
  try {
    io::read_csv_bytes("a,b\n\"x,y\n", "up.csv", utf8, [](const CsvRecord&) {});
    FAIL("no error");
  } catch (const core::DataError& e) {
    CHECK(e.lines().front().rfind("up.csv:2: ", 0) == 0);
  }
}
