#include "balint/rules/ruleset.hpp"

#include <array>

namespace balint::rules {
namespace {

constexpr std::array<std::string_view, 6> kPlainMeasures{"sessions", "hours",   "cases",
                                                         "days",     "credits", "units"};
constexpr std::array<std::string_view, 13> kFields{"activity",
                                                   "role",
                                                   "format",
                                                   "setting",
                                                   "group",
                                                   "event",
                                                   "tag",
                                                   "minutes",
                                                   "cases",
                                                   "days",
                                                   "leader_accredited",
                                                   "co_leader_accredited",
                                                   "supervisor_accredited"};

}  // namespace

std::string Measure::name() const {
  if (kind == MeasureKind::distinct) return "distinct:" + field;
  return std::string(kPlainMeasures[static_cast<std::size_t>(kind)]);
}

const std::vector<std::string>& distinct_field_names() {
  static const std::vector<std::string> names{"setting", "group",     "event",
                                              "leader",  "co_leader", "supervisor"};
  return names;
}

const std::vector<std::string>& measure_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out(kPlainMeasures.begin(), kPlainMeasures.end());
    for (const auto& f : distinct_field_names()) out.push_back("distinct:" + f);
    return out;
  }();
  return names;
}

std::optional<Measure> parse_measure(std::string_view s) {
  for (std::size_t i = 0; i < kPlainMeasures.size(); ++i)
    if (s == kPlainMeasures[i]) return Measure{static_cast<MeasureKind>(i), {}};
  constexpr std::string_view prefix = "distinct:";
  if (s.substr(0, prefix.size()) != prefix) return std::nullopt;
  auto field = s.substr(prefix.size());
  for (const auto& f : distinct_field_names())
    if (field == f) return Measure{MeasureKind::distinct, f};
  return std::nullopt;
}

std::string_view to_string(Field f) { return kFields[static_cast<std::size_t>(f)]; }

std::optional<Field> parse_field(std::string_view s) {
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (s == kFields[i]) return static_cast<Field>(i);
  return std::nullopt;
}

const std::vector<std::string>& field_names() {
  static const std::vector<std::string> names(kFields.begin(), kFields.end());
  return names;
}

std::string Anchor::str() const {
  switch (kind) {
    case Kind::enrolment: return "enrolment";
    case Kind::document: return "document:" + target;
    case Kind::accreditation: return "accreditation:" + target;
  }
  return "enrolment";
}

std::optional<Anchor> parse_anchor(std::string_view s) {
  if (s == "enrolment") return Anchor{Anchor::Kind::enrolment, {}};
  for (auto [prefix, kind] :
       {std::pair{std::string_view("document:"), Anchor::Kind::document},
        std::pair{std::string_view("accreditation:"), Anchor::Kind::accreditation}})
    if (s.size() > prefix.size() && s.substr(0, prefix.size()) == prefix)
      return Anchor{kind, std::string(s.substr(prefix.size()))};
  return std::nullopt;
}

std::string_view to_string(Kind k) {
  constexpr std::array<std::string_view, 6> names{"measure",       "membership", "document",
                                                  "accreditation", "all_of",     "any_of"};
  return names[static_cast<std::size_t>(k)];
}

const Requirement* RuleSet::find(std::string_view requirement_id) const {
  for (const auto& r : requirements)
    if (r.id == requirement_id) return &r;
  return nullptr;
}

namespace {

// A title in `language` when the rule file gives one, else the file's own `title`.
const std::string& title_for(std::string_view language, const std::string& title,
                             const std::string& de, const std::string& el) {
  if (language == "de" && !de.empty()) return de;
  if (language == "el" && !el.empty()) return el;
  return title;
}

}  // namespace

const std::string& RuleSet::title_in(std::string_view language) const {
  return title_for(language, title, title_de, title_el);
}

const std::string& Requirement::title_in(std::string_view language) const {
  return title_for(language, title, title_de, title_el);
}

bool RuleSet::in_force(core::Date d) const {
  return effective_from <= d && (!effective_to || d <= *effective_to);
}

}  // namespace balint::rules
