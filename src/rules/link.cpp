// all_of / any_of references: every id defined, no cycles; parts leave the top level.
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <map>

#include "balint/core/text.hpp"
#include "load_parts.hpp"

namespace balint::rules::detail {
namespace {

// Where the reference to `child` is written in the requirement at `t`.
toml::source_region reference_place(const toml::table* t, std::string_view list_key,
                                    const std::string& child) {
  if (!t) return {};
  if (const toml::array* a = t->get_as<toml::array>(list_key))
    for (const toml::node& e : *a)
      if (e.value<std::string>() == child) return e.source();
  return key_place(*t, list_key);
}

struct CycleFinder {
  const RuleSet& rs;
  const Places& places;
  Reporter& r;
  std::map<std::string, int> state;  // 0 unseen, 1 on the path, 2 done
  std::vector<std::string> path;

  void visit(const Requirement& q) {
    state[q.id] = 1;
    path.push_back(q.id);
    for (const auto& child : q.children) {
      const Requirement* c = rs.find(child);
      if (!c) continue;
      if (state[child] == 1)
        report(q, child);
      else if (state[child] == 0)
        visit(*c);
    }
    path.pop_back();
    state[q.id] = 2;
  }

  void report(const Requirement& q, const std::string& child) {
    std::string cycle;
    bool on = false;
    for (const auto& id : path) {
      on = on || id == child;
      if (on) cycle += id + " → ";
    }
    cycle += child;
    auto it = places.find(q.id);
    r.error(reference_place(it == places.end() ? nullptr : it->second, to_string(q.kind), child),
            fmt::format("requirement '{}' is part of itself: {}", child, cycle));
  }
};

// How deep and how large each requirement is once its parts are expanded (a part named by two
// requirements is evaluated, and shown, under each). The evaluator recurses through parts, so
// a chain too deep or a lattice of shared parts (2^n nodes from 2n requirements) is refused
// here rather than failing or running for ever in `progress`.
constexpr int kMaxNesting = 32;           // levels, the top-level requirement being 1
constexpr std::int64_t kMaxParts = 1000;  // requirements in one expanded tree

struct Extent {
  int depth = 1;
  std::int64_t parts = 1;  // saturates at kMaxParts + 1
};

struct ExtentFinder {
  const RuleSet& rs;
  std::map<std::string, Extent> done;
  std::map<std::string, bool> busy;  // a cycle (reported elsewhere) is cut here

  Extent of(const Requirement& q) {
    if (auto it = done.find(q.id); it != done.end()) return it->second;
    Extent e;
    if (busy[q.id]) return e;
    busy[q.id] = true;
    for (const auto& child : q.children) {
      const Requirement* c = rs.find(child);
      if (!c) continue;
      Extent ce = of(*c);
      e.depth = std::max(e.depth, ce.depth + 1);
      e.parts = std::min(e.parts + ce.parts, kMaxParts + 1);
    }
    busy[q.id] = false;
    return done[q.id] = e;
  }
};

void check_extent(const RuleSet& rs, const Places& places, Reporter& r) {
  ExtentFinder finder{rs, {}, {}};
  for (const auto& q : rs.requirements) {
    if (!q.top_level || q.children.empty()) continue;
    Extent e = finder.of(q);
    auto it = places.find(q.id);
    toml::source_region at = it == places.end() ? toml::source_region{} : it->second->source();
    if (e.depth > kMaxNesting)
      r.error(at, fmt::format("requirement '{}' nests parts {} levels deep; at most {}", q.id,
                              e.depth, kMaxNesting));
    else if (e.parts > kMaxParts)
      r.error(at, fmt::format("requirement '{}' expands to more than {} parts (a part named in "
                              "several all_of/any_of lists counts once for each)",
                              q.id, kMaxParts));
  }
}

// Every id written in the file, including requirements that had problems of their own.
std::vector<std::string> ids_of(const Places& places) {
  std::vector<std::string> ids;
  for (const auto& [id, table] : places) ids.push_back(id);
  return ids;
}

}  // namespace

void link_requirements(RuleSet& rs, const Places& places, Reporter& r) {
  const auto ids = ids_of(places);
  for (const auto& q : rs.requirements) {
    auto it = places.find(q.id);
    const toml::table* t = it == places.end() ? nullptr : it->second;
    for (const auto& child : q.children) {
      if (places.count(child)) continue;
      r.error(reference_place(t, to_string(q.kind), child),
              fmt::format("requirement '{}' names '{}' in {}, which is not defined{}",
                          core::excerpt(q.id), core::excerpt(child), to_string(q.kind),
                          core::did_you_mean(child, ids)));
    }
  }
  CycleFinder finder{rs, places, r, {}, {}};
  for (const auto& q : rs.requirements)
    if (finder.state[q.id] == 0) finder.visit(q);
  for (const auto& q : rs.requirements)
    for (const auto& child : q.children)
      for (auto& c : rs.requirements)
        if (c.id == child) c.top_level = false;
  check_extent(rs, places, r);
}

}  // namespace balint::rules::detail
