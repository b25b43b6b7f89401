// Template pages: placeholders filled, text checked and set, then written.
#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "balint/pdf/render.hpp"
#include "layout.hpp"
#include "qr.hpp"
#include "text.hpp"
#include "writer.hpp"

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
      : t_(t), f_(f), p_(p), set_(*t.resources), pg_(t.page) {}

  PageOps run() {
    PageOps page{pg_.width, pg_.height, {}};
    for (const Element& e : t_.elements) std::visit([&](const auto& el) { add(el, page); }, e);
    return page;
  }

 private:
  double px(double x) const { return pg_.left + x; }
  double py(double y) const { return pg_.height - pg_.top - y; }

  void add(const TextBox& b, PageOps& page) {
    std::u32string text = decode_utf8(filled(t_, b.place, b.text, f_, p_, true));
    const Chain& chain = b.bold ? t_.resources->bold : t_.resources->regular;
    if (!set_.check(text, chain, p_, site(t_, b.place))) return;
    // The fewest lines that fit, each tried from the full size down to the smallest.
    double size = b.size;
    auto lines = set_.wrap(text, chain, size, b.width);
    for (int allowed = 1; b.max_lines && allowed <= b.max_lines; ++allowed) {
      for (size = b.size;; size = std::max(b.min_size, size * 0.95)) {
        lines = set_.wrap(text, chain, size, b.width);
        if (static_cast<int>(lines.size()) <= allowed || size <= b.min_size) break;
      }
      if (static_cast<int>(lines.size()) <= allowed) break;
    }
    if (b.max_lines && static_cast<int>(lines.size()) > b.max_lines) {
      p_.add({t_.path, b.place.line, 0,
              fmt::format("the text \"{}\" does not fit in {} line(s) of {} points at size {}",
                          encode_utf8(text), b.max_lines, b.width, b.min_size)});
      return;
    }
    double baseline = py(b.y) - set_.ascent(chain, size);
    for (const auto& line : lines) {
      double w = set_.width(line, chain, size);
      double x = px(b.x);
      if (b.align == Align::center) x += (b.width - w) / 2;
      if (b.align == Align::right) x += b.width - w;
      set_.draw(line, chain, x, baseline, size, b.color, page.ops);
      baseline -= size * b.line_height;
    }
  }
  void add(const Line& l, PageOps& page) {
    page.ops.push_back(LineOp{px(l.x1), py(l.y1), px(l.x2), py(l.y2), l.width, l.color});
  }
  void add(const Rect& r, PageOps& page) {
    page.ops.push_back(
        RectOp{px(r.x), py(r.y) - r.height, r.width, r.height, r.fill, r.stroke, r.stroke_width});
  }
  void add(const Image& i, PageOps& page) {
    page.ops.push_back(ImageOp{px(i.x), py(i.y) - i.height, i.width, i.height, i.index});
  }
  void add(const QrCode& q, PageOps& page) {
    std::string data = filled(t_, q.place, q.data, f_, p_, false);
    if (data.empty()) return;
    try {
      page.ops.push_back(qr_code(data, px(q.x), py(q.y), q.size, q.color));
    } catch (const core::DataError& e) {
      p_.add({t_.path, q.place.line, 0, e.what()});
    }
  }

  const Template& t_;
  const Fields& f_;
  Problems& p_;
  Typesetter set_;
  const PageSetup& pg_;
};

}  // namespace

void check_meta(const Meta& meta, Problems& p) {
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"title", meta.title},
                                    {"author", meta.author},
                                    {"subject", meta.subject},
                                    {"keywords", meta.keywords},
                                    {"creator", meta.creator}}) {
    if (!core::valid_utf8(value)) {
      p.add({"", 0, 0, fmt::format("the document {} is not valid UTF-8", name)});
      continue;
    }
    for (char32_t c : decode_utf8(value))
      if (c > 0xFFFF) {
        p.add({"", 0, 0,
               fmt::format("the document {} has '{}' (U+{:04X}); libharu cannot write characters "
                           "beyond U+FFFF",
                           name, encode_utf8(std::u32string(1, c)),
                           static_cast<std::uint32_t>(c))});
        break;
      }
  }
}

PageOps layout_page(const Template& t, const Fields& fields, Problems& p) {
  return PageLayout(t, fields, p).run();
}

}  // namespace detail

std::string render_pages(const Template& t, const std::vector<Fields>& pages, const Meta& meta) {
  if (pages.empty()) throw core::DataError(fmt::format("{}: no pages to render", t.path));
  detail::Problems problems;
  detail::check_meta(meta, problems);
  detail::Document doc{{}, t.resources.get(), meta};
  doc.pages.reserve(pages.size());
  for (const auto& f : pages) doc.pages.push_back(detail::layout_page(t, f, problems));
  problems.raise();
  return detail::Writer().write(doc);
}

struct CertificateRenderer::State {
  detail::Writer writer;
};

CertificateRenderer::CertificateRenderer(Template t)
    : template_(std::move(t)), state_(std::make_unique<State>()) {}

CertificateRenderer::~CertificateRenderer() = default;

std::string CertificateRenderer::render(const Fields& fields, const Meta& meta) {
  detail::Problems problems;
  detail::check_meta(meta, problems);
  detail::Document doc{{}, template_.resources.get(), meta};
  doc.pages.push_back(detail::layout_page(template_, fields, problems));
  problems.raise();
  return state_->writer.write(doc);
}

}  // namespace balint::pdf
