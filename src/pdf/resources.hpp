#pragma once
// Private to pdf: what a template loads once and every page it draws shares.
#include <memory>
#include <string>
#include <vector>

#include "balint/pdf/template.hpp"

namespace balint::pdf::detail {

/// A PNG file's bytes and its size in pixels.
struct PngImage {
  std::string bytes;
  int width = 0;
  int height = 0;
};

/// Fonts as fontconfig families, first choice first; any installed font falls back after them.
struct Face {
  std::string families;  ///< "Noto Serif,Noto Sans"
  bool bold = false;
};

class TextEngine;

/// The faces (0 regular, 1 bold), the text engine that knows their fonts, and the images.
struct Resources {
  std::vector<Face> faces;
  std::shared_ptr<const TextEngine> engine;
  std::vector<PngImage> images;
};

}  // namespace balint::pdf::detail
