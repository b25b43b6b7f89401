#include "ttf.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "balint/core/error.hpp"
#include "ttf_bytes.hpp"

namespace balint::pdf::detail {

using namespace ttf;

std::shared_ptr<const TrueType> TrueType::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::NoInputError(fmt::format("{}: no such font file", path));
  std::stringstream buf;
  buf << in.rdbuf();
  std::shared_ptr<TrueType> f(new TrueType);
  f->path_ = path;
  f->bytes_ = buf.str();
  f->parse();
  return f;
}

std::string TrueType::file_name() const {
  auto slash = path_.rfind('/');
  return slash == std::string::npos ? path_ : path_.substr(slash + 1);
}

std::string_view TrueType::table(std::string_view tag) const {
  for (const auto& [t, where] : tables_)
    if (t == tag) return std::string_view(bytes_).substr(where.offset, where.length);
  return {};
}

void TrueType::parse() {
  Reader r{bytes_, path_};
  std::uint32_t version = r.u32(0);
  if (version == 0x4F54544F) bad(path_, "it has PostScript (CFF) outlines; libharu needs glyf");
  if (version == 0x74746366) bad(path_, "it is a font collection (.ttc)");
  if (version != 0x00010000 && version != 0x74727565) bad(path_, "unknown file signature");
  std::uint16_t n = r.u16(4);
  for (std::uint16_t i = 0; i < n; ++i) {
    std::size_t rec = 12 + 16u * i;
    r.need(rec, 16);
    Table t{r.u32(rec + 8), r.u32(rec + 12)};
    r.need(t.offset, t.length);
    tables_.emplace_back(std::string(bytes_.substr(rec, 4)), t);
  }
  for (const char* tag : {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "OS/2"})
    if (table(tag).empty()) bad(path_, fmt::format("the '{}' table is missing", tag));

  Reader head{table("head"), path_};
  units_per_em_ = head.u16(18);
  if (units_per_em_ < 16) bad(path_, "unitsPerEm is out of range");
  bool long_loca = head.s16(50) != 0;
  Reader maxp{table("maxp"), path_};
  num_glyphs_ = maxp.u16(4);
  if (num_glyphs_ == 0) bad(path_, "it has no glyphs");
  Reader hhea{table("hhea"), path_};
  ascent_ = hhea.s16(4) * 1000 / units_per_em_;
  descent_ = hhea.s16(6) * 1000 / units_per_em_;
  std::uint16_t num_h = hhea.u16(34);
  if (num_h == 0 || num_h > num_glyphs_) bad(path_, "numberOfHMetrics is out of range");

  Reader hmtx{table("hmtx"), path_};
  advances_.resize(num_glyphs_);
  lsbs_.resize(num_glyphs_);
  for (std::uint16_t g = 0; g < num_glyphs_; ++g) {
    if (g < num_h) {
      advances_[g] = hmtx.u16(4u * g);
      lsbs_[g] = hmtx.s16(4u * g + 2);
    } else {
      advances_[g] = advances_[num_h - 1];
      lsbs_[g] = hmtx.s16(4u * num_h + 2u * (g - num_h));
    }
  }
  Reader loca{table("loca"), path_};
  loca_.resize(num_glyphs_ + 1u);
  std::size_t glyf_size = table("glyf").size();
  for (std::size_t g = 0; g <= num_glyphs_; ++g) {
    loca_[g] = long_loca ? loca.u32(4 * g) : 2u * loca.u16(2 * g);
    if (loca_[g] > glyf_size || (g > 0 && loca_[g] < loca_[g - 1]))
      bad(path_, "the 'loca' table points outside 'glyf'");
  }
  Reader os2{table("OS/2"), path_};
  if (os2.u16(8) & (0x0002 | 0x0100 | 0x0200))
    bad(path_, "its licence (OS/2 fsType) does not allow embedding a subset");
  parse_cmap();
  parse_name();
}

void TrueType::parse_cmap() {
  Reader r{table("cmap"), path_};
  std::size_t best4 = 0, best12 = 0;
  std::uint16_t n = r.u16(2);
  for (std::uint16_t i = 0; i < n; ++i) {
    std::uint16_t platform = r.u16(4 + 8u * i), encoding = r.u16(6 + 8u * i);
    std::uint32_t off = r.u32(8 + 8u * i);
    std::uint16_t format = r.u16(off);
    bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
    if (!unicode) continue;
    if (format == 12 && !best12) best12 = off;
    if (format == 4 && !best4) best4 = off;
  }
  if (!best4 && !best12) bad(path_, "it has no Unicode cmap (format 4 or 12)");
  bmp_.assign(0x10000, 0);
  auto valid = [&](std::uint32_t gid) { return gid < num_glyphs_ ? gid : 0u; };
  if (best12) {
    std::uint32_t groups = r.u32(best12 + 12);
    for (std::uint32_t i = 0; i < groups; ++i) {
      std::size_t g = best12 + 16 + 12u * i;
      std::uint32_t start = r.u32(g), end = r.u32(g + 4), glyph = r.u32(g + 8);
      if (end < start || end > 0x10FFFF) bad(path_, "a cmap group is out of range");
      for (std::uint32_t c = start; c <= end && c < 0x10000; ++c)
        bmp_[c] = static_cast<std::uint16_t>(valid(glyph + (c - start)));
      if (end >= 0x10000) {
        std::uint32_t from = std::max<std::uint32_t>(start, 0x10000);
        for (std::uint32_t c = from; c <= end; ++c)
          if (auto gid = valid(glyph + (c - start)))
            astral_.emplace_back(static_cast<char32_t>(c), static_cast<std::uint16_t>(gid));
      }
    }
    std::sort(astral_.begin(), astral_.end());
    return;
  }
  std::size_t segs = r.u16(best4 + 6) / 2u;
  std::size_t ends = best4 + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
              ranges = deltas + 2 * segs;
  for (std::size_t i = 0; i < segs; ++i) {
    std::uint16_t end = r.u16(ends + 2 * i), start = r.u16(starts + 2 * i);
    std::uint16_t delta = r.u16(deltas + 2 * i), range = r.u16(ranges + 2 * i);
    for (std::uint32_t c = start; c <= end && c != 0xFFFF; ++c) {
      std::uint32_t gid;
      if (range == 0) {
        gid = (c + delta) & 0xFFFF;
      } else {
        std::uint16_t g = r.u16(ranges + 2 * i + range + 2 * (c - start));
        gid = g ? (g + delta) & 0xFFFF : 0;
      }
      bmp_[c] = static_cast<std::uint16_t>(valid(gid));
    }
  }
}

void TrueType::parse_name() {
  std::string_view t = table("name");
  if (!t.empty()) {
    Reader r{t, path_};
    std::uint16_t count = r.u16(2), strings = r.u16(4);
    for (std::uint16_t i = 0; i < count && ps_name_.empty(); ++i) {
      std::size_t rec = 6 + 12u * i;
      std::uint16_t platform = r.u16(rec), id = r.u16(rec + 6);
      std::uint16_t len = r.u16(rec + 8), off = r.u16(rec + 10);
      if (id != 6 || (platform != 1 && platform != 3)) continue;
      r.need(strings + off, len);
      std::size_t step = platform == 3 ? 2 : 1;
      for (std::size_t k = step - 1; k < len; k += step) ps_name_ += t[strings + off + k];
    }
  }
  // A PostScript name is printable ASCII without delimiters; keep it short for libharu.
  std::string clean;
  for (char c : ps_name_)
    if (c > ' ' && c < 127 && std::string_view("()[]{}<>/%").find(c) == std::string_view::npos)
      clean += c;
  if (clean.empty()) {
    clean = file_name();
    clean = clean.substr(0, clean.rfind('.'));
  }
  ps_name_ = clean.substr(0, 48);
}

std::uint16_t TrueType::glyph(char32_t cp) const {
  if (cp < 0x10000) return bmp_[cp];
  auto it = std::lower_bound(astral_.begin(), astral_.end(), std::make_pair(cp, std::uint16_t{0}));
  return it != astral_.end() && it->first == cp ? it->second : 0;
}

int TrueType::advance(std::uint16_t gid) const {
  if (gid >= num_glyphs_) gid = 0;
  return static_cast<int>(advances_[gid]) * 1000 / units_per_em_;
}

std::string_view TrueType::glyph_data(std::uint16_t gid) const {
  return table("glyf").substr(loca_[gid], loca_[gid + 1u] - loca_[gid]);
}

}  // namespace balint::pdf::detail
