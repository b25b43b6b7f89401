#pragma once
// The progress report (SPEC §7) as typed values: an Evaluation plus what a reader needs around it
// (units, the entries that counted, near misses grouped, how the edition was chosen, the verdict).
// Renderers turn it into text or JSON; nothing here is formatted.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/domain/model.hpp"
#include "balint/eval/evaluation.hpp"

namespace balint::report {

/// What a requirement's numbers count.
enum class Unit {
  none,      ///< not a measure (membership, document, accreditation, all_of, any_of)
  sessions,  ///< a count of entries
  hours,     ///< hours with two decimals
  cases,     ///< cases presented
  days,      ///< days of events
  credits,   ///< CPD credits, two decimals
  units,     ///< whole units of `unit_minutes` minutes (RequirementResult::unit_minutes)
  distinct,  ///< distinct values of `distinct_field`
};

/// True for units whose values are whole numbers (sessions, cases, days, units, distinct).
bool is_count(Unit u);

/// One entry as shown under a requirement that counted it.
struct EntryLine {
  std::int64_t id = 0;
  core::Date date;
  int minutes = 0;
  domain::Activity activity = domain::Activity::group;
  domain::Role role = domain::Role::member;
  std::string group;
  std::string setting;
  std::string event;
};

/// Near misses of one requirement that share a reason.
struct MissGroup {
  std::string reason;  ///< the reason, with the entry's own date generalised away
  std::size_t count = 0;
};

/// One requirement of the report, its parts nested.
struct RequirementView {
  eval::RequirementResult result;  ///< as evaluated; `children` moved into `children` below
  Unit unit = Unit::none;
  std::string distinct_field;  ///< Unit::distinct: setting, group, event, leader, ...
  int depth = 0;               ///< 0 at the top level
  /// Not met, a plain measure (no `per`, no share) and some progress made: the pace of the last 12
  /// months is worth showing (result.projected, or none when it has stalled).
  bool has_pace = false;
  /// What is still needed, when that can still be gained: not for a `per` requirement whose
  /// shortfall lies in a past period, nor for one counted only before a recorded `before` date.
  std::optional<core::Centi> still_needed;
  /// A part that is not met and no longer needed: its any_of is met by another part, or the
  /// requirement it is part of is waived or does not apply (and so on down). It has no
  /// still_needed and no pace.
  bool not_needed = false;
  std::vector<EntryLine> counted;              ///< the entries of result.entries, in order
  std::vector<eval::NearMiss> notable_misses;  ///< near misses not explained by activity/role
  std::vector<MissGroup> miss_groups;          ///< notable_misses grouped by reason
  std::vector<RequirementView> children;
};

/// How `--pathway` chose the edition.
struct PathwayChoice {
  std::string family;
  std::optional<core::Date> enrolled_on;  ///< the person's enrolment in the family, if any
  std::string in_force;                   ///< id of the edition in force on the evaluation date
  bool grandfathered = false;             ///< the chosen edition is an earlier one than `in_force`
};

/// A top-level essential requirement that is not met.
struct Unmet {
  std::string id;
  std::string title;
};

/// Everything the progress renderers show.
struct ProgressReport {
  std::string person_id;
  std::string person_name;
  std::string ruleset_id;
  std::string family;
  std::string kind;  ///< "accreditation" or "cpd"
  std::string title;
  std::string title_en;  ///< English title of the rule set; empty when none
  std::string edition;
  std::string body;
  core::Date as_of;
  std::optional<PathwayChoice> pathway;  ///< absent when the rule set was forced with --rules
  bool eligible = false;
  std::vector<Unmet> unmet;  ///< essential top-level requirements not met, in file order
  std::vector<RequirementView> requirements;
};

/// Builds the report of `ev`, the evaluation of `history`'s person; `pathway` when the edition was
/// chosen by pathway.
ProgressReport build_progress(eval::Evaluation ev, const domain::PersonHistory& history,
                              std::optional<PathwayChoice> pathway);

/// The pathway facts: grandfathered when `chosen_id` differs from `in_force_id`.
PathwayChoice make_pathway(const std::string& family, std::optional<core::Date> enrolled_on,
                           const std::string& chosen_id, const std::string& in_force_id);

/// The unit of a measure spelling ("sessions", "hours", "distinct:setting", ...), with the distinct
/// field in `field`.
Unit unit_of(const std::string& measure, std::string* field);

/// The anchors of a measure in words, shared by the text and PDF renderers: "before enrolment
/// (2024-09-15)", "from the psychotherapy-qualification document (2016-04-01)", both joined by
/// ", "; "(not recorded)" for a record that is missing; empty without anchors.
std::string anchor_words(const eval::RequirementResult& r);

/// The title with its English title after it, "Titel — Title", or the title alone.
std::string title_with_english(const std::string& title, const std::string& title_en);

/// The reason of a near miss with an entry's own date made general ("... on that date"), so that
/// entries missing for the same reason group together.
std::string general_reason(const std::string& reason);

/// True when a near miss is only about the entry's activity or role: the entry was of another kind,
/// which is no news to the reader.
bool is_kind_mismatch(const std::string& reason);

}  // namespace balint::report
