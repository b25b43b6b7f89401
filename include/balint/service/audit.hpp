#pragma once
// The society audit (SPEC §9): every audited person's standing and anomalies, an audit sample,
// and, when asked, the report as a PDF and an evidence-request letter per person sampled.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "balint/audit/audit.hpp"
#include "balint/domain/model.hpp"
#include "balint/report/audit.hpp"
#include "balint/rules/catalogue.hpp"
#include "balint/store/ledger.hpp"

namespace balint::service {

struct AuditRequest {
  audit::AuditOptions options;
  std::optional<std::size_t> sample = std::nullopt;  ///< draw a sample of this many people
  /// The sample's seed; none: a fresh one (not predictable by the people audited), which the
  /// report holds so that the same sample can be drawn again.
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string pdf = {};          ///< write the report as a PDF to this file ("": no PDF)
  std::string letters = {};      ///< write the sample's evidence-request letters into this folder
  bool force = false;            ///< replace existing files
  core::Date letters_date = {};  ///< the letters' date (today, or --as-of)
  std::vector<std::string> templates_dirs = {};  ///< for the PDF and the letters
};

/// A person's name that no installed font can draw, in a file written: the file shows a
/// replacement mark (U+FFFD) for `reason`'s character.
struct UndrawableName {
  std::string person;
  std::string reason;  ///< pdf::undrawable_reason
  std::string file;
};
using OnUndrawable = std::function<void(const UndrawableName&)>;

struct AuditResult {
  report::AuditReport report;
  std::size_t letters = 0;  ///< evidence-request letters written
};

/// Audits everyone enrolled in the pathway (or, with a rule set, everyone) in the ledger, in
/// one read; then writes the PDF and the letters asked for. Every output is checked before the
/// first is written (a refusal leaves nothing half done); files are private (0600, a new
/// folder 0700) and an existing one is replaced only with `force`. UsageError for an unknown
/// pathway or rule set, or letters without a sample.
AuditResult audit(const store::Ledger& ledger, const rules::Catalogue& catalogue,
                  const AuditRequest& request, const OnUndrawable& on_undrawable = {});

/// The file of `person`'s evidence-request letter in `folder`.
std::string letter_file(const std::string& folder, const std::string& person);

/// What is audited and when, as the command line and the web pages both ask: exactly one of
/// `pathway` and `ruleset` (UsageError otherwise), anomalies looked for in `period`, and
/// eligibility evaluated on the period's last day, or `today` when that is earlier
/// (audit::evaluation_date).
audit::AuditOptions audit_options(const std::string& pathway, const std::string& ruleset,
                                  const core::Period& period, bool anomalies_only,
                                  core::Date today);

/// A sample's seed as typed: a whole number from 0 to 2^64-1, nothing else; nullopt otherwise.
std::optional<std::uint64_t> parse_seed(std::string_view text);
/// A fresh seed, not predictable by the people audited (what audit() draws without one).
std::uint64_t fresh_seed();

/// The report as PDF bytes: what audit() writes to `request.pdf` (the same bytes for the same
/// report). `file` is the name on_undrawable is told.
std::string audit_report_pdf(const report::AuditReport& report,
                             const std::vector<std::string>& templates_dirs,
                             const std::string& file = {}, const OnUndrawable& on_undrawable = {});

/// The evidence-request letter of `person`, who must be in the report's sample (NotFound
/// otherwise), dated `date`, as PDF bytes: what audit() writes to letter_file(folder, person).
std::string evidence_letter_pdf(const store::Ledger& ledger, const report::AuditReport& report,
                                const std::string& person,
                                const std::vector<std::string>& templates_dirs, core::Date date,
                                const std::string& file = {},
                                const OnUndrawable& on_undrawable = {});

/// Which audited people a page shows.
struct AuditFilter {
  std::string text;      ///< matched, ignoring case, in the person's id and name; "" = all
  std::string standing;  ///< "eligible", "not-eligible", "anomalies", "sample", or "" for all
};
/// The standings AuditFilter takes, in the order a page offers them.
const std::vector<std::string>& audit_standings();
/// The report's people matching `filter`, in the report's order (by id). UsageError for an
/// unknown standing. Eligible and not-eligible match only people evaluated (not with
/// anomalies_only); sample, those drawn.
std::vector<const report::AuditRow*> audit_rows(const report::AuditReport& report,
                                                const AuditFilter& filter);

/// An anomaly and the entries it names, as the ledger holds them.
struct AnomalyEntries {
  audit::Anomaly anomaly;
  std::vector<domain::Entry> entries;  ///< the first `entries_each` of those it names, in its order
  std::size_t more = 0;                ///< how many it names beyond those
};

/// The anomalies ordered by severity for an auditor to read: the report's anomalies, most severe
/// first (high, medium, low; within one severity in the report's order: by person, then date,
/// kind, first entry), each with up to `entries_each` of its entries read from the ledger; at
/// most `limit` of them.
std::vector<AnomalyEntries> anomalies_by_severity(const store::Ledger& ledger,
                                                  const report::AuditReport& report,
                                                  std::size_t limit, std::size_t entries_each);

}  // namespace balint::service
