#pragma once
// Private to pdf: a laid-out document as a list of drawing operations in PDF coordinates
// (points, origin bottom-left). Layout builds it; backend.cpp, the one file that talks to
// Pango and Cairo, turns it into a PDF.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "balint/pdf/render.hpp"
#include "balint/pdf/template.hpp"
#include "resources.hpp"

namespace balint::pdf::detail {

/// A paragraph as the text engine laid it out (a Pango layout), kept so that it is drawn as it
/// was measured, without being shaped again. Defined in backend.cpp.
struct Shaped;

/// A paragraph in a box `width` points wide from x (wrapped at that width unless `wrap` is
/// false), lines `line_height` points apart, the first baseline at `baseline`.
struct TextOp {
  double x = 0, baseline = 0, width = 0;
  bool wrap = true;
  int face = 0;  ///< index into Resources::faces
  double size = 12;
  double line_height = 15;
  Align align = Align::left;
  Color color;
  std::string text;  ///< UTF-8, NFC, checked: every character has a glyph
  /// The layout TextEngine::set made of this text in this face at this size and width (wrap
  /// true; it lays a paragraph out unwrapped when every line fits, which is what wrapping
  /// gives), drawn as it is; none, the text is laid out again when drawn.
  std::shared_ptr<const Shaped> shaped;
};

struct LineOp {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double width = 1;
  Color color;
};

/// Connected line segments.
struct PolylineOp {
  std::vector<std::pair<double, double>> points;
  double width = 1;
  Color color;
};

struct RectOp {
  double x = 0, y = 0, w = 0, h = 0;  ///< lower-left corner and size
  std::optional<Color> fill;
  std::optional<Color> stroke;
  double stroke_width = 1;
};

/// A QR code's modules as a 1-bit image mask in one colour, one image pixel a module, scaled
/// without smoothing: square modules with sharp edges. The n x n modules (the quiet zone
/// around them is not drawn) fill the square `size` points wide with its lower-left corner at
/// (x, y).
struct QrOp {
  double x = 0, y = 0, size = 0;
  int n = 0;
  std::vector<unsigned char> dark;  ///< n x n, row by row from the top: 1 dark, 0 light
  Color color;
};

struct ImageOp {
  double x = 0, y = 0, w = 0, h = 0;
  int image = 0;  ///< index into Resources::images
};

using Op = std::variant<TextOp, LineOp, PolylineOp, RectOp, QrOp, ImageOp>;

/// Appends an operation, constructed in place (GCC 12 at -O3 warns, wrongly, that a moved
/// variant holding a string may be uninitialised).
template <class T>
void add(std::vector<Op>& ops, T op) {
  ops.emplace_back(std::in_place_type<T>, std::move(op));
}

struct PageOps {
  double width = 0, height = 0;
  std::vector<Op> ops;
};

/// A whole document ready to be written.
struct Document {
  std::vector<PageOps> pages;
  const Resources* resources = nullptr;
  Meta meta;
};

}  // namespace balint::pdf::detail
