// Building the progress view model from an evaluation.
#include "balint/report/progress.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace balint::report {
namespace {

using EntryMap = std::map<std::int64_t, const domain::Entry*>;

std::vector<MissGroup> group_misses(const std::vector<eval::NearMiss>& misses) {
  std::vector<MissGroup> out;
  for (const auto& m : misses) {
    std::string reason = general_reason(m.reason);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const MissGroup& g) { return g.reason == reason; });
    if (it != out.end())
      ++it->count;
    else
      out.push_back({std::move(reason), 1});
  }
  return out;
}

EntryLine entry_line(const domain::Entry& e) {
  return {e.id, e.date, e.minutes, e.activity, e.role, e.group, e.setting, e.event};
}

RequirementView view_of(eval::RequirementResult r, const EntryMap& entries, int depth,
                        bool not_needed) {
  RequirementView v;
  v.unit = unit_of(r.measure, &v.distinct_field);
  v.depth = depth;
  v.not_needed = not_needed && r.status == eval::Status::not_met;
  // A pace says something once there is progress to extrapolate from.
  v.has_pace = r.status == eval::Status::not_met && r.kind == rules::Kind::measure &&
               r.per.empty() && !r.share && (r.projected || r.value > core::Centi{}) &&
               !v.not_needed && !r.before_on;
  // Nor can a shortfall before a recorded `before` date (only entries before it count).
  const bool gainable = (r.per.empty() || r.periods.size() <= 1) && !r.before_on;
  if (r.status == eval::Status::not_met && r.remaining > core::Centi{} && gainable && !v.not_needed)
    v.still_needed = r.remaining;
  for (auto id : r.entries) {
    auto it = entries.find(id);
    if (it != entries.end()) v.counted.push_back(entry_line(*it->second));
  }
  for (const auto& m : r.near_misses)
    if (!is_kind_mismatch(m.reason)) v.notable_misses.push_back(m);
  v.miss_groups = group_misses(v.notable_misses);
  auto children = std::move(r.children);
  r.children.clear();
  v.result = std::move(r);
  // Once an any_of is met, its other parts are not needed, nor anything under them; nor are the
  // parts of a requirement that is waived or does not apply.
  const auto st = v.result.status;
  const bool parts_not_needed = v.not_needed || st == eval::Status::waived ||
                                st == eval::Status::not_applicable ||
                                (v.result.kind == rules::Kind::any_of && st == eval::Status::met);
  for (auto& c : children)
    v.children.push_back(view_of(std::move(c), entries, depth + 1, parts_not_needed));
  return v;
}

}  // namespace

bool is_count(Unit u) {
  return u == Unit::sessions || u == Unit::cases || u == Unit::days || u == Unit::units ||
         u == Unit::distinct;
}

Unit unit_of(const std::string& measure, std::string* field) {
  static const std::pair<const char*, Unit> kUnits[] = {
      {"sessions", Unit::sessions}, {"hours", Unit::hours},     {"cases", Unit::cases},
      {"days", Unit::days},         {"credits", Unit::credits}, {"units", Unit::units},
  };
  for (const auto& [name, unit] : kUnits)
    if (measure == name) return unit;
  const std::string prefix = "distinct:";
  if (measure.rfind(prefix, 0) == 0) {
    if (field) *field = measure.substr(prefix.size());
    return Unit::distinct;
  }
  return Unit::none;
}

namespace {

std::string record_words(const std::string& anchor) {
  const auto colon = anchor.find(':');
  if (colon == std::string::npos) return anchor;  // "enrolment"
  const std::string kind = anchor.substr(0, colon), target = anchor.substr(colon + 1);
  return kind == "document" ? "the " + target + " document" : "accreditation in " + target;
}

std::string dated(const std::optional<core::Date>& on) {
  return on ? " (" + on->iso() + ")" : std::string(" (not recorded)");
}

}  // namespace

std::string anchor_words(const eval::RequirementResult& r) {
  std::string out;
  if (!r.after.empty()) out = "from " + record_words(r.after) + dated(r.after_on);
  if (!r.before.empty())
    out += (out.empty() ? "" : ", ") + ("before " + record_words(r.before) + dated(r.before_on));
  return out;
}

std::string title_with_english(const std::string& title, const std::string& title_en) {
  return title_en.empty() ? title : title + " — " + title_en;
}

std::string general_reason(const std::string& reason) {
  const std::string on = " on ";
  const std::size_t n = on.size() + 10;  // " on YYYY-MM-DD"
  if (reason.size() < n || reason.compare(reason.size() - n, on.size(), on) != 0) return reason;
  if (!core::Date::parse(std::string_view(reason).substr(reason.size() - 10))) return reason;
  return reason.substr(0, reason.size() - n) + " on that date";
}

bool is_kind_mismatch(const std::string& reason) {
  return reason.rfind("activity is ", 0) == 0 || reason.rfind("role is ", 0) == 0;
}

PathwayChoice make_pathway(const std::string& family, std::optional<core::Date> enrolled_on,
                           const std::string& chosen_id, const std::string& in_force_id) {
  return {family, enrolled_on, in_force_id, chosen_id != in_force_id};
}

ProgressReport build_progress(eval::Evaluation ev, const domain::PersonHistory& history,
                              std::optional<PathwayChoice> pathway) {
  EntryMap entries;
  for (const auto& e : history.entries) entries[e.id] = &e;
  ProgressReport r;
  r.person_id = ev.person_id;
  r.person_name = ev.person_name;
  r.ruleset_id = ev.ruleset_id;
  r.family = ev.family;
  r.kind = ev.kind;
  r.title = ev.title;
  r.title_en = ev.title_en;
  r.edition = ev.edition;
  r.body = ev.body;
  r.as_of = ev.as_of;
  r.pathway = std::move(pathway);
  r.eligible = ev.eligible;
  for (auto& q : ev.requirements) {
    if (q.essential && !eval::counts_as_met(q.status)) r.unmet.push_back({q.id, q.title});
    r.requirements.push_back(view_of(std::move(q), entries, 0, false));
  }
  return r;
}

}  // namespace balint::report
