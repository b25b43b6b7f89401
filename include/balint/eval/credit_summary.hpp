#pragma once
// CPD credits of one person over a period, by activity, with what each cap removed: the
// figures a CPD certificate shows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/domain/model.hpp"
#include "balint/rules/ruleset.hpp"

namespace balint::eval {

/// Sessions, hours and credits of one activity.
struct ActivityCredits {
  domain::Activity activity = domain::Activity::group;
  std::int64_t sessions = 0;
  std::int64_t minutes = 0;
  core::Centi credits;                  ///< after caps
  core::Centi removed;                  ///< taken off by caps
  std::int64_t uncredited_minutes = 0;  ///< entries no [[credit]] rate applies to
};

/// What one cap of one [[credit]] rate removed in the period.
struct CapSummary {
  std::size_t rate = 0;              ///< index of the [[credit]] rate
  std::string cap;                   ///< "day" or "year"
  core::Centi limit;                 ///< the cap, credits per day or per year
  core::Centi removed;               ///< credits removed from entries in the period
  std::vector<std::string> periods;  ///< the days ("2025-03-14") or years ("2025") affected
};

/// The credits of the entries in a period.
struct CreditSummary {
  std::vector<ActivityCredits> activities;  ///< activities with entries, in SPEC order
  std::int64_t sessions = 0;
  std::int64_t minutes = 0;
  core::Centi credits;                  ///< after caps
  core::Centi removed;                  ///< by all caps
  std::int64_t uncredited_minutes = 0;  ///< entries no [[credit]] rate applies to
  std::vector<CapSummary> caps;         ///< by rate, day before year
  std::vector<std::int64_t> entries;    ///< ids of the entries, by date then id
};

/// Credits of `history`'s entries dated in `period` (and on or before `as_of`), voided ones
/// left out. Caps are applied over all entries up to as_of, so entries before the period
/// use up a year's cap as they should. Pure.
CreditSummary credit_summary(const rules::RuleSet& rules, const domain::PersonHistory& history,
                             const domain::AccreditationIndex& accredited, core::Period period,
                             core::Date as_of);

}  // namespace balint::eval
