// The audit sample: our own PRNG and Fisher–Yates, so a seed means the same people anywhere.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "balint/audit/sample.hpp"

using balint::audit::draw_sample;
using balint::audit::SplitMix64;

namespace {

std::vector<std::string> people(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back("p" + std::to_string(1000 + i));
  return ids;
}

}  // namespace

TEST_CASE("SplitMix64 gives the published sequence for seed 0") {
  // Reference values of splitmix64.c (Vigna) started from state 0.
  SplitMix64 r(0);
  CHECK(r.next() == 0xe220a8397b1dcdafULL);
  CHECK(r.next() == 0x6e789e6aa1b965f4ULL);
  CHECK(r.next() == 0x06c45d188009454fULL);
}

TEST_CASE("below() stays in range and takes every value") {
  SplitMix64 r(42);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    auto v = r.below(7);
    CHECK(v < 7);
    seen.insert(v);
  }
  CHECK(seen.size() == 7);
  CHECK(r.below(1) == 0);
}

TEST_CASE("the same seed draws the same people, whatever the input order") {
  auto ids = people(50);
  auto a = draw_sample(ids, 5, 42);
  std::reverse(ids.begin(), ids.end());
  ids.push_back(ids.front());  // a duplicate is ignored
  CHECK(draw_sample(ids, 5, 42) == a);
  CHECK(a.size() == 5);
  CHECK(std::set<std::string>(a.begin(), a.end()).size() == 5);
  CHECK(draw_sample(people(50), 5, 43) != a);
}

TEST_CASE("the sample for seed 42 is pinned (it must never change)") {
  // Computed independently with a Python transcription of the same algorithm.
  CHECK(draw_sample(people(50), 5, 42) ==
        std::vector<std::string>{"p1013", "p1048", "p1020", "p1021", "p1022"});
}

TEST_CASE("a larger sample extends a smaller one, n beyond the population takes everyone") {
  auto small = draw_sample(people(30), 3, 7);
  auto large = draw_sample(people(30), 10, 7);
  CHECK(std::equal(small.begin(), small.end(), large.begin()));
  auto all = draw_sample(people(30), 100, 7);
  CHECK(all.size() == 30);
  CHECK(draw_sample({}, 3, 7).empty());
  CHECK(draw_sample(people(30), 0, 7).empty());
}
