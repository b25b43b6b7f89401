// The web templates' check (serve refuses to start on these; mstch renders them silently).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "check.hpp"

using namespace balint::web;

namespace {
const std::map<std::string, std::string> kKnown = {{"entry_row", "<tr></tr>"}};

std::vector<std::string> problems(const std::string& text) {
  return template_problems("t.mustache", text, kKnown);
}
}  // namespace

TEST_CASE("well-formed Mustache has no problem") {
  CHECK(problems("").empty());
  CHECK(problems("<p>{{name}} {{{raw}}} {{&also}} {{! a comment }}</p>").empty());
  CHECK(problems("{{#a}}{{^b}}x{{/b}}{{/a}} {{#t}}Text{{/t}}").empty());
  CHECK(problems("{{> entry_row}}{{>entry_row}}").empty());
  CHECK(problems("{{# spaced }}x{{/ spaced }}").empty());
}

TEST_CASE("each mistake is named with its line") {
  CHECK(problems("a\n{{#rows}}\nx\n") ==
        std::vector<std::string>{"t.mustache:2: the section 'rows' is never closed"});
  CHECK(problems("{{/rows}}") ==
        std::vector<std::string>{"t.mustache:1: '{{/rows}}' closes a section that was never opened"});
  CHECK(problems("{{#a}}\n{{/b}}") ==
        std::vector<std::string>{"t.mustache:2: '{{/b}}' closes the section 'a' opened on line 1"});
  CHECK(problems("x\n\n{{name") ==
        std::vector<std::string>{"t.mustache:3: a tag opened with '{{' is never closed with '}}'"});
  CHECK(problems("{{{raw}}") ==
        std::vector<std::string>{"t.mustache:1: a tag opened with '{{{' is never closed with '}}}'"});
  CHECK(problems("{{> missing}}") ==
        std::vector<std::string>{"t.mustache:1: the partial 'missing' is not a template"});
  CHECK(problems("{{=<% %>=}}") ==
        std::vector<std::string>{"t.mustache:1: changing the delimiters is not supported here"});
  CHECK(problems("{{#a}}{{#b}}").size() == 2);
}

TEST_CASE("the project's own templates pass, and every required one is there") {
  std::map<std::string, std::string> all;
  for (const auto& f : std::filesystem::directory_iterator(std::string(BALINT_SOURCE_DIR) + "/templates/web")) {
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    auto ext = f.path().extension();
    all[f.path().stem().string() + (ext == ".css" ? ".css" : "")] = text.str();
  }
  CHECK(templates_problems(all).empty());
  all.erase("login");
  CHECK(templates_problems(all) == std::vector<std::string>{"web/login.mustache is missing"});
}
