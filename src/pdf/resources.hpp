#pragma once
// Private to pdf: what a template loads once and every page it draws shares.
#include <memory>
#include <string>
#include <vector>

#include "balint/pdf/template.hpp"
#include "ttf.hpp"

namespace balint::pdf::detail {

/// A PNG file's bytes and its size in pixels.
struct PngImage {
  std::string bytes;
  int width = 0;
  int height = 0;
};

/// Fonts (each file once) and images of a template.
struct Resources {
  std::vector<std::shared_ptr<const TrueType>> fonts;
  std::vector<int> regular;  ///< the regular chain: indices into fonts, first choice first
  std::vector<int> bold;     ///< the bold chain
  std::vector<PngImage> images;
};

}  // namespace balint::pdf::detail
