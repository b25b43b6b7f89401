#include "repack.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
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
  if (pos >= s.size()) unexpected("a number is missing");
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

namespace {

// libharu's output: objects in one xref section, each running to the next one's offset.
struct Layout {
  std::vector<Object> objects;  // by offset
  std::size_t count = 0;        // xref entries, object 0 included
  std::size_t xref = 0, trailer = 0, startxref = 0;
};

Layout parse(std::string_view pdf) {
  Layout l;
  l.startxref = pdf.rfind("startxref\n");
  if (l.startxref == std::string_view::npos) unexpected("no startxref");
  l.xref = static_cast<std::size_t>(number_at(pdf, l.startxref + 10));
  if (l.xref >= pdf.size() || pdf.substr(l.xref, 7) != "xref\n0 ") unexpected("no xref table");
  l.count = static_cast<std::size_t>(number_at(pdf, l.xref + 7));
  std::size_t first = pdf.find('\n', l.xref + 7) + 1;
  l.trailer = pdf.find("trailer\n", first);
  if (l.trailer == std::string_view::npos || l.trailer != first + 20 * l.count)
    unexpected("the xref table is not one section");
  for (std::size_t i = 1; i < l.count; ++i) {
    std::string_view entry = pdf.substr(first + 20 * i, 20);
    if (entry[17] != 'n') unexpected("a free object");
    l.objects.push_back({static_cast<long>(i), static_cast<std::size_t>(number_at(entry, 0)),
                         {}, {}, false});
  }
  std::sort(l.objects.begin(), l.objects.end(),
            [](const Object& a, const Object& b) { return a.offset < b.offset; });
  for (std::size_t i = 0; i < l.objects.size(); ++i) {
    Object& o = l.objects[i];
    std::size_t end = i + 1 < l.objects.size() ? l.objects[i + 1].offset : l.xref;
    if (end < o.offset || end > pdf.size()) unexpected("objects overlap");
    o.text = pdf.substr(o.offset, end - o.offset);
    auto head = fmt::format("{} 0 obj\n", o.id);
    if (o.text.substr(0, head.size()) != head) unexpected("an object is not at its offset");
  }
  return l;
}

constexpr std::string_view kStream = ">>\nstream\r\n", kEnd = "\nendstream\nendobj\n";

// The data of a stream object without a filter, or nullopt for other objects.
std::optional<std::string_view> raw_stream(const Object& o, std::string_view& dict) {
  auto at = o.text.find(kStream);
  if (at == std::string_view::npos) return std::nullopt;
  dict = o.text.substr(0, at);
  if (dict.find("/Filter") != std::string_view::npos) return std::nullopt;
  if (o.text.size() < at + kStream.size() + kEnd.size() ||
      o.text.substr(o.text.size() - kEnd.size()) != kEnd)
    unexpected("a stream does not end as expected");
  return o.text.substr(at + kStream.size(), o.text.size() - at - kStream.size() - kEnd.size());
}

// A CIDToGIDMap without its trailing zero entries (CIDs beyond every code drawn).
std::string_view trim_map(std::string_view data) {
  std::size_t keep = data.size() & ~std::size_t{1};
  while (keep > 2 && data[keep - 1] == 0 && data[keep - 2] == 0) keep -= 2;
  return data.substr(0, keep);
}

}  // namespace

std::string Repacker::repack(std::string_view pdf) {
  Layout l = parse(pdf);
  std::map<long, Object*> by_id;
  std::set<long> maps;
  for (auto& o : l.objects) {
    by_id[o.id] = &o;
    if (long m = reference(o.text, "/CIDToGIDMap "); m > 0) maps.insert(m);
  }
  for (auto& o : l.objects) {
    std::string_view dict;
    auto data = raw_stream(o, dict);
    if (!data) continue;
    if (maps.count(o.id)) data = trim_map(*data);
    auto length = by_id.find(reference(dict, "/Length "));
    if (length == by_id.end()) unexpected("a stream without an indirect /Length");
    std::string packed = deflate(*data);
    o.replaced = fmt::format("{}/Filter /FlateDecode\n>>\nstream\r\n", dict);
    o.replaced += packed;
    o.replaced += kEnd;
    o.changed = true;
    Object& len = *length->second;
    len.replaced = fmt::format("{} 0 obj\n{}\nendobj\n", len.id, packed.size());
    len.changed = true;
  }

  std::string out(pdf.substr(0, l.objects.empty() ? l.xref : l.objects.front().offset));
  std::vector<std::size_t> offsets(l.count, 0);
  for (const auto& o : l.objects) {
    offsets[static_cast<std::size_t>(o.id)] = out.size();
    out += o.changed ? std::string_view(o.replaced) : o.text;
  }
  std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f\r\n", l.count);
  for (std::size_t i = 1; i < l.count; ++i) out += fmt::format("{:010} 00000 n\r\n", offsets[i]);
  out += pdf.substr(l.trailer, l.startxref - l.trailer);
  out += fmt::format("startxref\n{}\n%%EOF\n", xref);
  return out;
}

}  // namespace balint::pdf::detail
