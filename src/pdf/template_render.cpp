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
    for (const Element& e : t_.elements) std::visit([&](const auto& el) { place(el, page); }, e);
    return page;
  }

 private:
  double px(double x) const { return pg_.left + x; }
  double py(double y) const { return pg_.height - pg_.top - y; }

  bool fits(const TextBox& b, const Chain& c, const std::vector<std::u32string>& lines,
            double size) const {
    double h = set_.ascent(c, size) - set_.descent(c, size) +
               (static_cast<double>(lines.size()) - 1) * size * b.line_height;
    return (!b.max_lines || static_cast<int>(lines.size()) <= b.max_lines) &&
           (b.height <= 0 || h <= b.height + 0.01);
  }

  // Sets the text smaller until it fits: first on one line down to one_line_min_size (a
  // name), then wrapped naturally down to min_size.
  bool shrink(const TextBox& b, const Chain& c, const std::u32string& text,
              std::vector<std::u32string>& lines, double& size) const {
    auto smaller = [](double s, double floor) { return std::max(floor, s * 0.95); };
    if (b.one_line_min_size > 0)
      for (size = b.size;; size = smaller(size, b.one_line_min_size)) {
        lines = set_.wrap(text, c, size, b.width);
        if (lines.size() == 1 && fits(b, c, lines, size)) return true;
        if (size <= b.one_line_min_size) break;
      }
    const double floor = b.min_size > 0 ? b.min_size : b.size / 2;
    for (size = b.size;; size = smaller(size, floor)) {
      lines = set_.wrap(text, c, size, b.width);
      if (fits(b, c, lines, size)) return true;
      if (size <= floor) return false;
    }
  }

  void place(const TextBox& b, PageOps& page) {
    std::u32string text = decode_utf8(filled(t_, b.place, b.text, f_, p_, true));
    const Chain& chain = b.bold ? t_.resources->bold : t_.resources->regular;
    if (!set_.check(text, chain, p_, site(t_, b.place))) return;
    double size = b.size;
    auto lines = set_.wrap(text, chain, size, b.width);
    bool one_line = b.one_line_min_size <= 0 || lines.size() == 1;
    if ((!one_line || !fits(b, chain, lines, size)) && !shrink(b, chain, text, lines, size)) {
      p_.add({t_.path, b.place.line, 0,
              fmt::format("the text \"{}\" does not fit its box ({} points wide{}) even at size {}",
                          encode_utf8(text), b.width,
                          b.height > 0 ? fmt::format(", {} high", b.height) : "",
                          b.min_size > 0 ? b.min_size : b.size / 2)});
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
