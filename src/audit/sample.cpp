#include "balint/audit/sample.hpp"

#include <algorithm>
#include <utility>

namespace balint::audit {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  for (;;) {
    std::uint64_t r = next();
    if (r >= threshold) return r % bound;
  }
}

std::vector<std::string> draw_sample(std::vector<std::string> ids, std::size_t n,
                                     std::uint64_t seed) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  n = std::min(n, ids.size());
  SplitMix64 rng(seed);
  for (std::size_t i = 0; i < n; ++i) {
    auto j = i + static_cast<std::size_t>(rng.below(ids.size() - i));
    std::swap(ids[i], ids[j]);
  }
  ids.resize(n);
  return ids;
}

}  // namespace balint::audit
