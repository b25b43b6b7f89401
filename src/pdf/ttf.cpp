#include "ttf.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "balint/core/error.hpp"

namespace balint::pdf::detail {
namespace {

[[noreturn]] void bad(const std::string& path, std::string_view what) {
  throw core::DataError(fmt::format("{}: not a usable TrueType font: {}", path, what));
}

// Big-endian reads with bounds checks; `path` names the file in errors.
struct Reader {
  std::string_view b;
  const std::string& path;

  void need(std::size_t off, std::size_t n) const {
    if (off > b.size() || n > b.size() - off) bad(path, "a table is cut short");
  }
  std::uint8_t u8(std::size_t off) const {
    need(off, 1);
    return static_cast<std::uint8_t>(b[off]);
  }
  std::uint16_t u16(std::size_t off) const {
    need(off, 2);
    return static_cast<std::uint16_t>(u8(off) << 8 | u8(off + 1));
  }
  std::int16_t s16(std::size_t off) const { return static_cast<std::int16_t>(u16(off)); }
  std::uint32_t u32(std::size_t off) const {
    return static_cast<std::uint32_t>(u16(off)) << 16 | u16(off + 2);
  }
};

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}
void set16(std::string& s, std::size_t off, std::uint32_t v) {
  s[off] = static_cast<char>((v >> 8) & 0xFF);
  s[off + 1] = static_cast<char>(v & 0xFF);
}
void set32(std::string& s, std::size_t off, std::uint32_t v) {
  set16(s, off, v >> 16);
  set16(s, off + 2, v & 0xFFFF);
}
void pad4(std::string& s) {
  while (s.size() % 4) s += '\0';
}

std::uint32_t checksum(std::string_view s) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < s.size(); i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k)
      word = word << 8 | (i + k < s.size() ? static_cast<std::uint8_t>(s[i + k]) : 0u);
    sum += word;
  }
  return sum;
}

// The glyph ids a composite glyph refers to, with the byte offsets of those ids.
std::vector<std::pair<std::size_t, std::uint16_t>> components(std::string_view glyph,
                                                              const std::string& path) {
  std::vector<std::pair<std::size_t, std::uint16_t>> out;
  Reader r{glyph, path};
  if (glyph.size() < 10 || r.s16(0) >= 0) return out;
  std::size_t pos = 10;
  for (;;) {
    std::uint16_t flags = r.u16(pos);
    out.emplace_back(pos + 2, r.u16(pos + 2));
    pos += 4 + ((flags & 0x0001) ? 4 : 2);
    if (flags & 0x0008)
      pos += 2;
    else if (flags & 0x0040)
      pos += 4;
    else if (flags & 0x0080)
      pos += 8;
    if (!(flags & 0x0020)) break;
  }
  return out;
}

// A format 4 cmap subtable for (code point, glyph) pairs sorted by code point. Code points
// close together share a segment and its glyph id array, so that libharu's linear segment
// search, run for all 65,536 codes of its UTF-8 encoder, stays short.
std::string cmap_format4(const std::vector<std::pair<char32_t, std::uint16_t>>& map) {
  constexpr char32_t kGap = 128;  // unmapped codes a segment may span: 2 bytes each
  struct Segment {
    char32_t start, end;
    std::size_t first;  // index into the glyph id array
  };
  std::vector<Segment> segs;
  std::vector<std::uint16_t> ids;
  for (const auto& [cp, gid] : map) {
    if (segs.empty() || cp - segs.back().end > kGap) {
      segs.push_back({cp, cp, ids.size()});
    } else {
      for (char32_t c = segs.back().end + 1; c < cp; ++c) ids.push_back(0);
    }
    segs.back().end = cp;
    ids.push_back(gid);
  }
  const std::size_t n = segs.size() + 1;  // with the final 0xFFFF segment
  const std::size_t length = 16 + 8 * n + 2 * ids.size();
  if (length > 0xFFFF) throw core::InternalError("too many characters for one embedded font");
  std::size_t search = 1, selector = 0;
  while (search * 2 <= n) search *= 2, ++selector;
  std::string t;
  put16(t, 4);
  put16(t, static_cast<std::uint32_t>(length));
  put16(t, 0);
  put16(t, static_cast<std::uint32_t>(2 * n));
  put16(t, static_cast<std::uint32_t>(2 * search));
  put16(t, static_cast<std::uint32_t>(selector));
  put16(t, static_cast<std::uint32_t>(2 * n - 2 * search));
  for (const auto& s : segs) put16(t, s.end);
  put16(t, 0xFFFF);
  put16(t, 0);  // reservedPad
  for (const auto& s : segs) put16(t, s.start);
  put16(t, 0xFFFF);
  for (std::size_t i = 0; i < segs.size(); ++i) put16(t, 0);  // idDelta
  put16(t, 1);
  for (std::size_t i = 0; i < segs.size(); ++i)
    put16(t, static_cast<std::uint32_t>(2 * (n - i) + 2 * segs[i].first));
  put16(t, 0);
  for (auto id : ids) put16(t, id);
  std::string out;
  put16(out, 0);  // cmap version
  put16(out, 1);  // one encoding record: Windows, Unicode BMP
  put16(out, 3);
  put16(out, 1);
  put32(out, 12);
  return out + t;
}

// A name table with family, subfamily, full and PostScript names, Mac and Windows records.
std::string name_table(const std::string& ps) {
  const std::vector<std::pair<int, std::string>> names{
      {1, ps}, {2, "Regular"}, {4, ps}, {6, ps}};
  std::string strings, records;
  int count = 0;
  for (int platform : {1, 3}) {
    for (const auto& [id, text] : names) {
      std::string enc;
      for (char c : text) {
        if (platform == 3) enc += '\0';
        enc += c;
      }
      put16(records, static_cast<std::uint32_t>(platform));
      put16(records, platform == 3 ? 1 : 0);
      put16(records, platform == 3 ? 0x0409 : 0);
      put16(records, static_cast<std::uint32_t>(id));
      put16(records, static_cast<std::uint32_t>(enc.size()));
      put16(records, static_cast<std::uint32_t>(strings.size()));
      strings += enc;
      ++count;
    }
  }
  std::string out;
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(count));
  put16(out, static_cast<std::uint32_t>(6 + records.size()));
  return out + records + strings;
}

}  // namespace

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

std::string TrueType::subset(const std::set<char32_t>& cps) const {
  // The glyphs: .notdef, those of the code points, then every part of a composite.
  std::set<std::uint16_t> olds{0};
  std::vector<std::pair<char32_t, std::uint16_t>> cmap;
  for (char32_t cp : cps) {
    std::uint16_t g = cp < 0x10000 ? glyph(cp) : 0;
    if (g == 0) throw core::InternalError(fmt::format("U+{:04X} is not in {}", static_cast<std::uint32_t>(cp), path_));
    olds.insert(g);
    cmap.emplace_back(cp, g);
  }
  std::vector<std::uint16_t> todo(olds.begin(), olds.end());
  while (!todo.empty()) {
    std::uint16_t g = todo.back();
    todo.pop_back();
    for (const auto& [pos, part] : components(glyph_data(g), path_)) {
      if (part >= num_glyphs_) bad(path_, "a composite glyph names a glyph that does not exist");
      if (olds.insert(part).second) todo.push_back(part);
    }
  }
  std::map<std::uint16_t, std::uint16_t> remap;
  for (std::uint16_t g : olds) remap.emplace(g, static_cast<std::uint16_t>(remap.size()));
  for (auto& [cp, g] : cmap) g = remap.at(g);

  std::string glyf, loca, hmtx;
  for (std::uint16_t g : olds) {
    put32(loca, static_cast<std::uint32_t>(glyf.size()));
    std::string data(glyph_data(g));
    for (const auto& [pos, part] : components(data, path_)) set16(data, pos, remap.at(part));
    glyf += data;
    pad4(glyf);
    put16(hmtx, advances_[g]);
    put16(hmtx, static_cast<std::uint16_t>(lsbs_[g]));
  }
  put32(loca, static_cast<std::uint32_t>(glyf.size()));
  const auto count = static_cast<std::uint32_t>(olds.size());

  std::string head(table("head")), hhea(table("hhea")), maxp(table("maxp"));
  set32(head, 8, 0);     // checkSumAdjustment, set below
  set16(head, 50, 1);    // long loca
  set16(hhea, 34, count);
  set16(maxp, 4, count);
  Reader post{table("post"), path_};
  std::string post3;
  put32(post3, 0x00030000);
  for (std::size_t off : {4u, 8u, 12u}) put32(post3, table("post").size() >= 16 ? post.u32(off) : 0);
  for (int i = 0; i < 4; ++i) put32(post3, 0);

  // The 13 tables libharu writes into the PDF, in tag order.
  const std::vector<std::pair<std::string, std::string>> tables{
      {"OS/2", std::string(table("OS/2"))}, {"cmap", cmap_format4(cmap)},
      {"cvt ", std::string(table("cvt "))}, {"fpgm", std::string(table("fpgm"))},
      {"glyf", glyf},                        {"head", head},
      {"hhea", hhea},                        {"hmtx", hmtx},
      {"loca", loca},                        {"maxp", maxp},
      {"name", name_table(ps_name_)},        {"post", post3},
      {"prep", std::string(table("prep"))}};
  std::string out;
  put32(out, 0x00010000);
  put16(out, static_cast<std::uint32_t>(tables.size()));
  put16(out, 128);  // searchRange for 13 tables
  put16(out, 3);
  put16(out, static_cast<std::uint32_t>(tables.size() * 16 - 128));
  std::size_t offset = 12 + 16 * tables.size(), head_at = 0;
  std::string body;
  for (const auto& [tag, data] : tables) {
    out += tag;
    put32(out, checksum(data));
    put32(out, static_cast<std::uint32_t>(offset + body.size()));
    put32(out, static_cast<std::uint32_t>(data.size()));
    if (tag == "head") head_at = offset + body.size();
    body += data;
    pad4(body);
  }
  out += body;
  set32(out, head_at + 8, 0xB1B0AFBAu - checksum(out));
  return out;
}

}  // namespace balint::pdf::detail
