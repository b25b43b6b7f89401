// What the dashboard's quicker paths must keep exact: the chart's coordinates written as
// std::to_chars writes them, and templates translated once as mstch's {{#t}} lambda would.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <random>
#include <string>

#include "balint/core/error.hpp"
#include "svg.hpp"
#include "web.hpp"

using namespace balint::web;

namespace {

std::string by_to_chars(double v) {
  char buf[400];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1).ptr);
}

std::string by_fixed1(double v) {
  std::string out = "<";  // appended to what is there
  append_fixed1(out, v);
  return out.substr(1);
}

}  // namespace

TEST_CASE("append_fixed1 writes what std::to_chars(fixed, 1) writes") {
  // Ties and near-ties: exact binary halves round to even; decimal ones that are not exact
  // in binary (0.15 is 0.1499999...) round by their binary value.
  for (double v : {0.0,
                   -0.0,
                   0.05,
                   0.15,
                   0.25,
                   0.35,
                   0.45,
                   0.75,
                   1.25,
                   2.5,
                   2.45,
                   2.55,
                   9.95,
                   99.95,
                   12.0,
                   210.0,
                   590.0,
                   48.0,
                   0.04999999999999999,
                   1e-9,
                   123456.75,
                   -3.25,
                   -0.04,
                   1e14,
                   3e15,
                   1e300,
                   std::nextafter(0.25, 1.0),
                   std::nextafter(0.25, 0.0)}) {
    CAPTURE(v);
    CHECK(by_fixed1(v) == by_to_chars(v));
  }
  // The chart's range (0 to 600), drawn as the chart computes points, and random doubles.
  std::mt19937_64 rng(18);
  std::uniform_real_distribution<double> any(0.0, 700.0);
  int checked = 0;
  for (int span = 1; span < 4000; span += 7)
    for (int d = 0; d <= span; d += 1 + span / 50) {
      const double x = 48 + (590.0 - 48) * d / span;
      REQUIRE(by_fixed1(x) == by_to_chars(x));
      ++checked;
    }
  for (int i = 0; i < 200000; ++i) {
    const double v = any(rng);
    REQUIRE(by_fixed1(v) == by_to_chars(v));
    // Just below, at and above a decimal tie.
    const double tie = std::floor(v * 10) / 10 + 0.05;
    for (double w : {std::nextafter(tie, 0.0), tie, std::nextafter(tie, 1e9)})
      REQUIRE(by_fixed1(w) == by_to_chars(w));
    ++checked;
  }
  CHECK(checked > 200000);
}

TEST_CASE("translate_sections puts the text of each t section through gettext, once") {
  // No catalogue is bound in the tests: gettext answers with the English text itself.
  CHECK(translate_sections("") == "");
  CHECK(translate_sections("no sections {{name}}") == "no sections {{name}}");
  CHECK(translate_sections(
            "<p>{{#t}}Signed in as{{/t}} <b>{{name}}</b>, {{#t}}as on{{/t}} {{today}}.</p>") ==
        "<p>Signed in as <b>{{name}}</b>, as on {{today}}.</p>");
  CHECK(translate_sections("{{#t}}Void…{{/t}}{{#t}}{{/t}}x") == "Void…x");
  // Other sections are left to mstch.
  CHECK(translate_sections("{{#user}}{{#t}}Log out{{/t}} {{user}}{{/user}}") ==
        "{{#user}}Log out {{user}}{{/user}}");
  CHECK_THROWS_AS(translate_sections("a {{#t}}never closed"), balint::core::InternalError);
}
