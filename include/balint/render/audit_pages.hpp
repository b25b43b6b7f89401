#pragma once
// The audit as pages of named text slots, for a PDF: every page has the same slots (a page
// template holds them, pdf::audit_page places them), and each page fills them differently:
// the summary with its chart, the people, the anomalies, the sample. Bars are runs of full
// block characters (U+2588) drawn over one another: grey for the whole, red up to the end of
// "not met", green up to the end of "met or waived".
#include <array>
#include <map>
#include <string>
#include <vector>

#include "balint/report/audit.hpp"
#include "balint/report/audit_grid.hpp"

namespace balint::render {

// The page's grid (rows, columns, slot names) is report::audit_grid's, shared with the pdf
// module, which places the slots (pdf::audit_page).
using report::audit_slot;
using report::kAuditBarBlocks;
using report::kAuditColumns;
using report::kAuditColumnWidth;
using report::kAuditColumnX;
using report::kAuditPageRows;
using report::kAuditPdfAnomalies;
using report::kAuditRowWidth;
using report::kAuditWideWidth;

/// The fields of every page: "title", "subtitle", "header", "footer", "page" and every slot
/// of every row (empty when unused).
std::vector<std::map<std::string, std::string>> audit_pages(const report::AuditReport& r);

/// The fields of an evidence-request letter (templates/evidence-request.toml): name, email,
/// person_id, body, date, reference, subject, sample_size, audited, position, seed, period,
/// totals (one line per activity and role), flagged (the anomalies, or a line saying there
/// are none).
std::map<std::string, std::string> evidence_fields(const report::EvidenceRequest& q);

/// The names evidence_fields() fills.
const std::vector<std::string>& evidence_field_names();

}  // namespace balint::render
