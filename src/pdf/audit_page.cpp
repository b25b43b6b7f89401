// The audit report's page: the slots of report::audit_grid placed on a landscape page.
#include <fmt/core.h>

#include <algorithm>
#include <utility>
#include <variant>

#include "balint/pdf/audit.hpp"
#include "balint/report/audit_grid.hpp"

namespace balint::pdf {
namespace {

TextBox box(std::string text, double x, double y, double width, double size, Color color,
            bool bold = false, Align align = Align::left) {
  TextBox b;
  b.text = std::move(text);
  b.x = x;
  b.y = y;
  b.width = width;
  b.size = size;
  b.min_size = 3.5;  // slots hold one line: long text shrinks rather than spills
  b.max_lines = 1;
  b.bold = bold;
  b.align = align;
  b.color = color;
  return b;
}

std::string slot(int row, const std::string& part) {
  return fmt::format("{{{}}}", report::audit_slot(row, part));
}

}  // namespace

Template audit_page(Template t) {
  const ReportStyle style = t.report.value_or(ReportStyle{});
  auto& pg = t.page;
  if (pg.width < pg.height) std::swap(pg.width, pg.height);
  const double cw = pg.width - pg.left - pg.right, ch = pg.height - pg.top - pg.bottom;
  std::vector<Element> els;
  for (const auto& e : t.elements)
    if (std::holds_alternative<Image>(e)) els.push_back(e);  // the logo
  els.emplace_back(box("{header}", 0, 4, cw, 9, style.muted, false, Align::right));
  els.emplace_back(box("{title}", 0, 30, cw, 15, style.accent, true));
  els.emplace_back(box("{subtitle}", 0, 52, cw, 8.5, style.muted));
  constexpr double kTop = 72, kRow = 13, kBarSize = 7;
  const double bar_x = report::kAuditColumnX[2];
  const double bar_w = report::kAuditColumnX[6] - bar_x - 4;
  for (int k = 0; k < report::kAuditPageRows; ++k) {
    const double y = kTop + k * kRow;
    const Color bars[] = {style.bar, style.not_met, style.met};
    for (int b = 0; b < 3; ++b)
      els.emplace_back(
          box(slot(k, fmt::format("bar{}", b)), bar_x, y + 1.5, bar_w, kBarSize, bars[b]));
    els.emplace_back(box(slot(k, "h"), 0, y, cw, 9.5, style.accent, true));
    els.emplace_back(box(slot(k, "w"), bar_x, y, cw - bar_x, 8.5, style.text));
    for (int c = 0; c < report::kAuditColumns; ++c) {
      const auto i = static_cast<std::size_t>(c);
      const double x = report::kAuditColumnX[i];
      const double w = std::min(report::kAuditColumnWidth[i], cw - x);
      els.emplace_back(box(slot(k, fmt::format("c{}", c)), x, y, w, 8.5, style.text));
    }
  }
  els.emplace_back(box("{footer}", 0, ch - 11, cw / 2, 8, style.muted));
  els.emplace_back(box("{page}", cw / 2, ch - 11, cw / 2, 8, style.muted, false, Align::right));
  t.elements = std::move(els);
  return t;
}

}  // namespace balint::pdf
