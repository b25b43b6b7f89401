// Field tests on one entry, each failure described in words.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "balint/eval/field_test.hpp"
#include "context.hpp"

namespace balint::eval::detail {
namespace {

using rules::Field;
using rules::FieldTest;

// `parts` one after another. The reason a string test fails is put in words for every entry
// that misses a requirement by that one test (4,655 of them in the progress report of a
// member with 1,200 entries), and fmt::format's reading of its format string was 9 % of the
// whole report.
std::string joined(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (const auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (const auto p : parts) out.append(p);
  return out;
}

std::string or_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// The value a string field test looks at, without a copy (it runs on every entry).
std::string_view string_view_of(const domain::Entry& e, Field f) {
  switch (f) {
    case Field::activity: return domain::to_string(e.activity);
    case Field::role: return domain::to_string(e.role);
    case Field::format: return domain::to_string(e.format);
    case Field::setting: return e.setting;
    case Field::group: return e.group;
    case Field::event: return e.event;
    default: return {};
  }
}

std::string string_value(const domain::Entry& e, Field f) {
  return std::string(string_view_of(e, f));
}

std::optional<long> numeric_value(const domain::Entry& e, Field f) {
  switch (f) {
    case Field::minutes: return e.minutes;
    case Field::cases:
      if (e.cases) return *e.cases;
      return std::nullopt;
    default: return e.days.value_or(1);  // an entry without days is one day
  }
}

const std::string& person_for(const domain::Entry& e, Field f) {
  if (f == Field::leader_accredited) return e.leader;
  if (f == Field::co_leader_accredited) return e.co_leader;
  return e.supervisor;
}

std::string_view person_word(Field f) {
  if (f == Field::leader_accredited) return "leader";
  if (f == Field::co_leader_accredited) return "co-leader";
  return "supervisor";
}

// `held(who, date)`: was `who` accredited (in the families of the test's requirement) then.
template <typename Held>
bool holds_with(const FieldTest& t, const domain::Entry& e, Held&& held) {
  const auto& any = t.any_of;
  if (t.field == Field::tag)
    return std::any_of(e.tags.begin(), e.tags.end(), [&](const std::string& tag) {
      return std::find(any.begin(), any.end(), tag) != any.end();
    });
  if (t.words) return rules::word_listed(t, e);
  if (rules::is_string_field(t.field)) {
    const std::string_view v = string_view_of(e, t.field);
    return std::find_if(any.begin(), any.end(), [v](const std::string& a) { return a == v; }) !=
           any.end();
  }
  if (rules::is_numeric_field(t.field)) {
    auto v = numeric_value(e, t.field);
    return v && t.range.contains(*v);
  }
  const std::string& who = person_for(e, t.field);
  bool is_accredited = !who.empty() && held(who, e.date);
  return is_accredited == t.flag;
}

std::string range_text(const rules::Range& r) {
  if (r.at_least && r.at_most) return fmt::format("from {} to {}", *r.at_least, *r.at_most);
  if (r.at_least) return fmt::format("at least {}", *r.at_least);
  return fmt::format("at most {}", r.at_most.value_or(0));
}

std::string describe_miss(const FieldTest& t, const domain::Entry& e) {
  auto name = rules::to_string(t.field);
  if (t.field == Field::tag) {
    if (e.tags.empty()) return fmt::format("no tag {}", or_list(t.any_of));
    return fmt::format("tags {} include none of {}", fmt::format("'{}'", fmt::join(e.tags, ";")),
                       or_list(t.any_of));
  }
  if (rules::is_string_field(t.field)) {
    const std::string_view v = string_view_of(e, t.field);
    if (v.empty()) return joined({"no ", name, " given (needs ", or_list(t.any_of), ")"});
    return joined({name, " is ", v, ", not ", or_list(t.any_of)});
  }
  if (rules::is_numeric_field(t.field)) {
    auto v = numeric_value(e, t.field);
    if (!v) return fmt::format("no {} given (needs {})", name, range_text(t.range));
    return fmt::format("{} {}, not {}", name, *v, range_text(t.range));
  }
  const std::string& who = person_for(e, t.field);
  if (who.empty()) return fmt::format("no {} given", person_word(t.field));
  if (t.flag)
    return fmt::format("{} '{}' not accredited on {}", person_word(t.field), who, e.date.iso());
  return fmt::format("{} '{}' accredited on {}", person_word(t.field), who, e.date.iso());
}

std::string describe_hit(const FieldTest& t, const domain::Entry& e) {
  auto name = rules::to_string(t.field);
  if (t.field == Field::tag) return fmt::format("tagged {} (excluded)", or_list(t.any_of));
  if (rules::is_string_field(t.field))
    return fmt::format("{} is {} (excluded)", name, string_value(e, t.field));
  if (rules::is_numeric_field(t.field))
    return fmt::format("{} {} (excluded: {})", name, numeric_value(e, t.field).value_or(0),
                       range_text(t.range));
  return fmt::format("{} '{}' is {}accredited (excluded)", person_word(t.field),
                     person_for(e, t.field), t.flag ? "" : "not ");
}

}  // namespace

std::vector<std::string> where_failures(const rules::Where& where, const domain::Entry& e,
                                        const std::set<std::string>& families,
                                        const domain::AccreditationIndex& accredited) {
  std::vector<std::string> out;
  for (const auto& t : where)
    if (!field_test_holds(t, e, families, accredited)) out.push_back(describe_miss(t, e));
  return out;
}

bool holds(const FieldTest& t, const domain::Entry& e, HeldMemo& memo) {
  return holds_with(t, e,
                    [&](const std::string& who, core::Date on) { return memo.held(who, on); });
}

bool HeldMemo::held(const std::string& who, core::Date on) {
  if (last_ >= known_.size() || known_[last_].first != who) {
    last_ = 0;
    while (last_ < known_.size() && known_[last_].first != who) ++last_;
    if (last_ == known_.size()) known_.emplace_back(who, index_.first_granted(who, families_));
  }
  const auto& first = known_[last_].second;
  return first && *first <= on;  // AccreditationIndex::held
}

std::vector<std::string> where_not_hits(const rules::Where& where_not, const domain::Entry& e,
                                        const std::set<std::string>& families,
                                        const domain::AccreditationIndex& accredited) {
  std::vector<std::string> out;
  for (const auto& t : where_not)
    if (field_test_holds(t, e, families, accredited)) out.push_back(describe_hit(t, e));
  return out;
}

}  // namespace balint::eval::detail

namespace balint::eval {

std::set<std::string> accredited_families(const rules::RuleSet& rules,
                                          const rules::Requirement* q) {
  if (q && q->accredited_families)
    return {q->accredited_families->begin(), q->accredited_families->end()};
  if (!rules.accredited_families.empty())
    return {rules.accredited_families.begin(), rules.accredited_families.end()};
  return {rules.family};
}

bool field_test_holds(const rules::FieldTest& t, const domain::Entry& e,
                      const std::set<std::string>& families,
                      const domain::AccreditationIndex& accredited) {
  return detail::holds_with(t, e, [&](const std::string& who, core::Date on) {
    return accredited.held(who, families, on);
  });
}

bool requirement_applies(const rules::Requirement& q, const domain::Person& person) {
  if (!q.when) return true;
  auto it = person.attrs.find(q.when->attribute);
  return it != person.attrs.end() && it->second == q.when->equals;
}

}  // namespace balint::eval
