#pragma once
// Helpers of the tests of the shipped rule sets: the catalogue of rules/, people built entry by
// entry, and results found by id.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../dates.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/rules/catalogue.hpp"

namespace balint::shipped_test {

using core::Date;
using domain::Activity;
using domain::Role;

using balint::testing::d;

inline const rules::Catalogue& catalogue() {
  static const auto c = rules::Catalogue::load({std::string(BALINT_SOURCE_DIR) + "/rules"});
  return c;
}

struct Person {
  domain::PersonHistory h;
  std::int64_t next_id = 1;
  domain::Entry& add(Date date, Activity a, Role r, int minutes = 90) {
    domain::Entry e;
    e.id = next_id++;
    e.date = date;
    e.activity = a;
    e.role = r;
    e.minutes = minutes;
    h.entries.push_back(e);
    return h.entries.back();
  }
  // `n` entries on consecutive days from `first`.
  void add_n(int n, Date first, Activity a, Role r, const std::string& other = "",
             int minutes = 90) {
    for (int i = 0; i < n; ++i) {
      auto& e = add(first.add_days(i), a, r, minutes);
      if (r == Role::member || r == Role::co_leader) e.leader = other;
      if (a == Activity::supervision) e.supervisor = other;
    }
  }
};

// The result with that id, searched through the nesting.
inline const eval::RequirementResult* find(const std::vector<eval::RequirementResult>& rs,
                                           const std::string& id) {
  for (const auto& r : rs) {
    if (r.id == id) return &r;
    if (auto* c = find(r.children, id)) return c;
  }
  return nullptr;
}

inline const eval::RequirementResult& req(const eval::Evaluation& ev, const std::string& id) {
  const auto* r = find(ev.requirements, id);
  REQUIRE_MESSAGE(r, id);
  return *r;
}

}  // namespace balint::shipped_test
