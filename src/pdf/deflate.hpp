#pragma once
// Private to pdf: zlib's deflate with one state reused between streams.
//
// zlib is the library libharu itself compresses with, and it is loaded with libharu; but
// balint_pdf's link line does not name it, so its entry points are looked up at run time
// (dlopen "libz.so.1"). Once CMake links ZLIB::ZLIB into balint_pdf, this file reduces to
// direct calls. Without zlib, streams are stored (valid FlateDecode, not smaller).
#include <memory>
#include <string>
#include <string_view>

namespace balint::pdf::detail {

class Deflater {
 public:
  explicit Deflater(int level);
  ~Deflater();
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  /// A complete zlib stream (RFC 1950) of `data`; the same input gives the same bytes.
  std::string compress(std::string_view data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balint::pdf::detail
