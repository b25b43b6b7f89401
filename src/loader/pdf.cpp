// balint::pdf's functions in the `balint` program: each calls the same function of
// balint-pdf.so, loaded on first use (module.cpp). The declarations are the real ones
// (include/balint/pdf); only these definitions differ from the engine's.
#include <utility>

#include "balint/pdf/audit.hpp"
#include "balint/pdf/progress.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "module.hpp"

namespace balint::pdf {

using loader::pdf_calls;

std::string render_pages(const Template& t, const std::vector<Fields>& pages, const Meta& meta) {
  return pdf_calls().render_pages(t, pages, meta);
}

std::string render_progress_pdf(const report::ProgressReport& r,
                                const std::vector<domain::Entry>& entries, const Template& style,
                                const Meta& meta, const ProgressWording& words) {
  return pdf_calls().render_progress_pdf(r, entries, style, meta, words);
}

std::optional<std::string> find_info_string(std::string_view pdf_bytes, std::string_view key) {
  return pdf_calls().find_info_string(pdf_bytes, key);
}

std::vector<char32_t> undrawable(const Template& t, std::string_view text) {
  return pdf_calls().undrawable(t, text);
}

std::string undrawable_reason(char32_t cp) { return pdf_calls().undrawable_reason(cp); }

std::string with_replacement_marks(const Template& t, std::string_view text) {
  return pdf_calls().with_replacement_marks(t, text);
}

Template load_template(const std::string& path, const std::set<std::string>& placeholders) {
  return pdf_calls().load_template(path, placeholders);
}

std::string find_template(const std::vector<std::string>& dirs, const std::string& name) {
  return pdf_calls().find_template(dirs, name);
}

Template audit_page(Template style) { return pdf_calls().audit_page(std::move(style)); }

const std::set<std::string>& progress_placeholders() { return pdf_calls().progress_placeholders(); }

// Here a renderer's state is the module's own renderer.
struct CertificateRenderer::State {
  void* engine = nullptr;
};

CertificateRenderer::CertificateRenderer(Template t)
    : template_(t), state_(std::make_unique<State>()) {
  state_->engine = pdf_calls().renderer_create(std::move(t));
}

CertificateRenderer::~CertificateRenderer() {
  if (state_ && state_->engine) pdf_calls().renderer_destroy(state_->engine);
}

std::string CertificateRenderer::render(const Fields& fields, const Meta& meta) {
  return pdf_calls().renderer_render(state_->engine, fields, meta);
}

}  // namespace balint::pdf
