#include "where.hpp"

#include <algorithm>

namespace balint::audit::detail {
namespace {

using rules::Field;

std::string_view string_value(const domain::Entry& e, Field f) {
  switch (f) {
    case Field::activity:
      return domain::to_string(e.activity);
    case Field::role:
      return domain::to_string(e.role);
    case Field::format:
      return domain::to_string(e.format);
    case Field::setting:
      return e.setting;
    case Field::group:
      return e.group;
    default:
      return e.event;
  }
}

std::optional<long> numeric_value(const domain::Entry& e, Field f) {
  if (f == Field::minutes) return e.minutes;
  if (f == Field::cases) return e.cases ? std::optional<long>(*e.cases) : std::nullopt;
  return e.days.value_or(1);
}

const std::string& person_for(const domain::Entry& e, Field f) {
  if (f == Field::leader_accredited) return e.leader;
  if (f == Field::co_leader_accredited) return e.co_leader;
  return e.supervisor;
}

}  // namespace

std::set<std::string> accredited_families(const rules::RuleSet& rules,
                                          const rules::Requirement& q) {
  if (q.accredited_families) return {q.accredited_families->begin(), q.accredited_families->end()};
  if (!rules.accredited_families.empty())
    return {rules.accredited_families.begin(), rules.accredited_families.end()};
  return {rules.family};
}

bool holds(const rules::FieldTest& t, const domain::Entry& e,
           const std::set<std::string>& families, const domain::AccreditationIndex& accredited) {
  const auto& any = t.any_of;
  auto listed = [&any](std::string_view v) { return std::find(any.begin(), any.end(), v) != any.end(); };
  if (t.field == Field::tag) return std::any_of(e.tags.begin(), e.tags.end(), listed);
  if (t.words) return rules::word_listed(t, e);
  if (rules::is_string_field(t.field)) return listed(string_value(e, t.field));
  if (rules::is_numeric_field(t.field)) {
    auto v = numeric_value(e, t.field);
    return v && t.range.contains(*v);
  }
  const std::string& who = person_for(e, t.field);
  return (!who.empty() && accredited.held(who, families, e.date)) == t.flag;
}

bool applies(const rules::Requirement& q, const domain::Person& person) {
  if (!q.when) return true;
  auto it = person.attrs.find(q.when->attribute);
  return it != person.attrs.end() && it->second == q.when->equals;
}

}  // namespace balint::audit::detail
