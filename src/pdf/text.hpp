#pragma once
// Private to pdf: UTF-8 to code points and back, and placeholder filling.
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "balint/pdf/template.hpp"

namespace balint::pdf::detail {

/// Code points of well-formed UTF-8 (malformed bytes become U+FFFD).
std::u32string decode_utf8(std::string_view s);
/// UTF-8 of one code point.
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view s);

/// A piece of template text: literal text, or a placeholder name.
struct Piece {
  std::string text;
  bool placeholder = false;
  std::size_t offset = 0;  ///< of the '{' (or of the text) in the template string
};

/// Splits "Dear {name}" into pieces; "{{" and "}}" are literal braces. An unclosed or empty
/// placeholder is reported through `error` (offset, message) and left as text.
std::vector<Piece> split_placeholders(std::string_view s,
                                      const std::function<void(std::size_t, std::string)>& error);

/// The text with every placeholder replaced by its value; the names without a value go to
/// `missing` (and give nothing). With `normalise`, the result is NFC.
std::string fill(std::string_view s, const Fields& fields, std::vector<std::string>& missing,
                 bool normalise);

}  // namespace balint::pdf::detail
