// Field tests: `where`, `where_not`, `share_of` and the `where` of a credit rate.
#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "balint/domain/vocab.hpp"
#include "load_parts.hpp"

namespace balint::rules::detail {
namespace {

const std::vector<std::string>* vocabulary(Field f) {
  switch (f) {
    case Field::activity: return &domain::activity_names();
    case Field::role: return &domain::role_names();
    case Field::format: return &domain::format_names();
    default: return nullptr;
  }
}

std::string vocabulary_hint(std::string_view word, const std::vector<std::string>& names) {
  std::string hint = core::did_you_mean(word, names);
  if (!hint.empty()) return hint;
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return "; one of " + all;
}

std::optional<FieldTest> read_strings_test(const toml::table& t, Field f, Reporter& r) {
  auto key = to_string(f);
  auto list = read_strings(t, key, true, r);
  if (!list) return std::nullopt;
  bool ok = true;
  if (const auto* names = vocabulary(f)) {
    for (const auto& item : *list) {
      if (std::find(names->begin(), names->end(), item.value) != names->end()) continue;
      r.error(item.at, fmt::format("unknown {} '{}'{}", key, core::excerpt(item.value),
                                   vocabulary_hint(item.value, *names)));
      ok = false;
    }
  }
  for (const auto& item : *list) {
    if (!item.value.empty()) continue;
    r.error(item.at, fmt::format("'{}' lists an empty string", key));
    ok = false;
  }
  if (!ok) return std::nullopt;
  FieldTest test;
  test.field = f;
  test.any_of = values(*list);
  if (const auto* names = vocabulary(f))
    for (const auto& item : test.any_of)
      test.words |= 1U << static_cast<unsigned>(std::find(names->begin(), names->end(), item) -
                                                names->begin());
  return test;
}

std::optional<FieldTest> read_range_test(const toml::table& t, Field f, Reporter& r) {
  auto key = to_string(f);
  const toml::node* n = t.get(key);
  const toml::table* range = n->as_table();
  if (!range) {
    r.error(n->source(),
            fmt::format("'{}' takes {{ at_least = N, at_most = M }}, not {}", key, type_name(*n)));
    return std::nullopt;
  }
  static const std::vector<std::string> kRangeKeys{"at_least", "at_most"};
  check_keys(*range, kRangeKeys, fmt::format("the '{}' range", key), r);
  FieldTest test;
  test.field = f;
  test.range.at_least = read_count(*range, "at_least", r);
  test.range.at_most = read_count(*range, "at_most", r);
  if (!test.range.at_least && !test.range.at_most) {
    r.error(n->source(), fmt::format("'{}' needs at_least or at_most", key));
    return std::nullopt;
  }
  if (test.range.at_least && test.range.at_most && *test.range.at_least > *test.range.at_most) {
    r.error(n->source(), fmt::format("'{}': at_least is greater than at_most", key));
    return std::nullopt;
  }
  return test;
}

std::optional<FieldTest> read_flag_test(const toml::table& t, Field f, Reporter& r) {
  auto flag = read_bool(t, to_string(f), r);
  if (!flag) return std::nullopt;
  FieldTest test;
  test.field = f;
  test.flag = *flag;
  return test;
}

std::optional<FieldTest> read_test(const toml::table& t, Field f, Reporter& r) {
  if (is_string_field(f)) return read_strings_test(t, f, r);
  if (is_numeric_field(f)) return read_range_test(t, f, r);
  return read_flag_test(t, f, r);
}

}  // namespace

std::optional<Where> read_where(const toml::table& t, std::string_view key, Reporter& r) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  const toml::table* tests = n->as_table();
  if (!tests) {
    r.error(n->source(), fmt::format("'{}' must be a table of field tests, e.g. "
                                     "{{ activity = \"group\" }}, not {}",
                                     key, type_name(*n)));
    return std::nullopt;
  }
  Where where;
  bool ok = true;
  for (auto&& [k, v] : *tests) {
    std::string name(k.str());
    auto field = parse_field(name);
    if (!field) {
      r.error(k.source(), fmt::format("unknown field '{}' in '{}'{}", core::excerpt(name), key,
                                      core::did_you_mean(name, field_names())));
      ok = false;
      continue;
    }
    auto test = read_test(*tests, *field, r);
    if (test) where.push_back(std::move(*test));
    ok = ok && test.has_value();
  }
  if (!ok) return std::nullopt;
  std::stable_sort(where.begin(), where.end(),
                   [](const auto& a, const auto& b) { return a.field < b.field; });
  return where;
}

}  // namespace balint::rules::detail
