#pragma once
// The audit as pages of named text slots, for a PDF: every page has the same slots (a page
// template holds them, app/cmd_audit.cpp places them), and each page fills them differently:
// the summary with its chart, the people, the anomalies, the sample. Bars are runs of full
// block characters (U+2588) drawn over one another: grey for the whole, red up to the end of
// "not met", green up to the end of "met or waived".
#include <array>
#include <map>
#include <string>
#include <vector>

#include "balint/report/audit.hpp"

namespace balint::render {

/// Rows on one page, and block characters in a full bar.
constexpr int kAuditPageRows = 34;
constexpr int kAuditBarBlocks = 40;
/// Anomalies listed in the PDF; the rest are counted (the CSV has them all).
constexpr std::size_t kAuditPdfAnomalies = 1000;

/// The text columns of a row, left to right: where each starts and how wide it is, in points
/// from the left margin of an A4 landscape page; chart bars start where column 2 does. Text
/// longer than about a column's width in 8.5-point type wraps onto the rows below (nothing is
/// cut short); a section goes on from the page in hand, and a page it continues on repeats
/// its column headers.
constexpr int kAuditColumns = 7;
constexpr std::array<double, kAuditColumns> kAuditColumnX = {0, 92, 244, 338, 380, 432, 480};
constexpr std::array<double, kAuditColumns> kAuditColumnWidth = {90, 150, 92, 40, 50, 46, 280};
/// The width of a heading, and of the "w" slot.
constexpr double kAuditRowWidth = 760;
constexpr double kAuditWideWidth = kAuditRowWidth - kAuditColumnX[2];

/// A row's slot name: "r12c3" for column 3, "r12h" for a heading across the row, "r12w" for
/// text from column 2 to the right margin, "r12bar0" (grey), "r12bar1" (red) and "r12bar2"
/// (green) for a chart bar.
std::string audit_slot(int row, const std::string& part);

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
