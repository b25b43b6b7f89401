// Reading document information strings back from PDF bytes.
#include <doctest/doctest.h>

#include "balint/pdf/render.hpp"
#include "pdf_tools.hpp"

using namespace balint;

TEST_CASE("find_info_string round-trips a payload with parentheses and backslashes") {
  auto t = pdf::load_template(pdftest::kTemplates + "/certificate-cpd.toml",
                              pdf::certificate_placeholders());
  const std::string payload = "BLC1.a(b)c\\d)(e\\\\f.g";
  pdf::Meta m{"Τίτλος", "Author", "Subject", payload, "balint-ledger"};
  auto bytes = pdf::render_pages(t, {pdftest::cert_fields("Zoë")}, m);
  CHECK(pdf::find_info_string(bytes, "Keywords") == payload);
  CHECK(pdf::find_info_string(bytes, "Title") == std::string("Τίτλος"));
  CHECK(pdf::find_info_string(bytes, "Author") == std::string("Author"));
  CHECK_FALSE(pdf::find_info_string(bytes, "CreationDate"));
  CHECK_FALSE(pdf::find_info_string(bytes, "Keyword"));
  // ASCII is written as a literal string (libharu escapes delimiters in octal), so a signed
  // token, which has none, appears in the file as it is.
  CHECK(bytes.find("/Keywords (BLC1.a\\050b\\051c\\134d") != std::string::npos);
  const std::string token = "BLC1.eyJraW5kIjoiY3BkIn0.c2lnbmF0dXJl-_x";
  m.keywords = token;
  bytes = pdf::render_pages(t, {pdftest::cert_fields("Zoë")}, m);
  CHECK(bytes.find("/Keywords (" + token + ")") != std::string::npos);
  CHECK(pdf::find_info_string(bytes, "Keywords") == token);
}

TEST_CASE("find_info_string decodes literal and hex strings") {
  const std::string head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  auto pdf = [&](const std::string& dict) {
    return head + "7 0 obj\n<< " + dict + " >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 7 0 R >>\n";
  };
  CHECK(pdf::find_info_string(pdf("/Keywords (a\\(b\\)c\\\\d)"), "Keywords") == std::string("a(b)c\\d"));
  CHECK(pdf::find_info_string(pdf("/Keywords (nested (parens) ok)"), "Keywords") ==
        std::string("nested (parens) ok"));
  CHECK(pdf::find_info_string(pdf("/Keywords (\\101\\102C\\n)"), "Keywords") == std::string("ABC\n"));
  CHECK(pdf::find_info_string(pdf("/Keywords (split \\\nline)"), "Keywords") == std::string("split line"));
  CHECK(pdf::find_info_string(pdf("/Title <FEFF039603C903AE>"), "Title") == std::string("Ζωή"));
  CHECK(pdf::find_info_string(pdf("/Title <48 65 6C 6C 6F>"), "Title") == std::string("Hello"));
  CHECK(pdf::find_info_string(pdf("/Title <4>"), "Title") == std::string("@"));
  CHECK(pdf::find_info_string(pdf("/Title (\x80 \xA0)"), "Title") == std::string("• €"));
  CHECK(pdf::find_info_string(pdf("/KeywordsX (no) /Keywords (yes)"), "Keywords") == std::string("yes"));
  CHECK(pdf::find_info_string(pdf("/Subject [ (x) << /A (y) >> ] /Keywords (after)"), "Keywords") ==
        std::string("after"));
  CHECK_FALSE(pdf::find_info_string(pdf("/Keywords 12"), "Keywords"));
  CHECK_FALSE(pdf::find_info_string(pdf("/Title (x)"), "Keywords"));
  CHECK_FALSE(pdf::find_info_string("not a pdf", "Keywords"));
  CHECK_FALSE(pdf::find_info_string(pdf("/Keywords (unterminated"), "Keywords"));
  // After an incremental update the newest Info dictionary counts.
  std::string updated = pdf("/Keywords (old)") +
                        "8 0 obj\n<< /Keywords (new) >>\nendobj\ntrailer\n<< /Info 8 0 R >>\n";
  CHECK(pdf::find_info_string(updated, "Keywords") == std::string("new"));
}

TEST_CASE("find_info_string survives odd names and escapes") {
  const std::string head = "7 0 obj\n<< ";
  auto pdf = [&](const std::string& dict) {
    return head + dict + " >>\nendobj\ntrailer\n<< /Info 7 0 R >>\n";
  };
  CHECK(pdf::find_info_string(pdf("/A#zz (x) /Key#77ords (hex name)"), "Keywords") ==
        std::string("hex name"));
  CHECK(pdf::find_info_string(pdf("/Keywords <FEFFD83DDE00>"), "Keywords") == std::string("😀"));
  CHECK(pdf::find_info_string(pdf("/Keywords (\\q\\9)"), "Keywords") == std::string("q9"));
  CHECK_FALSE(pdf::find_info_string(pdf("/Keywords <zz>"), "Keywords"));
  CHECK_FALSE(pdf::find_info_string("trailer << /Info 9 0 R >>", "Keywords"));
}
