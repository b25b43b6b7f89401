// Text fitted to a width: wrap_words and write_text's wrapping, parts and empty columns.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "balint/core/text.hpp"
#include "balint/render/table.hpp"

using namespace balint;
using render::Table;

namespace {

std::vector<std::string> table_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

int widest(const std::string& s) {
  int w = 0;
  for (const auto& l : table_lines(s)) w = std::max(w, core::display_width(l));
  return w;
}

// The words of `s`, in order.
std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string text(const Table& t, int width) {
  std::ostringstream out;
  render::write_text(out, t, width);
  return out.str();
}

}  // namespace

TEST_CASE("wrap_words keeps every word and no line is wider than asked") {
  const std::string s =
      "2 entries supervised by 'bo' before their accreditation in bbs-leader on 2025-03-01 "
      "('supervision')";
  for (int width : {16, 20, 33, 60}) {
    auto lines = render::wrap_words(s, width);
    for (const auto& l : lines) CHECK(core::display_width(l) <= width);
    CHECK(words(joined(lines)) == words(s));
  }
  CHECK(render::wrap_words(s, 0) == std::vector<std::string>{s});
  CHECK(render::wrap_words("", 10) == std::vector<std::string>{""});
}

TEST_CASE(
    "wrap_words measures display columns and breaks lists after a semicolon and keeps a number "
    "with its word") {
  // Greek: 2 bytes a letter, 1 column.
  auto greek = render::wrap_words("Δήμητρα Γεωργίου Παπαδοπούλου", 17);
  CHECK(greek == std::vector<std::string>{"Δήμητρα Γεωργίου", "Παπαδοπούλου"});
  CHECK(render::wrap_words("group-experience; leading 19 sessions; supervisor-report", 32) ==
        std::vector<std::string>{"group-experience;", "leading 19 sessions;", "supervisor-report"});
  CHECK(render::wrap_words("1.50 hours, 1.50 credits", 19) ==
        std::vector<std::string>{"1.50 hours,", "1.50 credits"});
  // A word longer than the line is the only thing cut.
  CHECK(render::wrap_words("see https://balint.co.uk/leadership-2/", 20) ==
        std::vector<std::string>{"see", "https://balint.co.uk", "/leadership-2/"});
}

TEST_CASE(
    "write_text with width 0 puts each row on one line and a wide table wraps its wrap columns") {
  Table t{{"person", "date", "detail"}, {}, {}};
  t.rows.push_back({"cai", "2024-05-05", "leader and member of 'Thursday group' on the same day"});
  t.rows.push_back({"dee", "2024-06-06", "short"});
  CHECK(table_lines(text(t, 0)).size() == 3);
  CHECK(text(t, 0) == text(t, 200));
  const std::string fitted = text(t, 40);
  CHECK(widest(fitted) <= 40);
  CHECK(words(fitted) == words(text(t, 0)));  // wrapping the last column keeps the word order
  CHECK(table_lines(fitted).size() > 3);
}

TEST_CASE("write_text narrows the also_wrap columns before the wrap column") {
  Table t{{"person", "entries", "detail"}, {}, {}};
  t.rows.push_back({"quin", "19 20 21 22 23 24 25 26 … (+2 more)",
                    "no Test Society membership since 2025-01-01"});
  t.also_wrap = {1};
  const std::string fitted = text(t, 70);
  CHECK(widest(fitted) <= 70);
  // The detail (44 columns) stays whole on its line; the entries wrap.
  CHECK(fitted.find("no Test Society membership since 2025-01-01") != std::string::npos);
}

TEST_CASE(
    "write_text too wide leaves out empty columns and then prints parts with the key column") {
  Table t{{"id", "activity", "group", "setting", "note"}, {true, false, false, false, false}, {}};
  t.rows.push_back({"1", "leadership-training", "Thursday GP group", "", ""});
  t.rows.push_back({"2", "group", "Sonntagsgruppe online", "", ""});
  const std::string no_empty = text(t, 50);
  CHECK(no_empty.find("setting") == std::string::npos);
  CHECK(no_empty.find("note") == std::string::npos);
  CHECK(widest(no_empty) <= 50);
  // Fits: nothing left out.
  CHECK(text(t, 100).find("note") != std::string::npos);

  Table wide{{"person", "a-long-column-name", "another-long-column", "a-third-long-column"},
             {},
             {{"ann", "yes", "no", "12 sessions"}, {"bob", "no", "yes", "3 sessions"}}};
  wide.wrap = -2;
  const std::string parts = text(wide, 40);
  CHECK(widest(parts) <= 40);
  int person_headers = 0;
  for (const auto& l : table_lines(parts)) person_headers += l.rfind("person", 0) == 0 ? 1 : 0;
  CHECK(person_headers >= 2);  // each part repeats the key column
  for (const char* w : {"a-long-column-name", "another-long-column", "a-third-long-column", "12"})
    CHECK(parts.find(w) != std::string::npos);
}

TEST_CASE("write_text escapes control characters before measuring and wrapping") {
  Table t{{"id", "name"}, {}, {{"zoe", "Zoe\x1b[2J\nvalid: forged\u202Eevil"}}};
  const std::string s = text(t, 24);
  CHECK(s.find('\x1b') == std::string::npos);
  CHECK(s.find("\\x1b") != std::string::npos);
  CHECK(s.find("\\u{202E}") != std::string::npos);
  CHECK(widest(s) <= 24);
}
