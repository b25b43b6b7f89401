#pragma once
// A reproducible audit sample: the same seed picks the same people on any machine and with
// any standard library (no std::uniform_int_distribution, no std::shuffle).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace balint::audit {

/// SplitMix64 (Steele, Lea and Flood, 2014): 64-bit state, one add and three xor-shift-
/// multiplies per number; the sequence depends on the seed alone.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  /// The next 64-bit number.
  std::uint64_t next();
  /// A number in [0, bound) without modulo bias (rejection of the low 2^64 mod bound
  /// numbers); bound must be at least 1.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t state_;
};

/// `n` of `ids` (all of them when n ≥ their number), in the order drawn: the ids are sorted
/// and de-duplicated, then the first n steps of a Fisher–Yates shuffle driven by
/// SplitMix64(seed) pick them. A larger n extends the smaller one's sample.
std::vector<std::string> draw_sample(std::vector<std::string> ids, std::size_t n,
                                     std::uint64_t seed);

}  // namespace balint::audit
