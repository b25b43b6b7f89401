#pragma once
// The society audit as text, JSON or CSV.
#include <iosfwd>

#include "balint/report/audit.hpp"

namespace balint::render {

/// The header and summary, a row per person (each top-level requirement's value, what is
/// still needed, waivers, anomalies), totals per requirement, the anomalies and the sample.
/// With anomalies_only: the header, the anomaly counts and the anomalies. Fitted to `width`
/// display columns (tables wrap or split; see write_text); 0 puts each row on one line.
void write_audit_text(std::ostream& out, const report::AuditReport& r, int width = 0);

/// One JSON object, two-space indented, with a final newline.
void write_audit_json(std::ostream& out, const report::AuditReport& r);

/// One row per person (three columns per requirement: status, value, remaining); with
/// anomalies_only, one row per anomaly instead.
void write_audit_csv(std::ostream& out, const report::AuditReport& r);

}  // namespace balint::render
