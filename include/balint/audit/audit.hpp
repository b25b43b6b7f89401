#pragma once
// One person's audit: the edition that applies to them, its evaluation, and the anomalies in
// their entries. Pure: the caller streams histories in and collects the results.
#include <optional>
#include <string>
#include <vector>

#include "balint/audit/anomaly.hpp"
#include "balint/core/date.hpp"
#include "balint/domain/model.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/rules/catalogue.hpp"

namespace balint::audit {

/// What is audited and when.
struct AuditOptions {
  std::string pathway;          ///< a family: each person gets their edition (by enrolment date)
  std::string ruleset;          ///< or a rule set id, forced for everyone
  core::Period period;          ///< anomalies are looked for in entries dated in it
  core::Date as_of;             ///< eligibility is evaluated on this date
  bool anomalies_only = false;  ///< skip the evaluation
};

/// The evaluation date for a period: its last day, but never after `as_of` (a period that
/// has not ended yet is evaluated as of `as_of`).
core::Date evaluation_date(const core::Period& period, core::Date as_of);

/// One person's audit.
struct PersonAudit {
  std::string person_id;
  std::string person_name;
  const rules::RuleSet* rules = nullptr;       ///< the edition applied (owned by the catalogue)
  std::optional<core::Date> enrolled_on;       ///< enrolment in the family, if any
  bool grandfathered = false;                  ///< an earlier edition than the one in force
  std::optional<eval::Evaluation> evaluation;  ///< absent when anomalies_only
  std::vector<Anomaly> anomalies;
};

/// Audits people one at a time against a pathway or a rule set.
class Auditor {
 public:
  /// UsageError when the pathway or rule set is unknown, or no edition is in force.
  Auditor(const rules::Catalogue& catalogue, AuditOptions options,
          const domain::AccreditationIndex& accredited);
  /// The family audited (the pathway, or the forced rule set's family).
  const std::string& family() const { return family_; }
  /// The edition in force on the evaluation date (the forced rule set with --rules).
  const rules::RuleSet& in_force() const { return *in_force_; }
  const AuditOptions& options() const { return options_; }
  /// Who is audited: with a pathway, people enrolled in it on or before the evaluation
  /// date; with a rule set, those enrolled in its family and everyone with at least one entry.
  bool in_scope(const domain::PersonHistory& history) const;
  /// The person's edition, evaluation and anomalies.
  PersonAudit audit(const domain::PersonHistory& history) const;

 private:
  const rules::Catalogue& catalogue_;
  AuditOptions options_;
  const domain::AccreditationIndex& accredited_;
  std::string family_;
  const rules::RuleSet* in_force_ = nullptr;
};

}  // namespace balint::audit
