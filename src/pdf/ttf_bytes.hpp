#pragma once
// Private to pdf: big-endian reading and writing of TrueType tables.
#include <fmt/core.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "balint/core/error.hpp"

namespace balint::pdf::detail::ttf {

[[noreturn]] inline void bad(const std::string& path, std::string_view what) {
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

inline void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
inline void put32(std::string& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}
inline void set16(std::string& s, std::size_t off, std::uint32_t v) {
  s[off] = static_cast<char>((v >> 8) & 0xFF);
  s[off + 1] = static_cast<char>(v & 0xFF);
}
inline void set32(std::string& s, std::size_t off, std::uint32_t v) {
  set16(s, off, v >> 16);
  set16(s, off + 2, v & 0xFFFF);
}
inline void pad4(std::string& s) {
  while (s.size() % 4) s += '\0';
}

inline std::uint32_t checksum(std::string_view s) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < s.size(); i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k)
      word = word << 8 | (i + k < s.size() ? static_cast<std::uint8_t>(s[i + k]) : 0u);
    sum += word;
  }
  return sum;
}

}  // namespace balint::pdf::detail::ttf
