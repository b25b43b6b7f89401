#include "repack.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

#include "balint/core/error.hpp"
#include "deflate.hpp"

namespace balint::pdf::detail {
namespace {

constexpr std::size_t kCacheMin = 2048;  // streams at least this long are worth remembering
constexpr std::size_t kCacheSize = 8;
constexpr int kLevel = 6;  // zlib's default; the streams are small once fonts are subset

[[noreturn]] void unexpected(std::string_view what) {
  throw core::InternalError(fmt::format("unexpected PDF from libharu: {}", what));
}

long number_at(std::string_view s, std::size_t pos) {
  long v = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), v);
  if (ec != std::errc{}) unexpected("a number is missing");
  return v;
}

// The object number of an indirect reference "/Key N 0 R" in a dictionary, or -1.
long reference(std::string_view dict, std::string_view key) {
  auto at = dict.find(key);
  if (at == std::string_view::npos) return -1;
  std::size_t pos = at + key.size();
  while (pos < dict.size() && dict[pos] == ' ') ++pos;
  auto end = dict.find(" 0 R", pos);
  if (end == std::string_view::npos) return -1;
  return number_at(dict, pos);
}

struct Object {
  long id = 0;
  std::size_t offset = 0;
  std::string_view text;  // "N 0 obj\n ... endobj\n"
  std::string replaced;   // the new text when changed
  bool changed = false;
};

}  // namespace

Repacker::Repacker() : z_(std::make_unique<Deflater>(kLevel)) {}

Repacker::~Repacker() = default;

std::string Repacker::deflate(std::string_view data) {
  if (data.size() >= kCacheMin) {
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if (it->raw == data) {
        cache_.splice(cache_.begin(), cache_, it);
        return it->packed;
      }
    }
  }
  std::string out = z_->compress(data);
  if (data.size() >= kCacheMin) {
    cache_.push_front({std::string(data), out});
    if (cache_.size() > kCacheSize) cache_.pop_back();
  }
  return out;
}

std::string Repacker::repack(std::string_view pdf) {
  // The xref table gives every object's offset; an object runs to the next one.
  auto sx = pdf.rfind("startxref\n");
  if (sx == std::string_view::npos) unexpected("no startxref");
  auto xref = static_cast<std::size_t>(number_at(pdf, sx + 10));
  if (pdf.substr(xref, 5) != "xref\n") unexpected("no xref table");
  std::size_t pos = xref + 5;
  if (number_at(pdf, pos) != 0) unexpected("xref does not start at object 0");
  pos = pdf.find('\n', pos) + 1;
  auto count = static_cast<std::size_t>(number_at(pdf, pdf.find(' ', xref + 5) + 1));
  auto trailer = pdf.find("trailer\n", pos);
  if (trailer == std::string_view::npos || trailer != pos + 20 * count) unexpected("xref size");
  std::vector<Object> objects;
  for (std::size_t i = 1; i < count; ++i) {
    std::string_view entry = pdf.substr(pos + 20 * i, 20);
    if (entry[17] != 'n') unexpected("a free object");
    objects.push_back({static_cast<long>(i), static_cast<std::size_t>(number_at(entry, 0)), {}, {},
                       false});
  }
  std::sort(objects.begin(), objects.end(),
            [](const Object& a, const Object& b) { return a.offset < b.offset; });
  for (std::size_t i = 0; i < objects.size(); ++i) {
    std::size_t end = i + 1 < objects.size() ? objects[i + 1].offset : xref;
    if (end < objects[i].offset) unexpected("overlapping objects");
    objects[i].text = pdf.substr(objects[i].offset, end - objects[i].offset);
    auto head = fmt::format("{} 0 obj\n", objects[i].id);
    if (objects[i].text.substr(0, head.size()) != head) unexpected("object not at its offset");
  }
  std::map<long, Object*> by_id;
  for (auto& o : objects) by_id[o.id] = &o;

  // Maps whose trailing zeros may go: their CIDs are beyond every code drawn.
  std::vector<long> maps;
  for (const auto& o : objects)
    if (long m = reference(o.text, "/CIDToGIDMap "); m > 0) maps.push_back(m);

  constexpr std::string_view kStream = ">>\nstream\r\n", kEnd = "\nendstream\nendobj\n";
  for (auto& o : objects) {
    auto at = o.text.find(kStream);
    if (at == std::string_view::npos) continue;
    std::string_view dict = o.text.substr(0, at);
    if (dict.find("/Filter") != std::string_view::npos) continue;
    if (o.text.size() < at + kStream.size() + kEnd.size() ||
        o.text.substr(o.text.size() - kEnd.size()) != kEnd)
      unexpected("a stream does not end as expected");
    std::string_view data = o.text.substr(at + kStream.size(),
                                          o.text.size() - at - kStream.size() - kEnd.size());
    if (std::find(maps.begin(), maps.end(), o.id) != maps.end()) {
      std::size_t keep = data.size() & ~std::size_t{1};
      while (keep > 2 && data[keep - 1] == 0 && data[keep - 2] == 0) keep -= 2;
      data = data.substr(0, keep);
    }
    long length_id = reference(dict, "/Length ");
    Object* length = by_id.count(length_id) ? by_id[length_id] : nullptr;
    if (!length) unexpected("a stream without an indirect /Length");
    std::string packed = deflate(data);
    o.replaced = fmt::format("{}/Filter /FlateDecode\n>>\nstream\r\n", dict);
    o.replaced += packed;
    o.replaced += kEnd;
    o.changed = true;
    length->replaced = fmt::format("{} 0 obj\n{}\nendobj\n", length->id, packed.size());
    length->changed = true;
  }

  std::string out(pdf.substr(0, objects.empty() ? xref : objects.front().offset));
  std::vector<std::size_t> offsets(count, 0);
  for (const auto& o : objects) {
    offsets[static_cast<std::size_t>(o.id)] = out.size();
    out += o.changed ? std::string_view(o.replaced) : o.text;
  }
  std::size_t new_xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f\r\n", count);
  for (std::size_t i = 1; i < count; ++i) out += fmt::format("{:010} 00000 n\r\n", offsets[i]);
  out += pdf.substr(trailer, sx - trailer);
  out += fmt::format("startxref\n{}\n%%EOF\n", new_xref);
  return out;
}

}  // namespace balint::pdf::detail
