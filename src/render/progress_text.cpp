// The degree-audit layout of the progress text: header, aligned requirement lines (mark and id,
// progress, still needed, title) with their details below, verdict.
#include <algorithm>
#include <ostream>

#include "balint/core/text.hpp"
#include "balint/render/progress.hpp"
#include "balint/render/progress_words.hpp"
#include "balint/render/table.hpp"

namespace balint::render {
namespace {

using report::RequirementView;

// One requirement line and what is shown under it.
struct RequirementRow {
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

void add_rows(const RequirementView& v, bool explain, std::vector<RequirementRow>& rows) {
  // Escaped here (core::printable), so that widths are measured on what is printed.
  RequirementRow row{core::printable(head_cell(v)),
                     core::printable(amount_text(v)),
                     core::printable(needed_text(v)),
                     core::printable(report::title_with_english(v.result.title, v.result.title_en)),
                     {},
                     v.depth};
  for (auto& line : detail_lines(v, !explain)) row.below.push_back(core::printable(line));
  if (explain)
    for (auto& line : explain_lines(v)) row.below.push_back(core::printable(line));
  rows.push_back(std::move(row));
  for (const auto& c : v.children) add_rows(c, explain, rows);
}

std::string padded(const std::string& s, int width) {
  int fill = std::max(0, width - core::display_width(s));
  return s + std::string(static_cast<std::size_t>(fill), ' ');
}

// Columns aligned in display width; the needed column is left out when no row has one. Within
// `width` (0: no limit) a title wraps in its column; when the other columns leave it less than
// kMinTitle, it goes on the lines below; when even the other columns are too wide for a line,
// what is still needed goes below too, and then the progress. The lines below wrap as well.
void write_rows(std::ostream& out, const std::vector<RequirementRow>& rows, int width) {
  constexpr int kMinTitle = 24;
  int head_w = 0, amount_w = 0, needed_w = 0;
  for (const auto& r : rows) {
    head_w = std::max(head_w, core::display_width(r.head));
    amount_w = std::max(amount_w, core::display_width(r.amount));
    needed_w = std::max(needed_w, core::display_width(r.needed));
  }
  const int title_at = head_w + 2 + amount_w + 2 + (needed_w > 0 ? needed_w + 2 : 0);
  // How much stays on the requirement's line: 3 all but the title (which wraps beside them or
  // goes below), 2 the mark and id with the progress, 1 the mark and id alone.
  int on_line = 3;
  if (width > 0 && title_at - 2 > width) on_line = head_w + 2 + amount_w > width ? 1 : 2;
  for (const auto& r : rows) {
    const int indent = 2 * r.depth + 4;
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    std::vector<std::string> below;
    std::string line = padded(r.head, head_w) + "  ";
    if (on_line >= 2) line += padded(r.amount, amount_w) + "  ";
    if (on_line == 3 && needed_w > 0) line += padded(r.needed, needed_w) + "  ";
    if (on_line == 1) below.push_back(r.amount);
    if (on_line <= 2 && !r.needed.empty()) below.push_back(r.needed);
    const bool title_below =
        on_line < 3 || (width > 0 && title_at + core::display_width(r.title) > width &&
                        width - title_at < kMinTitle);
    if (title_below) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
      for (const auto& b : below) {
        out << pad;
        write_wrapped(out, b, indent, width);
      }
      out << pad;
      write_wrapped(out, r.title, indent, width);
    } else {
      out << line;
      write_wrapped(out, r.title, title_at, width);
    }
    for (const auto& b : r.below) {
      out << pad;
      write_wrapped(out, b, indent + 2, width);
    }
  }
}

void write_header(std::ostream& out, const report::ProgressReport& r, int width) {
  auto fields = header_fields(r);
  int label_w = 0;
  for (const auto& [label, value] : fields) label_w = std::max(label_w, core::display_width(label));
  for (const auto& [label, value] : fields) {
    out << padded(label + ":", label_w + 1) << "  ";
    write_wrapped(out, value, label_w + 3, width);
  }
}

}  // namespace

void write_progress_text(std::ostream& out, const report::ProgressReport& r, bool explain,
                         int width) {
  write_header(out, r, width);
  out << '\n';
  std::vector<RequirementRow> rows;
  for (const auto& v : r.requirements) add_rows(v, explain, rows);
  write_rows(out, rows, width);
  out << '\n';
  write_wrapped(out, report::verdict_text(r, report::UnmetNames::ids), 0, width);
}

void write_unmet_text(std::ostream& out, const report::ProgressReport& r, int width) {
  std::vector<RequirementRow> rows;
  for (const auto& v : r.requirements)
    if (v.result.essential && !eval::counts_as_met(v.result.status)) add_rows(v, false, rows);
  write_rows(out, rows, width);
  out << '\n';
  write_wrapped(out, report::verdict_text(r, report::UnmetNames::ids), 0, width);
}

}  // namespace balint::render
