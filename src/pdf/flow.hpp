#pragma once
// Private to pdf: content flowing down pages, for the programmatic report layout. Rows are
// placed whole: one that does not fit starts a new page, never split.
#include <functional>
#include <string>
#include <vector>

#include "balint/pdf/template.hpp"
#include "display.hpp"
#include "engine.hpp"

namespace balint::pdf::detail {

/// One cell of a table row: text wrapped in its column.
struct Cell {
  std::string text;
  double width = 0;
  Align align = Align::left;
  bool bold = false;
  Color color;
  double size = 0;  ///< 0: the flow's body size
  double indent = 0;
};

class Flow {
 public:
  /// Content between the header and footer bands of `t`'s page; text set in its fonts.
  Flow(const Template& t, const ReportStyle& style, Problems& problems);

  double left() const { return left_; }
  double width() const { return right_ - left_; }
  /// The top of the free space, in PDF coordinates.
  double top() const { return top_; }
  /// Moves down by `h` points.
  void advance(double h) { top_ -= h; }
  /// Starts a new page unless `h` points fit; true when a page was started.
  bool need(double h);
  /// Called after each new page (e.g. to repeat a table's header).
  void on_new_page(std::function<void()> f) { on_new_page_ = std::move(f); }
  std::vector<Op>& ops() { return pages_.back().ops; }

  /// The lines `text` wraps into at `width` (0: not wrapped); 0 when it cannot be printed
  /// (the problem is recorded) or is empty.
  int lines(const std::string& text, bool bold, double size, double width);
  /// The width of `text` on one line.
  double text_width(const std::string& text, bool bold, double size);
  /// Draws `text` (checked with lines()) in a box from x, `width` wide, its first baseline
  /// at `baseline`; wrapped at the width unless `wrap` is false.
  void draw(const std::string& text, bool bold, double size, Color color, double x, double baseline,
            double width, Align align = Align::left, bool wrap = true);
  /// A paragraph at the current position; moves down past it.
  void paragraph(const std::string& text, bool bold, double size, Color color, double indent = 0,
                 double after = 0);
  /// The height a row of cells needs (with `pad` above and below).
  double row_height(const std::vector<Cell>& cells, double pad);
  /// Places a row (a new page first when it does not fit) and returns its top.
  double row(const std::vector<Cell>& cells, double pad);

  double line_height(double size) const { return size * 1.3; }
  double ascent(bool bold, double size) const;
  double body() const { return style_.size; }
  /// The pages laid out so far.
  std::vector<PageOps>& pages() { return pages_; }

 private:
  void new_page();
  const Face& face(bool bold) const;
  const Template& t_;
  const ReportStyle& style_;
  Problems& problems_;
  const TextEngine& engine_;
  std::vector<PageOps> pages_;
  double left_ = 0, right_ = 0, content_top_ = 0, bottom_ = 0, top_ = 0;
  std::function<void()> on_new_page_;
};

}  // namespace balint::pdf::detail
