// Template pages: placeholders filled, text checked and set, then written.
#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "balint/pdf/render.hpp"
#include "layout.hpp"
#include "qr.hpp"
#include "text.hpp"
#include "engine.hpp"

namespace balint::pdf {
namespace detail {
namespace {

core::Diagnostic site(const Template& t, const Place& p) {
  return core::Diagnostic{t.path, p.line, 0, ""};
}

std::string filled(const Template& t, const Place& p, std::string_view text, const Fields& f,
                   Problems& problems, bool normalise) {
  std::vector<std::string> missing;
  std::string out;
  try {
    out = fill(text, f, missing, normalise);
  } catch (const core::DataError&) {
    problems.add({t.path, p.line, 0, "a field value is not valid UTF-8"});
    return {};
  }
  for (const auto& m : missing)
    problems.add({t.path, p.line, 0, fmt::format("no value for the placeholder {{{}}}", m)});
  return out;
}

class PageLayout {
 public:
  PageLayout(const Template& t, const Fields& f, Problems& p)
      : t_(t), f_(f), p_(p), e_(*t.resources->engine), pg_(t.page) {}

  PageOps run() {
    PageOps page{pg_.width, pg_.height, {}};
    for (const Element& e : t_.elements) std::visit([&](const auto& el) { place(el, page); }, e);
    return page;
  }

 private:
  double px(double x) const { return pg_.left + x; }
  double py(double y) const { return pg_.height - pg_.top - y; }

  bool fits(const TextBox& b, const Face& face, int lines, double size) const {
    double h = e_.ascent(face, size) + e_.descent(face, size) +
               (static_cast<double>(lines) - 1) * size * b.line_height;
    return (!b.max_lines || lines <= b.max_lines) && (b.height <= 0 || h <= b.height + 0.01);
  }

  // Sets the text smaller until it fits: first on one line down to one_line_min_size (a
  // name), then wrapped naturally down to min_size. `set` is the setting at the size found.
  bool shrink(const TextBox& b, const Face& face, const std::string& text, double& size,
              Setting& set) const {
    auto smaller = [](double s, double floor) { return std::max(floor, s * 0.95); };
    if (b.one_line_min_size > 0)
      for (size = b.size;; size = smaller(size, b.one_line_min_size)) {
        set = e_.set(text, face, size, b.width);
        if (set.lines == 1 && fits(b, face, set.lines, size)) return true;
        if (size <= b.one_line_min_size) break;
      }
    const double floor = b.min_size > 0 ? b.min_size : b.size / 2;
    for (size = b.size;; size = smaller(size, floor)) {
      set = e_.set(text, face, size, b.width);
      if (fits(b, face, set.lines, size)) return true;
      if (size <= floor) return false;
    }
  }

  void place(const TextBox& b, PageOps& page) {
    std::string text = filled(t_, b.place, b.text, f_, p_, true);
    if (text.empty()) return;
    const int index = b.bold ? 1 : 0;
    const Face& face = t_.resources->faces.at(static_cast<std::size_t>(index));
    Setting set = e_.set(text, face, b.size, b.width);
    if (!set.missing.empty()) {
      p_.missing(set, text, site(t_, b.place));
      return;
    }
    double size = b.size;
    bool one_line = b.one_line_min_size <= 0 || set.lines == 1;
    if ((!one_line || !fits(b, face, set.lines, size)) && !shrink(b, face, text, size, set)) {
      p_.add({t_.path, b.place.line, 0,
              fmt::format("the text \"{}\" does not fit its box ({} points wide{}) even at size {}",
                          text, b.width, b.height > 0 ? fmt::format(", {} high", b.height) : "",
                          b.min_size > 0 ? b.min_size : b.size / 2)});
      return;
    }
    // Drawn with the layout measured here (same text, face, size and width; wrapped).
    add(page.ops,
        TextOp{px(b.x), py(b.y) - e_.ascent(face, size), b.width, true, index, size,
               size * b.line_height, b.align, b.color, std::move(text), std::move(set.shaped)});
  }
  void place(const Line& l, PageOps& page) {
    add(page.ops, LineOp{px(l.x1), py(l.y1), px(l.x2), py(l.y2), l.width, l.color});
  }
  void place(const Rect& r, PageOps& page) {
    add(page.ops,
        RectOp{px(r.x), py(r.y) - r.height, r.width, r.height, r.fill, r.stroke, r.stroke_width});
  }
  void place(const Image& i, PageOps& page) {
    add(page.ops, ImageOp{px(i.x), py(i.y) - i.height, i.width, i.height, i.index});
  }
  void place(const QrCode& q, PageOps& page) {
    std::string data = filled(t_, q.place, q.data, f_, p_, false);
    if (data.empty()) return;
    try {
      add(page.ops, qr_code(data, px(q.x), py(q.y), q.size, q.color));
    } catch (const core::DataError& e) {
      p_.add({t_.path, q.place.line, 0, e.what()});
    }
  }

  const Template& t_;
  const Fields& f_;
  Problems& p_;
  const TextEngine& e_;
  const PageSetup& pg_;
};

}  // namespace

void check_meta(const Meta& meta, Problems& p) {
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"title", meta.title},
                                    {"author", meta.author},
                                    {"subject", meta.subject},
                                    {"keywords", meta.keywords},
                                    {"creator", meta.creator}})
    if (!core::valid_utf8(value))
      p.add({"", 0, 0, fmt::format("the document {} is not valid UTF-8", name)});
}

PageOps layout_page(const Template& t, const Fields& fields, Problems& p) {
  return PageLayout(t, fields, p).run();
}

}  // namespace detail

std::string render_pages(const Template& t, const std::vector<Fields>& pages, const Meta& meta) {
  if (pages.empty()) throw core::DataError(fmt::format("{}: no pages to render", t.path));
  detail::Problems problems;
  detail::check_meta(meta, problems);
  // Each page is written as soon as it is laid out, and dropped, while there are no problems;
  // after the first, the rest are only laid out, so that every problem is reported.
  detail::PdfWriter out(*t.resources->engine, *t.resources, meta);
  for (const auto& f : pages) {
    detail::PageOps page = detail::layout_page(t, f, problems);
    if (problems.empty()) out.add(page);
  }
  problems.raise();
  return out.finish();
}

struct CertificateRenderer::State {};

CertificateRenderer::CertificateRenderer(Template t)
    : template_(std::move(t)), state_(std::make_unique<State>()) {}

CertificateRenderer::~CertificateRenderer() = default;

std::string CertificateRenderer::render(const Fields& fields, const Meta& meta) {
  detail::Problems problems;
  detail::check_meta(meta, problems);
  detail::Document doc{{}, template_.resources.get(), meta};
  doc.pages.push_back(detail::layout_page(template_, fields, problems));
  problems.raise();
  return template_.resources->engine->write(doc);
}

}  // namespace balint::pdf

namespace balint::pdf {

std::vector<char32_t> undrawable(const Template& t, std::string_view text) {
  std::vector<char32_t> out;
  for (const auto& face : t.resources->faces)
    for (char32_t cp : t.resources->engine->set(text, face, 12, 0).missing)
      if (std::find(out.begin(), out.end(), cp) == out.end()) out.push_back(cp);
  return out;
}

std::string undrawable_reason(char32_t cp) { return detail::missing_text(cp); }

std::string with_replacement_marks(const Template& t, std::string_view text) {
  auto missing = undrawable(t, text);
  if (missing.empty()) return std::string(text);
  std::u32string u = detail::decode_utf8(text);
  for (auto& c : u)
    if (std::find(missing.begin(), missing.end(), c) != missing.end()) c = U'\uFFFD';
  return detail::encode_utf8(u);
}

}  // namespace balint::pdf
