#pragma once
// Evaluating a rule set for one person: a pure function that records why, for the
// renderers of SPEC §7 (JSON and degree-audit text).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::eval {

/// The outcome of one requirement.
enum class Status { met, not_met, not_applicable, waived };
/// "met", "not-met", "not-applicable", "waived".
std::string_view to_string(Status s);
/// True for met, waived and not-applicable: what counts as met at the top level.
bool counts_as_met(Status s);

/// The outcome of one calendar period of a `per` requirement.
enum class PeriodStatus { met, not_met, in_progress };
/// "met", "not-met", "in-progress".
std::string_view to_string(PeriodStatus s);

/// An entry that nearly counted, and the one reason it did not.
struct NearMiss {
  std::int64_t entry = 0;  ///< entry id
  core::Date date;         ///< the entry's date
  std::string reason;      ///< e.g. "voided: duplicate", "leader 'bo' not accredited on 2024-03-01"
};

/// One calendar period of a `per` requirement.
struct PeriodResult {
  std::string period;  ///< "2025" or "2025-03"
  core::Centi value;   ///< the measure in that period (same unit as the requirement's value)
  PeriodStatus status = PeriodStatus::not_met;  ///< the current period is in-progress
  std::optional<core::Fraction> fraction;       ///< shares: the exact value; `value` is it rounded
};

/// Credits that a cap removed from the entries a requirement counted.
struct CapRemoval {
  std::size_t rate = 0;  ///< index of the [[credit]] rate in the rule set
  std::string cap;       ///< "day" or "year"
  std::string period;    ///< "2025-03-14" for a day cap, "2025" for a year cap
  core::Centi removed;   ///< credits removed
};

/// The outcome of one requirement; parts of all_of/any_of are nested in `children`.
struct RequirementResult {
  std::string id;                           ///< requirement id
  std::string title;                        ///< requirement title
  std::string title_en;                     ///< English title; empty when none
  std::string note;                         ///< the rule file's note; may be empty
  bool essential = true;                    ///< false: desirable, does not decide eligibility
  rules::Kind kind = rules::Kind::measure;  ///< which kind of requirement
  Status status = Status::not_met;          ///< met, not-met, not-applicable or waived
  std::string measure;  ///< "sessions", "hours", ..., "distinct:setting"; empty when no measure
  bool share = false;   ///< true when value is a fraction (share_of)
  core::Centi value;    ///< counts are whole, hours have two decimals, credits fixed-point;
                        ///< a share rounded half up (never past the threshold it fails)
  std::optional<core::Fraction> fraction;  ///< shares: the exact value
  int unit_minutes = 0;                    ///< measure "units": the minutes of one unit
  std::string before;  ///< the `before` anchor, e.g. "enrolment"; empty when none
  std::string after;   ///< the `after` anchor, e.g. "document:psychotherapy-qualification"
  std::optional<core::Date> before_on;  ///< the date of the `before` record, when recorded
  std::optional<core::Date> after_on;   ///< the date of the `after` record, when recorded
  std::optional<core::Centi> at_least;  ///< the threshold, as in the rule file
  std::optional<core::Centi> at_most;   ///< the upper limit, as in the rule file
  core::Centi remaining;              ///< still needed to reach at_least; 0 when met, waived or n/a
  std::string per;                    ///< "year", "month" or empty
  std::string within;                 ///< the span, e.g. "5y"; empty when none
  std::vector<std::int64_t> entries;  ///< ids of the entries that counted, by date then id
  std::vector<NearMiss> near_misses;  ///< entries that failed exactly one test, by date
  std::vector<std::int64_t> documents;  ///< document requirement: ids of the documents found
  std::string
      detail;  ///< one line for non-measure kinds and not-applicable, e.g. "until 2024-12-31"
  std::string waiver_reason;                ///< waived: the society's reason
  std::string waived_by;                    ///< waived: who granted it; may be empty
  std::optional<core::Date> waived_on;      ///< waived: when granted
  std::vector<PeriodResult> periods;        ///< `per`: each period from the start to the current
  std::vector<CapRemoval> caps;             ///< credits: what each cap removed
  std::optional<core::Date> projected;      ///< not met: the date it would be met at the pace of
                                            ///< the last 12 months; none when not at current pace
  std::vector<RequirementResult> children;  ///< all_of / any_of parts, same shape
};

/// The evaluation of one rule set for one person on one date.
struct Evaluation {
  std::string ruleset_id;   ///< rule set id
  std::string family;       ///< rule set family
  std::string title;        ///< rule set title
  std::string title_en;     ///< English title; empty when none
  std::string edition;      ///< rule set edition
  std::string kind;         ///< "accreditation" or "cpd"
  std::string body;         ///< the society
  std::string person_id;    ///< person handle
  std::string person_name;  ///< full name
  core::Date as_of;         ///< the evaluation date
  bool eligible = false;    ///< every essential top-level requirement counts as met
  std::vector<RequirementResult> requirements;  ///< top level, in file order
};

/// How much an evaluation explains: `full` for a person's progress report; `verdicts` for
/// an audit of many people, which shows statuses and values only: no near misses, no
/// projected dates and no list of the entries that counted (RequirementResult::near_misses,
/// ::projected and ::entries stay empty); `table` for a progress table without the full
/// report (the web dashboard): statuses, values and projected dates, but no near misses and
/// no list of the entries that counted (::near_misses and ::entries stay empty).
enum class Explain { full, verdicts, table };

/// Evaluates `rules` for `history` on `as_of`; `accredited` answers whether leaders,
/// co-leaders and supervisors held an accreditation on an entry's date. Pure.
Evaluation evaluate(const rules::RuleSet& rules, const domain::PersonHistory& history,
                    const domain::AccreditationIndex& accredited, core::Date as_of,
                    Explain explain = Explain::full);

}  // namespace balint::eval
