#pragma once
// Private to pdf: right-to-left text (Hebrew) put in display order, and scripts that need a
// shaping engine (Arabic, Indic ...) told apart, since libharu draws glyphs one by one.
#include <string>
#include <string_view>

namespace balint::pdf::detail {

/// One line in display order: a simplified Unicode bidirectional algorithm (no explicit
/// embeddings): right-to-left runs reversed with their neutrals and marks, numbers kept
/// left-to-right, brackets mirrored; a line whose first strong character is right-to-left
/// is laid out right-to-left.
std::u32string visual_order(std::u32string_view line);

/// True for characters of scripts whose letters join or reorder (Arabic, Syriac, N'Ko,
/// Indic, Myanmar, Khmer ...), which cannot be drawn correctly without text shaping.
bool needs_shaping(char32_t cp);

}  // namespace balint::pdf::detail
