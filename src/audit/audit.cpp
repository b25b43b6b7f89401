#include "balint/audit/audit.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"

namespace balint::audit {
core::Date evaluation_date(const core::Period& period, core::Date as_of) {
  return period.to && *period.to < as_of ? *period.to : as_of;
}

Auditor::Auditor(const rules::Catalogue& catalogue, AuditOptions options,
                 const domain::AccreditationIndex& accredited)
    : catalogue_(catalogue), options_(std::move(options)), accredited_(accredited) {
  if (options_.pathway.empty() == options_.ruleset.empty())
    throw core::UsageError("give --pathway FAMILY or --rules ID");
  if (!options_.pathway.empty()) {
    family_ = options_.pathway;
    in_force_ = &catalogue_.for_family(family_, std::nullopt, options_.as_of);
  } else {
    in_force_ = &catalogue_.by_id(options_.ruleset);
    family_ = in_force_->family;
  }
}

bool Auditor::in_scope(const domain::PersonHistory& history) const {
  auto enrolled = rules::enrolled_in(history.enrolments, family_);
  if (enrolled && *enrolled <= options_.as_of) return true;
  return options_.pathway.empty() && !history.entries.empty();
}

PersonAudit Auditor::audit(const domain::PersonHistory& history) const {
  PersonAudit a;
  a.person_id = history.person.id;
  a.person_name = history.person.name;
  if (options_.pathway.empty()) {
    a.enrolled_on = rules::enrolled_in(history.enrolments, family_);
    a.rules = in_force_;
  } else {
    const auto edition = catalogue_.edition_for(family_, history.enrolments, options_.as_of);
    a.enrolled_on = edition.enrolled_on;
    a.rules = edition.rules;
    a.grandfathered = edition.grandfathered();
  }
  if (!options_.anomalies_only)
    a.evaluation =
        eval::evaluate(*a.rules, history, accredited_, options_.as_of, eval::Explain::verdicts);
  a.anomalies = find_anomalies(history, *a.rules, accredited_, {options_.period, options_.as_of});
  return a;
}

}  // namespace balint::audit
