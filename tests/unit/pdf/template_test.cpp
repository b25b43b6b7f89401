// Loading templates: every problem in a file reported as FILE:LINE:COL, all at once.
#include "balint/pdf/template.hpp"

#include <doctest/doctest.h>

#include "balint/core/error.hpp"
#include "balint/report/placeholders.hpp"
#include "pdf_tools.hpp"

using namespace balint;
using pdftest::TempDir;

namespace {

std::vector<std::string> errors_of(const std::string& path, const std::set<std::string>& names) {
  try {
    pdf::load_template(path, names);
  } catch (const core::DataError& e) {
    return e.lines();
  }
  return {};
}

}  // namespace

TEST_CASE("the shipped templates load") {
  for (const char* name : {"certificate-cpd", "certificate-accreditation"}) {
    auto t = pdf::load_template(pdf::find_template({pdftest::kTemplates}, name),
                                report::certificate_placeholders());
    CHECK(!t.elements.empty());
    CHECK(t.regular_fonts.size() == 2);
    CHECK_FALSE(t.report);
  }
  auto r = pdf::load_template(pdftest::kTemplates + "/progress-report.toml",
                              pdf::progress_placeholders());
  REQUIRE(r.report);
  CHECK(r.report->page_label == "page {page} of {pages}");
  CHECK(r.page.width == doctest::Approx(595.276));
}

TEST_CASE("every error in a template, each at its line and column") {
  TempDir dir;
  auto path = dir.write("bad.toml",
                        "[page]\n"                          // 1
                        "size = \"A5\"\n"                   // 2
                        "orientation = \"sideways\"\n"      // 3
                        "colour = \"red\"\n"                // 4
                        "\n"                                // 5
                        "[[text]]\n"                        // 6
                        "text = \"Dear {nmae}, {name}\"\n"  // 7
                        "y = 10\n"                          // 8
                        "\n"                                // 9
                        "[[image]]\n"                       // 10
                        "file = \"missing.png\"\n"          // 11
                        "width = 50\n"                      // 12
                        "\n"                                // 13
                        "[[qr]]\n"                          // 14
                        "data = \"{verify_payload}\"\n"     // 15
                        "sise = 80\n"                       // 16
                        "color = \"blue\"\n");              // 17
  auto errors = errors_of(path, {"name", "verify_payload"});
  REQUIRE(errors.size() == 7);
  CHECK(errors[0] == path + ":2:8: unknown page size \"A5\": use \"A4\" or \"Letter\"");
  CHECK(errors[1] ==
        path + ":3:15: orientation must be \"portrait\" or \"landscape\", not \"sideways\"");
  CHECK(errors[2] == path + ":4:1: unknown key 'colour' in [page]");
  CHECK(errors[3] == path + ":7:14: unknown placeholder {nmae}; did you mean 'name'?");
  CHECK(errors[4] == path + ":11:8: image file '" + dir.path() + "/missing.png': not found");
  CHECK(errors[5] == path + ":16:1: unknown key 'sise' in [[qr]]; did you mean 'size'?");
  CHECK(errors[6] == path + ":17:9: 'color' must be a colour written \"#RRGGBB\", not \"blue\"");
}

TEST_CASE("a placeholder on a later line of a multi-line string is found there") {
  TempDir dir;
  auto path = dir.write("multi.toml",
                        "[[text]]\n"
                        "y = 0\n"
                        "text = \"\"\"\n"
                        "Dear {name},\n"
                        "  your {hourz} hours\"\"\"\n");
  auto errors = errors_of(path, {"name", "hours"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == path + ":5:8: unknown placeholder {hourz}; did you mean 'hours'?");
}

TEST_CASE("fonts, images and syntax") {
  TempDir dir;
  auto fonts = dir.write("fonts.toml",
                         "[fonts]\n"
                         "regular = [\"NoSuchFont.ttf\", \"Noto Sans\", \"Noto Sanz\"]\n"
                         "bold = \"" +
                             dir.path() + "/fonts.ttf\"\n");
  dir.write("fonts.ttf", "not a font");
  auto errors = errors_of(fonts, {});
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].find(fonts + ":2:12: font file 'NoSuchFont.ttf' not found") == 0);
  CHECK(errors[1] ==
        fonts + ":2:43: font family 'Noto Sanz' is not installed; did you mean 'Noto Sans'?");
  CHECK(errors[2] ==
        fonts + ":3:8: font file '" + dir.path() + "/fonts.ttf' is not a font fontconfig can read");

  // A font file (a society's house style) is used by its family name.
  auto own = dir.write("own.toml",
                       "[fonts]\nregular = \"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf\"\n"
                       "[[text]]\ntext = \"{name}\"\n");
  auto t = pdf::load_template(own, {"name"});
  CHECK(t.regular_fonts ==
        std::vector<std::string>{"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"});
  auto fonts_used = pdftest::pdffonts(dir, pdf::render_pages(t, {{{"name", "Zoë"}}}, {}));
  CHECK(fonts_used.find("+DejaVuSerif ") != std::string::npos);

  dir.write("not.png", "GIF89a");
  auto image = dir.write("image.toml", "[[image]]\nfile = \"not.png\"\n");
  errors = errors_of(image, {});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == image + ":1:1: [[image]] needs a width or a height (or both)");
  CHECK(errors[1] == image + ":2:8: image file '" + dir.path() + "/not.png': not a PNG file");

  auto syntax = dir.write("syntax.toml", "[page]\nsize = \"A4\n");
  errors = errors_of(syntax, {});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(syntax + ":2:") == 0);
  CHECK(errors[0].find("TOML syntax") != std::string::npos);

  auto unknown =
      dir.write("unknown.toml", "[[txt]]\ntext = \"x\"\n[[text]]\ntext = \"{{ok}} }\"\ny = 1\n");
  errors = errors_of(unknown, {});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == unknown + ":1:3: unknown key 'txt' in the template; did you mean 'text'?");
  CHECK(errors[1] == unknown + ":4:8: 'text': a lone '}' (write '}}' for a brace)");
}

TEST_CASE("geometry is checked") {
  TempDir dir;
  auto path = dir.write("geo.toml",
                        "[page]\nmargin = [10, 10]\n"
                        "[[text]]\ntext = \"x\"\nx = 400\ny = 10\nwidth = 300\n"
                        "[[rect]]\nx = 900\ny = 0\nwidth = 1\nheight = 1\n");
  auto errors = errors_of(path, {});
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] ==
        path + ":2:10: margin must be a number of points, or [top, right, bottom, left]");
  CHECK(errors[1].find(path + ":3:1: the text box (300 wide from x = 400) reaches beyond") == 0);
  CHECK(errors[2].find(path + ":8:1: ") == 0);
}

TEST_CASE("find_template looks in each folder in turn") {
  TempDir a, b;
  b.write("mine.toml", "[[text]]\ntext = \"x\"\ny = 0\n");
  CHECK(pdf::find_template({a.path(), b.path()}, "mine") == b.path() + "/mine.toml");
  CHECK(pdf::find_template({a.path(), b.path()}, "mine.toml") == b.path() + "/mine.toml");
  try {
    pdf::find_template({a.path(), b.path()}, "other");
    FAIL("no error");
  } catch (const core::NoInputError& e) {
    CHECK(std::string(e.what()) ==
          "template 'other.toml' not found in " + a.path() + ", " + b.path());
  }
  CHECK_THROWS_AS(pdf::load_template(a.path() + "/none.toml", {}), core::NoInputError);
}
