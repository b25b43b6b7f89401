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
  CHECK(
      problems("{{/rows}}") ==
      std::vector<std::string>{"t.mustache:1: '{{/rows}}' closes a section that was never opened"});
  CHECK(problems("{{#a}}\n{{/b}}") ==
        std::vector<std::string>{"t.mustache:2: '{{/b}}' closes the section 'a' opened on line 1"});
  CHECK(problems("x\n\n{{name") ==
        std::vector<std::string>{"t.mustache:3: a tag opened with '{{' is never closed with '}}'"});
  CHECK(
      problems("{{{raw}}") ==
      std::vector<std::string>{"t.mustache:1: a tag opened with '{{{' is never closed with '}}}'"});
  CHECK(problems("{{> missing}}") ==
        std::vector<std::string>{"t.mustache:1: the partial 'missing' is not a template"});
  CHECK(problems("{{=<% %>=}}") ==
        std::vector<std::string>{"t.mustache:1: changing the delimiters is not supported here"});
  CHECK(problems("{{#a}}{{#b}}").size() == 2);
}

TEST_CASE("the project's own templates pass, and every required one is there") {
  std::map<std::string, std::string> all;
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(BALINT_SOURCE_DIR) + "/templates/web")) {
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    auto ext = f.path().extension();
    all[f.path().stem().string() + (ext == ".css" ? ".css" : "")] = text.str();
  }
  CHECK(templates_problems(all).empty());
  // Each language's translation of them (the catalogues this build compiled) passes too, and
  // is a translation: the German dashboard is not the English one.
  const Languages languages(locale_dirs());
  REQUIRE(languages.missing().empty());
  const auto by_language = templates_by_language(all, languages);
  CHECK(by_language.size() == 3);
  CHECK(translations_problems(by_language).empty());
  CHECK(by_language.at("de").pages.at("dashboard") != by_language.at("en").pages.at("dashboard"));
  CHECK(by_language.at("el").pages.at("log").find("{{#t}}") == std::string::npos);
  CHECK(by_language.at("de").partials.count("log_fields") == 1);
  all.erase("login");
  CHECK(templates_problems(all) == std::vector<std::string>{"web/login.mustache is missing"});
}

TEST_CASE("a translation that brings a tag in or leaves one out is named with its language") {
  std::map<std::string, Templates> by_language;
  by_language["en"].pages = {{"a", "<p>Hello {{name}}, {{n}} of {{m}}</p>"}};
  by_language["de"].pages = {{"a", "<p>{{m}}: {{n}}, hallo {{name}}</p>"}};  // reordered: fine
  by_language["el"].pages = {{"a", "<p>Γεια {{nam}} {{#x}}, {{n}} {{m}}</p>"}};
  CHECK(translations_problems(by_language) ==
        std::vector<std::string>{
            "web/a.mustache (el):1: the section 'x' is never closed",
            "web/a.mustache (el): the translation brings in '{{#x}}', which the English has not",
            "web/a.mustache (el): the translation brings in '{{nam}}', which the English has not",
            "web/a.mustache (el): the translation leaves out the English's '{{name}}'"});
  by_language.erase("el");
  CHECK(translations_problems(by_language).empty());
  CHECK_NOTHROW(refuse_broken_translations(by_language));
}
