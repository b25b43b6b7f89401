#pragma once
// The grid of the audit report's PDF pages: how many rows a page has, where its text columns
// start and how wide they are, and the names of its slots. render::audit_pages fills the slots
// (wrapping text to the column widths); pdf::audit_page places them on the page.
#include <array>
#include <cstddef>
#include <string>

namespace balint::report {

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

}  // namespace balint::report
