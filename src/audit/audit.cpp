#include "balint/audit/audit.hpp"

#include <fmt/core.h>

#include "balint/core/error.hpp"

namespace balint::audit {
namespace {

std::optional<core::Date> enrolment_in(const domain::PersonHistory& h, const std::string& family) {
  for (const auto& e : h.enrolments)
    if (e.family == family) return e.on;
  return std::nullopt;
}

}  // namespace

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
  auto enrolled = enrolment_in(history, family_);
  if (enrolled && *enrolled <= options_.as_of) return true;
  return options_.pathway.empty() && !history.entries.empty();
}

PersonAudit Auditor::audit(const domain::PersonHistory& history) const {
  PersonAudit a;
  a.person_id = history.person.id;
  a.person_name = history.person.name;
  a.enrolled_on = enrolment_in(history, family_);
  if (options_.pathway.empty()) {
    a.rules = in_force_;
  } else {
    a.rules = &catalogue_.for_family(family_, a.enrolled_on, options_.as_of);
    a.grandfathered = a.rules != in_force_;
  }
  if (!options_.anomalies_only)
    a.evaluation =
        eval::evaluate(*a.rules, history, accredited_, options_.as_of, eval::Explain::verdicts);
  a.anomalies = find_anomalies(history, *a.rules, accredited_, {options_.period, options_.as_of});
  return a;
}

}  // namespace balint::audit
