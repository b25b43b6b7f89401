#pragma once
// The society audit (SPEC §9): every audited person's standing and anomalies, an audit sample,
// and, when asked, the report as a PDF and an evidence-request letter per person sampled.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "balint/audit/audit.hpp"
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
  std::string pdf = {};      ///< write the report as a PDF to this file ("": no PDF)
  std::string letters = {};  ///< write the sample's evidence-request letters into this folder
  bool force = false;        ///< replace existing files
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

}  // namespace balint::service
