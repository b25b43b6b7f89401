#pragma once
// Suspicious entries: each anomaly has a reason code, the entries concerned and one line of
// explanation. The checks are pure functions of one person's history.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::audit {

/// What is suspicious; the order here is the order of reporting within a day.
enum class AnomalyKind {
  day_over_24h,               ///< more than 24 hours logged by one person on one day
  long_group_entry,           ///< one group entry over 8 hours (per day of a multi-day entry)
  leader_and_member,          ///< leader (or co-leader) and member of one group on one day
  future_entry,               ///< dated after the evaluation date
  membership_lapsed,          ///< logged while a required membership had lapsed
  supervisor_not_accredited,  ///< supervision the rule set requires from an accredited leader
  near_duplicate,             ///< same person, date, activity, group and role
  voided,                     ///< withdrawn with `balint void`
  unverified,                 ///< no verified_by (one anomaly per person)
};

/// The reason code: "day-over-24h", "long-group-entry", ..., "unverified".
std::string_view to_string(AnomalyKind k);
/// Every kind, in reporting order.
const std::vector<AnomalyKind>& anomaly_kinds();

/// How much an anomaly matters to an auditor: high ones are likely wrong entries (a 30-hour
/// day), medium ones break a rule's conditions, low ones are routine (unverified, voided).
enum class Severity { high, medium, low };
Severity severity(AnomalyKind k);
/// "high", "medium", "low".
std::string_view to_string(Severity s);

/// One suspicious finding about one person.
struct Anomaly {
  AnomalyKind kind = AnomalyKind::voided;
  std::string person;
  core::Date date;                    ///< the day concerned (the first entry's, for a run)
  std::vector<std::int64_t> entries;  ///< the entries concerned, by date then id
  std::string detail;                 ///< one line, e.g. "25.50 hours logged on one day"
};

/// Which entries are checked, and against which date.
struct CheckWindow {
  core::Period period;  ///< only entries dated in it are checked
  core::Date as_of;     ///< the evaluation date: entries after it are future entries
};

/// Every anomaly in `history`'s entries within `window`, sorted by date, kind, then first
/// entry. `rules` decides the two rule-dependent checks: membership-lapsed for each body its
/// membership requirements name, and supervisor-not-accredited for each measure whose
/// `where` has `supervisor_accredited = true` (requirements whose `when` does not apply to
/// the person are skipped). `accredited` answers who held an accreditation on a date.
std::vector<Anomaly> find_anomalies(const domain::PersonHistory& history,
                                    const rules::RuleSet& rules,
                                    const domain::AccreditationIndex& accredited,
                                    const CheckWindow& window);

}  // namespace balint::audit
