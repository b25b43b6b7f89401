#include "flow.hpp"

#include <algorithm>

namespace balint::pdf::detail {

Flow::Flow(const Template& t, const ReportStyle& style, Problems& problems)
    : t_(t), style_(style), problems_(problems), engine_(*t.resources->engine) {
  const PageSetup& p = t.page;
  left_ = p.left;
  right_ = p.width - p.right;
  content_top_ = p.height - p.top - style.header_height;
  bottom_ = p.bottom + style.footer_height;
  new_page();
}

void Flow::new_page() {
  pages_.push_back(PageOps{t_.page.width, t_.page.height, {}});
  top_ = content_top_;
}

bool Flow::need(double h) {
  if (top_ - h >= bottom_ || top_ == content_top_) return false;
  new_page();
  if (on_new_page_) on_new_page_();
  return true;
}

const Face& Flow::face(bool bold) const { return t_.resources->faces.at(bold ? 1 : 0); }

double Flow::ascent(bool bold, double size) const { return engine_.ascent(face(bold), size); }

int Flow::lines(const std::string& text, bool bold, double size, double width) {
  if (text.empty()) return 0;
  Setting s = engine_.set(text, face(bold), size, width);
  if (s.missing.empty()) return s.lines;
  problems_.missing(s, text, core::Diagnostic{"progress report", 0, 0, ""});
  return 0;
}

double Flow::text_width(const std::string& text, bool bold, double size) {
  return engine_.set(text, face(bold), size, 0).width;
}

void Flow::draw(const std::string& text, bool bold, double size, Color color, double x,
                double baseline, double width, Align align, bool wrap) {
  add(ops(), TextOp{x, baseline, width, wrap, bold ? 1 : 0, size, line_height(size), align, color,
                    text, nullptr});
}

void Flow::paragraph(const std::string& text, bool bold, double size, Color color, double indent,
                     double after) {
  int n = lines(text, bold, size, width() - indent);
  if (n > 0) {
    need(n * line_height(size));
    draw(text, bold, size, color, left_ + indent, top_ - ascent(bold, size), width() - indent);
    top_ -= n * line_height(size);
  }
  top_ -= after;
}

double Flow::row_height(const std::vector<Cell>& cells, double pad) {
  double h = 0;
  for (const auto& c : cells) {
    double size = c.size > 0 ? c.size : style_.size;
    int n = lines(c.text, c.bold, size, std::max(1.0, c.width - c.indent - 4));
    h = std::max(h, std::max(n, 1) * line_height(size));
  }
  return h + 2 * pad;
}

double Flow::row(const std::vector<Cell>& cells, double pad) {
  need(row_height(cells, pad));
  double top = top_, x = left_, h = 0;
  for (const auto& c : cells) {
    double size = c.size > 0 ? c.size : style_.size;
    double w = std::max(1.0, c.width - c.indent - 4);
    int n = lines(c.text, c.bold, size, w);
    if (n > 0)
      draw(c.text, c.bold, size, c.color, x + c.indent, top - pad - ascent(c.bold, size), w,
           c.align);
    h = std::max(h, std::max(n, 1) * line_height(size));
    x += c.width;
  }
  top_ = top - h - 2 * pad;
  return top;
}

}  // namespace balint::pdf::detail
