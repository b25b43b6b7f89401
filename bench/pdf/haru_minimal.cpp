// The baseline: the plainest libharu program for the same job, one TrueType font (DejaVu
// Sans, embedded, UTF-8) and a few lines of text a page, everything compressed.
// Usage: bench_haru_minimal combined|separate N OUT_DIR FONT_FILE
#include <hpdf.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "names.hpp"

namespace {

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void*) {
  std::fprintf(stderr, "libharu error 0x%04X (detail %u)\n", static_cast<unsigned>(error),
               static_cast<unsigned>(detail));
}

void page(HPDF_Doc pdf, HPDF_Font font, const std::string& name, int i) {
  HPDF_Page p = HPDF_AddPage(pdf);
  HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
  HPDF_Page_BeginText(p);
  HPDF_Page_SetFontAndSize(p, font, 24);
  HPDF_Page_TextOut(p, 120, 450, "Certificate of Continuing Professional Development");
  HPDF_Page_SetFontAndSize(p, font, 30);
  HPDF_Page_TextOut(p, 200, 380, name.c_str());
  HPDF_Page_SetFontAndSize(p, font, 13);
  HPDF_Page_TextOut(p, 200, 330, "19.50 hours · 18.00 CPD credits, 2025-01-01 to 2025-12-31");
  char serial[64];
  std::snprintf(serial, sizeof serial, "Issued 2026-01-15 · Certificate CPD-2026-%06d", i + 1);
  HPDF_Page_TextOut(p, 200, 300, serial);
  HPDF_Page_EndText(p);
}

HPDF_Doc new_doc(const char* font_file, HPDF_Font* font) {
  HPDF_Doc pdf = HPDF_New(on_error, nullptr);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  const char* name = HPDF_LoadTTFontFromFile(pdf, font_file, HPDF_TRUE);
  *font = HPDF_GetFont(pdf, name, "UTF-8");
  return pdf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: bench_haru_minimal combined|separate N OUT_DIR FONT_FILE\n");
    return 2;
  }
  const std::string mode = argv[1], out = argv[3];
  const int n = std::stoi(argv[2]);
  auto start = std::chrono::steady_clock::now();
  auto names = bench::names(n);
  HPDF_Font font = nullptr;
  if (mode == "combined") {
    HPDF_Doc pdf = new_doc(argv[4], &font);
    for (int i = 0; i < n; ++i) page(pdf, font, names[static_cast<std::size_t>(i)], i);
    HPDF_SaveToFile(pdf, (out + "/combined.pdf").c_str());
    HPDF_Free(pdf);
  } else {
    for (int i = 0; i < n; ++i) {
      HPDF_Doc pdf = new_doc(argv[4], &font);
      page(pdf, font, names[static_cast<std::size_t>(i)], i);
      HPDF_SaveToFile(pdf, (out + "/cert-" + std::to_string(i + 1) + ".pdf").c_str());
      HPDF_Free(pdf);
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
  std::printf("%.1f ms\n", ms);
  return 0;
}
