#pragma once
// Private to pdf: setting text in a chain of fonts. Every character is checked against the
// fonts' cmaps before anything is drawn; a character that no font of the chain has is
// gathered as a problem, never drawn as a box or dropped. Runs fall back font by font.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/error.hpp"
#include "display.hpp"

namespace balint::pdf::detail {

/// A font chain: indices into Resources::fonts, first choice first.
using Chain = std::vector<int>;

/// Problems gathered over a whole document; thrown together as one DataError.
class Problems {
 public:
  /// Records that `cp` in `text` cannot be printed with `chain`; `where` is the place (a
  /// template element's file and line, or a file name alone) with an empty message.
  void missing(char32_t cp, std::u32string_view text, const Chain& chain, const Resources& r,
               const core::Diagnostic& where);
  void add(core::Diagnostic d);
  bool empty() const { return diags_.empty(); }
  /// Throws DataError with every problem, if any.
  void raise() const;

 private:
  std::vector<core::Diagnostic> diags_;
  std::set<std::pair<char32_t, Chain>> seen_;
};

/// One line of text placed in one or more runs.
class Typesetter {
 public:
  explicit Typesetter(const Resources& r) : res_(r) {}

  /// Checks every character of `text` against `chain`; problems go to `p`. True when all
  /// can be printed.
  bool check(std::u32string_view text, const Chain& chain, Problems& p,
             const core::Diagnostic& where) const;
  /// The width in points of one line.
  double width(std::u32string_view line, const Chain& chain, double size) const;
  /// Lines of `text` no wider than `width` (greedy, at spaces; a word longer than the width
  /// is broken); "\n" always starts a new line.
  std::vector<std::u32string> wrap(std::u32string_view text, const Chain& chain, double size,
                                   double width) const;
  /// Appends the runs of one checked line, its baseline starting at (x, y).
  void draw(std::u32string_view line, const Chain& chain, double x, double y, double size,
            Color color, std::vector<Op>& ops) const;
  /// The primary font's ascent and descent (negative) in points at `size`.
  double ascent(const Chain& chain, double size) const;
  double descent(const Chain& chain, double size) const;

 private:
  int pick(const std::u32string_view line, std::size_t i, int previous, const Chain& chain) const;
  const Resources& res_;
};

}  // namespace balint::pdf::detail
