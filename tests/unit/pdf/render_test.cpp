// Certificates from templates: names in any script come back exactly, fonts are embedded,
// page sizes and counts are right, a character no font has is refused, output is repeatable.
#include "balint/pdf/render.hpp"

#include <doctest/doctest.h>

#include <functional>

#include "balint/core/error.hpp"
#include "balint/report/placeholders.hpp"
#include "pdf_tools.hpp"

using namespace balint;
using pdftest::TempDir;

namespace {

pdf::Template cpd() {
  return pdf::load_template(pdftest::kTemplates + "/certificate-cpd.toml",
                            report::certificate_placeholders());
}

pdf::Meta meta(const std::string& keywords = "BLC1.abc.def") {
  return pdf::Meta{"CPD certificate", "The Balint Society (UK)", "Certificate of CPD hours",
                   keywords,          "balint-ledger",           ""};
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "no DataError";
}

// A template with one text box and the given [page] and [fonts] tables.
std::string small_template(const std::string& page, const std::string& fonts) {
  return page + "\n" + fonts + "\n[[text]]\ntext = \"{name}\"\ny = 10\nsize = 14\n";
}

}  // namespace

TEST_CASE("Greek, Irish and German names come back exactly") {
  TempDir dir;
  for (std::string name : {"Ζωή Παπαδοπούλου", "Cailín Ó Briain", "Jürgen Weiß"}) {
    CAPTURE(name);
    auto bytes = pdf::render_pages(cpd(), {pdftest::cert_fields(name)}, meta());
    auto text = pdftest::pdftotext(dir, bytes);
    CHECK(text.find(name + "\n") != std::string::npos);
    CHECK(text.find("Certificate of Continuing Professional Development") != std::string::npos);
  }
}

TEST_CASE("names are set in NFC: a decomposed accent comes out composed") {
  TempDir dir;
  auto bytes =
      pdf::render_pages(cpd(), {pdftest::cert_fields("Caili\u0301n O\u0301 Briain")}, meta());
  CHECK(pdftest::pdftotext(dir, bytes).find("Cailín Ó Briain") != std::string::npos);
}

TEST_CASE("every font is embedded, as a subset, with a Unicode map") {
  TempDir dir;
  auto fonts =
      pdftest::pdffonts(dir, pdf::render_pages(cpd(), {pdftest::cert_fields("Zoë")}, meta()));
  int rows = 0;
  std::istringstream lines(fonts);
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    ++rows;
    CHECK(line.find("yes yes yes") != std::string::npos);  // embedded, subset, Unicode map
  }
  CHECK(rows >= 2);
  CHECK(fonts.find("+NotoSerif-Regular ") != std::string::npos);
  CHECK(fonts.find("+NotoSerif-Bold ") != std::string::npos);
}

TEST_CASE("page size, orientation and page count") {
  TempDir dir;
  auto three = pdf::render_pages(
      cpd(), {pdftest::cert_fields("A"), pdftest::cert_fields("B"), pdftest::cert_fields("C")},
      meta());
  auto info = pdftest::pdfinfo(dir, three);
  CHECK(pdftest::info_field(info, "Pages") == "3");
  CHECK(pdftest::info_field(info, "Page size") == "841.89 x 595.276 pts (A4)");

  std::set<std::string> names{"name"};
  auto letter = dir.write("letter.toml", small_template("[page]\nsize = \"Letter\"", ""));
  auto bytes = pdf::render_pages(pdf::load_template(letter, names), {{{"name", "Zoë"}}}, {});
  CHECK(pdftest::info_field(pdftest::pdfinfo(dir, bytes), "Page size") == "612 x 792 pts (letter)");
  auto a4 =
      dir.write("a4.toml", small_template("[page]\nsize = \"a4\"\nmargin = [10, 20, 30, 40]", ""));
  bytes = pdf::render_pages(pdf::load_template(a4, names), {{{"name", "Zoë"}}}, {});
  CHECK(pdftest::info_field(pdftest::pdfinfo(dir, bytes), "Page size") ==
        "595.276 x 841.89 pts (A4)");
}

TEST_CASE("a character no installed font has is refused, naming it, its code point and a package") {
  auto t = cpd();
  // CJK extension B: Noto CJK has only some of it.
  auto message = error_of([&] { pdf::render_pages(t, {pdftest::cert_fields("林𪚥")}, meta()); });
  CHECK(message.find("cannot print '𪚥' (U+2A6A5): no installed font has it (Debian package "
                     "fonts-hanazono has a font for it) in \"林𪚥\"") != std::string::npos);
  CHECK(message.find(pdftest::kTemplates + "/certificate-cpd.toml:") == 0);

  message = error_of([&] { pdf::render_pages(t, {pdftest::cert_fields("Bell\aa")}, meta()); });
  CHECK(message.find("cannot print the control character U+0007") != std::string::npos);

  pdf::CertificateRenderer r(cpd());
  CHECK_THROWS_AS(r.render(pdftest::cert_fields("𠀀"), meta()), core::DataError);
  CHECK(pdf::undrawable(t, "Zoë 林𪚥 𠀀") == std::vector<char32_t>{U'𪚥', U'𠀀'});
  CHECK(pdf::undrawable(t, "Ελένη Đặng 中村 محمد").empty());
  CHECK(pdf::with_replacement_marks(t, "林𪚥") == "林\uFFFD");
}

TEST_CASE("names in many scripts print: Pango falls back to any installed font") {
  TempDir dir;
  for (std::string name : {"Zoë ✓ שרה", "Mei 中村", "محمد حداد", "अनीता शर्मा", "Sam 😀"}) {
    CAPTURE(name);
    auto bytes = pdf::render_pages(cpd(), {pdftest::cert_fields(name)}, meta());
    CHECK(pdftest::pdffonts(dir, bytes).find("+NotoSerif-Bold ") != std::string::npos);
  }
  auto bytes = pdf::render_pages(cpd(), {pdftest::cert_fields("Mei 中村 ✓")}, meta());
  auto text = pdftest::pdftotext(dir, bytes);
  CHECK(text.find("Mei 中村 ✓") != std::string::npos);
  CHECK(pdftest::pdffonts(dir, bytes).find("CJK") != std::string::npos);
}

TEST_CASE("the same inputs give the same bytes, whatever was rendered before") {
  auto t = cpd();
  auto a = pdftest::cert_fields("Ζωή Παπαδοπούλου");
  auto b = pdftest::cert_fields("Jürgen Weiß");
  pdf::CertificateRenderer r1(t);
  std::string first = r1.render(a, meta());
  r1.render(b, meta());
  CHECK(r1.render(a, meta()) == first);
  pdf::CertificateRenderer r2(cpd());
  CHECK(r2.render(a, meta()) == first);
  CHECK(pdf::render_pages(t, {a}, meta()) == first);
  // The creation date is the one given, never the clock.
  TempDir dir;
  CHECK(pdftest::info_field(pdftest::pdfinfo(dir, first), "CreationDate") ==
        "Sat Jan  1 00:00:00 2000 UTC");
  auto dated = meta();
  dated.date = "2026-01-15";
  CHECK(pdftest::info_field(pdftest::pdfinfo(dir, r1.render(a, dated)), "CreationDate") ==
        "Thu Jan 15 00:00:00 2026 UTC");
}

TEST_CASE("the output passes qpdf --check") {
  TempDir dir;
  auto path =
      dir.write("check.pdf", pdf::render_pages(cpd(), {pdftest::cert_fields("Zoë")}, meta()));
  CHECK(pdftest::run("qpdf --check '" + path + "'").find("No syntax or stream encoding errors") !=
        std::string::npos);
}

TEST_CASE("a long name is set smaller to stay on one line, a very long one on two") {
  TempDir dir;
  std::string name = "Αικατερίνη-Μαργαρίτα Παπαδοπούλου-Χατζηγεωργίου";
  auto text =
      pdftest::pdftotext(dir, pdf::render_pages(cpd(), {pdftest::cert_fields(name)}, meta()));
  CHECK(text.find(name + "\n") != std::string::npos);
  name += " του Κωνσταντίνου και της Ελευθερίας";
  text = pdftest::pdftotext(dir, pdf::render_pages(cpd(), {pdftest::cert_fields(name)}, meta()));
  CHECK(text.find("Αικατερίνη-Μαργαρίτα") != std::string::npos);
  CHECK(text.find("Ελευθερίας") != std::string::npos);
  CHECK(text.find(name + "\n") == std::string::npos);
}

TEST_CASE("a missing field is refused") {
  auto fields = pdftest::cert_fields("Zoë");
  fields.erase("hours");
  auto message = error_of([&] { pdf::render_pages(cpd(), {fields}, meta()); });
  CHECK(message.find("no value for the placeholder {hours}") != std::string::npos);
}

TEST_CASE("metadata: title, author, subject and keywords as given, in any script") {
  TempDir dir;
  pdf::Meta m{
      "Πιστοποιητικό · Zoë", "The Balint Society (UK)", "CPD", "BLC1.x(y)\\z", "balint", ""};
  auto info = pdftest::pdfinfo(dir, pdf::render_pages(cpd(), {pdftest::cert_fields("Zoë")}, m));
  CHECK(pdftest::info_field(info, "Title") == "Πιστοποιητικό · Zoë");
  CHECK(pdftest::info_field(info, "Author") == "The Balint Society (UK)");
  CHECK(pdftest::info_field(info, "Subject") == "CPD");
  CHECK(pdftest::info_field(info, "Keywords") == "BLC1.x(y)\\z");
  CHECK(pdftest::info_field(info, "Creator") == "balint");
  m.title = "Zoë 😀";
  m.date = "2026-01-15";
  info = pdftest::pdfinfo(dir, pdf::render_pages(cpd(), {pdftest::cert_fields("Zoë")}, m));
  CHECK(pdftest::info_field(info, "Title") == "Zoë 😀");
  CHECK(pdftest::info_field(info, "CreationDate") == "Thu Jan 15 00:00:00 2026 UTC");
}

TEST_CASE("the accreditation certificate renders") {
  TempDir dir;
  auto t = pdf::load_template(pdftest::kTemplates + "/certificate-accreditation.toml",
                              report::certificate_placeholders());
  auto bytes = pdf::render_pages(t, {pdftest::cert_fields("Cailín Ó Briain")}, meta());
  auto text = pdftest::pdftotext(dir, bytes);
  CHECK(text.find("Certificate of Accreditation") != std::string::npos);
  CHECK(text.find("Cailín Ó Briain") != std::string::npos);
  CHECK(pdftest::info_field(pdftest::pdfinfo(dir, bytes), "Page size") ==
        "595.276 x 841.89 pts (A4)");
}

TEST_CASE("right-to-left text is drawn in display order and extracts in logical order") {
  TempDir dir;
  auto path = dir.write("rtl.toml",
                        "[fonts]\nregular = [\"Noto Sans\"]\n"
                        "[[text]]\ntext = \"{name}\"\ny = 10\nsize = 20\n");
  auto bytes = pdf::render_pages(pdf::load_template(path, {"name"}), {{{"name", "שרה כהן"}}}, {});
  auto pdf_path = dir.write("rtl.pdf", bytes);
  // Read as text, the name comes back as written (poppler marks it as an embedding).
  auto text = pdftest::run("pdftotext '" + pdf_path + "' -");
  CHECK(text.find("שרה כהן") != std::string::npos);
  // On the page the family name stands to the left: poppler boxes right-to-left glyphs one by
  // one, and the final nun of כהן starts further left than the shin of שרה.
  auto boxes = pdftest::run("pdftotext -bbox '" + pdf_path + "' -");
  auto x_of = [&](const std::string& word) {
    auto at = boxes.find(">" + word + "<");
    REQUIRE(at != std::string::npos);
    auto x = boxes.rfind("xMin=\"", at);
    return std::stod(boxes.substr(x + 6));
  };
  CHECK(x_of("ן") < x_of("ש"));
}

TEST_CASE("poppler draws every page without an error, and the name is ink on the page") {
  TempDir dir;
  std::string name = "Órla Ní Éalaighthe-Müller, Zoë ✓ ẞ ﬁ";
  auto pages = [&](const std::string& who, const std::string& prefix) {
    auto bytes =
        pdf::render_pages(cpd(), {pdftest::cert_fields(who), pdftest::cert_fields(who)}, meta());
    auto path = dir.write(prefix + ".pdf", bytes);
    auto out =
        pdftest::run("pdftoppm -r 30 -gray '" + path + "' '" + dir.path() + "/" + prefix + "'");
    CHECK(out.find("Error") == std::string::npos);
    return std::vector<pdftest::Gray>{pdftest::read_pgm(dir.path() + "/" + prefix + "-1.pgm"),
                                      pdftest::read_pgm(dir.path() + "/" + prefix + "-2.pgm")};
  };
  auto named = pages(name, "named");
  auto blank = pages("", "blank");
  for (std::size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    // A4 landscape at 30 dpi: 11.69 x 8.27 in, 350.8 x 248.0 pixels, which pdftoppm rounds up.
    CHECK(named[i].width == 351);
    CHECK(named[i].height == 249);
    // Something is drawn (text, rules, the QR code) and the page is not all black.
    CHECK(named[i].ink() > named[i].pixels.size() / 200);
    CHECK(named[i].ink() < named[i].pixels.size() / 2);
    // The name adds ink: the same page with an empty name has less.
    REQUIRE(blank[i].pixels.size() == named[i].pixels.size());
    CHECK(named[i].ink() > blank[i].ink() + 50);
  }
}

TEST_CASE("the QR code reads back as the verification payload") {
  // zbar-tools is installed by scripts/install-deps.sh; without zbarimg this test fails.
  REQUIRE_MESSAGE(!pdftest::run("command -v zbarimg").empty(),
                  "zbarimg not found: apt-get install zbar-tools");
  TempDir dir;
  auto fields = pdftest::cert_fields("Zoë");
  auto path = dir.write("qr.pdf", pdf::render_pages(cpd(), {fields}, meta()));
  pdftest::run("pdftoppm -r 150 -png '" + path + "' '" + dir.path() + "/qr'");
  // zbarimg writes nothing else on stdout with -q; its D-Bus complaints go to stderr.
  auto decoded = pdftest::run("(zbarimg -q --raw '" + dir.path() + "/qr-1.png' 2>/dev/null)");
  CHECK(decoded == fields["verify_payload"] + "\n");
}
