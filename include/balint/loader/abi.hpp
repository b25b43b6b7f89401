#pragma once
// The table of functions balint-pdf.so hands to the `balint` program (src/loader/pdf.cpp
// calls through it; src/modules/pdf_module.cpp fills it). Both sides are built from one tree
// in one build; `stamp` catches a module left over from another build or version.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "balint/pdf/audit.hpp"
#include "balint/pdf/progress.hpp"
#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"

namespace balint::loader {

/// Changes when a function is added to PdfCalls or a signature changes.
inline constexpr std::uint32_t kPdfAbi = 3;

/// The sizes of what crosses the boundary: a module built against other definitions differs.
inline constexpr std::uint64_t pdf_layout_stamp() {
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint64_t v :
       {std::uint64_t{kPdfAbi}, std::uint64_t{sizeof(pdf::Template)},
        std::uint64_t{sizeof(pdf::Meta)}, std::uint64_t{sizeof(pdf::Element)},
        std::uint64_t{sizeof(pdf::ReportStyle)}, std::uint64_t{sizeof(pdf::CertificateRenderer)},
        std::uint64_t{sizeof(report::ProgressReport)}, std::uint64_t{sizeof(pdf::ProgressWording)},
        std::uint64_t{sizeof(domain::Entry)}, std::uint64_t{sizeof(std::string)}})
    h = (h ^ v) * 1099511628211ull;
  return h;
}

struct PdfCalls {
  std::uint64_t stamp;
  const char* version;  ///< BALINT_VERSION of the module's build
  std::string (*render_pages)(const pdf::Template&, const std::vector<pdf::Fields>&,
                              const pdf::Meta&);
  std::string (*render_progress_pdf)(const report::ProgressReport&,
                                     const std::vector<domain::Entry>&, const pdf::Template&,
                                     const pdf::Meta&, const pdf::ProgressWording&);
  std::optional<std::string> (*find_info_string)(std::string_view, std::string_view);
  std::vector<char32_t> (*undrawable)(const pdf::Template&, std::string_view);
  std::string (*undrawable_reason)(char32_t);
  std::string (*with_replacement_marks)(const pdf::Template&, std::string_view);
  pdf::Template (*load_template)(const std::string&, const std::set<std::string>&);
  std::string (*find_template)(const std::vector<std::string>&, const std::string&);
  const std::set<std::string>& (*progress_placeholders)();
  /// The module's own CertificateRenderer, behind an opaque pointer.
  void* (*renderer_create)(pdf::Template);
  void (*renderer_destroy)(void*);
  std::string (*renderer_render)(void*, const pdf::Fields&, const pdf::Meta&);
  pdf::Template (*audit_page)(pdf::Template);
};

}  // namespace balint::loader

/// The one symbol balint-pdf.so exports.
extern "C" const balint::loader::PdfCalls* balint_pdf_calls();
