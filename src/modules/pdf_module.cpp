// balint-pdf.so: the PDF engine (balint_pdf: Pango, Cairo, qpdf, qrencode) as a module that the
// `balint` program loads only when it draws or reads a PDF (src/loader). It exports one
// symbol, the table of its functions; everything it links is kept inside it.
#include <memory>
#include <utility>

#include "balint/loader/abi.hpp"

namespace {

using namespace balint;

void* renderer_create(pdf::Template t) { return new pdf::CertificateRenderer(std::move(t)); }
void renderer_destroy(void* r) { delete static_cast<pdf::CertificateRenderer*>(r); }
std::string renderer_render(void* r, const pdf::Fields& fields, const pdf::Meta& meta) {
  return static_cast<pdf::CertificateRenderer*>(r)->render(fields, meta);
}

const loader::PdfCalls calls{
    loader::pdf_layout_stamp(),
    BALINT_VERSION,
    &pdf::render_pages,
    &pdf::render_progress_pdf,
    &pdf::find_info_string,
    &pdf::undrawable,
    &pdf::undrawable_reason,
    &pdf::with_replacement_marks,
    &pdf::load_template,
    &pdf::find_template,
    &pdf::progress_placeholders,
    &renderer_create,
    &renderer_destroy,
    &renderer_render,
    &pdf::audit_page,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const balint::loader::PdfCalls*
balint_pdf_calls() {
  return &calls;
}
