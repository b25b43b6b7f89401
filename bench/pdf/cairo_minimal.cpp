// The peer: a minimal Pango + Cairo program for the same job, the page of minimal.toml (four
// lines in Noto Sans, A4 landscape), with nothing of balint's: no templates, no checks.
// Usage: bench_cairo_minimal combined|separate N OUT_DIR
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "names.hpp"

namespace {

constexpr double kWidth = 841.89, kHeight = 595.276;

void line(cairo_t* cr, PangoLayout* layout, const std::string& text, double size, double x,
          double top) {
  PangoFontDescription* d = pango_font_description_from_string("Noto Sans");
  pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
  pango_layout_set_font_description(layout, d);
  pango_font_description_free(d);
  pango_layout_set_text(layout, text.c_str(), -1);
  cairo_move_to(cr, x, top);
  pango_cairo_show_layout(cr, layout);
}

void page(cairo_t* cr, PangoLayout* layout, const std::string& name, int i) {
  line(cr, layout, "Certificate of Continuing Professional Development", 24, 120, 123.3);
  line(cr, layout, name, 30, 200, 187.3);
  line(cr, layout, "19.50 hours · 18.00 CPD credits, 2025-01-01 to 2025-12-31", 13, 200, 252.3);
  char serial[64];
  std::snprintf(serial, sizeof serial, "Issued 2026-01-15 · Certificate CPD-2026-%06d", i + 1);
  line(cr, layout, serial, 13, 200, 282.3);
  cairo_show_page(cr);
}

// One PDF of pages first to first + count - 1.
void document(const std::string& path, const std::vector<std::string>& names, int first,
              int count) {
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), kWidth, kHeight);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-15T00:00:00Z");
  cairo_t* cr = cairo_create(s);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  for (int i = first; i < first + count; ++i)
    page(cr, layout, names[static_cast<std::size_t>(i)], i);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bench_cairo_minimal combined|separate N OUT_DIR\n");
    return 2;
  }
  const std::string mode = argv[1], out = argv[3];
  const int n = std::stoi(argv[2]);
  auto start = std::chrono::steady_clock::now();
  auto names = bench::names(n);
  if (mode == "combined")
    document(out + "/combined.pdf", names, 0, n);
  else
    for (int i = 0; i < n; ++i)
      document(out + "/cert-" + std::to_string(i + 1) + ".pdf", names, i, 1);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.1f ms\n", ms);
  return 0;
}
