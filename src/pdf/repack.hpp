#pragma once
// Private to pdf: compresses the streams of libharu's output ourselves. libharu writes them
// uncompressed (its own deflate is slow: 4 KB chunks, a fresh zlib state per stream); here
// each stream is deflated with one reused zlib state, large streams that repeat between
// documents (logos) are compressed once, and the CIDToGIDMap that libharu's UTF-8 fonts
// always write for all 65,536 codes loses its trailing zeros (codes no text uses).
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>

namespace balint::pdf::detail {

class Deflater;

class Repacker {
 public:
  Repacker();
  ~Repacker();
  Repacker(const Repacker&) = delete;
  Repacker& operator=(const Repacker&) = delete;
  /// The same PDF with every unfiltered stream deflated and the xref table rebuilt.
  /// InternalError when the input is not laid out as libharu writes it.
  std::string repack(std::string_view pdf);

 private:
  std::string deflate(std::string_view data);
  struct Cached {
    std::string raw, packed;
  };
  std::list<Cached> cache_;  // most recently used first
  std::unique_ptr<Deflater> z_;
};

}  // namespace balint::pdf::detail
