#pragma once
// Private to pdf: a TrueType font read once (cmap formats 4 and 12, metrics, outlines) and
// cut down to the glyphs one document uses, for libharu to embed.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace balint::pdf::detail {

/// A TrueType (glyf outlines) font file held in memory; immutable once loaded.
class TrueType {
 public:
  /// Reads and checks `path`; DataError naming the file when it is not a usable TrueType font.
  static std::shared_ptr<const TrueType> load(const std::string& path);

  const std::string& path() const { return path_; }
  /// The file name without its folder, for messages ("DejaVuSerif.ttf").
  std::string file_name() const;
  /// The PostScript name from the name table ("DejaVuSerif-Bold").
  const std::string& postscript_name() const { return ps_name_; }

  /// The glyph for a code point; 0 when the font lacks it.
  std::uint16_t glyph(char32_t cp) const;
  bool covers(char32_t cp) const { return glyph(cp) != 0; }
  /// The advance of a glyph in thousandths of the font size, truncated as libharu does.
  int advance(std::uint16_t gid) const;
  /// The advance of a code point's glyph (the .notdef advance when missing).
  int char_advance(char32_t cp) const { return advance(glyph(cp)); }
  /// Ascender and descender (negative) in thousandths, from hhea.
  int ascent() const { return ascent_; }
  int descent() const { return descent_; }

  /// A complete TrueType file holding only .notdef, the glyphs of `cps` (all in the BMP and
  /// covered) and the parts of composite glyphs; its cmap is one format 4 table with few
  /// segments. The same set always gives the same bytes.
  std::string subset(const std::set<char32_t>& cps) const;

 private:
  TrueType() = default;
  struct Table {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  std::string_view table(std::string_view tag) const;
  std::string_view glyph_data(std::uint16_t gid) const;
  void parse();
  void parse_cmap();
  void parse_name();

  std::string path_;
  std::string bytes_;
  std::vector<std::pair<std::string, Table>> tables_;
  std::string ps_name_;
  int units_per_em_ = 1000;
  int ascent_ = 0;
  int descent_ = 0;
  std::uint16_t num_glyphs_ = 0;
  std::vector<std::uint16_t> advances_;    // per glyph, font units
  std::vector<std::int16_t> lsbs_;         // per glyph
  std::vector<std::uint32_t> loca_;        // num_glyphs + 1 offsets into glyf
  std::vector<std::uint16_t> bmp_;         // 65,536 glyph ids
  std::vector<std::pair<char32_t, std::uint16_t>> astral_;  // sorted, beyond U+FFFF
};

}  // namespace balint::pdf::detail
