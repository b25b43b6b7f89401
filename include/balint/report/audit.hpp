#pragma once
// The society audit (SPEC §4 `audit`) as typed values: a row per person with each top-level
// requirement, totals per requirement across the society, the anomalies and the audit
// sample. Built one person at a time, so a whole society is summarised without keeping
// every evaluation in memory. Renderers turn it into text, JSON, CSV or PDF.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "balint/audit/anomaly.hpp"
#include "balint/audit/audit.hpp"
#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/eval/evaluation.hpp"
#include "balint/report/progress.hpp"

namespace balint::report {

/// One top-level requirement in a person's row.
struct AuditCell {
  std::string id;
  eval::Status status = eval::Status::not_met;
  bool essential = true;
  rules::Kind kind = rules::Kind::measure;
  std::string measure;         ///< "sessions", "hours", "distinct:setting", ...; empty when none
  Unit unit = Unit::none;      ///< none for membership, document, accreditation, all_of, any_of
  std::string distinct_field;  ///< Unit::distinct: setting, group, event, ...
  bool share = false;          ///< value is a fraction
  std::string per;             ///< "year", "month" or empty; then value is the weakest period
  core::Centi value;           ///< a share rounded half up for display
  std::optional<core::Fraction> fraction;  ///< shares: the exact value (JSON)
  std::optional<core::Centi> at_least;
  std::optional<core::Centi> still_needed;  ///< not met and a number is missing
  std::string detail;         ///< the evaluation's line, e.g. "member since 2021-01-01"
  std::string waiver_reason;  ///< waived: the society's reason
  std::string waived_by;      ///< waived: who granted it; may be empty
  std::optional<core::Date> waived_on;
};

/// One audited person.
struct AuditRow {
  std::string person_id;
  std::string person_name;
  std::string ruleset_id;  ///< the edition applied
  std::optional<core::Date> enrolled_on;
  bool grandfathered = false;
  bool evaluated = false;  ///< false with --anomalies-only
  bool eligible = false;
  std::vector<AuditCell> requirements;  ///< top level, in file order
  std::size_t anomalies = 0;
  std::optional<std::size_t> sample_position;  ///< 1-based place in the sample, when drawn
};

/// A top-level requirement id as a column: the union over the editions applied, the
/// edition in force first. Title and essential are those of the first edition that has it.
struct AuditColumn {
  std::string id;
  std::string title;
  bool essential = true;
};

/// One top-level requirement of one edition, across the people it was applied to.
struct RequirementTotal {
  std::string ruleset_id;
  std::string id;
  std::string title;
  bool essential = true;
  Unit unit = Unit::none;
  std::string distinct_field;
  std::size_t people = 0;
  std::size_t met = 0;
  std::size_t waived = 0;
  std::size_t not_applicable = 0;
  std::size_t not_met = 0;
  /// The sum of everyone's values, for measures that add up (not per, share or distinct).
  std::optional<core::Centi> value;
};

/// An edition applied, and to how many people.
struct EditionUse {
  std::string id;
  std::string title;
  std::string edition;
  bool in_force = false;  ///< the edition in force on the evaluation date
  std::size_t people = 0;
  std::size_t grandfathered = 0;
};

/// How many anomalies of one kind, among how many people.
struct AnomalyCount {
  audit::AnomalyKind kind = audit::AnomalyKind::voided;
  std::size_t count = 0;
  std::size_t people = 0;
};

/// The audit sample.
struct AuditSample {
  std::uint64_t seed = 0;
  std::size_t requested = 0;
  std::vector<std::string> people;  ///< ids in the order drawn
  std::vector<std::string> names;   ///< their names, same order
};

/// Everything the audit renderers show.
struct AuditReport {
  std::string pathway;     ///< the family given with --pathway, or empty
  std::string ruleset_id;  ///< the rule set given with --rules, or empty
  std::string family;
  std::string kind;     ///< "accreditation" or "cpd" (of the edition in force)
  std::string body;     ///< the society
  core::Date as_of;     ///< the evaluation date
  core::Period period;  ///< entries checked for anomalies
  bool anomalies_only = false;
  std::vector<EditionUse> editions;  ///< in force first, then by id
  std::vector<AuditColumn> columns;  ///< requirement columns
  std::vector<AuditRow> people;      ///< by id
  std::size_t eligible = 0;
  std::vector<RequirementTotal> totals;      ///< by edition (as in `editions`), file order
  std::vector<audit::Anomaly> anomalies;     ///< by person, then date, kind, first entry
  std::vector<AnomalyCount> anomaly_counts;  ///< every kind, in reporting order
  std::optional<AuditSample> sample;
};

/// A letter asking a sampled person for evidence of what they logged in the period.
struct EvidenceRequest {
  std::string person_id;
  std::string person_name;
  std::string email;
  std::string body;     ///< the society
  std::string subject;  ///< the pathway or rule set audited
  core::Date as_of;
  core::Period period;
  std::uint64_t seed = 0;
  std::size_t position = 0;  ///< 1-based place in the sample
  std::size_t sample_size = 0;
  std::size_t audited = 0;  ///< people audited
  /// Sessions and minutes by activity and role: entries in the period, up to as_of, not voided.
  struct Total {
    domain::Activity activity = domain::Activity::group;
    domain::Role role = domain::Role::member;
    std::size_t sessions = 0;
    std::int64_t minutes = 0;
  };
  std::vector<Total> totals;              ///< in activity, then role order
  std::vector<audit::Anomaly> anomalies;  ///< the person's, most severe first
  /// The sessions an anomaly names, as the person knows them (not by entry number).
  struct Session {
    core::Date date;
    std::string place;  ///< the group, else the event, else the activity
    int minutes = 0;
  };
  /// Per anomaly (same order), its entries' sessions by date.
  std::vector<std::vector<Session>> sessions;
};

/// The letter for `history`'s person, who must be in the report's sample.
EvidenceRequest evidence_request(const AuditReport& r, const domain::PersonHistory& history);

/// Collects person audits into an AuditReport.
/// One person's audit reduced to what the report keeps of it.
struct AuditPart {
  const rules::RuleSet* rules = nullptr;  ///< the edition applied
  AuditRow row;
  std::vector<audit::Anomaly> anomalies;
};

class AuditBuilder {
 public:
  explicit AuditBuilder(const audit::Auditor& auditor);
  /// One person's audit reduced to its row: touches no builder, so people can be reduced on
  /// several threads and added on one.
  static AuditPart part_of(audit::PersonAudit a);
  /// Adds one person's reduced audit.
  void add(AuditPart p);
  /// Adds one person's audit; the evaluation is reduced to its row at once.
  void add(audit::PersonAudit a) { add(part_of(std::move(a))); }
  /// Number of people added so far.
  std::size_t size() const { return report_.people.size(); }
  /// The report; with `sample_size`, draws that many of the audited people with `seed`.
  AuditReport finish(std::optional<std::size_t> sample_size, std::uint64_t seed);

 private:
  AuditReport report_;
  std::vector<const rules::RuleSet*> editions_;  // in the order of report_.editions
  std::vector<std::size_t> first_total_;         // each edition's first total, until finish()
  const rules::RuleSet* in_force_;
};

}  // namespace balint::report
