#include "deflate.hpp"

#include <dlfcn.h>
#include <zlib.h>

#include "balint/core/error.hpp"

namespace balint::pdf::detail {
namespace {

// zlib's entry points, looked up once.
struct Api {
  decltype(&::deflateInit_) init = nullptr;
  decltype(&::deflate) deflate = nullptr;
  decltype(&::deflateReset) reset = nullptr;
  decltype(&::deflateEnd) end = nullptr;
  decltype(&::deflateBound) bound = nullptr;
  decltype(&::zlibVersion) version = nullptr;

  static const Api& get() {
    static const Api api = [] {
      Api a;
      void* lib = dlopen("libz.so.1", RTLD_LAZY | RTLD_LOCAL);
      if (!lib) return a;
      a.init = reinterpret_cast<decltype(a.init)>(dlsym(lib, "deflateInit_"));
      a.deflate = reinterpret_cast<decltype(a.deflate)>(dlsym(lib, "deflate"));
      a.reset = reinterpret_cast<decltype(a.reset)>(dlsym(lib, "deflateReset"));
      a.end = reinterpret_cast<decltype(a.end)>(dlsym(lib, "deflateEnd"));
      a.bound = reinterpret_cast<decltype(a.bound)>(dlsym(lib, "deflateBound"));
      a.version = reinterpret_cast<decltype(a.version)>(dlsym(lib, "zlibVersion"));
      if (!a.init || !a.deflate || !a.reset || !a.end || !a.bound || !a.version ||
          a.version()[0] != ZLIB_VERSION[0])
        a = Api{};
      return a;
    }();
    return api;
  }
  bool usable() const { return init != nullptr; }
};

std::uint32_t adler32_of(std::string_view data) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return b << 16 | a;
}

// A zlib stream of stored (uncompressed) blocks.
std::string stored(std::string_view data) {
  std::string out("\x78\x01", 2);
  std::size_t pos = 0;
  do {
    std::size_t n = std::min<std::size_t>(data.size() - pos, 65535);
    bool last = pos + n == data.size();
    out += static_cast<char>(last ? 1 : 0);
    out += static_cast<char>(n & 0xFF);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(~n & 0xFF);
    out += static_cast<char>((~n >> 8) & 0xFF);
    out.append(data.substr(pos, n));
    pos += n;
  } while (pos < data.size());
  std::uint32_t sum = adler32_of(data);
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((sum >> shift) & 0xFF);
  return out;
}

}  // namespace

struct Deflater::Impl {
  const Api& api = Api::get();
  z_stream s{};
  int level = Z_DEFAULT_COMPRESSION;
  bool ready = false;
};

Deflater::Deflater(int level) : impl_(std::make_unique<Impl>()) { impl_->level = level; }

Deflater::~Deflater() {
  if (impl_->ready) impl_->api.end(&impl_->s);
}

std::string Deflater::compress(std::string_view data) {
  Impl& d = *impl_;
  if (!d.api.usable()) return stored(data);
  if (!d.ready) {
    if (d.api.init(&d.s, d.level, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) != Z_OK)
      throw core::InternalError("zlib: deflateInit failed");
    d.ready = true;
  } else if (d.api.reset(&d.s) != Z_OK) {
    throw core::InternalError("zlib: deflateReset failed");
  }
  std::string out(d.api.bound(&d.s, static_cast<uLong>(data.size())), '\0');
  d.s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  d.s.avail_in = static_cast<uInt>(data.size());
  d.s.next_out = reinterpret_cast<Bytef*>(out.data());
  d.s.avail_out = static_cast<uInt>(out.size());
  if (d.api.deflate(&d.s, Z_FINISH) != Z_STREAM_END)
    throw core::InternalError("zlib: deflate failed");
  out.resize(d.s.total_out);
  return out;
}

}  // namespace balint::pdf::detail
