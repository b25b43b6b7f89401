// Fuzzes page templates: the bytes are written to a file next to copies of the shipped
// image (logo.png), and pdf::load_template reads it with the certificate's
// placeholders (inputs of even length) or the progress report's (odd), as `balint
// certificate` and `balint progress --pdf` do.
//
// A template may be refused only with our own errors (core::Error). One that loads must have
// finite geometry (the renderer would otherwise write NaN or infinite coordinates to the PDF)
// and a page with room inside its margins.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <variant>

#include "balint/core/error.hpp"
#include "balint/pdf/template.hpp"
#include "balint/report/placeholders.hpp"
#include "fuzz_common.hpp"

using namespace balint;

namespace {

bool finite(std::initializer_list<double> xs) {
  for (double x : xs)
    if (!std::isfinite(x)) return false;
  return true;
}

void check_loaded(const pdf::Template& t) {
  const auto& p = t.page;
  fuzz::check(finite({p.width, p.height, p.top, p.right, p.bottom, p.left}),
              "page size or margins not finite");
  fuzz::check(p.top >= 0 && p.right >= 0 && p.bottom >= 0 && p.left >= 0, "negative margin");
  fuzz::check(p.left + p.right < p.width && p.top + p.bottom < p.height,
              "margins leave no room on the page");
  for (const auto& el : t.elements) {
    std::visit(
        [](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, pdf::TextBox>)
            // min_size and one_line_min_size 0 mean "not given" (the renderer then shrinks
            // to size / 2, or does not try one line).
            fuzz::check(finite({e.x, e.y, e.width, e.size, e.min_size, e.one_line_min_size,
                                e.line_height}) &&
                            e.size > 0 && e.min_size >= 0 && e.min_size <= e.size &&
                            e.one_line_min_size >= 0 && e.one_line_min_size <= e.size,
                        "text box geometry");
          else if constexpr (std::is_same_v<T, pdf::Line>)
            fuzz::check(finite({e.x1, e.y1, e.x2, e.y2, e.width}), "line geometry");
          else if constexpr (std::is_same_v<T, pdf::Rect>)
            fuzz::check(finite({e.x, e.y, e.width, e.height, e.stroke_width}), "rect geometry");
          else if constexpr (std::is_same_v<T, pdf::Image>)
            fuzz::check(finite({e.x, e.y, e.width, e.height}), "image geometry");
          else
            fuzz::check(finite({e.x, e.y, e.size}) && e.size > 0, "qr geometry");
        },
        el);
  }
  if (t.report)
    fuzz::check(finite({t.report->header_height, t.report->footer_height, t.report->title_size,
                        t.report->size}),
                "report style not finite");
}

void load(const std::string& path, const std::set<std::string>& names) {
  try {
    check_loaded(pdf::load_template(path, names));
  } catch (const core::Error&) {
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    fuzz::foreign_exception("load_template", &e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  namespace fs = std::filesystem;
  for (const char* image : {"logo.png"})
    fs::copy_file(fs::path(BALINT_SOURCE_DIR) / "templates" / image,
                  fs::path(fuzz::scratch_dir()) / image, fs::copy_options::overwrite_existing);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string path =
      fuzz::write_scratch("template.toml", {reinterpret_cast<const char*>(data), size});
  // Each load reads the fonts (most of the time per input): one placeholder set per input.
  load(path, size % 2 ? pdf::progress_placeholders() : report::certificate_placeholders());
  return 0;
}
