#pragma once
// A rule set as plain values: the SPEC §6 vocabulary, checked and typed by the loader.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/domain/model.hpp"

namespace balint::rules {

/// What a measure requirement adds up over the entries that count.
enum class MeasureKind { sessions, hours, cases, days, credits, units, distinct };

/// A measure: its kind and, for `distinct:FIELD`, the entry field counted.
struct Measure {
  MeasureKind kind = MeasureKind::sessions;
  std::string field;     ///< distinct only: setting, group, event, leader, co_leader, supervisor
  int unit_minutes = 0;  ///< units only: an entry counts floor(minutes / unit_minutes) units
  /// The spelling in rule files: "sessions", "hours", ..., "distinct:setting".
  std::string name() const;
};

/// Parses a measure spelling; nullopt when unknown.
std::optional<Measure> parse_measure(std::string_view s);
/// Every measure spelling (for "did you mean").
const std::vector<std::string>& measure_names();
/// The fields `distinct:FIELD` accepts.
const std::vector<std::string>& distinct_field_names();

/// An entry field a `where` test looks at (SPEC §6).
enum class Field {
  // Strings, tested against one value or a list of values.
  activity,
  role,
  format,
  setting,
  group,
  event,
  tag,
  // Numbers, tested against { at_least, at_most }.
  minutes,
  cases,
  days,
  // Derived booleans: that person held an accreditation on the entry's date.
  leader_accredited,
  co_leader_accredited,
  supervisor_accredited,
};

/// The spelling in rule files, e.g. "leader_accredited".
std::string_view to_string(Field f);
/// Parses a field spelling; nullopt when unknown.
std::optional<Field> parse_field(std::string_view s);
/// Every field spelling, in SPEC order.
const std::vector<std::string>& field_names();
/// True for activity, role, format, setting, group, event, tag.
inline bool is_string_field(Field f) { return f <= Field::tag; }
/// True for minutes, cases, days.
inline bool is_numeric_field(Field f) { return f >= Field::minutes && f <= Field::days; }

/// An inclusive integer range; either end may be open.
struct Range {
  std::optional<long> at_least;  ///< lower bound, inclusive
  std::optional<long> at_most;   ///< upper bound, inclusive
  /// True when `v` lies in the range.
  bool contains(long v) const {
    return (!at_least || v >= *at_least) && (!at_most || v <= *at_most);
  }
};

/// One test on one field: accepted strings, a numeric range, or a boolean.
struct FieldTest {
  Field field = Field::activity;
  std::vector<std::string> any_of;  ///< string fields: the entry's value is one of these
  Range range;                      ///< numeric fields
  bool flag = true;                 ///< derived booleans: the value required
  /// Tests on activity, role or format: bit i is set when word i of the field's vocabulary
  /// (the domain::Activity, Role or Format numbered i) is in any_of, so that a test on
  /// every entry compares no text. Set by the loader; 0 when not worked out, and then any_of
  /// is compared as text.
  std::uint32_t words = 0;
};

/// For a test whose `words` are set: whether `e`'s activity, role or format (the test's
/// field) is one of them.
inline bool word_listed(const FieldTest& t, const domain::Entry& e) {
  unsigned word = 0;
  if (t.field == Field::activity)
    word = static_cast<unsigned>(e.activity);
  else if (t.field == Field::role)
    word = static_cast<unsigned>(e.role);
  else
    word = static_cast<unsigned>(e.format);
  return (t.words >> word) & 1U;
}

/// Field tests that must all hold (`where`), or of which none may hold (`where_not`).
using Where = std::vector<FieldTest>;

/// Calendar periods in which a `per` threshold must be met.
enum class Per { none, year, month };

/// The "exactly one of" kinds of requirement.
enum class Kind { measure, membership, document, accreditation, all_of, any_of };
/// "measure", "membership", "document", "accreditation", "all_of", "any_of".
std::string_view to_string(Kind k);

/// The record a `before` / `after` anchor names: the person's enrolment in the rule set's family,
/// a document of a type, or an accreditation of a family.
struct Anchor {
  enum class Kind { enrolment, document, accreditation };
  Kind kind = Kind::enrolment;
  std::string target;  ///< document type or accreditation family; empty for enrolment
  /// The spelling in rule files: "enrolment", "document:TYPE", "accreditation:FAMILY".
  std::string str() const;
};

/// Parses an anchor spelling; nullopt when it is none of the three forms.
std::optional<Anchor> parse_anchor(std::string_view s);

/// `when = { attribute = KEY, equals = VALUE }`: the person attribute that makes it apply.
struct When {
  std::string attribute;  ///< person attribute key
  std::string equals;     ///< the value for which the requirement applies
};

/// One `[[requirement]]`.
struct Requirement {
  std::string id;         ///< unique within the rule set
  std::string title;      ///< shown to people, in the source's language
  std::string title_en;   ///< an English title when `title` is in another language; may be empty
  std::string title_de;   ///< the title in German for the web pages; may be empty
  std::string title_el;   ///< the title in Greek for the web pages; may be empty
  std::string note;       ///< how the rule file interprets the source; may be empty
  bool essential = true;  ///< false: desirable, shown but not deciding
  /// Overrides the rule set's accredited families for the *_accredited tests.
  std::optional<std::vector<std::string>> accredited_families;
  std::optional<When> when;  ///< absent: applies to everyone
  Kind kind = Kind::measure;

  Measure measure;                      ///< measure only
  Where where;                          ///< measure only: all must hold
  Where where_not;                      ///< measure only: none may hold
  std::optional<Where> share_of;        ///< measure only: the denominator's tests
  std::optional<core::Centi> at_least;  ///< measure only (a fraction for share_of)
  std::optional<core::Centi> at_most;   ///< measure only
  std::optional<core::Span> within;     ///< measure or document: only that span before as_of
  Per per = Per::none;                  ///< measure only
  std::optional<Anchor> before;         ///< measure only: entries dated strictly before that record
  std::optional<Anchor> after;          ///< measure only: entries dated on or after that record

  std::string target;                  ///< membership body, document type or accreditation family
  std::optional<core::Span> held_for;  ///< accreditation or document: held at least that long
  std::vector<std::string> children;   ///< all_of / any_of: ids of the parts
  bool top_level = true;               ///< false when named in another requirement's all_of/any_of

  /// The title in `language` ("de": title_de, "el": title_el), else `title`.
  const std::string& title_in(std::string_view language) const;
};

/// A cpd `[[credit]]` rate: credits = hours × per_hour for matching entries, then capped.
struct CreditRate {
  Where where;                              ///< entries this rate applies to
  core::Centi per_hour;                     ///< credits per hour
  std::optional<core::Centi> cap_per_day;   ///< most credits from this rate on one day
  std::optional<core::Centi> cap_per_year;  ///< most credits from this rate in a calendar year
};

/// One rule file: an edition of a pathway's requirements (SPEC §6).
struct RuleSet {
  std::string id;        ///< unique across the catalogue
  std::string family;    ///< editions of one pathway share it
  std::string kind;      ///< "accreditation" or "cpd"
  std::string title;     ///< in the source's language
  std::string title_en;  ///< an English title when `title` is in another language; may be empty
  std::string title_de;  ///< the title in German for the web pages; may be empty
  std::string title_el;  ///< the title in Greek for the web pages; may be empty
  std::string body;      ///< the society
  std::string edition;   ///< e.g. "April 2020 guidelines"
  core::Date effective_from;
  std::optional<core::Date> effective_to;  ///< absent: open
  std::string supersedes;                  ///< id of the edition this one replaces; may be empty
  bool grandfather = false;  ///< people enrolled before effective_from keep `supersedes`
  std::string source;        ///< where the criteria are published
  std::string note;
  /// Families whose holders count as accredited; defaults to {family}.
  std::vector<std::string> accredited_families;
  std::vector<Requirement> requirements;  ///< in file order, parts included
  std::vector<CreditRate> credits;        ///< cpd only, in file order (first match wins)
  std::string file;                       ///< path it was loaded from

  /// The requirement with that id, or nullptr.
  const Requirement* find(std::string_view requirement_id) const;
  /// The title in `language` ("de": title_de, "el": title_el), else `title`.
  const std::string& title_in(std::string_view language) const;
  /// True when effective_from ≤ d and (no effective_to or d ≤ effective_to).
  bool in_force(core::Date d) const;
};

}  // namespace balint::rules
