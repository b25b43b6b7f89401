// The degree-audit layout of the progress text: header, aligned requirement lines (mark and id,
// progress, still needed, title) with their details below, verdict.
#include <algorithm>
#include <ostream>

#include "balint/core/text.hpp"
#include "balint/render/progress.hpp"
#include "balint/render/progress_words.hpp"

namespace balint::render {
namespace {

using report::RequirementView;

// One requirement line and what is shown under it.
struct Row {
  std::string head;    // indentation, mark, id, (desirable)
  std::string amount;  // progress column
  std::string needed;  // still needed, or empty
  std::string title;   // last: titles vary most in length
  std::vector<std::string> below;
  int depth = 0;
};

std::string head_cell(const RequirementView& v) {
  const auto& r = v.result;
  std::string s(static_cast<std::size_t>(2 * v.depth), ' ');
  s += view_mark(v) + " " + r.id;
  return r.essential ? s : s + " (desirable)";
}

void add_rows(const RequirementView& v, bool explain, std::vector<Row>& rows) {
  Row row{head_cell(v),
          amount_text(v),
          needed_text(v),
          report::title_with_english(v.result.title, v.result.title_en),
          detail_lines(v, !explain),
          v.depth};
  if (explain)
    for (auto& line : explain_lines(v)) row.below.push_back(std::move(line));
  rows.push_back(std::move(row));
  for (const auto& c : v.children) add_rows(c, explain, rows);
}

std::string padded(const std::string& s, int width) {
  int fill = std::max(0, width - core::display_width(s));
  return s + std::string(static_cast<std::size_t>(fill), ' ');
}

// Columns aligned in display width; the needed column is left out when no row has one.
void write_rows(std::ostream& out, const std::vector<Row>& rows) {
  int head_w = 0, amount_w = 0, needed_w = 0;
  for (const auto& r : rows) {
    head_w = std::max(head_w, core::display_width(r.head));
    amount_w = std::max(amount_w, core::display_width(r.amount));
    needed_w = std::max(needed_w, core::display_width(r.needed));
  }
  for (const auto& r : rows) {
    std::string line = padded(r.head, head_w) + "  " + padded(r.amount, amount_w) + "  ";
    if (needed_w > 0) line += padded(r.needed, needed_w) + "  ";
    out << core::printable(line + r.title) << '\n';
    const std::string indent(static_cast<std::size_t>(2 * r.depth + 4), ' ');
    for (const auto& b : r.below) out << indent << core::printable(b) << '\n';
  }
}

void write_header(std::ostream& out, const report::ProgressReport& r) {
  auto fields = header_fields(r);
  int width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, core::display_width(label));
  for (const auto& [label, value] : fields)
    out << padded(label + ":", width + 1) << "  " << core::printable(value) << '\n';
}

}  // namespace

void write_progress_text(std::ostream& out, const report::ProgressReport& r, bool explain) {
  write_header(out, r);
  out << '\n';
  std::vector<Row> rows;
  for (const auto& v : r.requirements) add_rows(v, explain, rows);
  write_rows(out, rows);
  out << '\n' << verdict_text(r) << '\n';
}

void write_unmet_text(std::ostream& out, const report::ProgressReport& r) {
  std::vector<Row> rows;
  for (const auto& v : r.requirements)
    if (v.result.essential && !eval::counts_as_met(v.result.status)) add_rows(v, false, rows);
  write_rows(out, rows);
  out << '\n' << verdict_text(r) << '\n';
}

}  // namespace balint::render
