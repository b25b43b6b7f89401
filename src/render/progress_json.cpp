// The SPEC §7 JSON of a progress report; keys in the order of the specification.
#include <nlohmann/json.hpp>

#include <ostream>

#include "balint/render/progress.hpp"

namespace balint::render {
namespace {

using Json = nlohmann::ordered_json;
using report::RequirementView;

// Counts as integers (14, not 14.0); hours, credits and fractions as decimals.
Json number(core::Centi c, const RequirementView& v) {
  if (!v.result.share && report::is_count(v.unit) && c.v % 100 == 0) return Json(c.v / 100);
  return Json(c.as_double());
}

// A share's exact value (20/41 → 0.4878048780487805); other values as number() gives them.
Json value_json(core::Centi c, const std::optional<core::Fraction>& f, const RequirementView& v) {
  return f ? Json(f->as_double()) : number(c, v);
}

// What a share still needs, exactly: at_least − num/den.
Json remaining_json(const RequirementView& v) {
  const auto& r = v.result;
  if (!r.fraction || r.remaining == core::Centi{} || !r.at_least) return number(r.remaining, v);
  const auto& f = *r.fraction;
  return Json(static_cast<double>(r.at_least->v * f.den - 100 * f.num) /
              static_cast<double>(100 * f.den));
}

Json optional_number(const std::optional<core::Centi>& c, const RequirementView& v) {
  return c ? number(*c, v) : Json(nullptr);
}

Json periods_json(const RequirementView& v) {
  Json out = Json::array();
  for (const auto& p : v.result.periods)
    out.push_back({{"period", p.period},
                   {"value", value_json(p.value, p.fraction, v)},
                   {"status", std::string(eval::to_string(p.status))}});
  return out;
}

Json misses_json(const RequirementView& v) {
  Json out = Json::array();
  for (const auto& m : v.notable_misses) out.push_back({{"entry", m.entry}, {"reason", m.reason}});
  return out;
}

Json caps_json(const RequirementView& v) {
  Json out = Json::array();
  for (const auto& c : v.result.caps)
    out.push_back({{"cap", c.cap}, {"period", c.period}, {"removed", c.removed.as_double()}});
  return out;
}

Json waiver_json(const eval::RequirementResult& r) {
  return {{"reason", r.waiver_reason},
          {"by", r.waived_by.empty() ? Json(nullptr) : Json(r.waived_by)},
          {"on", r.waived_on ? Json(r.waived_on->iso()) : Json(nullptr)}};
}

Json requirement_json(const RequirementView& v) {
  const auto& r = v.result;
  const bool measured = r.kind == rules::Kind::measure;
  Json j{{"id", r.id}, {"title", r.title}};
  if (!r.title_en.empty()) j["title_en"] = r.title_en;
  j["status"] = std::string(eval::to_string(r.status));
  if (!r.essential) j["essential"] = false;
  if (v.not_needed) j["needed"] = false;
  j["measure"] = measured ? Json(r.measure) : Json(nullptr);
  if (r.unit_minutes > 0) j["unit_minutes"] = r.unit_minutes;
  j["value"] = measured ? value_json(r.value, r.fraction, v) : Json(nullptr);
  j["at_least"] = measured ? optional_number(r.at_least, v) : Json(nullptr);
  if (r.at_most) j["at_most"] = number(*r.at_most, v);
  j["remaining"] = measured ? remaining_json(v) : Json(nullptr);
  if (!r.after.empty())
    j["after"] = {{"record", r.after},
                  {"on", r.after_on ? Json(r.after_on->iso()) : Json(nullptr)}};
  if (!r.before.empty())
    j["before"] = {{"record", r.before},
                   {"on", r.before_on ? Json(r.before_on->iso()) : Json(nullptr)}};
  j["entries"] = r.entries;
  j["children"] = Json::array();
  for (const auto& c : v.children) j["children"].push_back(requirement_json(c));
  j["periods"] = periods_json(v);
  if (r.status == eval::Status::waived) j["waiver"] = waiver_json(r);
  j["projected"] = r.projected ? Json(r.projected->iso()) : Json(nullptr);
  j["near_misses"] = misses_json(v);
  if (!r.caps.empty()) j["caps"] = caps_json(v);
  if (!r.detail.empty()) j["detail"] = r.detail;
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace

void write_progress_json(std::ostream& out, const report::ProgressReport& r) {
  Json j{{"person", {{"id", r.person_id}, {"name", r.person_name}}},
         {"ruleset",
          {{"id", r.ruleset_id}, {"family", r.family}, {"title", r.title}, {"edition", r.edition}}},
         {"as_of", r.as_of.iso()},
         {"eligible", r.eligible},
         {"requirements", Json::array()}};
  if (!r.title_en.empty()) j["ruleset"]["title_en"] = r.title_en;
  for (const auto& v : r.requirements) j["requirements"].push_back(requirement_json(v));
  out << j.dump(2) << '\n';
}

}  // namespace balint::render
