// Reading document information strings back from PDF bytes (libqpdf): as written by the
// renderer, and after other programs re-saved the file (object streams, linearised).
#include <doctest/doctest.h>
#include <fmt/core.h>

#include "balint/core/error.hpp"
#include "balint/pdf/render.hpp"
#include "balint/report/placeholders.hpp"
#include "pdf_tools.hpp"

using namespace balint;

namespace {

std::string certificate(const pdf::Meta& m) {
  auto t = pdf::load_template(pdftest::kTemplates + "/certificate-cpd.toml",
                              report::certificate_placeholders());
  return pdf::render_pages(t, {pdftest::cert_fields("Zoë")}, m);
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("find_info_string round-trips a payload with parentheses and backslashes") {
  const std::string payload = "BLC1.a(b)c\\d)(e\\\\f.g";
  pdf::Meta m{"Τίτλος", "Author", "Subject", payload, "balint-ledger", "2026-01-15"};
  auto bytes = certificate(m);
  CHECK(pdf::find_info_string(bytes, "Keywords") == payload);
  CHECK(pdf::find_info_string(bytes, "Title") == std::string("Τίτλος"));
  CHECK(pdf::find_info_string(bytes, "Author") == std::string("Author"));
  CHECK_FALSE(pdf::find_info_string(bytes, "Keyword"));
  // A signed token (base64url and dots) is written as a literal string, as it is.
  const std::string token = "BLC1.eyJraW5kIjoiY3BkIn0.c2lnbmF0dXJl-_x";
  m.keywords = token;
  bytes = certificate(m);
  CHECK(bytes.find("/Keywords (" + token + ")") != std::string::npos);
  CHECK(pdf::find_info_string(bytes, "Keywords") == token);
}

TEST_CASE("find_info_string reads files other programs re-saved") {
  pdftest::TempDir dir;
  const std::string token = "BLC1.eyJraW5kIjoiY3BkIn0.c2lnbmF0dXJl-_x";
  auto in = dir.write("in.pdf", certificate({"Title", "", "", token, "balint-ledger", ""}));
  // Object streams and a cross-reference stream; linearised; both, with the Info dictionary
  // itself compressed into an object stream.
  for (std::string options : {"--object-streams=generate", "--linearize",
                              "--linearize --object-streams=generate --compress-streams=y"}) {
    CAPTURE(options);
    auto out = dir.path() + "/out.pdf";
    pdftest::run("qpdf " + options + " '" + in + "' '" + out + "'");
    auto bytes = read(out);
    REQUIRE(bytes.size() > 1000);
    CHECK(pdf::find_info_string(bytes, "Keywords") == token);
  }
  // An incremental update: the newest Info dictionary counts.
  auto bytes = read(in);
  auto startxref = bytes.rfind("startxref");
  auto prev = std::stol(bytes.substr(startxref + 10));
  auto info = bytes.find("/Keywords");
  REQUIRE(info != std::string::npos);
  std::string added = "99 0 obj\n<< /Keywords (new) >>\nendobj\n";
  auto at = bytes.size();
  std::string update =
      added + "xref\n0 1\n0000000000 65535 f \n99 1\n" + fmt::format("{:010d} 00000 n \n", at) +
      "trailer\n<< /Size 100 /Root 1 0 R /Info 99 0 R /Prev " + std::to_string(prev) +
      " >>\nstartxref\n" + std::to_string(at + added.size()) + "\n%%EOF\n";
  // The catalog's number is looked up from the original trailer.
  auto root = bytes.find("/Root ", bytes.rfind("trailer"));
  REQUIRE(root != std::string::npos);
  auto root_ref = bytes.substr(root, bytes.find(" R", root) + 2 - root);
  update.replace(update.find("/Root 1 0 R"), 11, root_ref);
  CHECK(pdf::find_info_string(bytes + update, "Keywords") == std::string("new"));
}

TEST_CASE("find_info_string refuses what is not a PDF, too deep or too large, cleanly") {
  CHECK_THROWS_AS(pdf::find_info_string("not a pdf", "Keywords"), core::DataError);
  CHECK_THROWS_AS(pdf::find_info_string("", "Keywords"), core::DataError);
  // 100,000 nested arrays in the Info dictionary: qpdf stops at its nesting limit.
  std::string deep = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Keywords " +
                     std::string(100000, '[') + std::string(100000, ']') +
                     " >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n";
  try {
    CHECK_FALSE(pdf::find_info_string(deep, "Keywords"));
  } catch (const core::DataError&) {
    // refused: just as clean
  }
  std::string huge(pdf::kMaxPdfBytes + 1, ' ');
  CHECK_THROWS_WITH_AS(pdf::find_info_string(huge, "Keywords"),
                       doctest::Contains("a PDF to verify may have at most"), core::DataError);
}
