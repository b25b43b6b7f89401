// Cutting a TrueType font down to the glyphs one document draws.
#include <map>

#include "ttf.hpp"
#include "ttf_bytes.hpp"

namespace balint::pdf::detail {
namespace {

using namespace ttf;

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
