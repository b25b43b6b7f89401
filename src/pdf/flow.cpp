#include "flow.hpp"

#include <algorithm>

#include "text.hpp"

namespace balint::pdf::detail {

Flow::Flow(const Template& t, const ReportStyle& style, Problems& problems)
    : t_(t), style_(style), problems_(problems), set_(*t.resources) {
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

const Chain& Flow::chain(bool bold) const {
  return bold ? t_.resources->bold : t_.resources->regular;
}

std::vector<std::u32string> Flow::lines(const std::string& text, bool bold, double size,
                                        double width) {
  std::u32string u = decode_utf8(text);
  if (!set_.check(u, chain(bold), problems_, core::Diagnostic{"progress report", 0, 0, ""}))
    return {};
  return set_.wrap(u, chain(bold), size, width);
}

void Flow::draw_line(const std::u32string& line, bool bold, double size, Color color, double x,
                     double baseline, double width, Align align) {
  double w = set_.width(line, chain(bold), size);
  if (align == Align::center) x += (width - w) / 2;
  if (align == Align::right) x += width - w;
  set_.draw(line, chain(bold), x, baseline, size, color, ops());
}

void Flow::paragraph(const std::string& text, bool bold, double size, Color color,
                     double indent, double after) {
  auto ls = lines(text, bold, size, width() - indent);
  for (const auto& l : ls) {
    need(line_height(size));
    draw_line(l, bold, size, color, left_ + indent, top_ - set_.ascent(chain(bold), size));
    top_ -= line_height(size);
  }
  top_ -= after;
}

double Flow::row_height(const std::vector<Cell>& cells, double pad) {
  double h = 0;
  for (const auto& c : cells) {
    double size = c.size > 0 ? c.size : style_.size;
    auto ls = lines(c.text, c.bold, size, std::max(1.0, c.width - c.indent - 4));
    h = std::max(h, static_cast<double>(std::max<std::size_t>(ls.size(), 1)) * line_height(size));
  }
  return h + 2 * pad;
}

double Flow::row(const std::vector<Cell>& cells, double pad) {
  need(row_height(cells, pad));
  double top = top_, x = left_, h = 0;
  for (const auto& c : cells) {
    double size = c.size > 0 ? c.size : style_.size;
    auto ls = lines(c.text, c.bold, size, std::max(1.0, c.width - c.indent - 4));
    double baseline = top - pad - set_.ascent(chain(c.bold), size);
    for (const auto& l : ls) {
      draw_line(l, c.bold, size, c.color, x + c.indent, baseline, c.width - c.indent - 4, c.align);
      baseline -= line_height(size);
    }
    h = std::max(h, static_cast<double>(std::max<std::size_t>(ls.size(), 1)) * line_height(size));
    x += c.width;
  }
  top_ = top - h - 2 * pad;
  return top;
}

}  // namespace balint::pdf::detail
