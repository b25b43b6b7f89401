// One `[[requirement]]`: its common keys, then exactly one kind.
#include <fmt/core.h>

#include <algorithm>

#include "balint/core/text.hpp"
#include "load_parts.hpp"

namespace balint::rules::detail {
namespace {

const std::vector<std::string> kKeys{
    "id",         "title",        "title_en",      "title_de",
    "title_el",   "note",         "essential",     "accredited_families",
    "when",       "measure",      "where",         "where_not",
    "within",     "per",          "share_of",      "at_least",
    "at_most",    "unit_minutes", "before",        "after",
    "membership", "document",     "accreditation", "held_for",
    "all_of",     "any_of"};

const std::vector<std::string> kRequirementKinds{"measure",       "membership", "document",
                                                 "accreditation", "all_of",     "any_of"};

const std::vector<std::string> kMeasureOnly{"where",    "where_not", "share_of",
                                            "at_least", "at_most",   "unit_minutes",
                                            "per",      "before",    "after"};

std::string kinds_list() {
  return "measure, membership, document, accreditation, all_of or any_of";
}

bool before(const toml::source_region& a, const toml::source_region& b) {
  return a.begin.line != b.begin.line ? a.begin.line < b.begin.line
                                      : a.begin.column < b.begin.column;
}

// The one kind given; reports none or several.
std::optional<Kind> read_kind(const toml::table& t, const std::string& what, Reporter& r) {
  std::vector<std::pair<toml::source_region, std::size_t>> given;
  for (std::size_t i = 0; i < kRequirementKinds.size(); ++i)
    if (t.contains(kRequirementKinds[i])) given.emplace_back(key_place(t, kRequirementKinds[i]), i);
  if (given.empty()) {
    r.error(t.source(), fmt::format("{} needs exactly one of {}", what, kinds_list()));
    return std::nullopt;
  }
  std::sort(given.begin(), given.end(),
            [](const auto& a, const auto& b) { return before(a.first, b.first); });
  for (std::size_t i = 1; i < given.size(); ++i)
    r.error(given[i].first, fmt::format("{} has both '{}' and '{}'; give exactly one of {}", what,
                                        kRequirementKinds[given[0].second],
                                        kRequirementKinds[given[i].second], kinds_list()));
  if (given.size() > 1) return std::nullopt;
  return static_cast<Kind>(given[0].second);
}

// Keys that belong to another kind than the one given.
void check_kind_keys(const toml::table& t, Kind kind, Reporter& r) {
  for (const auto& key : kMeasureOnly)
    if (kind != Kind::measure && t.contains(key))
      r.error(key_place(t, key), fmt::format("'{}' only applies to a measure requirement", key));
  if (kind != Kind::measure && kind != Kind::document && t.contains("within"))
    r.error(key_place(t, "within"), "'within' only applies to a measure or document requirement");
  if (kind != Kind::accreditation && kind != Kind::document && t.contains("held_for"))
    r.error(key_place(t, "held_for"),
            "'held_for' only applies to an accreditation or document requirement");
}

std::optional<When> read_when(const toml::table& t, Reporter& r) {
  const toml::node* n = t.get("when");
  if (!n) return std::nullopt;
  const toml::table* w = n->as_table();
  if (!w) {
    r.error(n->source(), fmt::format("'when' must be {{ attribute = KEY, equals = VALUE }}, "
                                     "not {}",
                                     type_name(*n)));
    return std::nullopt;
  }
  static const std::vector<std::string> kWhenKeys{"attribute", "equals"};
  check_keys(*w, kWhenKeys, "'when'", r);
  bool has_attribute = require(*w, "attribute", "'when'", r);
  bool has_equals = require(*w, "equals", "'when'", r);
  auto attribute = read_string(*w, "attribute", r);
  auto equals = read_string(*w, "equals", r);
  if (!has_attribute || !has_equals || !attribute || !equals) return std::nullopt;
  return When{*attribute, *equals};
}

void read_threshold(const toml::table& t, Requirement& q, const std::string& what, Reporter& r) {
  q.at_least = read_decimal(t, "at_least", r);
  q.at_most = read_decimal(t, "at_most", r);
  if (!t.contains("at_least") && !t.contains("at_most"))
    r.error(t.source(), fmt::format("{} needs 'at_least' (or 'at_most')", what));
  if (q.at_least && q.at_most && *q.at_least > *q.at_most)
    r.error(key_place(t, "at_most"), "'at_most' is less than 'at_least'");
  bool whole = q.measure.kind != MeasureKind::hours && q.measure.kind != MeasureKind::credits &&
               !t.contains("share_of");
  for (auto key : {"at_least", "at_most"}) {
    auto v = key == std::string_view("at_least") ? q.at_least : q.at_most;
    if (whole && v && v->v % 100 != 0)
      r.error(t.get(key)->source(),
              fmt::format("'{}': {} are counted in whole numbers", key, q.measure.name()));
  }
}

void read_per(const toml::table& t, Requirement& q, Reporter& r) {
  auto per = read_string(t, "per", r);
  if (!per) return;
  if (*per == "year")
    q.per = Per::year;
  else if (*per == "month")
    q.per = Per::month;
  else
    r.error(t.get("per")->source(),
            fmt::format("'per' is \"year\" or \"month\", not \"{}\"{}", core::excerpt(*per),
                        core::did_you_mean(*per, {"year", "month"})));
}

std::optional<Anchor> read_anchor(const toml::table& t, std::string_view key, Reporter& r) {
  auto s = read_string(t, key, r);
  if (!s) return std::nullopt;
  if (auto a = parse_anchor(*s)) return a;
  r.error(t.get(key)->source(),
          fmt::format("'{}' is \"enrolment\", \"document:TYPE\" or \"accreditation:FAMILY\", "
                      "not \"{}\"{}",
                      key, core::excerpt(*s), core::did_you_mean(*s, {"enrolment"})));
  return std::nullopt;
}

void read_anchors(const toml::table& t, Requirement& q, Reporter& r) {
  q.before = read_anchor(t, "before", r);
  q.after = read_anchor(t, "after", r);
  if (q.before && q.after && q.before->str() == q.after->str())
    r.error(key_place(t, "after"),
            fmt::format("'before' and 'after' both name {}: no entry can be both", q.after->str()));
}

// `unit_minutes`: required by measure = "units", refused elsewhere.
void read_unit_minutes(const toml::table& t, Requirement& q, Reporter& r) {
  const bool units = q.measure.kind == MeasureKind::units;
  if (!t.contains("unit_minutes")) {
    if (units && t.contains("measure"))
      r.error(key_place(t, "measure"), "measure \"units\" needs 'unit_minutes', e.g. 90");
    return;
  }
  auto n = read_count(t, "unit_minutes", r);
  if (!units) {
    r.error(key_place(t, "unit_minutes"), "'unit_minutes' only applies to measure \"units\"");
    return;
  }
  if (n && (*n < 1 || *n > 1440))
    r.error(t.get("unit_minutes")->source(),
            fmt::format("'unit_minutes' is from 1 to 1440, not {}", *n));
  else if (n)
    q.measure.unit_minutes = static_cast<int>(*n);
}

void read_measure(const toml::table& t, Requirement& q, const RuleSet& rs, const std::string& what,
                  Reporter& r) {
  auto name = read_string(t, "measure", r);
  if (name) {
    if (auto m = parse_measure(*name))
      q.measure = *m;
    else
      r.error(t.get("measure")->source(),
              fmt::format("unknown measure \"{}\"{}", core::excerpt(*name),
                          core::did_you_mean(*name, measure_names())));
  }
  if (q.measure.kind == MeasureKind::credits && rs.kind == "accreditation")
    r.error(t.get("measure")->source(),
            "measure \"credits\" needs a cpd rule set with [[credit]] rates");
  if (auto w = read_where(t, "where", r)) q.where = std::move(*w);
  if (auto w = read_where(t, "where_not", r)) q.where_not = std::move(*w);
  q.share_of = read_where(t, "share_of", r);
  q.within = read_span(t, "within", r);
  read_per(t, q, r);
  read_unit_minutes(t, q, r);
  read_anchors(t, q, r);
  read_threshold(t, q, what, r);
}

void read_target(const toml::table& t, Requirement& q, std::string_view key, Reporter& r) {
  auto s = read_string(t, key, r);
  if (s && s->empty()) r.error(t.get(key)->source(), fmt::format("'{}' is empty", key));
  if (s) q.target = *s;
}

void read_kind_body(const toml::table& t, Requirement& q, const RuleSet& rs,
                    const std::string& what, Reporter& r) {
  switch (q.kind) {
    case Kind::measure: read_measure(t, q, rs, what, r); break;
    case Kind::membership: read_target(t, q, "membership", r); break;
    case Kind::document:
      read_target(t, q, "document", r);
      q.within = read_span(t, "within", r);
      q.held_for = read_span(t, "held_for", r);
      break;
    case Kind::accreditation:
      read_target(t, q, "accreditation", r);
      q.held_for = read_span(t, "held_for", r);
      break;
    case Kind::all_of:
    case Kind::any_of:
      if (auto list = read_strings(t, to_string(q.kind), false, r)) q.children = values(*list);
      break;
  }
}

}  // namespace

std::optional<Requirement> read_requirement(const toml::table& t, const RuleSet& rs, Reporter& r) {
  Requirement q;
  auto id = read_string(t, "id", r);
  std::string what = id ? fmt::format("requirement '{}'", core::excerpt(*id)) : "[[requirement]]";
  check_keys(t, kKeys, what, r);
  require(t, "id", "[[requirement]]", r);
  require(t, "title", what, r);
  if (id && !core::valid_handle(*id))
    r.error(t.get("id")->source(),
            fmt::format("requirement id \"{}\" must be lowercase letters, digits, '.', '_' or '-'",
                        core::excerpt(*id)));
  q.id = id.value_or("");
  q.title = read_string(t, "title", r).value_or("");
  q.title_en = read_string(t, "title_en", r).value_or("");
  q.title_de = read_string(t, "title_de", r).value_or("");
  q.title_el = read_string(t, "title_el", r).value_or("");
  q.note = read_string(t, "note", r).value_or("");
  q.essential = read_bool(t, "essential", r).value_or(true);
  if (auto families = read_strings(t, "accredited_families", false, r))
    q.accredited_families = values(*families);
  q.when = read_when(t, r);
  auto kind = read_kind(t, what, r);
  if (kind) {
    q.kind = *kind;
    check_kind_keys(t, q.kind, r);
    read_kind_body(t, q, rs, what, r);
  }
  if (!id || !kind) return std::nullopt;
  return q;
}

}  // namespace balint::rules::detail
