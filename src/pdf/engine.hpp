#pragma once
// Private to pdf: the text engine and the writer, implemented in backend.cpp, the one file
// that talks to fontconfig, Pango and Cairo. Pango shapes, reorders (bidi), breaks lines and
// falls back between fonts; Cairo writes the PDF (subsets, compression, ToUnicode maps).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "display.hpp"

namespace balint::pdf::detail {

/// How a paragraph wraps into lines at a width, and what it cannot draw.
struct Setting {
  int lines = 0;
  double width = 0;                      ///< of the widest line, in points
  std::vector<char32_t> missing;         ///< characters no installed font has, each once
  std::shared_ptr<const Shaped> shaped;  ///< the layout, to draw it without shaping it again
};

/// Fonts of one template: its font files added to a private fontconfig, and the faces.
class TextEngine {
 public:
  /// `files` are font files to use besides the installed fonts (a society's house style).
  explicit TextEngine(const std::vector<std::string>& files);
  ~TextEngine();
  TextEngine(const TextEngine&) = delete;
  TextEngine& operator=(const TextEngine&) = delete;

  /// The family name of a font file given to the constructor ("" when it is not a font).
  std::string family_of(const std::string& file) const;
  /// True when fontconfig knows the family (installed or from a file given).
  bool has_family(const std::string& family) const;
  /// Every family installed, for "did you mean".
  std::vector<std::string> families() const;

  /// Lays out `text` in `face` at `size`, wrapped at `width` points (0: not wrapped).
  Setting set(std::string_view text, const Face& face, double size, double width) const;
  /// The face's ascent and descent (both positive) in points at `size` (measured once for
  /// each face and size, then remembered).
  double ascent(const Face& face, double size) const;
  double descent(const Face& face, double size) const;

  /// The PDF of `doc`; equal documents give equal bytes.
  std::string write(const Document& doc) const;

  struct Impl;

 private:
  friend class PdfWriter;
  std::unique_ptr<Impl> impl_;
};

/// A PDF written a page at a time: each page is drawn when it is added and can then be
/// dropped (a long document never holds all its pages' layouts). The same pages give the same
/// bytes as TextEngine::write.
class PdfWriter {
 public:
  PdfWriter(const TextEngine& engine, const Resources& resources, const Meta& meta);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  void add(const PageOps& page);
  /// The PDF; InternalError when no page was added.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The Debian package that has a font for `cp`, where known ("" otherwise).
std::string font_package_for(char32_t cp);
/// "'中' (U+4E2D)": a character as shown in messages.
std::string char_label(char32_t cp);
/// "cannot print '中' (U+4E2D): no installed font has it (Debian package ... has a font for it)".
std::string missing_text(char32_t cp);

/// Problems gathered over a whole document; thrown together as one DataError.
class Problems {
 public:
  /// Records the characters of `s.missing` in `text`; `where` is the place (a template
  /// element's file and line) with an empty message.
  void missing(const Setting& s, std::string_view text, const core::Diagnostic& where);
  void add(core::Diagnostic d);
  bool empty() const { return diags_.empty(); }
  /// Throws DataError with every problem, if any.
  void raise() const;

 private:
  std::vector<core::Diagnostic> diags_;
  std::vector<char32_t> seen_;
};

}  // namespace balint::pdf::detail
